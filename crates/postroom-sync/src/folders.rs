//! Listing a mailbox's folders and picking the ones to read (the choice itself is
//! `postroom_domain::sync::choose_folders`).

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::timeouts::{within, Timeouts};
use async_imap::types::NameAttribute;
use futures_util::TryStreamExt;
use postroom_domain::sync::{choose_folders, ListedFolder, WatchedFolder};

pub async fn watched_folders(
    session: &mut ImapSession,
    t: &Timeouts,
) -> Result<Vec<WatchedFolder>, SyncError> {
    let names = within(t.command, "list folders", async {
        session
            .list(Some(""), Some("*"))
            .await?
            .try_collect::<Vec<_>>()
            .await
    })
    .await?
    .map_err(SyncError::imap("list folders"))?;
    let listed: Vec<ListedFolder> = names
        .iter()
        .map(|n| ListedFolder {
            name: n.name().to_string(),
            attributes: n.attributes().iter().map(attribute).collect(),
        })
        .collect();
    Ok(choose_folders(&listed))
}

fn attribute(a: &NameAttribute<'_>) -> String {
    match a {
        NameAttribute::NoInferiors => "\\Noinferiors".into(),
        NameAttribute::NoSelect => "\\Noselect".into(),
        NameAttribute::Marked => "\\Marked".into(),
        NameAttribute::Unmarked => "\\Unmarked".into(),
        NameAttribute::All => "\\All".into(),
        NameAttribute::Archive => "\\Archive".into(),
        NameAttribute::Drafts => "\\Drafts".into(),
        NameAttribute::Flagged => "\\Flagged".into(),
        NameAttribute::Junk => "\\Junk".into(),
        NameAttribute::Sent => "\\Sent".into(),
        NameAttribute::Trash => "\\Trash".into(),
        NameAttribute::Extension(s) => s.to_string(),
        other => format!("{other:?}"),
    }
}
