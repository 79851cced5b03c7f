//! The one storage API.
//!
//! Every read and write Postroom does goes through [`Store`]; no SQL exists outside
//! this crate, so a second backend (PostgreSQL, for teams that outgrow one machine)
//! is a matter of implementing these methods again with its own migrations under
//! `migrations/<backend>`. Today the backend is an embedded SQLite database in the
//! data directory, in WAL mode, next to the content-addressed [`Blobs`].
//!
//! Writes that belong together commit together: a batch of ingested messages, with
//! their threads and activities, is one transaction, so a crash or Ctrl-C loses at
//! most the batch in hand and running the import again completes it.
//!
//! Every row carries a site (tenant) id; a `Store` is bound to one site.

mod activities_api;
mod api_keys;
mod blobs;
mod blocking;
mod error;
mod events;
mod history_jobs;
mod history_queue;
mod ingest;
mod ingest_rows;
mod lookup;
mod mailboxes;
mod people;
mod read;
mod record_filters;
mod records;
mod records_api;
mod settings;
mod sqlutil;
mod stats;
mod threads_write;
mod users;
mod visible_page;
mod webhooks;

// The ATS around the people; their types are used as `postroom_store::jobs::Job`.
pub mod companies;
pub mod custom_fields;
pub mod jobs;
pub mod pipelines;
pub mod statuses;
pub mod tags;

pub use activities_api::{ActivityRow, AttachmentBytes, AttachmentFile, NewActivity};
pub use api_keys::{ApiKeyInfo, KeyOwner};
pub use blobs::Blobs;
pub use error::{Result, StoreError};
pub use events::PendingEvent;
pub use history_jobs::HistoryJob;
pub use ingest::{BlockedMessage, NewAttachment, NewBody, NewMessage, WriteOutcome};
pub use mailboxes::{Folder, FolderProgress, Mailbox, MailboxSettings, MailboxState};
pub use people::{PersonInput, UpsertOutcome};
pub use read::{
    ActivityFilter, ActivityView, AttachmentView, MessageView, ThreadDetail, ThreadView,
};
pub use record_filters::{FilterField, FilterOp, RecordFilter};
pub use records::{Record, RecordSummary};
pub use records_api::{FullRecord, RecordFields};
pub use stats::Counts;
pub use users::User;
pub use webhooks::{Delivery, DeliveryLog, Webhook};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default site every CLI command works on.
pub const DEFAULT_SITE: i64 = 1;

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    site: i64,
    blobs: Blobs,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating on first use) the data directory and its database, bringing the
    /// schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|cause| StoreError::DataDir {
            path: data_dir.to_path_buf(),
            cause,
        })?;
        let db_path = data_dir.join("postroom.sqlite");
        let options = SqliteConnectOptions::new()
            .filename(&db_path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a committed transaction survives a process crash;
            // only an OS crash can lose the last commits, never corrupt the database.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            .pragma("cache_size", "-16000")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|cause| StoreError::Open {
                path: db_path.clone(),
                cause,
            })?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Store {
            pool,
            site: DEFAULT_SITE,
            blobs: Blobs::new(data_dir.join("blobs")),
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn site(&self) -> i64 {
        self.site
    }

    /// Starts a write transaction. IMMEDIATE takes the write lock up front, so a
    /// concurrent writer waits for it (busy_timeout) instead of failing on a
    /// read-to-write upgrade; every write transaction goes through here.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Flushes the WAL into the main database file; call before exiting cleanly.
    pub async fn close(self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
