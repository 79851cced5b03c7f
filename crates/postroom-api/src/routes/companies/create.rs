//! `POST /companies`: 201, empty body, absolute `Location`.

use super::super::jobs::{done, invalid, may_write};
use super::input::parse;
use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_store::statuses::StatusKind;
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
    let id = done(state.store.create_company(&fields).await?, "company")?;
    if let Some(company) = state.store.company(id).await? {
        let statuses = state.store.statuses(StatusKind::Company, None).await?;
        let record = shape(&company, &statuses);
        emit(&state, "company.created", "company", id, Some(record)).await;
    }
    let location = absolute(&state.config, &headers, &format!("/companies/{id}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}
