//! `GET /companies/{id}/contacts` and `GET /companies/{id}/jobs`: pages of what
//! belongs to a company (for a hiring manager, only the jobs they hire for).

use super::super::jobs::list::page_of;
use super::super::jobs::visible_to;
use super::super::record_shape::shape;
use super::load;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde_json::Value;
use std::collections::HashMap;

pub async fn contacts(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let company = load(&state, &id).await?;
    let (contacts, total) = state
        .store
        .company_contacts(company.id, page.offset(), page.per_page)
        .await?;
    let items = contacts.iter().map(shape).collect();
    let path = format!("/companies/{}/contacts", company.id);
    Ok(Json(envelope(&path, "", "contacts", items, total, page)))
}

pub async fn jobs(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let company = load(&state, &id).await?;
    let (jobs, total) = state
        .store
        .company_jobs(
            company.id,
            visible_to(&caller),
            page.offset(),
            page.per_page,
        )
        .await?;
    let path = format!("/companies/{}/jobs", company.id);
    Ok(Json(page_of(&state, &path, "", jobs, total, page).await?))
}
