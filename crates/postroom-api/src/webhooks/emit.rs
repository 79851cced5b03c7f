//! Turning a change into queued webhook deliveries.

use crate::request_id::fresh;
use crate::shape::{date, href};
use crate::state::AppState;
use serde_json::{json, Value};

/// Every event a webhook can subscribe to.
pub const EVENTS: [&str; 24] = [
    "candidate.created",
    "candidate.updated",
    "candidate.deleted",
    "contact.created",
    "contact.updated",
    "contact.deleted",
    "company.created",
    "company.updated",
    "company.deleted",
    "job.created",
    "job.updated",
    "job.deleted",
    "activity.created",
    "activity.updated",
    "activity.deleted",
    "user.created",
    "user.updated",
    "user.deleted",
    "pipeline.created",
    "pipeline.deleted",
    "contact.status_changed",
    "company.status_changed",
    "job.status_changed",
    "pipeline.status_changed",
];

/// Queues `event` about the `kind` with `id` (and its record, when there is one) for
/// every subscribed webhook. A failure is logged, never the caller's: the change
/// itself has already happened.
pub async fn emit(state: &AppState, event: &str, kind: &str, id: i64, record: Option<Value>) {
    let body = body(event, kind, id, record);
    if let Err(e) = state
        .store
        .queue_event(event, &body.to_string(), fresh)
        .await
    {
        tracing::error!(%event, error = %e, "cannot queue a webhook event");
    }
}

/// The delivery body: `{"event","<kind>_id","date","_links","_embedded"}`.
pub fn body(event: &str, kind: &str, id: i64, record: Option<Value>) -> Value {
    let path = match kind {
        "activity" => format!("/activities/{id}"),
        "company" => format!("/companies/{id}"),
        other => format!("/{other}s/{id}"),
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut body = json!({
        "event": event,
        format!("{kind}_id"): id,
        "date": date(now),
        "_links": { kind: href(path) },
    });
    if let Some(record) = record {
        body["_embedded"] = json!({ kind: record });
    }
    body
}
