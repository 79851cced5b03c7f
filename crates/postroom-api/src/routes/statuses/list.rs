//! `GET /{items}/statuses` and `GET /{items}/statuses/{id}`: what a job, contact
//! or company can be set to. Everyone may read them.

use super::shape::{plural, shape};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope_of_all, Page};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use postroom_store::statuses::StatusKind;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    kind: StatusKind,
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let statuses = state.store.statuses(kind, None).await?;
    let path = format!("/{}/statuses", plural(kind));
    Ok(Json(envelope_of_all(
        &path, "statuses", &statuses, page, shape,
    )))
}

pub async fn get(
    kind: StatusKind,
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let not_found = || ApiError::NotFound("status");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    match state.store.status(id).await? {
        Some(s) if s.kind == kind => Ok(Json(shape(&s))),
        _ => Err(not_found()),
    }
}
