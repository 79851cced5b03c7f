//! Mailbox sync over IMAP: a team member's own mailbox, connected once, feeding its
//! mail to the one ingest path (`postroom-ingest`), exactly as file import does.
//!
//! The decisions (which folders, what a pass must fetch, how long to back off) are
//! pure functions in `postroom_domain::sync`; this crate is the executor that
//! carries them out against a server:
//!
//! - `connect`: TCP, TLS or STARTTLS, LOGIN, each failure named;
//! - `pass`: SELECT a folder, plan from the committed cursor, fetch;
//! - `process`: header-first fetching: headers for every new UID, the full message
//!   only for those that concern someone on record, committed in groups together
//!   with the folder's cursor, so a crash or a cut connection at any point resumes
//!   after the last committed message without loss or duplicates;
//! - `history`: IMAP SEARCH for one person's addresses ("import email");
//! - `watch`: the continuous service (IDLE, polling, retries with backoff);
//! - `secret`: passwords sealed at rest.
//!
//! Every network wait has a timeout (`timeouts`), so a silent server is a failure to
//! retry, never a hang.

mod command;
mod connect;
mod error;
mod fetch;
mod folders;
mod history;
mod jobs;
mod pass;
mod process;
mod progress;
mod secret;
mod syncer;
mod timeouts;
mod watch;

pub use connect::Endpoint;
pub use error::SyncError;
pub use progress::{quiet, Event};
pub use secret::{Password, Sealer, SecretError, KEY_ENV};
pub use syncer::{Events, MailboxReport, SyncOptions, Syncer};
pub use timeouts::Timeouts;
