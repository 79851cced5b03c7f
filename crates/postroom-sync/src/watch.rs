//! The continuous service: every active mailbox kept in sync until stopped.
//!
//! Each watched folder gets its own connection that alternates a pass with a wait:
//! IDLE where the server has it (re-issued before the 29-minute limit, and never
//! longer than the poll interval, so a silently broken IDLE still degrades to
//! polling), else a plain poll. A separate task per mailbox runs the history
//! searches queued when addresses are added to records. Failures back off and
//! resume from the committed cursor; a refused login marks the mailbox for
//! reconnection and stops its tasks, leaving the other mailboxes alone.

use crate::connect::{open, ImapSession};
use crate::error::SyncError;
use crate::fetch;
use crate::folders::watched_folders;
use crate::pass::sync_folder;
use crate::progress::Event;
use crate::syncer::{logout, Syncer};
use crate::timeouts::within;
use async_imap::extensions::idle::IdleResponse;
use postroom_domain::sync::{backoff, WatchedFolder};
use postroom_domain::MailboxId;
use postroom_store::{Mailbox, MailboxState};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Logs what each pass did; the service has no progress bar to feed.
fn log_event(e: Event) {
    if let Event::FolderDone {
        mailbox,
        folder,
        tally,
    } = e
    {
        if tally.scanned > 0 {
            tracing::info!(%mailbox, %folder, %tally, "folder synced");
        }
    }
}

impl Syncer {
    /// Runs until `stop` is cancelled; then lets every task finish the batch in
    /// hand and returns.
    pub async fn run(&self, stop: CancellationToken) -> Result<(), SyncError> {
        let syncer = Arc::new(self.clone());
        // Per mailbox: what it was started with, the token that stops it, its task.
        let mut running: HashMap<MailboxId, (Vec<u8>, CancellationToken, tokio::task::Id)> =
            HashMap::new();
        let mut tasks = JoinSet::new();
        let mut task_of: HashMap<tokio::task::Id, MailboxId> = HashMap::new();
        loop {
            let mailboxes = self.store.mailboxes().await?;
            let active: HashMap<MailboxId, &Mailbox> = mailboxes
                .iter()
                .filter(|m| m.state == MailboxState::Active)
                .map(|m| (m.id, m))
                .collect();
            running.retain(|id, (secret, token, _)| {
                let keep = !token.is_cancelled()
                    && active.get(id).is_some_and(|m| &m.settings.secret == secret);
                if !keep {
                    token.cancel();
                }
                keep
            });
            for (id, mailbox) in &active {
                if running.contains_key(id) {
                    continue;
                }
                let token = stop.child_token();
                tracing::info!(mailbox = %mailbox.email, "watching mailbox");
                let handle = tasks.spawn(watch_mailbox(
                    syncer.clone(),
                    (*mailbox).clone(),
                    token.clone(),
                ));
                running.insert(*id, (mailbox.settings.secret.clone(), token, handle.id()));
                task_of.insert(handle.id(), *id);
            }
            // A mailbox whose task ended (or panicked) is started afresh at the next
            // look if it is still active.
            while let Some(done) = tasks.try_join_next_with_id() {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => {
                        tracing::error!(error = %e, "a mailbox task failed; restarting it");
                        e.id()
                    }
                };
                if let Some(mailbox) = task_of.remove(&id) {
                    if running.get(&mailbox).is_some_and(|r| r.2 == id) {
                        running.remove(&mailbox);
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.options.rescan) => {}
                _ = stop.cancelled() => break,
            }
        }
        while tasks.join_next().await.is_some() {}
        Ok(())
    }
}

async fn watch_mailbox(syncer: Arc<Syncer>, mailbox: Mailbox, token: CancellationToken) {
    let mailbox = Arc::new(mailbox);
    let failures = AtomicU32::new(0);
    let folders = match retry(&syncer, &mailbox, &token, &failures, || async {
        let mut session = open(&syncer.endpoint(&mailbox)?, &syncer.timeouts).await?;
        let folders = watched_folders(&mut session, &syncer.timeouts).await?;
        logout(session, &syncer.timeouts).await;
        Ok(Some(folders))
    })
    .await
    {
        Some(f) => f,
        None => return,
    };
    let mut tasks = JoinSet::new();
    for folder in folders.clone() {
        tasks.spawn(watch_folder(
            syncer.clone(),
            mailbox.clone(),
            folder,
            token.clone(),
        ));
    }
    tasks.spawn(watch_history(
        syncer.clone(),
        mailbox.clone(),
        folders,
        token.clone(),
    ));
    while tasks.join_next().await.is_some() {}
}

/// Runs `step` until it returns `Some`, or the token is cancelled (`None`), backing
/// off between failures. `failures` counts consecutive failures; a step that makes
/// progress resets it, so a long-lived connection that drops now and then retries
/// quickly. A refused login marks the mailbox and cancels the token.
async fn retry<T, F, Fut>(
    syncer: &Syncer,
    mailbox: &Mailbox,
    token: &CancellationToken,
    failures: &AtomicU32,
    mut step: F,
) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, SyncError>>,
{
    loop {
        if token.is_cancelled() {
            return None;
        }
        match step().await {
            Ok(Some(v)) => return Some(v),
            Ok(None) => failures.store(0, Ordering::Relaxed),
            Err(e) => {
                let message = e.to_string();
                let _ = syncer
                    .store
                    .note_mailbox_pass(mailbox.id, Some(&message))
                    .await;
                if e.needs_reconnect() {
                    tracing::error!(mailbox = %mailbox.email, error = %message, "login refused; the mailbox needs reconnecting");
                    let _ = syncer
                        .store
                        .set_mailbox_state(mailbox.id, MailboxState::Reconnect, Some(&message))
                        .await;
                    token.cancel();
                    return None;
                }
                let n = failures.fetch_add(1, Ordering::Relaxed) + 1;
                let o = &syncer.options;
                let wait = backoff(n, o.backoff_base, o.backoff_cap);
                tracing::warn!(mailbox = %mailbox.email, error = %message, retry_in = ?wait, "sync failed; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = token.cancelled() => return None,
                }
            }
        }
    }
}

