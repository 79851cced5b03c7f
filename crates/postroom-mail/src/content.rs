//! The full parse, done only for messages that matched a record.

use crate::envelope::{envelope_of, ParseError, PARSER};
use crate::html_text::html_to_text;
use crate::sanitise::sanitise_html;
use mail_parser::MimeHeaders;
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

pub fn parse_message(raw: &[u8]) -> Result<(Envelope, Content), ParseError> {
    let message = PARSER.parse(raw).ok_or(ParseError::NoHeaders)?;
    let envelope = envelope_of(&message)?;
    let header_end = (message.root_part().raw_body_offset() as usize).min(raw.len());
    let html = message
        .html_bodies()
        .find(|part| part.is_text_html())
        .and_then(|part| part.text_contents())
        .map(sanitise_html);
    let text = match message.text_bodies().find(|part| !part.is_text_html()) {
        Some(part) => part.text_contents().map(str::to_string),
        None => message
            .html_bodies()
            .find(|part| part.is_text_html())
            .and_then(|part| part.text_contents())
            .map(html_to_text),
    }
    .filter(|t| !t.trim().is_empty());
    let attachments = message
        .attachments()
        .enumerate()
        .map(|(i, part)| Attachment {
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
            size: part.contents().len(),
        })
        .collect();
    Ok((
        envelope,
        Content {
            headers: String::from_utf8_lossy(&raw[..header_end]).into_owned(),
            text,
            html,
            attachments,
        },
    ))
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
