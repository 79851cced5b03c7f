//! `POST /webhooks {"events","target_url","secret"}`, list, get, delete; and
//! `GET /webhooks/{id}/deliveries`, the delivery log.

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::paging::{envelope, envelope_of_all, Page};
use crate::shape::{absolute, date, href};
use crate::state::AppState;
use crate::webhooks::EVENTS;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use postroom_store::Webhook;
use serde_json::{json, Value};
use std::collections::HashMap;

fn shape(w: &Webhook) -> Value {
    // The secret is write-only.
    json!({
        "id": w.id,
        "events": w.events,
        "target_url": w.target_url,
        "date_created": date(w.created_at),
        "_links": {
            "self": href(format!("/webhooks/{}", w.id)),
            "deliveries": href(format!("/webhooks/{}/deliveries", w.id)),
        },
    })
}

fn parse_id(id: &str) -> Result<i64, ApiError> {
    id.trim().parse().map_err(|_| ApiError::NotFound("webhook"))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    if !caller.access.sees_everything() {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let events: Vec<String> = match body.get("events").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => {
            let events: Vec<String> = list
                .iter()
                .filter_map(|e| e.as_str().map(|s| s.trim().to_string()))
                .collect();
            let unknown: Vec<&String> = events
                .iter()
                .filter(|e| !EVENTS.contains(&e.as_str()))
                .collect();
            if events.len() != list.len() || !unknown.is_empty() {
                errors.push(FieldError::new(
                    "events",
                    format!("unknown event(s) {unknown:?}; known: {}", EVENTS.join(", ")),
                ));
            }
            events
        }
        _ => {
            errors.push(FieldError::new(
                "events",
                "must be a non-empty list of events",
            ));
            Vec::new()
        }
    };
    let target = body
        .get("target_url")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    if !(target.starts_with("http://") || target.starts_with("https://")) {
        errors.push(FieldError::new(
            "target_url",
            "must be an http:// or https:// URL",
        ));
    }
    let secret = body
        .get("secret")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if secret.is_empty() {
        errors.push(FieldError::new(
            "secret",
            "is required: deliveries are signed with it",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let id = state
        .store
        .add_webhook(&events, &target, &secret, Some(caller.user.0))
        .await?;
    let location = absolute(&state.config, &headers, &format!("/webhooks/{id}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let hooks = state.store.webhooks().await?;
    Ok(Json(envelope_of_all(
        "/webhooks",
        "webhooks",
        &hooks,
        page,
        shape,
    )))
}

pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let w = state
        .store
        .webhook(parse_id(&id)?)
        .await?
        .ok_or(ApiError::NotFound("webhook"))?;
    Ok(Json(shape(&w)))
}

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if !caller.access.sees_everything() {
        return Err(ApiError::Forbidden);
    }
    if !state.store.delete_webhook(parse_id(&id)?).await? {
        return Err(ApiError::NotFound("webhook"));
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn deliveries(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id)?;
    state
        .store
        .webhook(id)
        .await?
        .ok_or(ApiError::NotFound("webhook"))?;
    let log = state.store.delivery_log(id, 100).await?;
    let total = log.len() as u64;
    let items = log.iter().map(|d| json!(d)).collect();
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    Ok(Json(envelope(
        &format!("/webhooks/{id}/deliveries"),
        "",
        "deliveries",
        items,
        total,
        page,
    )))
}
