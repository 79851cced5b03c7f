//! `GET /{items}/{id}/status_changes`: every status the item was moved to, oldest
//! first, with who moved it.

use super::items::find;
use super::shape::{change, plural};
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
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let item = find(&state, &caller, kind, &id).await?;
    let history = state.store.status_history(kind, item).await?;
    let statuses = state.store.statuses(kind, None).await?;
    let path = format!("/{}/{item}/status_changes", plural(kind));
    let shape = |c: &_| change(c, &statuses);
    Ok(Json(envelope_of_all(
        &path,
        "status_changes",
        &history,
        page,
        shape,
    )))
}
