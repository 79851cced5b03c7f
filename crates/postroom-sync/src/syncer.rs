//! The sync service's front door: connecting a mailbox, one pass over every
//! mailbox, and history searches. The continuous loop lives in `watch.rs`.

use crate::connect::{open, Endpoint, ImapSession};
use crate::error::SyncError;
use crate::folders::watched_folders;
use crate::history::search_history;
use crate::pass::{sync_folder, PassContext};
use crate::process::Run;
use crate::progress::Event;
use crate::secret::Sealer;
use crate::timeouts::{within, Timeouts};
use postroom_domain::sync::{backoff, is_loopback, Security, Start, WatchedFolder};
use postroom_domain::{EmailAddress, MailboxId, UserId};
use postroom_ingest::{Ingestor, Tally};
use postroom_store::{Mailbox, MailboxSettings, MailboxState, Store};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Queued history searches one pass takes on: a pass stays short even after a
/// large people import; the rest wait for the next passes.
const HISTORY_PER_PASS: u32 = 64;

pub type Events<'a> = &'a (dyn Fn(Event) + Send + Sync);

#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// How often a folder is checked when IDLE is missing or quiet.
    pub poll_interval: Duration,
    /// IDLE is re-issued this often, before servers' 29-minute limit.
    pub idle_renew: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Attempts a one-off pass makes before giving up on a mailbox.
    pub attempts: u32,
    /// How often the running service looks for mailboxes connected, paused or
    /// changed, and for history searches to run.
    pub rescan: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            poll_interval: Duration::from_secs(300),
            idle_renew: Duration::from_secs(25 * 60),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            attempts: 6,
            rescan: Duration::from_secs(5),
        }
    }
}

#[derive(Clone)]
pub struct Syncer {
    pub(crate) store: Store,
    sealer: Sealer,
    pub timeouts: Timeouts,
    pub options: SyncOptions,
}

/// What one mailbox's pass did.
#[derive(Debug)]
pub struct MailboxReport {
    pub mailbox: Mailbox,
    pub result: Result<Tally, SyncError>,
}

