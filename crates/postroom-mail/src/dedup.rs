//! The key that makes "the same message" stored once.

use memchr::memmem;
use postroom_domain::{Envelope, Role};
use std::fmt;

/// `mid:<Message-ID>` when the message has one (so an inbox copy and a sent copy of
/// the same message collapse), otherwise `sha:<blake3 of its content>`.
///
/// Without a Message-ID, "the same content" means the same author, recipients,
/// subject, date and body. Headers that differ between copies of one message are
/// left out on purpose: delivery adds Received, Return-Path and Delivered-To to the
/// inbox copy, and only the sender's copy carries Bcc.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey(String);

impl DedupKey {
    pub fn of(envelope: &Envelope, raw: &[u8]) -> DedupKey {
        if let Some(id) = &envelope.message_id {
            return DedupKey(format!("mid:{id}"));
        }
        let mut h = blake3::Hasher::new();
        for p in &envelope.participants {
            if matches!(p.role, Role::From | Role::To | Role::Cc) {
                h.update(p.role.as_str().as_bytes());
                h.update(b":");
                h.update(p.address.as_str().as_bytes());
                h.update(b"\n");
            }
        }
        h.update(envelope.subject.as_deref().unwrap_or("").as_bytes());
        h.update(b"\n");
        h.update(envelope.date.unwrap_or(i64::MIN).to_string().as_bytes());
        h.update(b"\n");
        // The body, with line endings normalised: one copy may have gone through CRLF.
        for chunk in body(raw).split(|b| *b == b'\r') {
            h.update(chunk);
        }
        DedupKey(format!("sha:{}", h.finalize().to_hex()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Everything after the first blank line, without trailing whitespace.
fn body(raw: &[u8]) -> &[u8] {
    let start = [
        memmem::find(raw, b"\r\n\r\n").map(|i| i + 4),
        memmem::find(raw, b"\n\n").map(|i| i + 2),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(raw.len());
    raw[start..].trim_ascii_end()
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_envelope;

    fn key(raw: &str) -> DedupKey {
        DedupKey::of(&parse_envelope(raw.as_bytes()).unwrap(), raw.as_bytes())
    }

    #[test]
    fn copies_without_message_id_share_a_key() {
        let sent = "From: me@team.com\nTo: jane@x.com\nBcc: boss@team.com\nSubject: Hi\nDate: Mon, 06 Jan 2025 09:00:00 +0000\n\nHello\n";
        let inbox = "Return-Path: <me@team.com>\r\nReceived: from mx by mx\r\nFrom: me@team.com\r\nTo: jane@x.com\r\nSubject: Hi\r\nDate: Mon, 06 Jan 2025 09:00:00 +0000\r\n\r\nHello\r\n";
        assert_eq!(key(sent), key(inbox));
        assert!(key(sent).as_str().starts_with("sha:"));
        let other_body = sent.replace("Hello", "Bye");
        assert_ne!(key(sent), key(&other_body));
        let other_to = sent.replace("To: jane@x.com", "To: bob@x.com");
        assert_ne!(key(sent), key(&other_to));
    }

    #[test]
    fn message_id_wins() {
        let a = "From: a@x.com\nMessage-ID: <1@x>\nSubject: one\n\nbody\n";
        let b = "From: a@x.com\nMessage-ID: <1@x>\nSubject: two\n\nother\n";
        assert_eq!(key(a), key(b));
        assert_eq!(key(a).as_str(), "mid:1@x");
    }
}
