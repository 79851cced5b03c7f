//! Writing ingested messages: one transaction per batch, with threads and activities.

use crate::error::Result;
use crate::sqlutil::placeholders;
use crate::{now, Store};
use postroom_domain::{
    plan_thread, Direction, MessageId, Participant, RecordRef, ThreadId, ThreadPlan, UserId,
};
use sqlx::{Row, Sqlite, Transaction};

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub hash: String,
}

/// The content of a message being stored for the first time.
#[derive(Debug, Clone)]
pub struct NewBody {
    pub headers: String,
    pub text: Option<String>,
    pub html: Option<String>,
    pub raw_hash: String,
    pub raw_size: u64,
    pub attachments: Vec<NewAttachment>,
}

/// A matched message, ready to be logged on `records`.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub dedup_key: String,
    pub message_id: Option<MessageId>,
    /// Own Message-ID, In-Reply-To and References: what ties it to a thread.
    pub thread_keys: Vec<MessageId>,
    pub subject: Option<String>,
    pub from: Option<Participant>,
    pub participants: Vec<Participant>,
    pub direction: Direction,
    pub occurred_at: i64,
    /// `None` when the caller already knows the message is stored: only missing
    /// activities are added (a sent copy can reveal a Bcc recipient).
    pub body: Option<NewBody>,
    pub records: Vec<RecordRef>,
    pub owner: Option<UserId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteOutcome {
    /// The message was stored now.
    pub logged: bool,
    /// The message was already stored (by an earlier batch or earlier in this one).
    pub duplicate: bool,
    /// Activities created now.
    pub activities: usize,
    /// Kept out: a copy of this message had a blocked participant.
    pub blocked: bool,
}

