//! What happened to each message, and the totals an import reports.

use postroom_mail::ParseError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now, with this many new activities.
    Logged { activities: usize },
    /// Already stored; `activities` new ones were still added (a Bcc seen only now).
    Duplicate { activities: usize },
    /// Concerns nobody on record: nothing kept.
    Dismissed,
    /// A participant is on the blocked list: nothing kept.
    Blocked,
    /// Could not be parsed.
    Malformed(ParseError),
    /// Given as headers only, but it concerns someone and is not stored yet: the
    /// source must fetch the whole message and ingest it again. Nothing was kept.
    NeedsBody,
}

/// Counts for a run, in the shape `mail import --json` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub scanned: u64,
    pub logged: u64,
    pub activities: u64,
    pub duplicates: u64,
    pub dismissed: u64,
    pub blocked: u64,
    pub malformed: u64,
}

impl Tally {
    pub fn add(&mut self, outcome: &Outcome) {
        self.scanned += 1;
        match outcome {
            Outcome::Logged { activities } => {
                self.logged += 1;
                self.activities += *activities as u64;
            }
            Outcome::Duplicate { activities } => {
                self.duplicates += 1;
                self.activities += *activities as u64;
            }
            Outcome::Dismissed => self.dismissed += 1,
            Outcome::Blocked => self.blocked += 1,
            Outcome::Malformed(_) => self.malformed += 1,
            // Counted when it comes back whole.
            Outcome::NeedsBody => self.scanned -= 1,
        }
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, t: Tally) {
        self.scanned += t.scanned;
        self.logged += t.logged;
        self.activities += t.activities;
        self.duplicates += t.duplicates;
        self.dismissed += t.dismissed;
        self.blocked += t.blocked;
        self.malformed += t.malformed;
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "scanned {}, logged {}, activities {}, duplicates {}, dismissed {}, blocked {}, malformed {}",
            self.scanned, self.logged, self.activities, self.duplicates, self.dismissed, self.blocked, self.malformed
        )
    }
}
