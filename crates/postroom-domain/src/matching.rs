//! Matching: from a message's participants to the records it is logged on.
//!
//! Split in two pure steps around the one lookup only the store can do:
//! [`screen`] decides whether a message can be logged at all and which addresses to
//! look up; [`select_records`] turns the store's answer into the set of records.
//! The lookup is by exact canonical address, so its cost does not depend on how many
//! records exist.

use crate::address::EmailAddress;
use crate::blocklist::BlockEntry;
use crate::envelope::Envelope;
use crate::ids::RecordRef;
use crate::rules::{MatchOn, Rules};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screening {
    /// A participant is on the blocked list: the message is not logged at all.
    Blocked(BlockEntry),
    /// No participant could ever match a record (none, or only team members).
    Dismiss,
    /// Look these addresses up; they exclude team members and are deduplicated.
    Lookup(Vec<EmailAddress>),
}

/// One record that has a looked-up address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddressMatch {
    pub address: EmailAddress,
    pub record: RecordRef,
    pub is_primary: bool,
}

pub fn screen(envelope: &Envelope, rules: &Rules) -> Screening {
    if !rules.blocklist.is_empty() {
        if let Some(entry) = envelope.addresses().find_map(|a| rules.blocklist.blocks(a)) {
            return Screening::Blocked(entry);
        }
    }
    let lookup: BTreeSet<&EmailAddress> = envelope
        .addresses()
        .filter(|a| !rules.team.contains(*a))
        .collect();
    if lookup.is_empty() {
        Screening::Dismiss
    } else {
        Screening::Lookup(lookup.into_iter().cloned().collect())
    }
}

/// The records a message is logged on, each once, in a stable order.
pub fn select_records(matches: &[AddressMatch], match_on: MatchOn) -> Vec<RecordRef> {
    matches
        .iter()
        .filter(|m| match_on == MatchOn::All || m.is_primary)
        .map(|m| m.record)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocklist::Blocklist;
    use crate::envelope::{Participant, Role};
    use crate::ids::RecordType;

    fn a(s: &str) -> EmailAddress {
        EmailAddress::parse(s).unwrap()
    }

    fn env(parts: &[(Role, &str)]) -> Envelope {
        Envelope {
            participants: parts
                .iter()
                .map(|(role, s)| Participant {
                    role: *role,
                    address: a(s),
                    name: None,
                })
                .collect(),
            ..Envelope::default()
        }
    }

    fn rules(team: &[&str], blocked: &[&str]) -> Rules {
        Rules {
            team: team.iter().map(|s| a(s)).collect(),
            blocklist: Blocklist::new(blocked.iter().map(|b| BlockEntry::parse(b).unwrap())),
            match_on: MatchOn::All,
        }
    }

    #[test]
    fn screening_table() {
        use Role::*;
        let r = rules(
            &["me@team.com", "alias@team.com"],
            &["@blocked.org", "bad@x.com"],
        );
        let table: Vec<(Envelope, Screening)> = vec![
            (env(&[]), Screening::Dismiss),
            (
                env(&[(From, "me@team.com"), (To, "ALIAS@team.com")]),
                Screening::Dismiss,
            ),
            (
                env(&[(From, "me@team.com"), (To, "jane@x.com")]),
                Screening::Lookup(vec![a("jane@x.com")]),
            ),
            (
                env(&[
                    (From, "noreply@board.com"),
                    (ReplyTo, "Jane@X.com"),
                    (To, "me@team.com"),
                    (Cc, "jane@x.com"),
                ]),
                Screening::Lookup(vec![a("jane@x.com"), a("noreply@board.com")]),
            ),
            (
                env(&[
                    (From, "me@team.com"),
                    (To, "jane@x.com"),
                    (Bcc, "bob@sub.blocked.org"),
                ]),
                Screening::Blocked(BlockEntry::Domain("blocked.org".into())),
            ),
            (
                env(&[(From, "bad@x.com"), (To, "me@team.com")]),
                Screening::Blocked(BlockEntry::Address(a("bad@x.com"))),
            ),
        ];
        for (i, (envelope, want)) in table.into_iter().enumerate() {
            assert_eq!(screen(&envelope, &r), want, "row {i}");
        }
    }

    #[test]
    fn selection_respects_match_on_and_dedups() {
        let c1 = RecordRef {
            record_type: RecordType::Candidate,
            id: 1,
        };
        let c2 = RecordRef {
            record_type: RecordType::Candidate,
            id: 2,
        };
        let k1 = RecordRef {
            record_type: RecordType::Contact,
            id: 1,
        };
        let m = |addr: &str, record, is_primary| AddressMatch {
            address: a(addr),
            record,
            is_primary,
        };
        let matches = vec![
            m("jane@x.com", c1, true),
            m("jane.alt@x.com", c1, false),
            m("jobs@shared.com", c2, false),
            m("jobs@shared.com", k1, true),
        ];
        assert_eq!(select_records(&matches, MatchOn::All), vec![c1, c2, k1]);
        assert_eq!(select_records(&matches, MatchOn::Primary), vec![c1, k1]);
        assert_eq!(select_records(&matches[1..3], MatchOn::Primary), vec![]);
    }
}
