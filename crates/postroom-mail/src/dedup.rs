//! The key that makes "the same message" stored once.

use postroom_domain::MessageId;
use std::fmt;

/// `mid:<Message-ID>` when the message has one (so an inbox copy and a sent copy of
/// the same message collapse), otherwise `sha:<blake3 of the raw bytes>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey(String);

impl DedupKey {
    pub fn of(message_id: Option<&MessageId>, raw: &[u8]) -> DedupKey {
        match message_id {
            Some(id) => DedupKey(format!("mid:{id}")),
            None => DedupKey(format!("sha:{}", blake3::hash(raw).to_hex())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a key read back from storage.
    pub fn from_stored(s: String) -> DedupKey {
        DedupKey(s)
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
