//! `GET /candidates`, `GET /candidates/search?query=` (and the same for contacts).

use super::record_shape::{plural, shape};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use postroom_domain::RecordType;
use serde_json::Value;
use std::collections::HashMap;

/// Hiring managers see only candidates in the pipelines of their hiring teams.
pub fn may_see(t: RecordType, caller: &Caller) -> bool {
    t != RecordType::Candidate || caller.access.sees_everything()
}

pub async fn list(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    _: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let (records, total) = if may_see(t, &caller) {
        state
            .store
            .record_page(t, page.offset(), page.per_page)
            .await?
    } else {
        (Vec::new(), 0)
    };
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
    let query = q.get("query").map(|s| s.trim()).unwrap_or_default();
    if query.is_empty() {
        return Err(ApiError::invalid("query", "is required"));
    }
    let (records, total) = if may_see(t, &caller) {
        state
            .store
            .search_records(t, query, page.offset(), page.per_page)
            .await?
    } else {
        (Vec::new(), 0)
    };
    let items = records.iter().map(shape).collect();
    let path = format!("/{}/search", plural(t));
    let extra = format!("query={}&", encode(query));
    Ok(Json(envelope(&path, &extra, plural(t), items, total, page)))
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
