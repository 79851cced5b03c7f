//! The delivery worker: POSTs due deliveries from the outbox, with backoff between
//! attempts. Deliveries live in the store, so a restart resumes them.

use super::fanout::fan_out_events;
use super::sign::signature;
use postroom_domain::sync::backoff;
use postroom_store::{Delivery, Store};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Attempts before a delivery is marked failed (about a day of backoff).
const MAX_ATTEMPTS: i64 = 12;
const TIMEOUT: Duration = Duration::from_secs(10);

/// Runs until `stop`: every `interval`, fans the event outbox out into deliveries
/// and attempts the deliveries that are due; a failed
/// attempt is retried after `retry_base`, doubling up to six hours.
pub async fn run_deliveries(
    store: Store,
    interval: Duration,
    retry_base: Duration,
    stop: CancellationToken,
) {
    loop {
        if let Err(e) = fan_out_events(&store).await {
            tracing::error!(error = %e, "cannot fan out webhook events");
        }
        match store.due_deliveries(50).await {
            Ok(due) => {
                for d in due {
                    if stop.is_cancelled() {
                        return;
                    }
                    deliver(&store, d, retry_base).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "cannot read the webhook outbox"),
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.cancelled() => return,
        }
    }
}

async fn deliver(store: &Store, d: Delivery, retry_base: Duration) {
    let sig = signature(&d.secret, d.body.as_bytes(), &d.request_id);
    let (url, body, request_id) = (d.target_url.clone(), d.body.clone(), d.request_id.clone());
    let result = tokio::task::spawn_blocking(move || {
        let sent = ureq::post(&url)
            .timeout(TIMEOUT)
            .set("Content-Type", "application/json")
            .set("X-Request-Id", &request_id)
            .set("X-Signature", &sig)
            .send_string(&body);
        match sent {
            Ok(response) => (Some(response.status()), None),
            Err(ureq::Error::Status(code, _)) => (Some(code), Some(format!("HTTP {code}"))),
            Err(e) => (None, Some(e.to_string())),
        }
    })
    .await;
    let (status, error) = result.unwrap_or_else(|e| (None, Some(e.to_string())));
    let delivered = error.is_none();
    let retry_at = (!delivered && d.attempts + 1 < MAX_ATTEMPTS).then(|| {
        let wait = backoff(
            (d.attempts + 1) as u32,
            retry_base,
            Duration::from_secs(3600 * 6),
        );
        time::OffsetDateTime::now_utc().unix_timestamp() + wait.as_secs_f64().ceil() as i64
    });
    if let Some(e) = &error {
        tracing::warn!(webhook = d.webhook_id, event = %d.event, attempt = d.attempts + 1, error = %e, "webhook delivery failed");
    }
    if let Err(e) = store
        .note_delivery(d.id, status, error.as_deref(), delivered, retry_at)
        .await
    {
        tracing::error!(error = %e, "cannot record a webhook delivery");
    }
}
