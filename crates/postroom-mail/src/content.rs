//! The full parse, done only for messages that matched a record.

use crate::envelope::{envelope_of, ParseError, PARSER};
use crate::html_text::html_to_text;
use crate::sanitise::sanitise_html;
use crate::skeleton::{Cut, Skeleton, MIN_CUT};
use mail_parser::{Encoding, Message, MessagePart, MimeHeaders, PartType};
use postroom_domain::Envelope;

/// An attachment as listed; its bytes stay inside the raw message, which is stored
/// anyway, and are decoded on download (`attachment_data`). Storing them a second
/// time, decoded, cost a blob write and a hash per attachment on every import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
}

/// What Postroom keeps of a logged message besides the raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The header section as it was (decoded lossily to UTF-8).
    pub headers: String,
    /// The text body; derived from the HTML when the message has no text part.
    pub text: Option<String>,
    /// The HTML body, sanitised.
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// Parses a whole message. Base64 bodies are not decoded where only their size is
/// needed (see `skeleton.rs`); the result is the same as decoding them.
pub fn parse_message(raw: &[u8]) -> Result<(Envelope, Content), ParseError> {
    parse_with(raw, Some(MIN_CUT))
}

/// [`parse_message`], cutting base64 bodies of at least `min_cut` bytes, or none.
pub(crate) fn parse_with(
    raw: &[u8],
    min_cut: Option<usize>,
) -> Result<(Envelope, Content), ParseError> {
    if let Some(skeleton) = min_cut.and_then(|min| Skeleton::of(raw, min)) {
        if let Some(message) = PARSER.parse(&skeleton.bytes) {
            if skeleton.checked(&message) {
                if let Some(parsed) = content_of(raw, &message, Some(&skeleton)) {
                    return parsed;
                }
            }
        }
    }
    let message = PARSER.parse(raw).ok_or(ParseError::NoHeaders)?;
    content_of(raw, &message, None).unwrap_or(Err(ParseError::NoHeaders))
}

/// The content of `message`, parsed from `raw` or from its skeleton. `None` when a
/// body cut out of the skeleton cannot be read back on its own.
fn content_of(
    raw: &[u8],
    message: &Message<'_>,
    skeleton: Option<&Skeleton>,
) -> Option<Result<(Envelope, Content), ParseError>> {
    let envelope = match envelope_of(message) {
        Ok(e) => e,
        Err(e) => return Some(Err(e)),
    };
    let start =
        |offset: u32| skeleton.map_or(offset as usize, |s| s.original_offset(offset as usize));
    let end =
        |offset: u32| skeleton.map_or(offset as usize, |s| s.original_end(raw, offset as usize));
    let cut_of =
        |part: &MessagePart<'_>| skeleton.and_then(|s| s.cut_at(part.offset_body as usize));
    // A body cut out of the skeleton is decoded from the original: the part's own
    // header block and body, parsed as a message of their own. `None` when that
    // does not parse.
    let alone =
        |part: &MessagePart<'_>, cut: &Cut| PARSER.parse(&raw[start(part.offset_header)..cut.end]);
    let text_of = |part: &MessagePart<'_>| -> Option<Option<String>> {
        Some(match cut_of(part) {
            Some(cut) => alone(part, cut)?
                .root_part()
                .text_contents()
                .map(str::to_string),
            None => part.text_contents().map(str::to_string),
        })
    };
    let header_end = start(message.root_part().raw_body_offset()).min(raw.len());
    let html_part = message.html_bodies().find(|part| part.is_text_html());
    let html = match html_part {
        Some(part) => text_of(part)?,
        None => None,
    };
    let text = match message.text_bodies().find(|part| !part.is_text_html()) {
        Some(part) => text_of(part)?,
        None => html.as_deref().map(html_to_text),
    }
    .filter(|t| !t.trim().is_empty());
    let html = html.as_deref().map(sanitise_html);
    let attachments = message
        .attachments()
        .enumerate()
        .map(|(i, part)| {
            Some(Attachment {
                name: part
                    .attachment_name()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("attachment-{}", i + 1)),
                content_type: part
                    .content_type()
                    .map(|ct| match ct.subtype() {
                        Some(sub) => format!("{}/{}", ct.ctype(), sub),
                        None => ct.ctype().to_string(),
                    })
                    .unwrap_or_else(|| "application/octet-stream".to_string())
                    .to_ascii_lowercase(),
                size: match (&part.body, cut_of(part)) {
                    // Text is listed by its size once decoded to UTF-8, which takes the
                    // charset: decoded from the original, like a text body.
                    (PartType::Text(_) | PartType::Html(_), Some(cut)) => {
                        alone(part, cut)?.root_part().contents().len()
                    }
                    (_, Some(cut)) => cut.decoded,
                    // A forwarded message: its own bytes (mail-parser's contents are
                    // the whole outer message's).
                    (PartType::Message(_), None) if part.encoding == Encoding::None => {
                        end(part.offset_end) - start(part.offset_body)
                    }
                    _ => part.contents().len(),
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Ok((
        envelope,
        Content {
            headers: String::from_utf8_lossy(&raw[..header_end]).into_owned(),
            text,
            html,
            attachments,
        },
    )))
}

/// The decoded bytes of the attachment at `position` (as `parse_message` lists
/// them), or `None` when the message has no such attachment.
pub fn attachment_data(raw: &[u8], position: usize) -> Option<Vec<u8>> {
    PARSER
        .parse(raw)?
        .attachments()
        .nth(position)
        .map(|part| part.contents().to_vec())
}
