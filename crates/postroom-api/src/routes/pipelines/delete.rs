//! `DELETE /pipelines/{id}`: 204; the candidate leaves the job's pipeline with
//! its status history, and `pipeline.deleted` carries what was removed.

use super::super::jobs::may_write;
use super::load;
use super::shape::{shape, Context};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let pipeline = load(&state, &caller, &id).await?;
    // Shaped before it goes: the event carries what was deleted.
    let record = shape(&pipeline, &Context::load(&state).await?);
    if !state.store.delete_pipeline(pipeline.id).await? {
        return Err(ApiError::NotFound("pipeline"));
    }
    emit(
        &state,
        "pipeline.deleted",
        "pipeline",
        pipeline.id,
        Some(record),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
