//! Writing ingested messages: one transaction per batch, with threads and activities.

use crate::error::Result;
use crate::ingest_rows::PendingRows;
use crate::mailboxes::FolderProgress;
use crate::sqlutil::{placeholders, IN_CHUNK};
use crate::threads_write::ThreadRefs;
use crate::{now, Store};
use postroom_domain::{Direction, MessageId, Participant, RecordRef, UserId};
use sqlx::{Row, Sqlite, Transaction};
use std::collections::{HashMap, HashSet};

/// The webhook event a logged email raises on each record it lands on.
/// The `hash` of an attachment whose bytes live only inside its raw message
/// (every attachment stored since then); older rows name a blob of their own.
pub(crate) const IN_RAW: &str = "";

pub(crate) const ACTIVITY_CREATED: &str = "activity.created";

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub name: String,
    pub content_type: String,
    pub size: u64,
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
        batch: Vec<NewMessage>,
        blocked: &[BlockedMessage],
        progress: Option<&FolderProgress>,
    ) -> Result<Vec<WriteOutcome>> {
        let mut tx = self.begin_write().await?;
        let mut unreferenced: Vec<String> = Vec::new();
        let ts = now();
        // What the batch needs to know of the database is read up front, a query
        // each rather than a few per message: every statement is a round trip to
        // the database thread, which cost more than the statements themselves.
        let keys = batch.iter().flat_map(|m| &m.thread_keys);
        let mut refs = self
            .thread_refs_of(
                &mut tx,
                keys.chain(blocked.iter().flat_map(|b| &b.thread_keys)),
            )
            .await?;
        let mut pending = PendingRows::start(&mut tx, self.site).await?;
        for b in blocked {
            self.block_message(&mut tx, &mut refs, &mut pending, b, ts, &mut unreferenced)
                .await?;
        }
        // After the blocking above, which can remove stored copies.
        let mut known = self.known_copies(&mut tx, &batch).await?;
        let notify = crate::events::anyone_listens(&mut tx, self.site, ACTIVITY_CREATED).await?;
        let mut out = Vec::with_capacity(batch.len());
        for mut m in batch {
            let outcome = self
                .record_message(
                    &mut tx,
                    &mut refs,
                    &mut known,
                    &mut pending,
                    &mut m,
                    ts,
                    notify,
                )
                .await?;
            if !outcome.logged {
                unreferenced.extend(m.body.iter().map(|b| b.raw_hash.clone()));
            }
            out.push(outcome);
        }
        pending.flush(&mut tx, ts).await?;
        if let Some(p) = progress {
            crate::mailboxes::advance_folder(&mut tx, p, ts).await?;
        }
        tx.commit().await?;
        self.delete_unreferenced_blobs(unreferenced).await?;
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_message(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        refs: &mut ThreadRefs,
        known: &mut KnownCopies,
        pending: &mut PendingRows,
        m: &mut NewMessage,
        ts: i64,
        notify: bool,
    ) -> Result<WriteOutcome> {
        if known.blocked.contains(&m.dedup_key) {
            return Ok(WriteOutcome {
                blocked: true,
                ..WriteOutcome::default()
            });
        }
        let existing = known.stored.get(&m.dedup_key).copied();
        // A later copy's activities take the stored message's date, so a message
        // without a Date header has one date however many copies arrive.
        let (pk, at) = match existing {
            Some(stored) => stored,
            None => {
                let Some(body) = m.body.take() else {
                    return Ok(WriteOutcome {
                        duplicate: true,
                        ..WriteOutcome::default()
                    });
                };
                let thread = self
                    .place_in_thread(tx, refs, pending, &m.thread_keys, ts)
                    .await?;
                let pk = pending.message(m, body, thread.0, ts);
                let at = m.occurred_at.unwrap_or(ts);
                // A second copy later in the same batch finds this one.
                known.stored.insert(m.dedup_key.clone(), (pk, at));
                return Ok(WriteOutcome {
                    logged: true,
                    duplicate: false,
                    activities: pending.activities(m, pk, at, notify),
                    blocked: false,
                });
            }
        };
        // Another copy: it may add the message to records it was not on yet (a
        // sent copy can reveal a Bcc recipient), which takes a look at the table.
        pending.flush(tx, ts).await?;
        let mut activities = 0;
        for record in &m.records {
            let done = sqlx::query(
                "INSERT OR IGNORE INTO activities (site_id, kind, record_type, record_id, message_pk, direction, occurred_at, created_at)
                 VALUES (?, 'email', ?, ?, ?, ?, ?, ?)",
            )
            .bind(self.site)
            .bind(record.record_type.as_str())
            .bind(record.id)
            .bind(pk)
            .bind(m.direction.as_str())
            .bind(at)
            .bind(ts)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 1 {
                activities += 1;
                pending.numbered_activity(done.last_insert_rowid(), notify);
            }
        }
        Ok(WriteOutcome {
            logged: false,
            duplicate: true,
            activities,
            blocked: false,
        })
    }
}

/// The batch's messages already stored (id and date) or blocked, by dedup key.
struct KnownCopies {
    stored: HashMap<String, (i64, i64)>,
    blocked: HashSet<String>,
}

impl Store {
    async fn known_copies(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        batch: &[NewMessage],
    ) -> Result<KnownCopies> {
        let mut keys: Vec<&str> = batch.iter().map(|m| m.dedup_key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut known = KnownCopies {
            stored: HashMap::new(),
            blocked: HashSet::new(),
        };
        for chunk in keys.chunks(IN_CHUNK) {
            let list = placeholders(chunk.len());
            let sql = format!(
                "SELECT dedup_key, id, occurred_at FROM messages WHERE site_id = ? AND dedup_key IN ({list})"
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in chunk {
                query = query.bind(*k);
            }
            for row in query.fetch_all(&mut **tx).await? {
                known.stored.insert(row.get(0), (row.get(1), row.get(2)));
            }
            let sql = format!(
                "SELECT dedup_key FROM blocked_messages WHERE site_id = ? AND dedup_key IN ({list})"
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in chunk {
                query = query.bind(*k);
            }
            for row in query.fetch_all(&mut **tx).await? {
                known.blocked.insert(row.get(0));
            }
        }
        Ok(known)
    }
}
