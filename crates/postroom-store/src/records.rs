//! Reading candidate and contact records.

use crate::error::Result;
use crate::sqlutil::record_table;
use crate::Store;
use postroom_domain::{RecordRef, RecordType};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordSummary {
    pub id: i64,
    pub record_type: RecordType,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Record {
    #[serde(flatten)]
    pub summary: RecordSummary,
    pub other_emails: Vec<String>,
    pub activities: i64,
    pub threads: i64,
}

fn summary(record_type: RecordType, row: &SqliteRow) -> RecordSummary {
    RecordSummary {
        id: row.get(0),
        record_type,
        first_name: row.get(1),
        last_name: row.get(2),
        email: row.get(3),
        company: row.get(4),
        title: row.get(5),
        phone: row.get(6),
    }
}

impl Store {
    /// Up to `limit` records with an id above `after`, by id: a page. Callers walk
    /// pages instead of loading a million records at once.
    pub async fn list_records(
        &self,
        record_type: RecordType,
        after: i64,
        limit: u32,
    ) -> Result<Vec<RecordSummary>> {
        let table = record_table(record_type);
        let rows = sqlx::query(&format!(
            "SELECT id, first_name, last_name, primary_email, company, title, phone FROM {table}
             WHERE site_id = ? AND id > ? ORDER BY id LIMIT ?"
        ))
        .bind(self.site)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| summary(record_type, r)).collect())
    }

    pub async fn get_record(&self, record: RecordRef) -> Result<Option<Record>> {
        let table = record_table(record.record_type);
        let Some(row) = sqlx::query(&format!(
            "SELECT id, first_name, last_name, primary_email, company, title, phone FROM {table} WHERE site_id = ? AND id = ?"
        ))
        .bind(self.site)
        .bind(record.id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let summary = summary(record.record_type, &row);
        let other_emails = sqlx::query(
            "SELECT email FROM record_emails WHERE site_id = ? AND record_type = ? AND record_id = ? AND is_primary = 0 ORDER BY email",
        )
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
        let counts = sqlx::query(
            "SELECT COUNT(*), COUNT(DISTINCT m.thread_id) FROM activities a JOIN messages m ON m.id = a.message_pk
             WHERE a.site_id = ? AND a.record_type = ? AND a.record_id = ?",
        )
        .bind(self.site)
        .bind(record.record_type.as_str())
        .bind(record.id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(Record {
            summary,
            other_emails,
            activities: counts.get(0),
            threads: counts.get(1),
        }))
    }

    /// The `n` records with the most activities, with their counts.
    pub async fn busiest_records(
        &self,
        record_type: RecordType,
        n: u32,
    ) -> Result<Vec<(RecordSummary, i64)>> {
        let table = record_table(record_type);
        let rows = sqlx::query(&format!(
            "SELECT r.id, r.first_name, r.last_name, r.primary_email, r.company, r.title, r.phone, COUNT(*) AS n
             FROM activities a JOIN {table} r ON r.site_id = a.site_id AND r.id = a.record_id
             WHERE a.site_id = ? AND a.record_type = ?
             GROUP BY r.id ORDER BY n DESC, r.id LIMIT ?"
        ))
        .bind(self.site)
        .bind(record_type.as_str())
        .bind(n)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (summary(record_type, r), r.get(7)))
            .collect())
    }
}
