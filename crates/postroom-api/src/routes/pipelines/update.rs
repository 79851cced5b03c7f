//! `PUT /pipelines/{id}` with `{"rating"}`: 204. A pipeline's other fields are
//! its identity (candidate and job) or change through `POST .../status`.

use super::super::jobs::{may_write, reader::Reader};
use super::input::rating;
use super::load;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::state::AppState;
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
    let pipeline = load(&state, &caller, &id).await?;
    let mut r = Reader::new(&body)?;
    let rating = rating(&mut r);
    if !r.errors.is_empty() {
        return Err(ApiError::Invalid(r.errors));
    }
    // PUT merges: without a rating there is nothing to change.
    if let Some(rating) = rating {
        if !state.store.rate_pipeline(pipeline.id, rating).await? {
            return Err(ApiError::NotFound("pipeline"));
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
