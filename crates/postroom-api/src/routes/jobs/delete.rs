//! `DELETE /jobs/{id}`: 204; its pipelines go with it.

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
    if !state.store.delete_job(job.id).await? {
        return Err(ApiError::NotFound("job"));
    }
    emit(&state, "job.deleted", "job", job.id, Some(record)).await;
    Ok(StatusCode::NO_CONTENT)
}
