//! `GET /candidates`, `GET /candidates/search?query=` (and the same for contacts).

use super::record_shape::{plural, shape};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use postroom_domain::{RecordRef, RecordType};
use serde_json::Value;
use std::collections::HashMap;

/// The hiring manager whose hiring teams limit the records the caller sees:
/// only candidates are limited, to those in the pipelines of their jobs (the
/// store's `candidate_visible_to` and list filters); `None` sees all.
pub fn visible_to(t: RecordType, caller: &Caller) -> Option<i64> {
    (t == RecordType::Candidate && !caller.access.sees_everything()).then_some(caller.user.0)
}

/// Whether the caller may see the record: every check of one record (its own
/// routes, its activities, threads and attachments) comes through here.
pub async fn may_see(state: &AppState, caller: &Caller, r: RecordRef) -> Result<bool, ApiError> {
    match visible_to(r.record_type, caller) {
        None => Ok(true),
        Some(user) => Ok(state.store.candidate_visible_to(user, r.id).await?),
    }
}

/// Hiring managers read the candidates they see, never create, change or delete
/// them (contacts are everyone's to write).
pub fn may_write(t: RecordType, caller: &Caller) -> Result<(), ApiError> {
    if t == RecordType::Candidate && !caller.access.sees_everything() {
        Err(ApiError::Forbidden)
    } else {
        Ok(())
    }
}

pub async fn list(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    _: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (records, total) = state
        .store
        .record_page(t, visible_to(t, &caller), page.offset(), page.per_page)
        .await?;
    let items = records.iter().map(shape).collect();
    let path = format!("/{}", plural(t));
    Ok(Json(envelope(&path, "", plural(t), items, total, page)))
}

pub async fn search(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    _: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (query, extra) = search_query(&q)?;
    let visible_to = visible_to(t, &caller);
    let (records, total) = state
        .store
        .search_records(t, query, visible_to, page.offset(), page.per_page)
        .await?;
    let items = records.iter().map(shape).collect();
    let path = format!("/{}/search", plural(t));
    Ok(Json(envelope(&path, &extra, plural(t), items, total, page)))
}

/// The `?query=` of a search (required), and the query parameter to keep in the
/// page links; every search reads it the same way.
pub(crate) fn search_query(q: &HashMap<String, String>) -> Result<(&str, String), ApiError> {
    let query = q.get("query").map(|s| s.trim()).unwrap_or_default();
    if query.is_empty() {
        return Err(ApiError::invalid("query", "is required"));
    }
    Ok((query, format!("query={}&", encode(query))))
}

/// Percent-encodes a query value for a link.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
