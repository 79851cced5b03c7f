//! `POST /tags {"title","parent_id"}`: Postroom's own addition to the CATS v3 API,
//! which has no way to make a tag. Administrators only, since tags are the team's
//! shared vocabulary: 201 with `Location`, 409 when the parent already has one of
//! that title.

use super::super::record_input::id as lenient_id;
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_domain::AccessLevel;
use postroom_store::tags::{AddTag, MAX_TITLE};
use serde_json::Value;

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    if caller.access != AccessLevel::Administrator {
        return Err(ApiError::Forbidden);
    }
    let (title, parent_id) = parse(&body)?;
    let id = match state.store.add_tag(&title, parent_id).await? {
        AddTag::Added(id) => id,
        AddTag::Taken(other) => {
            return Err(ApiError::Conflict(format!(
                "A tag titled \"{title}\" already exists there (tag {other})."
            )))
        }
        AddTag::NoParent => {
            return Err(ApiError::invalid(
                "parent_id",
                format!("no tag has id {}", parent_id.unwrap_or_default()),
            ))
        }
    };
    let location = absolute(&state.config, &headers, &format!("/tags/{id}"));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}

fn parse(body: &Value) -> Result<(String, Option<i64>), ApiError> {
    let Some(obj) = body.as_object() else {
        return Err(ApiError::BadRequest(
            "The body must be a JSON object.".into(),
        ));
    };
    let mut errors = Vec::new();
    let title = match obj.get("title").and_then(Value::as_str).map(str::trim) {
        Some(t) if !t.is_empty() && t.chars().count() <= MAX_TITLE => t.to_string(),
        _ => {
            errors.push(FieldError::new(
                "title",
                format!("must be a non-empty string of at most {MAX_TITLE} characters"),
            ));
            String::new()
        }
    };
    let parent_id = match obj.get("parent_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(v) => {
            let id = lenient_id(v);
            if id.is_none() {
                errors.push(FieldError::new("parent_id", "must be a tag id or null"));
            }
            id
        }
    };
    if errors.is_empty() {
        Ok((title, parent_id))
    } else {
        Err(ApiError::Invalid(errors))
    }
}
