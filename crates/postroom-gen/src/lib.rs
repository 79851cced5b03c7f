//! # postroom-gen: synthetic recruiting mailboxes
//!
//! Postroom logs the emails a recruiting team exchanges with candidates and
//! contacts onto their records. Real mailboxes cannot be shipped with the
//! project (they are personal data), yet the importer's rules — who is on
//! records, which mail is dismissed, how threads, encodings and attachments
//! are handled — need realistic input at every scale, from a unit test to a
//! benchmark of tens of thousands of messages. This crate produces that input.
//!
//! ## Design
//!
//! * **Seeded and deterministic.** Everything derives from [`Config::seed`]
//!   through [`rand_chacha::ChaCha8Rng`] (one stream for the people, one for
//!   the mail, one for padding records), and dates advance from a fixed start
//!   (2025-01-06). Same config, same bytes.
//! * **People first, mail second.** [`dataset`] builds the team that owns the
//!   mailbox, the people on records ([`Dataset::people`]) and addresses that
//!   are *not* on records ([`Dataset::outsiders`]: job boards, newsletters,
//!   vendors, strangers). The mail then only uses those addresses, so a test
//!   knows which messages the importer should log and which it should dismiss.
//! * **Streaming.** [`messages`] is a lazy iterator that keeps only a bounded
//!   set of open conversations; [`write_mbox`], [`write_maildir`] and
//!   [`write_people_csv`] stream to their writers, so a multi-gigabyte mailbox
//!   or a million padding records never sit in memory.
//! * **Realism where the importer has rules.** Replies carry `In-Reply-To` and
//!   `References`; job-board applications come from `noreply@` with the
//!   candidate in `Reply-To`; headers use RFC 2047 words (B and Q, UTF-8 and
//!   ISO-8859-1), quoted names with commas, comments, groups, folding,
//!   mixed-case and internationalised domains (UTF-8 and punycode); bodies
//!   mix plain text, HTML with scripts and remote images, quoted-printable,
//!   base64 and `From ` lines; some messages carry a large CV attachment.
//! * **Cheap bulk bytes.** Attachment content is a xorshift stream encoded by
//!   a hand-rolled base64 line encoder, so hundreds of megabytes take seconds.
//!
//! Module map: `names` (vocabulary), `people` (dataset), `csv` (records
//! files), `encode` (RFC 2047/2231, quoted-printable, base64, folding, dates),
//! `address` (how an address is written in a header), `body` (text, HTML,
//! MIME parts, attachments), `thread` (who writes to whom, conversations),
//! `message` (assembling a message), `mbox`, `maildir`.

mod address;
mod body;
mod csv;
mod encode;
mod maildir;
mod mbox;
mod message;
mod names;
mod people;
mod thread;

pub use csv::{write_people_csv, write_team_tsv};
pub use maildir::write_maildir;
pub use mbox::{write_mbox, MboxStats};
pub use message::messages;
pub use people::dataset;

/// What to generate. All sizes are counts except the attachment sizes (bytes
/// of the decoded file).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of messages in the mailbox.
    pub messages: usize,
    /// People on records (candidates and contacts).
    pub people: usize,
    /// Addresses that appear in mail but are not on records.
    pub outsiders: usize,
    /// Team members owning the mailbox (at least one is always generated).
    pub team: usize,
    /// Share of messages that carry one attachment.
    pub attachment_ratio: f64,
    /// Smallest attachment, in bytes before transfer encoding.
    pub attachment_min: usize,
    /// Largest attachment, in bytes before transfer encoding.
    pub attachment_max: usize,
    /// Padding records written to the CSV after the real people; their
    /// addresses (`padNNNNNN@records.example`) never appear in mail.
    pub extra_records: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 42,
            messages: 200,
            people: 40,
            outsiders: 80,
            team: 3,
            attachment_ratio: 0.06,
            attachment_min: 100 * 1024,
            attachment_max: 1024 * 1024,
            extra_records: 0,
        }
    }
}

impl Config {
    /// A config for `messages` messages whose population is scaled so that
    /// about a third of the distinct non-team addresses seen in the mail
    /// belong to people on records, and most addresses recur a few times.
    pub fn realistic(messages: usize, seed: u64) -> Config {
        let people = (messages / 10).max(12);
        let outsiders = people * 2 + people / 4 + people::FIXED_OUTSIDERS;
        Config {
            seed,
            messages,
            people,
            outsiders,
            // Base64 grows an attachment by about 37%: these decoded bounds put the
            // encoded attachments at roughly 100 KB to 820 KB in the mailbox, so
            // 20,000 messages make a mailbox of about 600 MB.
            attachment_min: 75 * 1024,
            attachment_max: 600 * 1024,
            ..Config::default()
        }
    }
}

/// Which kind of record a person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Candidate,
    Contact,
}

impl Kind {
    /// The CSV spelling: `candidate` or `contact`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Candidate => "candidate",
            Kind::Contact => "contact",
        }
    }
}

/// A member of the recruiting team; the mailbox is theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub name: String,
    /// All addresses of the member; the first is the usual sender.
    pub emails: Vec<String>,
}

/// A person on records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub kind: Kind,
    pub first_name: String,
    pub last_name: String,
    /// Primary address, unique across the dataset (a few are mixed-case or
    /// use an internationalised domain written in UTF-8).
    pub email: String,
    /// Secondary addresses; one is deliberately shared by two people.
    pub other_emails: Vec<String>,
    pub company: String,
    pub title: String,
    pub phone: String,
}

impl Person {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Everything the mail is generated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub team: Vec<TeamMember>,
    /// People on records.
    pub people: Vec<Person>,
    /// Addresses that appear in mail but are NOT on records.
    pub outsiders: Vec<String>,
}
