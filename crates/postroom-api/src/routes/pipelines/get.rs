//! `GET /pipelines/{id}`, and loading the pipeline a request names.

use super::super::jobs::visible_to;
use super::shape::{shape, Context};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use postroom_store::pipelines::Pipeline;
use serde_json::Value;

/// The pipeline the caller asked for, if it exists and they may read it (a
/// hiring manager, those of their jobs): to anyone else it does not exist.
pub(crate) async fn load(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Pipeline, ApiError> {
    let not_found = || ApiError::NotFound("pipeline");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let pipeline = state.store.pipeline(id, visible_to(caller)).await?;
    pipeline.ok_or_else(not_found)
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let p = load(&state, &caller, &id).await?;
    Ok(Json(shape(&p, &Context::load(&state).await?)))
}