async fn watch_folder(
    syncer: Arc<Syncer>,
    mailbox: Arc<Mailbox>,
    folder: WatchedFolder,
    token: CancellationToken,
) {
    let events = &log_event;
    let failures = AtomicU32::new(0);
    retry(&syncer, &mailbox, &token, &failures, || async {
        let mut session = open(&syncer.endpoint(&mailbox)?, &syncer.timeouts).await?;
        let caps = syncer.capabilities(&mut session).await?;
        loop {
            // A fresh context per pass: it carries the rules (blocked list, match
            // setting) as they are now, not as they were when the connection opened.
            let cx = syncer.context_with(&mailbox, caps, &token, events).await?;
            sync_folder(&mut session, &cx, &folder).await?;
            drop(cx);
            syncer.store.note_mailbox_pass(mailbox.id, None).await?;
            failures.store(0, Ordering::Relaxed);
            if token.is_cancelled() {
                logout(session, &syncer.timeouts).await;
                return Ok(None::<()>);
            }
            // Mail that arrived during the pass was announced before IDLE began, and
            // IDLE will not announce it again: look before waiting.
            while session.unsolicited_responses.try_recv().is_ok() {}
            if arrived_since_pass(&syncer, &mut session, &mailbox, &folder).await? {
                continue;
            }
            session = match wait_for_change(&syncer, session, caps.idle, &token).await? {
                Some(s) => s,
                None => return Ok(None),
            };
        }
    })
    .await;
}

/// Whether the selected folder has UIDs past the cursor the pass just committed.
async fn arrived_since_pass(
    syncer: &Syncer,
    session: &mut ImapSession,
    mailbox: &Mailbox,
    folder: &WatchedFolder,
) -> Result<bool, SyncError> {
    let last_uid = syncer
        .store
        .folders(mailbox.id)
        .await?
        .into_iter()
        .find(|f| f.name == folder.name)
        .and_then(|f| f.cursor)
        .map_or(0, |c| c.last_uid);
    Ok(
        !fetch::uids_from(session, last_uid + 1, None, &syncer.timeouts)
            .await?
            .is_empty(),
    )
}

/// Waits in the selected folder until the server reports a change, the poll interval
/// passes, or the token is cancelled (`None`: the session is dropped).
async fn wait_for_change(
    syncer: &Syncer,
    session: ImapSession,
    idle: bool,
    token: &CancellationToken,
) -> Result<Option<ImapSession>, SyncError> {
    let o = &syncer.options;
    if !idle {
        tokio::select! {
            _ = tokio::time::sleep(o.poll_interval) => return Ok(Some(session)),
            _ = token.cancelled() => return Ok(None),
        }
    }
    let mut handle = session.idle();
    within(syncer.timeouts.command, "start IDLE", handle.init())
        .await?
        .map_err(SyncError::imap("start IDLE"))?;
    // async-imap's own timeout restarts at every server keepalive, so the limit that
    // renews IDLE and bounds the wait is a plain timer next to it.
    let limit = o.poll_interval.min(o.idle_renew);
    let (wait, _interrupt) = handle.wait_with_timeout(limit);
    tokio::select! {
        r = wait => {
            if let IdleResponse::NewData(data) = r.map_err(SyncError::imap("wait in IDLE"))? {
                tracing::debug!(response = ?data.parsed(), "IDLE woke up");
            }
        }
        _ = tokio::time::sleep(limit) => {}
        _ = token.cancelled() => return Ok(None),
    }
    let session = within(syncer.timeouts.command, "end IDLE", handle.done())
        .await?
        .map_err(SyncError::imap("end IDLE"))?;
    Ok(Some(session))
}

/// Runs the history searches queued for this mailbox, checking for new ones at
/// every rescan.
async fn watch_history(
    syncer: Arc<Syncer>,
    mailbox: Arc<Mailbox>,
    folders: Vec<WatchedFolder>,
    token: CancellationToken,
) {
    let events = &log_event;
    let failures = AtomicU32::new(0);
    retry(&syncer, &mailbox, &token, &failures, || async {
        if !syncer
            .store
            .pending_history(mailbox.id, 1)
            .await?
            .is_empty()
        {
            let mut session = open(&syncer.endpoint(&mailbox)?, &syncer.timeouts).await?;
            syncer
                .pending_history(&mut session, &mailbox, &folders, &token, events)
                .await?;
            logout(session, &syncer.timeouts).await;
        }
        tokio::select! {
            _ = tokio::time::sleep(syncer.options.rescan) => Ok(None::<()>),
            _ = token.cancelled() => Ok(Some(())),
        }
    })
    .await;
}
