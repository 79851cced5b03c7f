//! `DELETE /jobs/{id}`: 204; its pipelines go with it, each announced by its own
//! `pipeline.deleted` before the job's `job.deleted`.

use super::super::pipelines;
use super::shape::{shape, Context};
use super::{load, may_write};
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
    let job = load(&state, &caller, &id).await?;
    // Shaped before it goes: the event carries what was deleted.
    let record = shape(&job, &Context::load(&state).await?);
    let (pipelines, _) = state.store.job_pipelines(job.id, None, 0, u32::MAX).await?;
    let cx = pipelines::shape::Context::load(&state).await?;
    let Some(deleted) = state.store.delete_job(job.id).await? else {
        return Err(ApiError::NotFound("job"));
    };
    for id in deleted {
        // One added since the read above goes out without its last state.
        let shaped = pipelines.iter().find(|p| p.id == id);
        let shaped = shaped.map(|p| pipelines::shape::shape(p, &cx));
        emit(&state, "pipeline.deleted", "pipeline", id, shaped).await;
    }
    emit(&state, "job.deleted", "job", job.id, Some(record)).await;
    Ok(StatusCode::NO_CONTENT)
}
