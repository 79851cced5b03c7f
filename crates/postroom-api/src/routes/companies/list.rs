//! `GET /companies` and `GET /companies/search?query=` (name contains).

use super::super::records_list::search_query;
use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use postroom_store::companies::Company;
use postroom_store::statuses::StatusKind;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (companies, total) = state
        .store
        .company_page(page.offset(), page.per_page)
        .await?;
    Ok(Json(
        page_of(&state, "/companies", "", companies, total, page).await?,
    ))
}

pub async fn search(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (query, extra) = search_query(&q)?;
    let (companies, total) = state
        .store
        .search_companies(query, page.offset(), page.per_page)
        .await?;
    let path = "/companies/search";
    Ok(Json(
        page_of(&state, path, &extra, companies, total, page).await?,
    ))
}

async fn page_of(
    state: &AppState,
    path: &str,
    extra: &str,
    companies: Vec<Company>,
    total: u64,
    page: Page,
) -> Result<Value, ApiError> {
    let statuses = state.store.statuses(StatusKind::Company, None).await?;
    let items = companies.iter().map(|c| shape(c, &statuses)).collect();
    Ok(envelope(path, extra, "companies", items, total, page))
}
