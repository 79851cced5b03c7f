//! The event outbox: changes written in the transaction that makes them, fanned out
//! to webhook deliveries later by the server.
//!
//! Writers that run without the API (sync, imports) cannot render a webhook body,
//! which is the API's shape; they record *what* changed, and the server renders it
//! when it fans the event out. Fanning out one event (its deliveries written, the
//! event removed) is one transaction, so each subscriber gets it exactly once.

use crate::error::Result;
use crate::{now, Store};
use sqlx::{Row, Sqlite, Transaction};

/// An event waiting to be turned into deliveries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEvent {
    pub id: i64,
    pub event: String,
    pub kind: String,
    pub item_id: i64,
}

/// Whether any webhook of the site listens for `event`: writers skip the outbox
/// entirely when nobody does, so a team without webhooks pays nothing.
pub(crate) async fn anyone_listens(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    event: &str,
) -> Result<bool> {
    let pattern = format!("%\"{event}\"%");
    Ok(
        sqlx::query("SELECT 1 FROM webhooks WHERE site_id = ? AND events LIKE ? LIMIT 1")
            .bind(site)
            .bind(pattern)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

pub(crate) async fn record_event(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    event: &str,
    kind: &str,
    item_id: i64,
    ts: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO events (site_id, event, kind, item_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(site)
    .bind(event)
    .bind(kind)
    .bind(item_id)
    .bind(ts)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records `event` about `kind` `item_id` when some webhook listens for it: for the
/// writers of rare changes (team members), one call in their transaction.
pub(crate) async fn record_if_listened(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    event: &str,
    kind: &str,
    item_id: i64,
) -> Result<()> {
    if anyone_listens(tx, site, event).await? {
        record_event(tx, site, event, kind, item_id, now()).await?;
    }
    Ok(())
}

impl Store {
    /// The oldest events not yet fanned out.
    pub async fn pending_events(&self, limit: u32) -> Result<Vec<PendingEvent>> {
        let rows = sqlx::query(
            "SELECT id, event, kind, item_id FROM events WHERE site_id = ? ORDER BY id LIMIT ?",
        )
        .bind(self.site)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| PendingEvent {
                id: r.get(0),
                event: r.get(1),
                kind: r.get(2),
                item_id: r.get(3),
            })
            .collect())
    }

    /// Queues `body` for every webhook subscribed to the event and removes the
    /// event, together. Returns how many deliveries were queued.
    pub async fn fan_out(
        &self,
        e: &PendingEvent,
        body: &str,
        make_id: impl Fn() -> String,
    ) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        // Taking the event out first makes the fan-out once: a second fan-out of
        // the same event (two servers on one data dir) finds it gone and queues
        // nothing.
        let taken = sqlx::query("DELETE FROM events WHERE site_id = ? AND id = ?")
            .bind(self.site)
            .bind(e.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if taken != 1 {
            return Ok(0);
        }
        let queued = self.queue_in(&mut tx, &e.event, body, make_id).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Writes one delivery of `body` per webhook subscribed to `event`.
    pub(crate) async fn queue_in(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        event: &str,
        body: &str,
        make_id: impl Fn() -> String,
    ) -> Result<usize> {
        let hooks = sqlx::query("SELECT id, events FROM webhooks WHERE site_id = ? ORDER BY id")
            .bind(self.site)
            .fetch_all(&mut **tx)
            .await?;
        let ts = now();
        let mut queued = 0;
        for h in hooks {
            let events: Vec<String> = serde_json::from_str(h.get::<&str, _>(1)).unwrap_or_default();
            if !events.iter().any(|x| x == event) {
                continue;
            }
            sqlx::query(
                "INSERT INTO webhook_deliveries (site_id, webhook_id, event, request_id, body, \
                 next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(self.site)
            .bind(h.get::<i64, _>(0))
            .bind(event)
            .bind(make_id())
            .bind(body)
            .bind(ts)
            .bind(ts)
            .execute(&mut **tx)
            .await?;
            queued += 1;
        }
        Ok(queued)
    }
}