impl Syncer {
    pub fn new(store: Store, sealer: Sealer) -> Syncer {
        Syncer {
            store,
            sealer,
            timeouts: Timeouts::default(),
            options: SyncOptions::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What a sealed password is bound to: its owner, account, server and how it is
    /// reached. A row edited to send it elsewhere, or unencrypted, does not open.
    fn seal_context(
        user: UserId,
        login: &str,
        host: &str,
        port: u16,
        security: Security,
    ) -> String {
        format!(
            "user {user} {login}@{}:{port} {security}",
            host.to_ascii_lowercase()
        )
    }

    pub(crate) fn endpoint(&self, mailbox: &Mailbox) -> Result<Endpoint, SyncError> {
        let s = &mailbox.settings;
        if s.security == Security::None && !is_loopback(&s.host) {
            return Err(SyncError::Plaintext {
                host: s.host.clone(),
            });
        }
        let password = self.sealer.open(
            &s.secret,
            &Self::seal_context(mailbox.user, &s.login, &s.host, s.port, s.security),
        )?;
        Ok(Endpoint {
            host: s.host.clone(),
            port: s.port,
            security: s.security,
            login: s.login.clone(),
            password,
        })
    }

    /// Logs in (refusing to save credentials that do not work), saves the mailbox,
    /// and makes its first pass: going forward that only marks where "now" is;
    /// with history it imports the past, reporting progress through `events`.
    pub async fn connect(
        &self,
        user: UserId,
        email: &EmailAddress,
        endpoint: &Endpoint,
        start: Start,
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<(MailboxId, Tally), SyncError> {
        let mut session = open(endpoint, &self.timeouts).await?;
        let folders = watched_folders(&mut session, &self.timeouts).await?;
        let settings = MailboxSettings {
            host: endpoint.host.clone(),
            port: endpoint.port,
            security: endpoint.security,
            login: endpoint.login.clone(),
            secret: self.sealer.seal(
                &endpoint.password,
                &Self::seal_context(
                    user,
                    &endpoint.login,
                    &endpoint.host,
                    endpoint.port,
                    endpoint.security,
                ),
            ),
            start,
        };
        let (id, _) = self.store.connect_mailbox(user, email, &settings).await?;
        let mailbox = self
            .store
            .mailbox(id)
            .await?
            .expect("the mailbox was saved just now");
        let tally = self
            .folders_pass(&mut session, &mailbox, &folders, stop, events)
            .await
            .map_err(|e| SyncError::FirstPass(Box::new(e)))?;
        logout(session, &self.timeouts).await;
        Ok((id, tally))
    }

    /// One pass over every active mailbox, each retried with backoff on network
    /// failures. A mailbox whose login is refused is marked for reconnection and
    /// the others go on.
    pub async fn sync_once(
        &self,
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Vec<MailboxReport>, SyncError> {
        self.each_active(&Work::Pass, stop, events).await
    }

    /// "Import email" for these addresses from every active mailbox.
    pub async fn history(
        &self,
        addresses: &[EmailAddress],
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Vec<MailboxReport>, SyncError> {
        self.each_active(&Work::History(addresses), stop, events)
            .await
    }

    /// `work` on every active mailbox in turn, each with its own retries.
    async fn each_active(
        &self,
        work: &Work<'_>,
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Vec<MailboxReport>, SyncError> {
        let mut out = Vec::new();
        for mailbox in self.store.mailboxes().await? {
            if mailbox.state != MailboxState::Active || stop.is_cancelled() {
                continue;
            }
            let result = self.with_retries(&mailbox, work, stop, events).await;
            out.push(MailboxReport { mailbox, result });
        }
        Ok(out)
    }

    pub(crate) async fn folders_pass(
        &self,
        session: &mut ImapSession,
        mailbox: &Mailbox,
        folders: &[WatchedFolder],
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Tally, SyncError> {
        let cx = self.context(mailbox, session, stop, events).await?;
        let mut tally = Tally::default();
        for folder in folders {
            if stop.is_cancelled() {
                break;
            }
            match sync_folder(session, &cx, folder).await {
                Ok(t) => tally += t,
                // One folder the server refuses (noted on the folder) does not keep
                // the others from syncing.
                Err(e) if e.is_folder_level() => {
                    tracing::warn!(mailbox = %mailbox.email, folder = %folder.name, error = %e, "folder skipped")
                }
                Err(e) => return Err(e),
            }
        }
        Ok(tally)
    }

    /// Searches this mailbox for the addresses recently added to records.
    pub(crate) async fn pending_history(
        &self,
        session: &mut ImapSession,
        mailbox: &Mailbox,
        folders: &[WatchedFolder],
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Tally, SyncError> {
        let pending = self
            .store
            .pending_history(mailbox.id, HISTORY_PER_PASS)
            .await?;
        if pending.is_empty() {
            return Ok(Tally::default());
        }
        tracing::info!(mailbox = %mailbox.email, addresses = pending.len(), "searching past mail of newly added addresses");
        let cx = self.context(mailbox, session, stop, events).await?;
        let (tally, complete) = search_history(session, &cx, folders, &pending).await?;
        if complete {
            self.store.finish_history(mailbox.id, &pending).await?;
        }
        Ok(tally)
    }

    /// What the server can do that sync cares about; constant for a session.
    pub(crate) async fn capabilities(&self, session: &mut ImapSession) -> Result<Caps, SyncError> {
        let caps = within(
            self.timeouts.command,
            "ask for capabilities",
            session.capabilities(),
        )
        .await?
        .map_err(SyncError::imap("ask for capabilities"))?;
        Ok(Caps {
            condstore: caps.has_str("CONDSTORE"),
            idle: caps.has_str("IDLE"),
        })
    }

    /// A pass's context for a session whose capabilities are not known yet.
    pub(crate) async fn context<'a>(
        &'a self,
        mailbox: &'a Mailbox,
        session: &mut ImapSession,
        stop: &'a CancellationToken,
        events: Events<'a>,
    ) -> Result<PassContext<'a>, SyncError> {
        let caps = self.capabilities(session).await?;
        self.context_with(mailbox, caps, stop, events).await
    }

    /// A pass's context; it carries the rules as they are now.
    pub(crate) async fn context_with<'a>(
        &'a self,
        mailbox: &'a Mailbox,
        caps: Caps,
        stop: &'a CancellationToken,
        events: Events<'a>,
    ) -> Result<PassContext<'a>, SyncError> {
        let ingestor = Ingestor::new(self.store.clone(), Some(mailbox.user)).await?;
        Ok(PassContext {
            run: Run {
                ingestor,
                timeouts: &self.timeouts,
                stop,
                on_progress: Box::new(move |done| events(Event::Progress { done })),
            },
            store: &self.store,
            mailbox,
            condstore: caps.condstore,
            events,
        })
    }

    /// One attempt at `work`: a session of its own, logged out at the end.
    async fn attempt(
        &self,
        mailbox: &Mailbox,
        work: &Work<'_>,
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Tally, SyncError> {
        let endpoint = self.endpoint(mailbox)?;
        let mut session = open(&endpoint, &self.timeouts).await?;
        let folders = watched_folders(&mut session, &self.timeouts).await?;
        let tally = match work {
            Work::Pass => {
                let mut tally = self
                    .folders_pass(&mut session, mailbox, &folders, stop, events)
                    .await?;
                tally += self
                    .pending_history(&mut session, mailbox, &folders, stop, events)
                    .await?;
                tally
            }
            Work::History(addresses) => {
                let cx = self.context(mailbox, &mut session, stop, events).await?;
                search_history(&mut session, &cx, &folders, addresses)
                    .await?
                    .0
            }
        };
        logout(session, &self.timeouts).await;
        Ok(tally)
    }

    /// Runs `work`, again after a backoff when the connection fails; each attempt
    /// resumes from the last committed point.
    async fn with_retries(
        &self,
        mailbox: &Mailbox,
        work: &Work<'_>,
        stop: &CancellationToken,
        events: Events<'_>,
    ) -> Result<Tally, SyncError> {
        let mut failures = 0;
        loop {
            match self.attempt(mailbox, work, stop, events).await {
                Ok(tally) => {
                    self.store.note_mailbox_pass(mailbox.id, None).await?;
                    return Ok(tally);
                }
                Err(e) => {
                    self.store
                        .note_mailbox_pass(mailbox.id, Some(&e.to_string()))
                        .await?;
                    if e.needs_reconnect() {
                        self.store
                            .set_mailbox_state(
                                mailbox.id,
                                MailboxState::Reconnect,
                                Some(&e.to_string()),
                            )
                            .await?;
                        return Err(e);
                    }
                    failures += 1;
                    if failures >= self.options.attempts
                        || stop.is_cancelled()
                        || e.is_configuration()
                    {
                        return Err(e);
                    }
                    let o = &self.options;
                    let wait = backoff(failures, o.backoff_base, o.backoff_cap);
                    tracing::warn!(mailbox = %mailbox.email, error = %e, retry_in = ?wait, "sync failed; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.cancelled() => return Err(e),
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    pub condstore: bool,
    pub idle: bool,
}

/// What a retried attempt does.
enum Work<'a> {
    /// A pass over the folders, then the queued history searches.
    Pass,
    History(&'a [EmailAddress]),
}

pub(crate) async fn logout(mut session: ImapSession, t: &Timeouts) {
    let _ = within(t.connect, "log out", session.logout()).await;
}
