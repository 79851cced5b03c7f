//! The four kinds of thing a team tags and adds custom fields to. Stored as the
//! singular (`candidate`), addressed in URLs by the plural (`/candidates`).

use crate::RecordType;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemType {
    Candidate,
    Contact,
    Company,
    Job,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot use {0:?} as an item type: expected candidate, contact, company or job")]
pub struct ItemTypeError(pub String);

impl ItemType {
    pub const ALL: [ItemType; 4] = [
        ItemType::Candidate,
        ItemType::Contact,
        ItemType::Company,
        ItemType::Job,
    ];

    /// The singular or the plural, any case.
    pub fn parse(s: &str) -> Result<ItemType, ItemTypeError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "candidate" | "candidates" => Ok(ItemType::Candidate),
            "contact" | "contacts" => Ok(ItemType::Contact),
            "company" | "companies" => Ok(ItemType::Company),
            "job" | "jobs" => Ok(ItemType::Job),
            _ => Err(ItemTypeError(s.to_string())),
        }
    }

    /// What is stored, and the kind in webhook events (`job.updated`).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Candidate => "candidate",
            ItemType::Contact => "contact",
            ItemType::Company => "company",
            ItemType::Job => "job",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ItemType::Candidate => "candidates",
            ItemType::Contact => "contacts",
            ItemType::Company => "companies",
            ItemType::Job => "jobs",
        }
    }

    /// Candidates and contacts are records (people); companies and jobs are not.
    pub fn record_type(self) -> Option<RecordType> {
        match self {
            ItemType::Candidate => Some(RecordType::Candidate),
            ItemType::Contact => Some(RecordType::Contact),
            ItemType::Company | ItemType::Job => None,
        }
    }
}

impl From<RecordType> for ItemType {
    fn from(t: RecordType) -> Self {
        match t {
            RecordType::Candidate => ItemType::Candidate,
            RecordType::Contact => ItemType::Contact,
        }
    }
}

impl fmt::Display for ItemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_and_plural_name_the_same_type() {
        for t in ItemType::ALL {
            assert_eq!(ItemType::parse(t.as_str()), Ok(t));
            assert_eq!(ItemType::parse(&t.plural().to_uppercase()), Ok(t));
        }
        assert!(ItemType::parse("pipeline").is_err());
        assert_eq!(
            ItemType::from(RecordType::Contact).record_type(),
            Some(RecordType::Contact)
        );
        assert_eq!(ItemType::Job.record_type(), None);
    }
}
