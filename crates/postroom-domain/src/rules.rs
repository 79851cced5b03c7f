//! The site's matching settings, gathered into one value the ingest path consults.

use crate::address::EmailAddress;
use crate::blocklist::Blocklist;
use std::collections::HashSet;
use std::fmt;

/// Which of a record's addresses are compared with a message's participants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchOn {
    /// Every address on the record (the default: people write from several).
    #[default]
    All,
    /// Only the record's primary address.
    Primary,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("cannot parse match-on value {0:?}: expected \"all\" or \"primary\"")]
pub struct MatchOnError(String);

impl MatchOn {
    pub fn parse(input: &str) -> Result<Self, MatchOnError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "all" => Ok(MatchOn::All),
            "primary" => Ok(MatchOn::Primary),
            _ => Err(MatchOnError(input.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MatchOn::All => "all",
            MatchOn::Primary => "primary",
        }
    }
}

impl fmt::Display for MatchOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything about a site that decides what a message matches.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Addresses of team members: never matched to a record, and they decide direction.
    pub team: HashSet<EmailAddress>,
    pub blocklist: Blocklist,
    pub match_on: MatchOn,
}
