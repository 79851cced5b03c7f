//! Identifiers. Database ids are wrapped so a candidate id can never be passed where a
//! contact id is expected; Message-IDs are normalised so the same message always has
//! the same key.

use std::fmt;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("cannot parse {kind} id {input:?}: expected a positive whole number")]
pub struct IdError {
    kind: &'static str,
    input: String,
}

macro_rules! numeric_id {
    ($name:ident, $kind:literal) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, IdError> {
                match input.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok(Self(n)),
                    _ => Err(IdError {
                        kind: $kind,
                        input: input.to_string(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

numeric_id!(CandidateId, "candidate");
numeric_id!(ContactId, "contact");
numeric_id!(UserId, "user");
numeric_id!(ThreadId, "thread");
numeric_id!(MailboxId, "mailbox");
numeric_id!(FolderId, "folder");
// A logged message's row id (not its Message-ID header).
numeric_id!(LoggedMessageId, "message");

/// The two kinds of people records email is logged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordType {
    Candidate,
    Contact,
}

impl RecordType {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Candidate => "candidate",
            RecordType::Contact => "contact",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_ascii_lowercase().as_str() {
            "candidate" => Some(RecordType::Candidate),
            "contact" => Some(RecordType::Contact),
            _ => None,
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One record: a candidate or a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    pub record_type: RecordType,
    pub id: i64,
}

impl RecordRef {
    pub fn candidate(id: CandidateId) -> Self {
        RecordRef {
            record_type: RecordType::Candidate,
            id: id.0,
        }
    }
    pub fn contact(id: ContactId) -> Self {
        RecordRef {
            record_type: RecordType::Contact,
            id: id.0,
        }
    }
}

/// A Message-ID without its angle brackets (`abc@example.com`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct MessageId(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("cannot parse Message-ID {0:?}: it is empty or contains whitespace")]
pub struct MessageIdError(String);

impl MessageId {
    pub fn parse(input: &str) -> Result<Self, MessageIdError> {
        let s = input.trim();
        let s = s.strip_prefix('<').unwrap_or(s);
        let s = s.strip_suffix('>').unwrap_or(s).trim();
        if s.is_empty()
            || s.chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        {
            return Err(MessageIdError(input.to_string()));
        }
        Ok(MessageId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_positive_numbers_only() {
        assert_eq!(CandidateId::parse(" 12 ").unwrap(), CandidateId(12));
        for bad in ["0", "-1", "x", "", "1.5"] {
            let err = CandidateId::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("cannot parse candidate id"), "{err}");
        }
    }

    #[test]
    fn message_ids_lose_their_brackets() {
        let table = [
            ("<a@b>", "a@b"),
            ("a@b", "a@b"),
            ("  <a.1@b.c>  ", "a.1@b.c"),
        ];
        for (input, want) in table {
            assert_eq!(MessageId::parse(input).unwrap().as_str(), want);
        }
        for bad in ["", "<>", "a b@c", "<<a>>"] {
            assert!(MessageId::parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
