//! Background "import email" jobs for one record, and their progress.

use crate::error::Result;
use crate::{now, Store};
use postroom_domain::{RecordRef, RecordType};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct HistoryJob {
    pub id: i64,
    pub record: RecordRef,
    pub state: String,
    pub total: i64,
    pub done: i64,
    pub logged: i64,
    pub error: Option<String>,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, record_type, record_id, state, total, done, logged, error, created_at, \
     started_at, finished_at";

fn from_row(r: &SqliteRow) -> Option<HistoryJob> {
    Some(HistoryJob {
        id: r.get(0),
        record: RecordRef {
            record_type: RecordType::parse(r.get::<&str, _>(1))?,
            id: r.get(2),
        },
        state: r.get(3),
        total: r.get(4),
        done: r.get(5),
        logged: r.get(6),
        error: r.get(7),
        created_at: r.get(8),
        started_at: r.get(9),
        finished_at: r.get(10),
    })
}

impl Store {
    /// Queues an import for the record, or returns the one already queued or
    /// running for it: asking twice does not search twice.
    pub async fn queue_history_job(
        &self,
        record: RecordRef,
        by: Option<i64>,
    ) -> Result<HistoryJob> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM history_jobs WHERE site_id = ? AND record_type = ? \
             AND record_id = ? AND state IN ('queued', 'running') ORDER BY id DESC LIMIT 1"
        ))
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(job) = existing.as_ref().and_then(from_row) {
            return Ok(job);
        }
        let id = sqlx::query(
            "INSERT INTO history_jobs (site_id, record_type, record_id, requested_by, created_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM history_jobs WHERE id = ?"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(from_row(&row).expect("the row just written"))
    }

    /// The record's latest import job.
    pub async fn latest_history_job(&self, record: RecordRef) -> Result<Option<HistoryJob>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM history_jobs WHERE site_id = ? AND record_type = ? \
             AND record_id = ? ORDER BY id DESC LIMIT 1"
        ))
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().and_then(from_row))
    }

    /// Takes the oldest queued job and marks it running.
    pub async fn claim_history_job(&self) -> Result<Option<HistoryJob>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM history_jobs WHERE site_id = ? AND state = 'queued' \
             ORDER BY id LIMIT 1"
        ))
        .bind(self.site)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(job) = row.as_ref().and_then(from_row) else {
            return Ok(None);
        };
        sqlx::query("UPDATE history_jobs SET state = 'running', started_at = ? WHERE id = ?")
            .bind(now())
            .bind(job.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(job))
    }

    /// Jobs a crash left running go back to the queue; they are safe to run again.
    pub async fn requeue_running_history_jobs(&self) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE history_jobs SET state = 'queued' WHERE site_id = ? AND state = 'running'",
        )
        .bind(self.site)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    pub async fn history_job_progress(
        &self,
        id: i64,
        total: u64,
        done: u64,
        logged: u64,
    ) -> Result<()> {
        sqlx::query("UPDATE history_jobs SET total = ?, done = ?, logged = ? WHERE id = ?")
            .bind(total as i64)
            .bind(done as i64)
            .bind(logged as i64)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn finish_history_job(&self, id: i64, error: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE history_jobs SET state = ?, error = ?, finished_at = ?, \
             done = CASE WHEN ? IS NULL THEN total ELSE done END WHERE id = ?",
        )
        .bind(if error.is_some() { "failed" } else { "done" })
        .bind(error)
        .bind(now())
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
