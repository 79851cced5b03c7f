//! `POST /jobs`: 201, empty body, absolute `Location`.

use super::input::parse;
use super::shape::{shape, Context};
use super::{done, invalid, may_write};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    may_write(&caller)?;
    let (fields, errors) = parse(&body, None)?;
    if !errors.is_empty() {
        return Err(invalid(&state, errors, &fields.references()).await);
    }
    let id = done(state.store.create_job(&fields).await?, "job")?;
    if let Some(job) = state.store.job(id).await? {
        let record = shape(&job, &Context::load(&state).await?);
        emit(&state, "job.created", "job", id, Some(record)).await;
    }
    let location = absolute(&state.config, &headers, &format!("/jobs/{id}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}
