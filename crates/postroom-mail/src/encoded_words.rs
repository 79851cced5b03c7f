//! Re-decoding RFC 2047 encoded words that split a character.
//!
//! RFC 2047 forbids splitting a multi-byte character across two encoded words, but
//! some mailers do it ("Z\xc3" in one word, "\xbcrich" in the next). A decoder that
//! decodes word by word, as mail-parser does, turns both halves into U+FFFD. When a
//! decoded header has a replacement character, we decode the raw header again,
//! joining the bytes of adjacent words in the same charset before converting them.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;

enum Segment<'a> {
    Text(&'a str),
    Word { charset: String, bytes: Vec<u8> },
}

/// Decodes a raw (possibly folded) header value, joining adjacent encoded words.
/// `None` if it contains no encoded word or one cannot be decoded.
pub fn decode_joined(raw: &str) -> Option<String> {
    // Unfolding removes the line breaks and keeps the whitespace after them.
    let unfolded = raw.replace("\r\n", "").replace('\n', "");
    let mut segments = Vec::new();
    let mut rest = unfolded.as_str();
    while let Some(start) = rest.find("=?") {
        let (word, after) = match parse_word(&rest[start..]) {
            Some(found) => found,
            None => {
                segments.push(Segment::Text(&rest[..start + 2]));
                rest = &rest[start + 2..];
                continue;
            }
        };
        segments.push(Segment::Text(&rest[..start]));
        segments.push(word);
        rest = after;
    }
    segments.push(Segment::Text(rest));
    if !segments.iter().any(|s| matches!(s, Segment::Word { .. })) {
        return None;
    }
    let mut out = String::new();
    let mut pending: Option<(String, Vec<u8>)> = None;
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            // Whitespace between two encoded words is not part of the text.
            Segment::Text(t)
                if t.trim().is_empty() && is_word(segments.get(i + 1)) && pending.is_some() => {}
            Segment::Text(t) => {
                flush(&mut pending, &mut out);
                out.push_str(t);
            }
            Segment::Word { charset, bytes } => match &mut pending {
                Some((cs, buf)) if cs == charset => buf.extend_from_slice(bytes),
                _ => {
                    flush(&mut pending, &mut out);
                    pending = Some((charset.clone(), bytes.clone()));
                }
            },
        }
    }
    flush(&mut pending, &mut out);
    Some(out.trim().to_string())
}

fn is_word(segment: Option<&Segment<'_>>) -> bool {
    matches!(segment, Some(Segment::Word { .. }))
}

fn flush(pending: &mut Option<(String, Vec<u8>)>, out: &mut String) {
    if let Some((charset, bytes)) = pending.take() {
        match charset_decoder(charset.as_bytes()) {
            Some(decode) => out.push_str(&decode(&bytes)),
            None => out.push_str(&String::from_utf8_lossy(&bytes)),
        }
    }
}

/// Parses `=?charset?B|Q?text?=` at the start of `s`.
fn parse_word(s: &str) -> Option<(Segment<'_>, &str)> {
    let body = s.strip_prefix("=?")?;
    let (charset, body) = body.split_once('?')?;
    let (encoding, body) = body.split_once('?')?;
    let end = body.find("?=")?;
    let text = &body[..end];
    if text.contains(' ') || charset.is_empty() {
        return None;
    }
    // RFC 2231 language suffix: charset*lang.
    let charset = charset
        .split('*')
        .next()
        .unwrap_or(charset)
        .to_ascii_lowercase();
    let bytes = match encoding {
        "B" | "b" => base64_decode(text.as_bytes())?,
        "Q" | "q" => quoted_printable_decode(text.replace('_', " ").as_bytes())?,
        _ => return None,
    };
    Some((Segment::Word { charset, bytes }, &body[end + 2..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_a_character_split_across_words() {
        let raw = " =?UTF-8?B?QmV3ZXJidW5nIFrD?=\n =?UTF-8?B?vHJpY2g=?=";
        assert_eq!(decode_joined(raw).as_deref(), Some("Bewerbung Zürich"));
    }

    #[test]
    fn keeps_text_between_words_and_mixed_charsets() {
        assert_eq!(
            decode_joined("Re: =?iso-8859-1?q?J=F6rg?= and =?UTF-8?Q?Jos=C3=A9?=").as_deref(),
            Some("Re: Jörg and José")
        );
        assert_eq!(decode_joined("plain subject"), None);
        assert_eq!(decode_joined("=?broken"), None);
    }
}
