//! One pass over one folder: SELECT, plan from the committed cursor, carry it out.

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::fetch;
use crate::process::{process, Run, Source};
use crate::progress::Event;
use crate::timeouts::within;
use postroom_domain::sync::{plan_folder, FolderCursor, FolderPlan, ServerFolder, WatchedFolder};
use postroom_ingest::Tally;
use postroom_store::{Folder, FolderProgress, Mailbox, Store};

pub struct PassContext<'a> {
    pub run: Run<'a>,
    pub store: &'a Store,
    pub mailbox: &'a Mailbox,
    /// The server announced CONDSTORE: ask for HIGHESTMODSEQ.
    pub condstore: bool,
    pub events: &'a (dyn Fn(Event) + Send + Sync),
}

/// `imap://login@host/Folder`, naming a folder in logs and errors.
pub fn folder_url(mailbox: &Mailbox, folder: &str) -> String {
    format!(
        "imap://{}@{}/{}",
        mailbox.settings.login, mailbox.settings.host, folder
    )
}

/// One pass over the folder; a failure is also noted on the folder, for
/// `mailboxes status`.
pub async fn sync_folder(
    session: &mut ImapSession,
    cx: &PassContext<'_>,
    watched: &WatchedFolder,
) -> Result<Tally, SyncError> {
    let folder = cx
        .store
        .folder(cx.mailbox.id, &watched.name, watched.role)
        .await?;
    let result = pass(session, cx, watched, &folder).await;
    if let Err(e) = &result {
        cx.store
            .note_folder_error(folder.id, Some(&e.to_string()))
            .await?;
    }
    result
}

async fn pass(
    session: &mut ImapSession,
    cx: &PassContext<'_>,
    watched: &WatchedFolder,
    folder: &Folder,
) -> Result<Tally, SyncError> {
    let store = cx.store;
    let t = cx.run.timeouts;
    let doing = format!("open folder {}", watched.name);
    let selected = if cx.condstore {
        within(t.command, &doing, session.select_condstore(&watched.name)).await?
    } else {
        within(t.command, &doing, session.select(&watched.name)).await?
    }
    .map_err(SyncError::imap(doing))?;
    let uidvalidity = selected.uid_validity.unwrap_or(0);
    let uid_next = match selected.uid_next {
        Some(n) => n,
        None => fetch::search(session, "ALL", t)
            .await?
            .last()
            .map_or(1, |u| u + 1),
    };
    let server = ServerFolder {
        uidvalidity,
        uid_next,
        highest_modseq: selected.highest_modseq,
    };
    let save = |cursor: FolderCursor| {
        let progress = FolderProgress {
            folder: folder.id,
            cursor,
            seen: 0,
            logged: 0,
            dismissed: 0,
        };
        async move { store.save_cursor(&progress).await }
    };
    match plan_folder(folder.cursor, server, cx.mailbox.settings.start) {
        FolderPlan::UpToDate => {
            if let Some(c) = folder.cursor {
                if c.highest_modseq != server.highest_modseq {
                    save(FolderCursor {
                        highest_modseq: server.highest_modseq,
                        ..c
                    })
                    .await?;
                }
            }
            Ok(Tally::default())
        }
        FolderPlan::Baseline(cursor) => {
            save(cursor).await?;
            Ok(Tally::default())
        }
        FolderPlan::Fetch {
            from_uid,
            since,
            reset,
        } => {
            if reset {
                tracing::warn!(folder = %watched.name, uidvalidity, "the server renumbered the folder (UIDVALIDITY changed); reading it again");
            }
            let uids = fetch::uids_from(session, from_uid, since, t).await?;
            (cx.events)(Event::FolderStart {
                mailbox: cx.mailbox.email.clone(),
                folder: watched.name.clone(),
                total: uids.len() as u64,
            });
            let url = folder_url(cx.mailbox, &watched.name);
            let source = Source {
                url: &url,
                cursor: Some((folder.id, uidvalidity)),
            };
            let (tally, complete) = process(session, &cx.run, &source, &uids).await?;
            if complete {
                let last = uids
                    .last()
                    .copied()
                    .unwrap_or(0)
                    .max(uid_next.saturating_sub(1));
                save(FolderCursor {
                    uidvalidity,
                    last_uid: last,
                    highest_modseq: server.highest_modseq,
                })
                .await?;
            }
            (cx.events)(Event::FolderDone {
                mailbox: cx.mailbox.email.clone(),
                folder: watched.name.clone(),
                tally,
            });
            Ok(tally)
        }
    }
}
