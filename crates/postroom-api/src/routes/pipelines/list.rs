//! `GET /pipelines`, `GET /candidates/{id}/pipelines` and `GET /jobs/{id}/pipelines`:
//! pages of the pipelines the caller may read. A hiring manager reads a
//! candidate's pipelines only in their own jobs, and a job's only if it is one.

use super::super::jobs::{self, visible_to};
use super::super::records_get;
use super::shape::{shape, Context};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use postroom_domain::RecordType;
use postroom_store::pipelines::Pipeline;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (found, total) = state
        .store
        .pipeline_page(visible_to(&caller), page.offset(), page.per_page)
        .await?;
    Ok(Json(
        page_of(&state, "/pipelines", found, total, page).await?,
    ))
}

pub async fn of_candidate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let candidate = records_get::load(RecordType::Candidate, &state, &caller, &id).await?;
    let (found, total) = state
        .store
        .candidate_pipelines(
            candidate.id,
            visible_to(&caller),
            page.offset(),
            page.per_page,
        )
        .await?;
    let path = format!("/candidates/{}/pipelines", candidate.id);
    Ok(Json(page_of(&state, &path, found, total, page).await?))
}

pub async fn of_job(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    // Whoever may read the job reads all of its pipelines.
    let job = jobs::load(&state, &caller, &id).await?;
    let (found, total) = state
        .store
        .job_pipelines(job.id, None, page.offset(), page.per_page)
        .await?;
    let path = format!("/jobs/{}/pipelines", job.id);
    Ok(Json(page_of(&state, &path, found, total, page).await?))
}

async fn page_of(
    state: &AppState,
    path: &str,
    found: Vec<Pipeline>,
    total: u64,
    page: Page,
) -> Result<Value, ApiError> {
    let cx = Context::load(state).await?;
    let items = found.iter().map(|p| shape(p, &cx)).collect();
    Ok(envelope(path, "", "pipelines", items, total, page))
}
