//! `POST /candidates/{id}/email_import` starts "import email" for the record (its
//! past mail, searched in every connected mailbox, in the background);
//! `GET` the same path for its progress.

use super::record_shape::plural;
use super::records_get::load;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::shape::{absolute, date, href};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use postroom_domain::{RecordRef, RecordType};
use postroom_store::HistoryJob;
use serde_json::{json, Value};

fn shape(t: RecordType, job: &HistoryJob) -> Value {
    let percent = if job.total > 0 {
        (job.done * 100 / job.total).min(100)
    } else if job.state == "done" {
        100
    } else {
        0
    };
    json!({
        "id": job.id,
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "percent": percent,
        "logged": job.logged,
        "error": job.error,
        "date_created": date(job.created_at),
        "date_started": job.started_at.map(date),
        "date_finished": job.finished_at.map(date),
        "_links": { "self": href(format!("/{}/{}/email_import", plural(t), job.record.id)) },
    })
}

pub async fn start(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    let job = state
        .store
        .queue_history_job(
            RecordRef {
                record_type: t,
                id: record.id,
            },
            Some(caller.user.0),
        )
        .await?;
    let location = absolute(
        &state.config,
        &headers,
        &format!("/{}/{}/email_import", plural(t), job.record.id),
    );
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

pub async fn progress(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    let job = state
        .store
        .latest_history_job(RecordRef {
            record_type: t,
            id: record.id,
        })
        .await?
        .ok_or(ApiError::NotFound("email import"))?;
    Ok(Json(shape(t, &job)))
}
