//! `POST /pipelines[?create_activity=true]`: adds a candidate to a job's pipeline
//! at the workflow's default status; 201, empty body, absolute `Location`. Once
//! per candidate and job (409 after); the activity noting it, when asked for, is
//! written with it.

use super::super::jobs::may_write;
use super::input::{parse_new, wants_activity};
use super::shape::{announce_note, current};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_store::pipelines::{Added, NewPipeline};
use serde_json::Value;
use std::collections::HashMap;

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let mut b = parse_new(&body)?;
    let (Some(candidate_id), Some(job_id), true) = (b.candidate_id, b.job_id, b.errors.is_empty())
    else {
        // The ids that were readable are checked too: every wrong field at once.
        let unknown = state
            .store
            .unknown_pipeline_refs(b.candidate_id, b.job_id)
            .await?;
        b.errors
            .extend(unknown_errors(&unknown, b.candidate_id, b.job_id));
        return Err(ApiError::Invalid(b.errors));
    };
    let new = NewPipeline {
        candidate_id,
        job_id,
        rating: b.rating,
        created_by: Some(caller.user.0),
        with_activity: wants_activity(&q, &body),
    };
    let (id, activity) = match state.store.add_to_pipeline(&new).await? {
        Added::Done { id, activity } => (id, activity),
        Added::Unknown(fields) => {
            let errors = unknown_errors(&fields, Some(candidate_id), Some(job_id));
            return Err(ApiError::Invalid(errors));
        }
        Added::Exists(id) => {
            return Err(ApiError::Conflict(format!(
                "The candidate is already in this job's pipeline (pipeline {id})."
            )))
        }
    };
    emit(
        &state,
        "pipeline.created",
        "pipeline",
        id,
        current(&state, id).await?,
    )
    .await;
    if let Some(note) = activity {
        announce_note(&state, note).await?;
    }
    let location = absolute(&state.config, &headers, &format!("/pipelines/{id}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// `candidate_id` or `job_id` naming nothing.
fn unknown_errors(
    fields: &[&'static str],
    candidate_id: Option<i64>,
    job_id: Option<i64>,
) -> Vec<FieldError> {
    fields
        .iter()
        .map(|&field| {
            let (what, id) = if field == "job_id" {
                ("job", job_id)
            } else {
                ("candidate", candidate_id)
            };
            // Only ids that were given are ever checked.
            let id = id.unwrap_or_default();
            FieldError::new(field, format!("no {what} has id {id}"))
        })
        .collect()
}
