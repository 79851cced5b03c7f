//! An item's tags: `GET /{plural}/{id}/tags`, `POST` to attach, `PUT` to replace
//! the whole set, `DELETE /{plural}/{id}/tags/{tag_id}` to detach; writes answer
//! 204 and send `<kind>.updated` when something changed.

use super::super::record_input::id as lenient_id;
use super::item::{emit_updated, find, find_to_write, not_found};
use super::shape::shape;
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use postroom_domain::ItemType;
use postroom_store::tags::TagWrite;
use serde_json::Value;

pub async fn list(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = find(kind, &state, &caller, &id).await?;
    let tags = state
        .store
        .item_tags(kind, id)
        .await?
        .ok_or_else(|| not_found(kind))?;
    let total = tags.len() as u64;
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    let items = tags.iter().map(shape).collect();
    let path = format!("/{}/{id}/tags", kind.plural());
    Ok(Json(envelope(&path, "", "tags", items, total, page)))
}

pub async fn attach(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    write(kind, &state, &caller, &id, &body, false).await
}

pub async fn replace(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    write(kind, &state, &caller, &id, &body, true).await
}

async fn write(
    kind: ItemType,
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: &Value,
    replace: bool,
) -> Result<StatusCode, ApiError> {
    let id = find_to_write(kind, state, caller, id).await?;
    let tags = tag_ids(body)?;
    let ids: Vec<i64> = tags.iter().map(|(_, t)| *t).collect();
    let written = if replace {
        state.store.replace_tags(kind, id, &ids).await?
    } else {
        state.store.attach_tags(kind, id, &ids).await?
    };
    match written {
        TagWrite::Done { changed } => {
            if changed {
                emit_updated(state, kind, id).await;
            }
            Ok(StatusCode::NO_CONTENT)
        }
        TagWrite::NoItem => Err(not_found(kind)),
        TagWrite::Unknown(unknown) => Err(ApiError::Invalid(
            tags.iter()
                .filter(|(_, t)| unknown.contains(t))
                .map(|(i, t)| {
                    FieldError::new(&format!("tags[{i}].id"), format!("no tag has id {t}"))
                })
                .collect(),
        )),
    }
}

pub async fn detach(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path((id, tag_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = find_to_write(kind, &state, &caller, &id).await?;
    let not_carried = || ApiError::NotFound("tag");
    let tag_id: i64 = tag_id.trim().parse().map_err(|_| not_carried())?;
    match state.store.detach_tag(kind, id, tag_id).await? {
        None => Err(not_found(kind)),
        Some(false) => Err(not_carried()),
        Some(true) => {
            emit_updated(&state, kind, id).await;
            Ok(StatusCode::NO_CONTENT)
        }
    }
}

/// `{"tags":[{"id":N},...]}` (an entry may also be the bare id), each id with its
/// position for the error that names it.
fn tag_ids(body: &Value) -> Result<Vec<(usize, i64)>, ApiError> {
    let Some(obj) = body.as_object() else {
        return Err(ApiError::BadRequest(
            "The body must be a JSON object.".into(),
        ));
    };
    let Some(list) = obj.get("tags").and_then(Value::as_array) else {
        return Err(ApiError::invalid("tags", "is required: a list of {\"id\"}"));
    };
    let mut ids = Vec::with_capacity(list.len());
    let mut errors = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let id = match entry {
            Value::Object(o) => o.get("id").and_then(lenient_id),
            other => lenient_id(other),
        };
        match id {
            Some(id) => ids.push((i, id)),
            None => errors.push(FieldError::new(
                &format!("tags[{i}].id"),
                "must be a tag id",
            )),
        }
    }
    if errors.is_empty() {
        Ok(ids)
    } else {
        Err(ApiError::Invalid(errors))
    }
}
