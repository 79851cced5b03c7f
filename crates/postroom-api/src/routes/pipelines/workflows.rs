//! `/pipelines/workflows`: the workflows and the pipeline statuses of each, in
//! their order. Everyone may read them.

use super::super::catalog::{route, Route};
use super::super::statuses::shape::shape as status_shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope_of_all, Page};
use crate::shape::href;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Json;
use postroom_store::pipelines::Workflow;
use postroom_store::statuses::StatusKind;
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn routes() -> Vec<Route> {
    let tag = "pipelines";
    vec![
        route(
            "GET",
            "/pipelines/workflows",
            tag,
            "List workflows",
            get(list),
        ),
        route(
            "GET",
            "/pipelines/workflows/{id}",
            tag,
            "Get a workflow",
            get(one),
        ),
        route(
            "GET",
            "/pipelines/workflows/{id}/statuses",
            tag,
            "A workflow's pipeline statuses, in order",
            get(statuses),
        ),
        route(
            "GET",
            "/pipelines/workflows/{id}/statuses/{status_id}",
            tag,
            "Get a pipeline status of a workflow",
            get(status),
        ),
    ]
}

fn shape(w: &Workflow) -> Value {
    let base = format!("/pipelines/workflows/{}", w.id);
    json!({
        "id": w.id,
        "title": w.title,
        "is_default": w.is_default,
        "_links": {
            "self": href(&base),
            "statuses": href(format!("{base}/statuses")),
        },
    })
}

async fn load(state: &AppState, id: &str) -> Result<Workflow, ApiError> {
    let not_found = || ApiError::NotFound("workflow");
    let id: i64 = id.trim().parse().map_err(|_| not_found())?;
    state.store.workflow(id).await?.ok_or_else(not_found)
}

async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    // A site has few workflows and statuses: the lists are read whole.
    let all = state.store.workflows().await?;
    Ok(Json(envelope_of_all(
        "/pipelines/workflows",
        "workflows",
        &all,
        page,
        shape,
    )))
}

async fn one(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(shape(&load(&state, &id).await?)))
}

async fn statuses(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let w = load(&state, &id).await?;
    let all = state
        .store
        .statuses(StatusKind::Pipeline, Some(w.id))
        .await?;
    let path = format!("/pipelines/workflows/{}/statuses", w.id);
    Ok(Json(envelope_of_all(
        &path,
        "statuses",
        &all,
        page,
        status_shape,
    )))
}

async fn status(
    State(state): State<AppState>,
    _caller: Caller,
    Path((id, status_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let w = load(&state, &id).await?;
    let not_found = || ApiError::NotFound("status");
    let status_id: i64 = status_id.trim().parse().map_err(|_| not_found())?;
    match state.store.status(status_id).await? {
        Some(s) if s.kind == StatusKind::Pipeline && s.workflow_id == Some(w.id) => {
            Ok(Json(status_shape(&s)))
        }
        _ => Err(not_found()),
    }
}
