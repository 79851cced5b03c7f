//! Mail in, domain values out.
//!
//! Two jobs, both without a database and without async:
//! - [`parse_envelope`] and [`parse_message`] turn raw bytes into the domain's
//!   [`Envelope`](postroom_domain::Envelope) and the [`Content`] worth keeping. The
//!   ingest path parses headers first and only parses the whole message (bodies,
//!   attachments) when it matched someone, because most mail is dismissed.
//! - [`source`] reads mail files as a lazy stream of [`RawMessage`]s, so a 2 GB mbox
//!   costs one message of memory, not two gigabytes.
//!
//! HTML bodies are sanitised here ([`sanitise_html`]) so that nothing downstream can
//! forget to.

mod content;
mod dedup;
mod encoded_words;
mod envelope;
mod html_text;
mod sanitise;
mod skeleton;
pub mod source;

pub use content::{attachment_data, parse_message, Attachment, Content};
pub use dedup::DedupKey;
pub use envelope::{envelope_of, parse_envelope, ParseError};
pub use sanitise::sanitise_html;
pub use source::{Origin, RawMessage};
