//! Reading activities and threads.

use crate::error::{Result, StoreError};
use crate::Store;
use postroom_domain::{EmailAddress, RecordRef, RecordType};
use sqlx::Row;

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub record: Option<RecordRef>,
    /// Activities on the records that have this address.
    pub email: Option<EmailAddress>,
    /// Only activities after this (occurred_at, id) position: the next page.
    pub after: Option<(i64, i64)>,
    /// At most this many (all when `None`).
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ActivityView {
    pub id: i64,
    pub kind: String,
    pub record_type: RecordType,
    pub record_id: i64,
    pub record_email: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub direction: String,
    /// Seconds since the Unix epoch.
    pub occurred_at: i64,
    pub thread_id: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ThreadView {
    pub id: i64,
    pub subject: Option<String>,
    pub messages: i64,
    pub first_at: i64,
    pub last_at: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParticipantView {
    pub role: String,
    pub address: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct MessageView {
    pub id: i64,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub from_name: Option<String>,
    pub participants: Vec<ParticipantView>,
    pub direction: String,
    pub occurred_at: i64,
    pub text: Option<String>,
    pub html: Option<String>,
    pub raw_hash: String,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ThreadDetail {
    pub id: i64,
    pub messages: Vec<MessageView>,
}

impl Store {
    pub async fn activities(&self, filter: &ActivityFilter) -> Result<Vec<ActivityView>> {
        let mut sql = String::from(
            "SELECT a.id, a.kind, a.record_type, a.record_id, COALESCE(c.primary_email, k.primary_email),
                    m.message_id, m.subject, m.from_email, a.direction, a.occurred_at, m.thread_id
             FROM activities a
             JOIN messages m ON m.id = a.message_pk
             LEFT JOIN candidates c ON a.record_type = 'candidate' AND c.id = a.record_id
             LEFT JOIN contacts k ON a.record_type = 'contact' AND k.id = a.record_id
             WHERE a.site_id = ?",
        );
        if filter.record.is_some() {
            sql.push_str(" AND a.record_type = ? AND a.record_id = ?");
        }
        if filter.email.is_some() {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM record_emails re WHERE re.site_id = a.site_id AND re.email = ?
                   AND re.record_type = a.record_type AND re.record_id = a.record_id)",
            );
        }
        if filter.after.is_some() {
            sql.push_str(" AND (a.occurred_at, a.id) > (?, ?)");
        }
        sql.push_str(" ORDER BY a.occurred_at, a.id LIMIT ?");
        let mut query = sqlx::query(&sql).bind(self.site);
        if let Some(r) = filter.record {
            query = query.bind(r.record_type.as_str()).bind(r.id);
        }
        if let Some(e) = &filter.email {
            query = query.bind(e.as_str());
        }
        if let Some((at, id)) = filter.after {
            query = query.bind(at).bind(id);
        }
        query = query.bind(filter.limit.map(i64::from).unwrap_or(-1));
        let rows = query.fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|row| {
                let kind: String = row.get(2);
                Ok(ActivityView {
                    id: row.get(0),
                    kind: row.get(1),
                    record_type: RecordType::parse(&kind).ok_or(StoreError::Corrupt {
                        what: "record type",
                        value: kind,
                    })?,
                    record_id: row.get(3),
                    record_email: row.get(4),
                    message_id: row.get(5),
                    subject: row.get(6),
                    from: row.get(7),
                    direction: row.get(8),
                    occurred_at: row.get(9),
                    thread_id: row.get(10),
                })
            })
            .collect()
    }

    /// Threads, oldest first; with a record, only threads with activity on it.
    pub async fn threads(&self, record: Option<RecordRef>) -> Result<Vec<ThreadView>> {
        let mut sql = String::from(
            "SELECT m.thread_id, COUNT(*), MIN(m.occurred_at), MAX(m.occurred_at),
                    (SELECT s.subject FROM messages s WHERE s.thread_id = m.thread_id ORDER BY s.occurred_at, s.id LIMIT 1)
             FROM messages m WHERE m.site_id = ?",
        );
        if record.is_some() {
            sql.push_str(
                " AND m.thread_id IN (SELECT x.thread_id FROM activities a JOIN messages x ON x.id = a.message_pk
                   WHERE a.site_id = ? AND a.record_type = ? AND a.record_id = ?)",
            );
        }
        sql.push_str(" GROUP BY m.thread_id ORDER BY MIN(m.occurred_at), m.thread_id");
        let mut query = sqlx::query(&sql).bind(self.site);
        if let Some(r) = record {
            query = query
                .bind(self.site)
                .bind(r.record_type.as_str())
                .bind(r.id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|row| ThreadView {
                id: row.get(0),
                messages: row.get(1),
                first_at: row.get(2),
                last_at: row.get(3),
                subject: row.get(4),
            })
            .collect())
    }

    pub async fn thread(&self, id: i64) -> Result<Option<ThreadDetail>> {
        let rows = sqlx::query(
            "SELECT id, message_id, subject, from_email, from_name, participants, direction, occurred_at, text_body, html_body, raw_hash
             FROM messages WHERE site_id = ? AND thread_id = ? ORDER BY occurred_at, id",
        )
        .bind(self.site)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut messages = Vec::with_capacity(rows.len());
        for row in rows {
            let pk: i64 = row.get(0);
            let participants: String = row.get(5);
            let attachments = sqlx::query(
                "SELECT id, name, content_type, size FROM attachments WHERE site_id = ? AND message_pk = ? ORDER BY position",
            )
            .bind(self.site)
            .bind(pk)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|a| AttachmentView {
                id: a.get(0),
                name: a.get(1),
                content_type: a.get(2),
                size: a.get(3),
            })
            .collect();
            messages.push(MessageView {
                id: pk,
                message_id: row.get(1),
                subject: row.get(2),
                from: row.get(3),
                from_name: row.get(4),
                participants: serde_json::from_str(&participants).map_err(|_| {
                    StoreError::Corrupt {
                        what: "participants",
                        value: participants.clone(),
                    }
                })?,
                direction: row.get(6),
                occurred_at: row.get(7),
                text: row.get(8),
                html: row.get(9),
                raw_hash: row.get(10),
                attachments,
            });
        }
        Ok(Some(ThreadDetail { id, messages }))
    }

    /// The raw bytes of a logged message, as they were imported.
    pub async fn raw_message(&self, message_pk: i64) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT raw_hash FROM messages WHERE site_id = ? AND id = ?")
            .bind(self.site)
            .bind(message_pk)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some(self.blobs.get(&r.get::<String, _>(0))?)),
            None => Ok(None),
        }
    }
}
