//! The blocked list: correspondence with these addresses or domains is never logged.

use crate::address::{normalise_domain, EmailAddress};
use std::collections::HashSet;
use std::fmt;

/// One entry: an exact address, or `@domain` which also covers every subdomain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockEntry {
    Address(EmailAddress),
    Domain(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BlockEntryError {
    #[error("cannot parse blocked entry {0:?}: expected an address or @domain")]
    Invalid(String),
}

impl BlockEntry {
    pub fn parse(input: &str) -> Result<Self, BlockEntryError> {
        let s = input.trim();
        if let Some(domain) = s.strip_prefix('@') {
            return normalise_domain(domain)
                .filter(|d| !d.contains('@'))
                .map(BlockEntry::Domain)
                .ok_or_else(|| BlockEntryError::Invalid(input.to_string()));
        }
        EmailAddress::parse(s)
            .map(BlockEntry::Address)
            .map_err(|_| BlockEntryError::Invalid(input.to_string()))
    }
}

impl fmt::Display for BlockEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockEntry::Address(a) => write!(f, "{a}"),
            BlockEntry::Domain(d) => write!(f, "@{d}"),
        }
    }
}

/// A set of entries with constant-time checks (a domain check walks the address's
/// parent domains, so its cost depends on the address, not the list's size).
#[derive(Debug, Clone, Default)]
pub struct Blocklist {
    addresses: HashSet<EmailAddress>,
    domains: HashSet<String>,
}

impl Blocklist {
    pub fn new(entries: impl IntoIterator<Item = BlockEntry>) -> Self {
        let mut list = Blocklist::default();
        for entry in entries {
            match entry {
                BlockEntry::Address(a) => {
                    list.addresses.insert(a);
                }
                BlockEntry::Domain(d) => {
                    list.domains.insert(d);
                }
            }
        }
        list
    }

    /// The entry that blocks this address, if any.
    pub fn blocks(&self, address: &EmailAddress) -> Option<BlockEntry> {
        if self.addresses.contains(address) {
            return Some(BlockEntry::Address(address.clone()));
        }
        let mut domain = address.domain();
        loop {
            if self.domains.contains(domain) {
                return Some(BlockEntry::Domain(domain.to_string()));
            }
            match domain.split_once('.') {
                Some((_, parent)) if !parent.is_empty() => domain = parent,
                _ => return None,
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty() && self.domains.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> EmailAddress {
        EmailAddress::parse(s).unwrap()
    }

    #[test]
    fn entries_block_what_they_should() {
        let list = Blocklist::new(
            ["spam@example.com", "@blocked.org", "@bücher.example"]
                .into_iter()
                .map(|e| BlockEntry::parse(e).unwrap()),
        );
        let table = [
            ("spam@example.com", true),
            ("SPAM@Example.com", true),
            ("other@example.com", false),
            ("a@blocked.org", true),
            ("a@mail.blocked.org", true),
            ("a@deep.mail.blocked.org", true),
            ("a@notblocked.org", false),
            ("a@blocked.org.evil.com", false),
            ("a@xn--bcher-kva.example", true),
        ];
        for (input, blocked) in table {
            assert_eq!(list.blocks(&addr(input)).is_some(), blocked, "{input}");
        }
    }

    #[test]
    fn entries_parse_and_print() {
        assert_eq!(
            BlockEntry::parse("@Blocked.ORG").unwrap().to_string(),
            "@blocked.org"
        );
        assert_eq!(
            BlockEntry::parse(" Jo@X.com ").unwrap().to_string(),
            "jo@x.com"
        );
        for bad in ["", "@", "@@x.com", "nobody", "@a b.com"] {
            assert!(BlockEntry::parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
