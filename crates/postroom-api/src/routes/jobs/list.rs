//! `GET /jobs` and `GET /jobs/search?query=`: pages of the jobs the caller may read.

use super::super::records_list::search_query;
use super::shape::{shape, Context};
use super::visible_to;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use postroom_store::jobs::Job;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (jobs, total) = state
        .store
        .job_page(visible_to(&caller), page.offset(), page.per_page)
        .await?;
    Ok(Json(page_of(&state, "/jobs", "", jobs, total, page).await?))
}

pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (query, extra) = search_query(&q)?;
    let (jobs, total) = state
        .store
        .search_jobs(query, visible_to(&caller), page.offset(), page.per_page)
        .await?;
    Ok(Json(
        page_of(&state, "/jobs/search", &extra, jobs, total, page).await?,
    ))
}

/// The list envelope of a page of jobs (a company's jobs too).
pub(crate) async fn page_of(
    state: &AppState,
    path: &str,
    extra: &str,
    jobs: Vec<Job>,
    total: u64,
    page: Page,
) -> Result<Value, ApiError> {
    let cx = Context::load(state).await?;
    let items = jobs.iter().map(|j| shape(j, &cx)).collect();
    Ok(envelope(path, extra, "jobs", items, total, page))
}
