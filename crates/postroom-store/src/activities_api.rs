//! Activities as the REST API lists and writes them: email activities logged by
//! sync and import, and the calls, meetings and notes clients record.

use crate::error::Result;
use crate::ingest::IN_RAW;
use crate::{now, Store};
use postroom_domain::RecordRef;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: String,
    pub record: RecordRef,
    pub occurred_at: i64,
    pub notes: Option<String>,
    pub regarding_id: Option<i64>,
    pub entered_by_id: Option<i64>,
    /// For email activities.
    pub direction: Option<String>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub from: Option<String>,
    pub thread_id: Option<i64>,
}

/// An attachment to download.
#[derive(Debug, Clone)]
pub struct AttachmentFile {
    pub name: String,
    pub content_type: String,
    pub bytes: AttachmentBytes,
}

#[derive(Debug, Clone)]
pub enum AttachmentBytes {
    /// Decoded, in a blob of its own (attachments stored by early versions).
    Stored(Vec<u8>),
    /// Inside the raw message: the `position`th attachment, decoded by the caller
    /// with the parser that listed it.
    InRaw { raw: Vec<u8>, position: usize },
}

/// A non-email activity to record.
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub kind: String,
    pub record: RecordRef,
    pub occurred_at: Option<i64>,
    pub notes: Option<String>,
    pub regarding_id: Option<i64>,
    pub entered_by_id: Option<i64>,
}

const COLUMNS: &str = "a.id, a.kind, a.record_type, a.record_id, a.occurred_at, a.notes, \
     a.regarding_id, a.entered_by_id, a.direction, m.subject, m.message_id, m.from_email, \
     m.thread_id";
const SELECT: &str = "SELECT a.id, a.kind, a.record_type, a.record_id, a.occurred_at, a.notes, \
     a.regarding_id, a.entered_by_id, a.direction, m.subject, m.message_id, m.from_email, \
     m.thread_id FROM activities a LEFT JOIN messages m ON m.id = a.message_pk";

fn from_row(row: &SqliteRow) -> Option<ActivityRow> {
    let record_type: String = row.get(2);
    Some(ActivityRow {
        id: row.get(0),
        kind: row.get(1),
        record: RecordRef {
            record_type: postroom_domain::RecordType::parse(&record_type)?,
            id: row.get(3),
        },
        occurred_at: row.get(4),
        notes: row.get(5),
        regarding_id: row.get(6),
        entered_by_id: row.get(7),
        direction: row.get(8),
        subject: row.get(9),
        message_id: row.get(10),
        from: row.get(11),
        thread_id: row.get(12),
    })
}

impl Store {
    /// One page of a record's activities by id, and their total.
    pub async fn record_activities(
        &self,
        record: RecordRef,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<ActivityRow>, u64)> {
        // Kept by triggers (migration 0010), not counted per page.
        let total: i64 = sqlx::query(
            "SELECT n FROM activity_counts WHERE site_id = ? AND record_type = ? AND record_id = ?",
        )
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_optional(&self.pool)
        .await?
        .map_or(0, |r| r.get(0));
        // The page is chosen on the activities index alone; only its rows then
        // meet their messages.
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM (SELECT * FROM activities \
             INDEXED BY activities_record_id WHERE site_id = ? AND record_type = ? \
             AND record_id = ? ORDER BY id LIMIT ? OFFSET ?) a \
             LEFT JOIN messages m ON m.id = a.message_pk ORDER BY a.id"
        ))
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .bind(limit)
        .bind(offset as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok((rows.iter().filter_map(from_row).collect(), total as u64))
    }

    /// A record's number of activities, and a version that changes whenever a
    /// page of them could read differently (kept by triggers, migration 0010).
    pub async fn activities_version(&self, record: RecordRef) -> Result<(u64, i64)> {
        Ok(sqlx::query(
            "SELECT n, version FROM activity_counts \
             WHERE site_id = ? AND record_type = ? AND record_id = ?",
        )
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_optional(&self.pool)
        .await?
        .map_or((0, 0), |r| (r.get::<i64, _>(0) as u64, r.get(1))))
    }

    pub async fn activity(&self, id: i64) -> Result<Option<ActivityRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE a.site_id = ? AND a.id = ?"))
            .bind(self.site)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().and_then(from_row))
    }

    pub async fn create_activity(&self, a: &NewActivity) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = insert_activity(&mut tx, self.site, a).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An attachment's name, type and bytes, as stored.
    pub async fn attachment(&self, id: i64) -> Result<Option<AttachmentFile>> {
        let row = sqlx::query(
            "SELECT a.name, a.content_type, a.hash, a.position, m.raw_hash FROM attachments a \
             JOIN messages m ON m.id = a.message_pk WHERE a.site_id = ? AND a.id = ?",
        )
        .bind(self.site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let hash: String = r.get(2);
        let bytes = if hash == IN_RAW {
            AttachmentBytes::InRaw {
                raw: self.blobs.get(&r.get::<String, _>(4))?,
                position: r.get::<i64, _>(3) as usize,
            }
        } else {
            AttachmentBytes::Stored(self.blobs.get(&hash)?)
        };
        Ok(Some(AttachmentFile {
            name: r.get(0),
            content_type: r.get(1),
            bytes,
        }))
    }

    /// The records a thread's activities are on: who may see it.
    pub async fn thread_records(&self, thread: i64) -> Result<Vec<RecordRef>> {
        let rows = sqlx::query(
            "SELECT DISTINCT a.record_type, a.record_id FROM activities a \
             JOIN messages m ON m.id = a.message_pk WHERE a.site_id = ? AND m.thread_id = ?",
        )
        .bind(self.site)
        .bind(thread)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(RecordRef {
                    record_type: postroom_domain::RecordType::parse(r.get::<&str, _>(0))?,
                    id: r.get(1),
                })
            })
            .collect())
    }
}

/// Records an activity inside a caller's write (a pipeline change notes itself
/// in the same transaction).
pub(crate) async fn insert_activity(
    conn: &mut SqliteConnection,
    site: i64,
    a: &NewActivity,
) -> Result<i64> {
    let ts = now();
    Ok(sqlx::query(
        "INSERT INTO activities (site_id, kind, record_type, record_id, occurred_at, notes, \
         regarding_id, entered_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(site)
    .bind(&a.kind)
    .bind(a.record.record_type.as_str())
    .bind(a.record.id)
    .bind(a.occurred_at.unwrap_or(ts))
    .bind(&a.notes)
    .bind(a.regarding_id)
    .bind(a.entered_by_id)
    .bind(ts)
    .execute(conn)
    .await?
    .last_insert_rowid())
}
