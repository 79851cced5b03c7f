//! The rows a batch of new messages adds, written in a few multi-row statements.
//!
//! Every statement is a round trip to sqlx's SQLite thread, two thread wake-ups
//! that cost more than the insert itself; a new message used to take five of them
//! (thread, thread refs, message, attachments, activity). The batch holds the write
//! lock (BEGIN IMMEDIATE), so it can number its threads, messages and activities
//! itself, from the largest ids in use when it starts, and send the rows of all
//! its messages together when it ends.
//!
//! Anything that reads or changes those tables by SQL in the middle of a batch (a
//! thread merge, a second copy of a message, a blocked message) calls
//! [`PendingRows::flush`] first.

use crate::error::Result;
use crate::ingest::{NewBody, NewMessage, ACTIVITY_CREATED, IN_RAW};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

/// SQLite's limit on bound values in one statement (SQLITE_MAX_VARIABLE_NUMBER of
/// the bundled SQLite), less a margin.
const MAX_BINDS: usize = 32_000;

pub(crate) struct PendingRows {
    site: i64,
    last_thread: i64,
    last_message: i64,
    last_activity: i64,
    threads: Vec<(i64, i64)>,
    thread_refs: Vec<(String, i64)>,
    messages: Vec<MessageRow>,
    attachments: Vec<AttachmentRow>,
    activities: Vec<ActivityRow>,
    /// Activity ids to raise `activity.created` for.
    events: Vec<i64>,
}

struct MessageRow {
    id: i64,
    thread: i64,
    dedup_key: String,
    message_id: Option<String>,
    subject: Option<String>,
    from_email: Option<String>,
    from_name: Option<String>,
    participants: String,
    direction: &'static str,
    occurred_at: i64,
    headers: String,
    text: Option<String>,
    html: Option<String>,
    raw_hash: String,
    raw_size: i64,
    owner: Option<i64>,
}

struct AttachmentRow {
    message: i64,
    position: i64,
    name: String,
    content_type: String,
    size: i64,
}

struct ActivityRow {
    id: i64,
    record_type: &'static str,
    record_id: i64,
    message: i64,
    direction: &'static str,
    occurred_at: i64,
}

