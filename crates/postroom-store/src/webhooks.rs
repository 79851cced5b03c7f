//! Webhook subscriptions and their delivery outbox.

use crate::error::Result;
use crate::sqlutil::delete_row;
use crate::{now, Store};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct Webhook {
    pub id: i64,
    pub events: Vec<String>,
    pub target_url: String,
    pub secret: String,
    pub created_at: i64,
}

/// A delivery due now.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub request_id: String,
    pub body: String,
    pub target_url: String,
    pub secret: String,
    pub attempts: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DeliveryLog {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub request_id: String,
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

fn webhook(r: &SqliteRow) -> Webhook {
    Webhook {
        id: r.get("id"),
        events: serde_json::from_str(r.get::<&str, _>("events")).unwrap_or_default(),
        target_url: r.get("target_url"),
        secret: r.get("secret"),
        created_at: r.get("created_at"),
    }
}

impl Store {
    pub async fn add_webhook(
        &self,
        events: &[String],
        target_url: &str,
        secret: &str,
        by: Option<i64>,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query(
            "INSERT INTO webhooks (site_id, events, target_url, secret, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(serde_json::to_string(events).unwrap_or_else(|_| "[]".into()))
        .bind(target_url)
        .bind(secret)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(id)
    }

    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        Ok(
            sqlx::query("SELECT * FROM webhooks WHERE site_id = ? ORDER BY id")
                .bind(self.site)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(webhook)
                .collect(),
        )
    }

    pub async fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        Ok(
            sqlx::query("SELECT * FROM webhooks WHERE site_id = ? AND id = ?")
                .bind(self.site)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(webhook),
        )
    }

    pub async fn delete_webhook(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE site_id = ? AND webhook_id = ?")
            .bind(self.site)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = delete_row(&mut tx, "webhooks", self.site, id).await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Queues `body` for every webhook subscribed to `event`; `request_id` is made
    /// per delivery by `make_id`. Returns how many deliveries were queued.
    pub async fn queue_event(
        &self,
        event: &str,
        body: &str,
        make_id: impl Fn() -> String,
    ) -> Result<usize> {
        // Most changes interest no webhook: no write transaction for those.
        if !self
            .webhooks()
            .await?
            .iter()
            .any(|w| w.events.iter().any(|e| e == event))
        {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let queued = self.queue_in(&mut tx, event, body, make_id).await?;
        tx.commit().await?;
        Ok(queued)
    }

    /// Pending deliveries whose time has come, oldest first.
    pub async fn due_deliveries(&self, limit: u32) -> Result<Vec<Delivery>> {
        let rows = sqlx::query(
            "SELECT d.id, d.webhook_id, d.event, d.request_id, d.body, w.target_url, w.secret, \
             d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
             WHERE d.site_id = ? AND d.state = 'pending' AND d.next_attempt_at <= ? \
             ORDER BY d.next_attempt_at, d.id LIMIT ?",
        )
        .bind(self.site)
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| Delivery {
                id: r.get(0),
                webhook_id: r.get(1),
                event: r.get(2),
                request_id: r.get(3),
                body: r.get(4),
                target_url: r.get(5),
                secret: r.get(6),
                attempts: r.get(7),
            })
            .collect())
    }

    /// Records an attempt: delivered, retried at `retry_at`, or given up (`None`).
    pub async fn note_delivery(
        &self,
        id: i64,
        status: Option<u16>,
        error: Option<&str>,
        delivered: bool,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let state = if delivered {
            "delivered"
        } else if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        };
        let ts = now();
        sqlx::query(
            "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_status = ?, \
             last_error = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?",
        )
        .bind(state)
        .bind(status.map(i64::from))
        .bind(error)
        .bind(retry_at.unwrap_or(ts))
        .bind(delivered.then_some(ts))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn delivery_log(&self, webhook: i64, limit: u32) -> Result<Vec<DeliveryLog>> {
        let rows = sqlx::query(
            "SELECT id, webhook_id, event, request_id, state, attempts, last_status, last_error \
             FROM webhook_deliveries WHERE site_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(self.site)
        .bind(webhook)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| DeliveryLog {
                id: r.get(0),
                webhook_id: r.get(1),
                event: r.get(2),
                request_id: r.get(3),
                state: r.get(4),
                attempts: r.get(5),
                last_status: r.get(6),
                last_error: r.get(7),
            })
            .collect())
    }
}
