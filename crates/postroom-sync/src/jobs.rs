//! Background "import email" jobs (`POST /candidates/{id}/email_import`): each
//! searches every active mailbox for one record's addresses, as `history import`
//! does, writing its progress to the store as it goes.

use crate::error::SyncError;
use crate::progress::Event;
use crate::syncer::Syncer;
use postroom_domain::EmailAddress;
use postroom_store::{HistoryJob, MailboxState};
use std::sync::Mutex;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often a running job's progress reaches the store.
const FLUSH: Duration = Duration::from_millis(250);

#[derive(Default)]
struct Counter {
    /// Messages to look at, over the folders started so far.
    total: u64,
    /// Messages handled in folders already finished.
    finished: u64,
    /// Messages handled in the current folder.
    current: u64,
    logged: u64,
}

impl Syncer {
    /// Runs queued jobs one at a time until `stop`. Jobs a crash interrupted run
    /// again (they are safe to repeat).
    pub async fn run_history_jobs(&self, stop: CancellationToken) -> Result<(), SyncError> {
        let requeued = self.store.requeue_running_history_jobs().await?;
        if requeued > 0 {
            tracing::info!(jobs = requeued, "resuming interrupted email imports");
        }
        loop {
            if stop.is_cancelled() {
                return Ok(());
            }
            match self.store.claim_history_job().await? {
                Some(job) => self.run_job(&job, &stop).await?,
                None => {
                    tokio::select! {
                        _ = tokio::time::sleep(self.options.rescan.min(Duration::from_secs(1))) => {}
                        _ = stop.cancelled() => return Ok(()),
                    }
                }
            }
        }
    }

    async fn run_job(&self, job: &HistoryJob, stop: &CancellationToken) -> Result<(), SyncError> {
        let Some(record) = self
            .store
            .full_record(job.record.record_type, job.record.id)
            .await?
        else {
            return Ok(self
                .store
                .finish_history_job(job.id, Some("the record no longer exists"))
                .await?);
        };
        let addresses: Vec<EmailAddress> = record
            .emails
            .iter()
            .filter_map(|e| EmailAddress::parse(e).ok())
            .collect();
        let active = self
            .store
            .mailboxes()
            .await?
            .iter()
            .any(|m| m.state == MailboxState::Active);
        if !active {
            return Ok(self
                .store
                .finish_history_job(job.id, Some("no mailbox is connected"))
                .await?);
        }
        let counter = Mutex::new(Counter::default());
        let events = |e: Event| {
            let mut c = counter.lock().unwrap_or_else(|p| p.into_inner());
            match e {
                Event::FolderStart { total, .. } => {
                    c.finished += c.current;
                    c.current = 0;
                    c.total += total;
                }
                Event::Progress { done } => c.current = done,
                Event::FolderDone { tally, .. } => c.logged += tally.logged,
            }
        };
        let snapshot = || {
            let c = counter.lock().unwrap_or_else(|p| p.into_inner());
            (c.total, c.finished + c.current, c.logged)
        };
        let work = self.history(&addresses, stop, &events);
        tokio::pin!(work);
        let reports = loop {
            tokio::select! {
                r = &mut work => break r?,
                _ = tokio::time::sleep(FLUSH) => {
                    let (total, done, logged) = snapshot();
                    self.store.history_job_progress(job.id, total, done, logged).await?;
                }
            }
        };
        let (total, done, logged) = snapshot();
        self.store
            .history_job_progress(job.id, total, done, logged)
            .await?;
        if stop.is_cancelled() {
            // Left running: queued again at the next start.
            return Ok(());
        }
        let errors: Vec<String> = reports
            .iter()
            .filter_map(|r| {
                r.result
                    .as_ref()
                    .err()
                    .map(|e| format!("{}: {e}", r.mailbox.email))
            })
            .collect();
        let error = (!errors.is_empty()).then(|| errors.join("; "));
        self.store
            .finish_history_job(job.id, error.as_deref())
            .await?;
        Ok(())
    }
}
