//! `PUT /jobs/{id}`: merges the fields given; 204. A new `status_id` is a status
//! change like `POST /jobs/{id}/status`, recorded and announced as one.

use super::input::parse;
use super::shape::{shape, Context};
use super::{done, invalid, load, may_write};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let job = load(&state, &caller, &id).await?;
    let (patch, errors) = parse(&body, Some(&job))?;
    if !errors.is_empty() {
        return Err(invalid(&state, errors, &patch.references()).await);
    }
    let by = Some(caller.user.0);
    let updated = done(state.store.update_job(job.id, &patch, by).await?, "job")?;
    if let Some(job) = state.store.job(job.id).await? {
        let record = shape(&job, &Context::load(&state).await?);
        emit(&state, "job.updated", "job", job.id, Some(record.clone())).await;
        if updated.status_changed {
            emit(&state, "job.status_changed", "job", job.id, Some(record)).await;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