impl Store {
    /// Logs a batch of matched messages in one transaction, and keeps out every
    /// message whose dedup key is in `blocked` (removing it if an earlier copy was
    /// logged).
    pub async fn record_messages(
        &self,
        batch: &[NewMessage],
        blocked: &[&str],
    ) -> Result<Vec<WriteOutcome>> {
        let mut tx = self.pool.begin().await?;
        for key in blocked {
            self.block_message(&mut tx, key).await?;
        }
        let mut out = Vec::with_capacity(batch.len());
        let ts = now();
        for m in batch {
            let is_blocked =
                sqlx::query("SELECT 1 FROM blocked_messages WHERE site_id = ? AND dedup_key = ?")
                    .bind(self.site)
                    .bind(&m.dedup_key)
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some();
            if is_blocked {
                out.push(WriteOutcome {
                    blocked: true,
                    ..WriteOutcome::default()
                });
                continue;
            }
            let existing =
                sqlx::query("SELECT id FROM messages WHERE site_id = ? AND dedup_key = ?")
                    .bind(self.site)
                    .bind(&m.dedup_key)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.get::<i64, _>(0));
            let (message_pk, logged) = match (existing, &m.body) {
                (Some(pk), _) => (pk, false),
                (None, None) => {
                    out.push(WriteOutcome {
                        duplicate: true,
                        ..WriteOutcome::default()
                    });
                    continue;
                }
                (None, Some(body)) => (self.insert_message(&mut tx, m, body, ts).await?, true),
            };
            let mut activities = 0;
            for record in &m.records {
                let done = sqlx::query(
                    "INSERT OR IGNORE INTO activities (site_id, kind, record_type, record_id, message_pk, direction, occurred_at, created_at)
                     VALUES (?, 'email', ?, ?, ?, ?, ?, ?)",
                )
                .bind(self.site)
                .bind(record.record_type.as_str())
                .bind(record.id)
                .bind(message_pk)
                .bind(m.direction.as_str())
                .bind(m.occurred_at)
                .bind(ts)
                .execute(&mut *tx)
                .await?;
                activities += done.rows_affected() as usize;
            }
            out.push(WriteOutcome {
                logged,
                duplicate: !logged,
                activities,
                blocked: false,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn block_message(&self, tx: &mut Transaction<'_, Sqlite>, key: &str) -> Result<()> {
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO blocked_messages (site_id, dedup_key) VALUES (?, ?)",
        )
        .bind(self.site)
        .bind(key)
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(());
        }
        let pk = sqlx::query("SELECT id FROM messages WHERE site_id = ? AND dedup_key = ?")
            .bind(self.site)
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.get::<i64, _>(0));
        if let Some(pk) = pk {
            for sql in [
                "DELETE FROM activities WHERE message_pk = ?",
                "DELETE FROM attachments WHERE message_pk = ?",
                "DELETE FROM messages WHERE id = ?",
            ] {
                sqlx::query(sql).bind(pk).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    async fn insert_message(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        m: &NewMessage,
        body: &NewBody,
        ts: i64,
    ) -> Result<i64> {
        let thread = self.place_in_thread(tx, &m.thread_keys, ts).await?;
        let participants = serde_json::to_string(&m.participants).unwrap_or_else(|_| "[]".into());
        let pk = sqlx::query(
            "INSERT INTO messages (site_id, dedup_key, message_id, thread_id, subject, from_email, from_name, participants,
                direction, occurred_at, headers, text_body, html_body, raw_hash, raw_size, owner_user_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(&m.dedup_key)
        .bind(m.message_id.as_ref().map(|id| id.as_str()))
        .bind(thread.0)
        .bind(&m.subject)
        .bind(m.from.as_ref().map(|p| p.address.as_str()))
        .bind(m.from.as_ref().and_then(|p| p.name.as_deref()))
        .bind(participants)
        .bind(m.direction.as_str())
        .bind(m.occurred_at)
        .bind(&body.headers)
        .bind(&body.text)
        .bind(&body.html)
        .bind(&body.raw_hash)
        .bind(body.raw_size as i64)
        .bind(m.owner.map(|u| u.0))
        .bind(ts)
        .execute(&mut **tx)
        .await?
        .last_insert_rowid();
        for (position, a) in body.attachments.iter().enumerate() {
            sqlx::query(
                "INSERT INTO attachments (site_id, message_pk, position, name, content_type, size, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(self.site)
            .bind(pk)
            .bind(position as i64)
            .bind(&a.name)
            .bind(&a.content_type)
            .bind(a.size as i64)
            .bind(&a.hash)
            .execute(&mut **tx)
            .await?;
        }
        Ok(pk)
    }

    /// Finds or creates the thread for these keys, merging threads they turn out to
    /// join, and records every key as belonging to it.
    async fn place_in_thread(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        keys: &[MessageId],
        ts: i64,
    ) -> Result<ThreadId> {
        let mut found = Vec::new();
        if !keys.is_empty() {
            let sql = format!(
                "SELECT DISTINCT thread_id FROM thread_refs WHERE site_id = ? AND ref IN ({})",
                placeholders(keys.len())
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in keys {
                query = query.bind(k.as_str());
            }
            found = query
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .map(|r| ThreadId(r.get(0)))
                .collect();
        }
        let thread = match plan_thread(&found) {
            ThreadPlan::Join(id) => id,
            ThreadPlan::New => ThreadId(
                sqlx::query("INSERT INTO threads (site_id, created_at) VALUES (?, ?)")
                    .bind(self.site)
                    .bind(ts)
                    .execute(&mut **tx)
                    .await?
                    .last_insert_rowid(),
            ),
            ThreadPlan::Merge { into, from } => {
                for old in from {
                    for sql in [
                        "UPDATE messages SET thread_id = ? WHERE thread_id = ?",
                        "UPDATE thread_refs SET thread_id = ? WHERE thread_id = ?",
                    ] {
                        sqlx::query(sql)
                            .bind(into.0)
                            .bind(old.0)
                            .execute(&mut **tx)
                            .await?;
                    }
                    sqlx::query("DELETE FROM threads WHERE id = ?")
                        .bind(old.0)
                        .execute(&mut **tx)
                        .await?;
                }
                into
            }
        };
        for k in keys {
            sqlx::query(
                "INSERT OR IGNORE INTO thread_refs (site_id, ref, thread_id) VALUES (?, ?, ?)",
            )
            .bind(self.site)
            .bind(k.as_str())
            .bind(thread.0)
            .execute(&mut **tx)
            .await?;
        }
        Ok(thread)
    }
}
