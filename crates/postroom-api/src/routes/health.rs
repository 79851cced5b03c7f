use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

pub async fn healthz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    // Answering means the process is up; a query means the database is too.
    state.store.mailboxes().await?;
    Ok(Json(json!({ "status": "ok" })))
}

pub async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let mut out = state.metrics.render();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    out.push_str("# HELP postroom_mailbox_sync_lag_seconds Seconds since a mailbox's last successful pass.\n");
    out.push_str("# TYPE postroom_mailbox_sync_lag_seconds gauge\n");
    for m in state.store.mailboxes().await? {
        if let Some(at) = m.last_sync_at {
            out.push_str(&format!(
                "postroom_mailbox_sync_lag_seconds{{mailbox=\"{}\"}} {}\n",
                m.email.replace('"', ""),
                (now - at).max(0)
            ));
        }
    }
    let counts = state.store.counts().await?;
    out.push_str("# HELP postroom_messages_logged Messages stored on records.\n");
    out.push_str("# TYPE postroom_messages_logged gauge\n");
    out.push_str(&format!("postroom_messages_logged {}\n", counts.messages));
    out.push_str("# HELP postroom_activities Activities on records.\n");
    out.push_str("# TYPE postroom_activities gauge\n");
    out.push_str(&format!("postroom_activities {}\n", counts.activities));
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out))
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound("resource")
}
