//! `GET /{plural}/custom_fields` and `GET /{plural}/custom_fields/{id}`: the fields
//! a team defined for an item type (with `postroom custom-fields add`).

use super::shape::definition;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope_of_all, Page};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use postroom_domain::ItemType;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    kind: ItemType,
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let fields = state.store.custom_fields(Some(kind)).await?;
    let path = format!("/{}/custom_fields", kind.plural());
    Ok(Json(envelope_of_all(
        &path,
        "custom_fields",
        &fields,
        page,
        definition,
    )))
}

pub async fn get(
    kind: ItemType,
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let not_found = || ApiError::NotFound("custom field");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let field = state
        .store
        .custom_field(kind, id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(definition(&field)))
}
