//! `GET /companies/{id}`, and loading the company a request names.

use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use postroom_store::companies::Company;
use postroom_store::statuses::StatusKind;
use serde_json::Value;

pub(crate) async fn load(state: &AppState, id: &str) -> Result<Company, ApiError> {
    let not_found = || ApiError::NotFound("company");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    state.store.company(id).await?.ok_or_else(not_found)
}

pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let company = load(&state, &id).await?;
    let statuses = state.store.statuses(StatusKind::Company, None).await?;
    Ok(Json(shape(&company, &statuses)))
}
