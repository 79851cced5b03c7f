//! Postroom's domain: the rules that decide which email lands on which record.
//!
//! Everything here is a plain function over plain types: no async, no database, no
//! file system. The ingest path (crate `postroom-ingest`) parses a raw message into an
//! [`Envelope`], asks [`screen`] which addresses are worth looking up, lets the store
//! resolve them to records, narrows them with [`select_records`], and asks
//! [`plan_thread`] where the message belongs. Keeping these decisions pure means they
//! are tested exhaustively with tables and property tests, and every source of mail
//! (file import, IMAP, the inbound address) gets exactly the same behaviour.
//!
//! Values are parsed once at the edge into newtypes ([`EmailAddress`], [`MessageId`],
//! [`CandidateId`]...), so code past the edge never re-validates a string.

mod access;
mod address;
mod blocklist;
mod custom_field;
mod direction;
mod envelope;
mod ids;
mod item_type;
mod matching;
mod rules;
pub mod sync;
mod threading;

pub use access::{AccessLevel, AccessLevelError};
pub use address::{AddressError, EmailAddress};
pub use blocklist::{BlockEntry, BlockEntryError, Blocklist};
pub use custom_field::{
    check_value, FieldSpec, FieldType, FieldTypeError, FieldValue, Input, SpecError, ValueError,
};
pub use direction::Direction;
pub use envelope::{Envelope, Participant, Role};
pub use ids::{
    CandidateId, ContactId, FolderId, IdError, LoggedMessageId, MailboxId, MessageId,
    MessageIdError, RecordRef, RecordType, ThreadId, UserId,
};
pub use item_type::{ItemType, ItemTypeError};
pub use matching::{screen, select_records, AddressMatch, Screening};
pub use rules::{MatchOn, MatchOnError, Rules};
pub use threading::{plan_thread, thread_keys, ThreadPlan};
