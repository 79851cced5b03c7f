//! What sync reports while it works, for progress bars and logs. The library only
//! emits events; the CLI decides how to show them.

use postroom_ingest::Tally;

#[derive(Debug, Clone)]
pub enum Event {
    /// A folder (or a history search in it) has `total` messages to look at.
    FolderStart {
        mailbox: String,
        folder: String,
        total: u64,
    },
    /// `done` of the current folder's messages are handled.
    Progress { done: u64 },
    FolderDone {
        mailbox: String,
        folder: String,
        tally: Tally,
    },
}

/// Ignores every event.
pub fn quiet(_: Event) {}
