//! `POST /pipelines/{id}/status` with `{"status_id"}`: 201, empty body, the
//! pipeline's `Location`; and its history, `GET /pipelines/{id}/statuses`.
//!
//! Hiring managers move the candidates of their own jobs through the interview
//! stages, so this is the one pipeline write open to them. The move goes through
//! the store's status change (a status of the job's workflow, recorded once);
//! the same status again changes, records and announces nothing.

use super::super::jobs::reader::Reader;
use super::super::statuses::shape::change as change_shape;
use super::input::{required_id, wants_activity};
use super::load;
use super::shape::{announce_note, current};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::paging::{envelope_of_all, Page};
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use postroom_store::statuses::{StatusKind, StatusOutcome};
use serde_json::Value;
use std::collections::HashMap;

pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    let pipeline = load(&state, &caller, &id).await?;
    let mut r = Reader::new(&body)?;
    let status = required_id(&mut r, "status_id");
    // `triggers` (CATS's e-mail triggers) are accepted and not acted on.
    let Some(status) = status.filter(|_| r.errors.is_empty()) else {
        return Err(ApiError::Invalid(r.errors));
    };
    let with_activity = wants_activity(&q, &body);
    let by = Some(caller.user.0);
    let moved = state
        .store
        .move_pipeline(pipeline.id, status, by, with_activity)
        .await?;
    match moved.outcome {
        StatusOutcome::Changed { .. } => {
            let record = current(&state, pipeline.id).await?;
            emit(
                &state,
                "pipeline.status_changed",
                "pipeline",
                pipeline.id,
                record,
            )
            .await;
        }
        StatusOutcome::Unchanged => {}
        // Deleted since it was loaded.
        StatusOutcome::NoSuchItem => return Err(ApiError::NotFound("pipeline")),
        StatusOutcome::WrongStatus => {
            let message = format!("no status of the job's workflow has id {status}");
            return Err(ApiError::invalid("status_id", message));
        }
    }
    if let Some(note) = moved.activity {
        announce_note(&state, note).await?;
    }
    let path = format!("/pipelines/{}", pipeline.id);
    let location = absolute(&state.config, &headers, &path);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// The history, oldest first, listed under `name` (`statuses` or
/// `status_changes`, the path it was asked by).
pub async fn history(
    name: &'static str,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let pipeline = load(&state, &caller, &id).await?;
    let kind = StatusKind::Pipeline;
    let history = state.store.status_history(kind, pipeline.id).await?;
    let statuses = state
        .store
        .statuses(kind, Some(pipeline.workflow_id))
        .await?;
    let path = format!("/pipelines/{}/{name}", pipeline.id);
    let shape = |c: &_| change_shape(c, &statuses);
    Ok(Json(envelope_of_all(&path, name, &history, page, shape)))
}
