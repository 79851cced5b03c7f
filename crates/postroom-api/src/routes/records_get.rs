//! `GET /candidates/{id}` and `GET /candidates/{id}/emails` (and for contacts).

use super::record_shape::{emails as email_items, plural, shape};
use super::records_list::may_see;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use postroom_domain::{RecordRef, RecordType};
use postroom_store::FullRecord;
use serde_json::Value;

pub fn not_found(t: RecordType) -> ApiError {
    ApiError::NotFound(match t {
        RecordType::Candidate => "candidate",
        RecordType::Contact => "contact",
    })
}

/// The record the caller asked for, if it exists and they may see it: to
/// anyone else it does not exist.
pub async fn load(
    t: RecordType,
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<FullRecord, ApiError> {
    let id: i64 = id.trim().parse().map_err(|_| not_found(t))?;
    if !may_see(state, caller, RecordRef { record_type: t, id }).await? {
        return Err(not_found(t));
    }
    state
        .store
        .full_record(t, id)
        .await?
        .ok_or_else(|| not_found(t))
}

pub async fn get(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(shape(&load(t, &state, &caller, &id).await?)))
}

pub async fn emails(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let r = load(t, &state, &caller, &id).await?;
    let items = email_items(&r);
    let total = items.len() as u64;
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    let path = format!("/{}/{}/emails", plural(t), r.id);
    Ok(Json(envelope(&path, "", "emails", items, total, page)))
}

pub async fn phones(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let r = load(t, &state, &caller, &id).await?;
    let items: Vec<Value> = r.phones.as_array().cloned().unwrap_or_default();
    let total = items.len() as u64;
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    let path = format!("/{}/{}/phones", plural(t), r.id);
    Ok(Json(envelope(&path, "", "phones", items, total, page)))
}