impl PendingRows {
    /// Starts a batch's rows; the transaction must hold the write lock.
    pub async fn start(tx: &mut Transaction<'_, Sqlite>, site: i64) -> Result<PendingRows> {
        let row = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM threads),
                    (SELECT COALESCE(MAX(id), 0) FROM messages),
                    (SELECT COALESCE(MAX(id), 0) FROM activities)",
        )
        .fetch_one(&mut **tx)
        .await?;
        Ok(PendingRows {
            site,
            last_thread: row.get(0),
            last_message: row.get(1),
            last_activity: row.get(2),
            threads: Vec::new(),
            thread_refs: Vec::new(),
            messages: Vec::new(),
            attachments: Vec::new(),
            activities: Vec::new(),
            events: Vec::new(),
        })
    }

    pub fn new_thread(&mut self, ts: i64) -> i64 {
        self.last_thread += 1;
        self.threads.push((self.last_thread, ts));
        self.last_thread
    }

    pub fn thread_ref(&mut self, key: &str, thread: i64) {
        self.thread_refs.push((key.to_string(), thread));
    }

    /// Adds the message with its attachments; returns its id.
    pub fn message(&mut self, m: &NewMessage, body: NewBody, thread: i64, ts: i64) -> i64 {
        self.last_message += 1;
        let id = self.last_message;
        for (position, a) in body.attachments.into_iter().enumerate() {
            self.attachments.push(AttachmentRow {
                message: id,
                position: position as i64,
                name: a.name,
                content_type: a.content_type,
                size: a.size as i64,
            });
        }
        self.messages.push(MessageRow {
            id,
            thread,
            dedup_key: m.dedup_key.clone(),
            message_id: m.message_id.as_ref().map(|i| i.as_str().to_string()),
            subject: m.subject.clone(),
            from_email: m.from.as_ref().map(|p| p.address.as_str().to_string()),
            from_name: m.from.as_ref().and_then(|p| p.name.clone()),
            participants: serde_json::to_string(&m.participants).unwrap_or_else(|_| "[]".into()),
            direction: m.direction.as_str(),
            occurred_at: m.occurred_at.unwrap_or(ts),
            headers: body.headers,
            text: body.text,
            html: body.html,
            raw_hash: body.raw_hash,
            raw_size: body.raw_size as i64,
            owner: m.owner.map(|u| u.0),
        });
        id
    }

    /// Logs message `message` (added by [`PendingRows::message`], so it has no
    /// activities yet) on each of its records, once per record.
    pub fn activities(
        &mut self,
        m: &NewMessage,
        message: i64,
        occurred_at: i64,
        notify: bool,
    ) -> usize {
        let mut added = 0;
        for (i, record) in m.records.iter().enumerate() {
            if m.records[..i].contains(record) {
                continue;
            }
            self.last_activity += 1;
            self.activities.push(ActivityRow {
                id: self.last_activity,
                record_type: record.record_type.as_str(),
                record_id: record.id,
                message,
                direction: m.direction.as_str(),
                occurred_at,
            });
            if notify {
                self.events.push(self.last_activity);
            }
            added += 1;
        }
        added
    }

    /// An activity SQLite numbered itself (`id`): the batch's next one comes after,
    /// and its `activity.created` goes out with the batch's own.
    pub fn numbered_activity(&mut self, id: i64, notify: bool) {
        self.last_activity = self.last_activity.max(id);
        if notify {
            self.events.push(id);
        }
    }

    /// Writes every pending row, parents before children.
    pub async fn flush(&mut self, tx: &mut Transaction<'_, Sqlite>, ts: i64) -> Result<()> {
        let site = self.site;
        let threads = std::mem::take(&mut self.threads);
        let head = "INSERT INTO threads (id, site_id, created_at) ";
        insert_rows(tx, head, 3, &threads, |mut row, (id, at)| {
            row.push_bind(*id).push_bind(site).push_bind(*at);
        })
        .await?;
        let refs = std::mem::take(&mut self.thread_refs);
        let head = "INSERT OR IGNORE INTO thread_refs (site_id, ref, thread_id) ";
        insert_rows(tx, head, 3, &refs, |mut row, (key, thread)| {
            row.push_bind(site)
                .push_bind(key.as_str())
                .push_bind(*thread);
        })
        .await?;
        let messages = std::mem::take(&mut self.messages);
        let head = "INSERT INTO messages (id, site_id, dedup_key, message_id, thread_id, subject, \
            from_email, from_name, participants, direction, occurred_at, headers, text_body, \
            html_body, raw_hash, raw_size, owner_user_id, created_at) ";
        insert_rows(tx, head, 18, &messages, |mut row, m| {
            row.push_bind(m.id)
                .push_bind(site)
                .push_bind(m.dedup_key.as_str())
                .push_bind(m.message_id.as_deref())
                .push_bind(m.thread)
                .push_bind(m.subject.as_deref())
                .push_bind(m.from_email.as_deref())
                .push_bind(m.from_name.as_deref())
                .push_bind(m.participants.as_str())
                .push_bind(m.direction)
                .push_bind(m.occurred_at)
                .push_bind(m.headers.as_str())
                .push_bind(m.text.as_deref())
                .push_bind(m.html.as_deref())
                .push_bind(m.raw_hash.as_str())
                .push_bind(m.raw_size)
                .push_bind(m.owner)
                .push_bind(ts);
        })
        .await?;
        let attachments = std::mem::take(&mut self.attachments);
        let head = "INSERT INTO attachments (site_id, message_pk, position, name, content_type, \
            size, hash) ";
        insert_rows(tx, head, 7, &attachments, |mut row, a| {
            row.push_bind(site)
                .push_bind(a.message)
                .push_bind(a.position)
                .push_bind(a.name.as_str())
                .push_bind(a.content_type.as_str())
                .push_bind(a.size)
                // No blob of its own: the bytes are read from the raw message.
                .push_bind(IN_RAW);
        })
        .await?;
        let activities = std::mem::take(&mut self.activities);
        let head = "INSERT INTO activities (id, site_id, kind, record_type, record_id, \
            message_pk, direction, occurred_at, created_at) ";
        insert_rows(tx, head, 9, &activities, |mut row, a| {
            row.push_bind(a.id)
                .push_bind(site)
                .push_bind("email")
                .push_bind(a.record_type)
                .push_bind(a.record_id)
                .push_bind(a.message)
                .push_bind(a.direction)
                .push_bind(a.occurred_at)
                .push_bind(ts);
        })
        .await?;
        let events = std::mem::take(&mut self.events);
        let head = "INSERT INTO events (site_id, event, kind, item_id, created_at) ";
        insert_rows(tx, head, 5, &events, |mut row, id| {
            row.push_bind(site)
                .push_bind(ACTIVITY_CREATED)
                .push_bind("activity")
                .push_bind(*id)
                .push_bind(ts);
        })
        .await?;
        Ok(())
    }
}

/// `head` followed by one VALUES tuple per row (`columns` values each), in as few
/// statements as SQLite's limit on bound values allows. Not cached: the statement
/// text changes with the number of rows.
async fn insert_rows<'a, T>(
    tx: &mut Transaction<'_, Sqlite>,
    head: &str,
    columns: usize,
    rows: &'a [T],
    mut bind: impl FnMut(Separated<'_, 'a, Sqlite, &'static str>, &'a T),
) -> Result<()> {
    for chunk in rows.chunks(MAX_BINDS / columns) {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push_values(chunk, &mut bind);
        q.build().persistent(false).execute(&mut **tx).await?;
    }
    Ok(())
}
