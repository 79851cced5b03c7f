//! `GET` and `POST /candidates/{id}/activities` (and contacts).

use super::activity_shape::{out, shape, TYPES};
use super::record_input::id as lenient_id;
use super::record_shape::plural;
use super::records_get::load;
use super::records_list::may_see;
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::page_cache::PageKey;
use crate::paging::{list as page_list, Page};
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use postroom_domain::{RecordRef, RecordType};
use postroom_store::NewActivity;
use serde_json::Value;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;

pub async fn list(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let page = Page::from_query(&q)?;
    let record = load(t, &state, &caller, &id).await?;
    let record = RecordRef {
        record_type: t,
        id: record.id,
    };
    let key = PageKey {
        record,
        page: page.page,
        per_page: page.per_page,
    };
    // Read before the page, so a page cached under it is never older than it.
    let (_, version) = state.store.activities_version(record).await?;
    let body = match state.activity_pages.get(&key, version) {
        Some(body) => body,
        None => {
            let (rows, total) = state
                .store
                .record_activities(record, page.offset(), page.per_page)
                .await?;
            let path = format!("/{}/{}/activities", plural(t), record.id);
            let items = rows.iter().map(out).collect();
            let listed = page_list(&path, "", "activities", items, total, page);
            let body = Bytes::from(serde_json::to_vec(&listed).expect("a page serialises"));
            state.activity_pages.put(key, version, body.clone());
            body
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

pub async fn create(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    let obj = body
        .as_object()
        .ok_or_else(|| ApiError::BadRequest("The body must be a JSON object.".into()))?;
    let mut errors = Vec::new();
    let kind = match obj.get("type").and_then(Value::as_str).map(str::trim) {
        Some(k) if TYPES.contains(&k) => k.to_string(),
        Some(_) => {
            errors.push(FieldError::new(
                "type",
                format!("must be one of {}", TYPES.join(", ")),
            ));
            String::new()
        }
        None => {
            errors.push(FieldError::new("type", "is required"));
            String::new()
        }
    };
    let occurred_at = match obj.get("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => match time::OffsetDateTime::parse(s.trim(), &Rfc3339) {
            Ok(t) => Some(t.unix_timestamp()),
            Err(_) => {
                errors.push(FieldError::new("date", "must be an RFC 3339 date"));
                None
            }
        },
        Some(_) => {
            errors.push(FieldError::new("date", "must be an RFC 3339 date"));
            None
        }
    };
    let regarding_id = match obj.get("regarding_id") {
        None | Some(Value::Null) => None,
        Some(v) => match lenient_id(v) {
            Some(n) if state.store.job(n).await?.is_some() => Some(n),
            Some(n) => {
                errors.push(FieldError::new(
                    "regarding_id",
                    format!("no job order has id {n}"),
                ));
                None
            }
            None => {
                errors.push(FieldError::new("regarding_id", "must be a job order id"));
                None
            }
        },
    };
    let notes = match obj.get("notes") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errors.push(FieldError::new("notes", "must be a string"));
            None
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let activity = state
        .store
        .create_activity(&NewActivity {
            kind,
            record: RecordRef {
                record_type: t,
                id: record.id,
            },
            occurred_at,
            notes,
            regarding_id,
            entered_by_id: Some(caller.user.0),
        })
        .await?;
    let created = state.store.activity(activity).await?;
    emit(
        &state,
        "activity.created",
        "activity",
        activity,
        created.as_ref().map(shape),
    )
    .await;
    let location = absolute(&state.config, &headers, &format!("/activities/{activity}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

/// `GET /activities/{id}`.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| ApiError::NotFound("activity"))?;
    let a = state
        .store
        .activity(id)
        .await?
        .ok_or(ApiError::NotFound("activity"))?;
    // An activity is seen with the record it is on.
    if !may_see(&state, &caller, a.record).await? {
        return Err(ApiError::NotFound("activity"));
    }
    Ok(Json(shape(&a)))
}
