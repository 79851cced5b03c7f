//! The one ingest path.
//!
//! Every source of mail (file import today; IMAP sync and the inbound address next)
//! hands raw messages to [`Ingestor::ingest_batch`] (or [`Ingestor::ingest`] for one),
//! and gets back one [`Outcome`] per message. The path is:
//!
//! 1. parse headers only, in parallel, into an `Envelope` (malformed input is an
//!    outcome, never an error that stops the caller);
//! 2. screen with the site's rules: blocked, or which addresses to look up;
//! 3. one lookup for the whole batch's addresses, then select the records;
//! 4. skip what is already stored (same Message-ID, or same bytes without one);
//! 5. parse in full only what matched and is new, write its raw bytes and
//!    attachments to the blob store;
//! 6. commit the batch (messages, threads, activities) in one transaction.
//!
//! Mail that matches nobody is counted and dropped at step 3: none of it is stored,
//! and it is never parsed past its headers. [`import`] drives this path from mail
//! files with bounded memory.

mod batch;
mod body;
mod import;
mod outcome;
mod triage;

pub use batch::{IngestError, Ingestor, Prepared};
pub use import::{import, Progress};
pub use outcome::{Outcome, Tally};
pub use triage::Triage;
