//! Mailbox sync decisions, as plain functions: which folders to watch, what a pass
//! over one folder must do, how long to wait after a failure, how to spell a set of
//! UIDs. The IMAP executor (crate `postroom-sync`) asks these and carries out the
//! answer, so every decision is tested here with tables, without a server.

mod backoff;
mod folders;
mod plan;
mod security;
mod uidset;

pub use backoff::backoff;
pub use folders::{choose_folders, FolderRole, ListedFolder, WatchedFolder};
pub use plan::{plan_folder, FolderCursor, FolderPlan, ServerFolder, Start};
pub use security::{is_loopback, Security, SecurityError};
pub use uidset::uid_sets;
