//! `GET /tags` (paged, by id) and `GET /tags/{id}`.

use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (tags, total) = state.store.tag_page(page.offset(), page.per_page).await?;
    let items = tags.iter().map(shape).collect();
    Ok(Json(envelope("/tags", "", "tags", items, total, page)))
}

pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id.trim().parse().map_err(|_| ApiError::NotFound("tag"))?;
    let tag = state
        .store
        .tag(id)
        .await?
        .ok_or(ApiError::NotFound("tag"))?;
    Ok(Json(shape(&tag)))
}
