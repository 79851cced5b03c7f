//! `GET /jobs/{id}/hiring_team` (team members in the `/users` shape) and
//! `PUT /jobs/{id}/hiring_team` with `{"user_ids":[...]}`, which replaces it.

use super::super::users::shape as user;
use super::reader::Reader;
use super::shape::{shape, Context};
use super::{load, may_write, reference_errors};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::paging::{envelope_of_all, Page};
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use postroom_store::jobs::Checked;
use serde_json::Value;
use std::collections::HashMap;

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let job = load(&state, &caller, &id).await?;
    let team = state.store.hiring_team(job.id).await?;
    let path = format!("/jobs/{}/hiring_team", job.id);
    Ok(Json(envelope_of_all(&path, "users", &team, page, user)))
}

pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let job = load(&state, &caller, &id).await?;
    let mut r = Reader::new(&body)?;
    if r.get("user_ids").is_none() {
        r.fail("user_ids", "is required");
    }
    let users = r.ids("user_ids");
    let Some(users) = users.filter(|_| r.errors.is_empty()) else {
        return Err(ApiError::Invalid(r.errors));
    };
    match state.store.set_hiring_team(job.id, &users).await? {
        Checked::Done(()) => {}
        Checked::NoSuchItem => return Err(ApiError::NotFound("job")),
        Checked::Unknown(unknown) => {
            // Reported under the field this route reads.
            let mut errors = reference_errors(&unknown);
            errors.iter_mut().for_each(|e| e.field = "user_ids".into());
            return Err(ApiError::Invalid(errors));
        }
    }
    if let Some(job) = state.store.job(job.id).await? {
        let record = shape(&job, &Context::load(&state).await?);
        emit(&state, "job.updated", "job", job.id, Some(record)).await;
    }
    Ok(StatusCode::NO_CONTENT)
}
