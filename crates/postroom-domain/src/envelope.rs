//! The part of a message the rules look at: who took part, and how it links to others.

use crate::address::EmailAddress;
use crate::ids::MessageId;

/// The header an address was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    From,
    ReplyTo,
    To,
    Cc,
    Bcc,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::From => "from",
            Role::ReplyTo => "reply-to",
            Role::To => "to",
            Role::Cc => "cc",
            Role::Bcc => "bcc",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Participant {
    pub role: Role,
    pub address: EmailAddress,
    pub name: Option<String>,
}

/// Headers of one message, already parsed into domain values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    pub participants: Vec<Participant>,
    pub message_id: Option<MessageId>,
    pub in_reply_to: Vec<MessageId>,
    pub references: Vec<MessageId>,
    pub subject: Option<String>,
    /// Seconds since the Unix epoch, from the Date header.
    pub date: Option<i64>,
}

impl Envelope {
    /// The first From address: the author.
    pub fn from(&self) -> Option<&Participant> {
        self.participants.iter().find(|p| p.role == Role::From)
    }

    pub fn addresses(&self) -> impl Iterator<Item = &EmailAddress> {
        self.participants.iter().map(|p| &p.address)
    }
}
