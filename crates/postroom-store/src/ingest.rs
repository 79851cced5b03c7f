//! Writing ingested messages: one transaction per batch, with threads and activities.

use crate::error::Result;
use crate::mailboxes::FolderProgress;
use crate::{now, Store};
use postroom_domain::{Direction, MessageId, Participant, RecordRef, UserId};
use sqlx::{Row, Sqlite, Transaction};

/// The webhook event a logged email raises on each record it lands on.
const ACTIVITY_CREATED: &str = "activity.created";

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

impl NewBody {
    fn blob_hashes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.raw_hash.as_str())
            .chain(self.attachments.iter().map(|a| a.hash.as_str()))
    }
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
    /// From the Date header; `None` dates the message when it is first stored.
    pub occurred_at: Option<i64>,
    /// `None` when the caller already knows the message is stored: only missing
    /// activities are added (a sent copy can reveal a Bcc recipient).
    pub body: Option<NewBody>,
    pub records: Vec<RecordRef>,
    pub owner: Option<UserId>,
}

/// A message with a blocked participant: kept out, with every other copy of it.
#[derive(Debug, Clone)]
pub struct BlockedMessage {
    pub dedup_key: String,
    /// The blocked-list entry that caught it; removing the entry lets it in again.
    pub entry: String,
    /// It still links the threads of the messages around it, so that whether a
    /// blocked copy came first or last does not change the thread partition.
    pub thread_keys: Vec<MessageId>,
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
    /// message in `blocked` (removing it if an earlier copy was logged). Blobs that no
    /// row refers to afterwards are deleted.
    pub async fn record_messages(
        &self,
        batch: &[NewMessage],
        blocked: &[BlockedMessage],
        progress: Option<&FolderProgress>,
    ) -> Result<Vec<WriteOutcome>> {
        let mut tx = self.begin_write().await?;
        let mut unreferenced: Vec<String> = Vec::new();
        let ts = now();
        for b in blocked {
            self.block_message(&mut tx, b, ts, &mut unreferenced)
                .await?;
        }
        let notify = crate::events::anyone_listens(&mut tx, self.site, ACTIVITY_CREATED).await?;
        let mut out = Vec::with_capacity(batch.len());
        for m in batch {
            let outcome = self.record_message(&mut tx, m, ts, notify).await?;
            if !outcome.logged {
                unreferenced.extend(
                    m.body
                        .iter()
                        .flat_map(|b| b.blob_hashes().map(String::from)),
                );
            }
            out.push(outcome);
        }
        if let Some(p) = progress {
            crate::mailboxes::advance_folder(&mut tx, p, ts).await?;
        }
        tx.commit().await?;
        self.delete_unreferenced_blobs(unreferenced).await?;
        Ok(out)
    }

    async fn record_message(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        m: &NewMessage,
        ts: i64,
        notify: bool,
    ) -> Result<WriteOutcome> {
        let is_blocked =
            sqlx::query("SELECT 1 FROM blocked_messages WHERE site_id = ? AND dedup_key = ?")
                .bind(self.site)
                .bind(&m.dedup_key)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
        if is_blocked {
            return Ok(WriteOutcome {
                blocked: true,
                ..WriteOutcome::default()
            });
        }
        let existing =
            sqlx::query("SELECT id, occurred_at FROM messages WHERE site_id = ? AND dedup_key = ?")
                .bind(self.site)
                .bind(&m.dedup_key)
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| (r.get::<i64, _>(0), r.get::<i64, _>(1)));
        // A later copy's activities take the stored message's date, so a message
        // without a Date header has one date however many copies arrive.
        let (message_pk, occurred_at, logged) = match (existing, &m.body) {
            (Some((pk, at)), _) => (pk, at, false),
            (None, None) => {
                return Ok(WriteOutcome {
                    duplicate: true,
                    ..WriteOutcome::default()
                })
            }
            (None, Some(body)) => (
                self.insert_message(tx, m, body, ts).await?,
                m.occurred_at.unwrap_or(ts),
                true,
            ),
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
            .bind(occurred_at)
            .bind(ts)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 1 {
                activities += 1;
                if notify {
                    let id = done.last_insert_rowid();
                    crate::events::record_event(
                        tx,
                        self.site,
                        ACTIVITY_CREATED,
                        "activity",
                        id,
                        ts,
                    )
                    .await?;
                }
            }
        }
        Ok(WriteOutcome {
            logged,
            duplicate: !logged,
            activities,
            blocked: false,
        })
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
        .bind(m.occurred_at.unwrap_or(ts))
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
}
