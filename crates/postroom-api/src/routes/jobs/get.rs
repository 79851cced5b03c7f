//! `GET /jobs/{id}`, and loading the job a request names.

use super::shape::{shape, Context};
use super::visible_to;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use postroom_store::jobs::Job;
use serde_json::Value;

/// The job the caller asked for, if it exists and they may read it: to anyone
/// else it does not exist.
pub(crate) async fn load(state: &AppState, caller: &Caller, id: &str) -> Result<Job, ApiError> {
    let not_found = || ApiError::NotFound("job");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let job = state.store.job(id).await?.ok_or_else(not_found)?;
    match visible_to(caller) {
        Some(user) if !job.hiring_team.contains(&user) => Err(not_found()),
        _ => Ok(job),
    }
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let job = load(&state, &caller, &id).await?;
    Ok(Json(shape(&job, &Context::load(&state).await?)))
}
