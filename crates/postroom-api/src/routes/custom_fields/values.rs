//! One item's custom field values: `GET /{plural}/{id}/custom_fields` (every field
//! of the type, with the value or null), `GET` and `PUT .../custom_fields/{field_id}`
//! (`{"value": ...}`, 204, `null` clears; sends `<kind>.updated`).

use super::super::tags::item::{emit_updated, find, find_to_write, not_found};
use super::input::check;
use super::shape::value;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use postroom_domain::ItemType;
use postroom_store::custom_fields::{CustomValue, ItemValue};
use serde_json::Value;

fn field_not_found() -> ApiError {
    ApiError::NotFound("custom field")
}

async fn values(kind: ItemType, state: &AppState, id: i64) -> Result<Vec<ItemValue>, ApiError> {
    state
        .store
        .item_values(kind, id)
        .await?
        .ok_or_else(|| not_found(kind))
}

pub async fn list(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = find(kind, &state, &caller, &id).await?;
    let all = values(kind, &state, id).await?;
    let total = all.len() as u64;
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    let items = all.iter().map(|v| value(id, v)).collect();
    let path = format!("/{}/{id}/custom_fields", kind.plural());
    Ok(Json(envelope(
        &path,
        "",
        "custom_fields",
        items,
        total,
        page,
    )))
}

pub async fn get(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path((id, field_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let id = find(kind, &state, &caller, &id).await?;
    let field_id: i64 = field_id.trim().parse().map_err(|_| field_not_found())?;
    values(kind, &state, id)
        .await?
        .iter()
        .find(|v| v.field.id == field_id)
        .map(|v| Json(value(id, v)))
        .ok_or_else(field_not_found)
}

pub async fn set(
    kind: ItemType,
    State(state): State<AppState>,
    caller: Caller,
    Path((id, field_id)): Path<(String, String)>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    let id = find_to_write(kind, &state, &caller, &id).await?;
    let field_id: i64 = field_id.trim().parse().map_err(|_| field_not_found())?;
    let field = state
        .store
        .custom_field(kind, field_id)
        .await?
        .ok_or_else(field_not_found)?;
    let Some(obj) = body.as_object() else {
        return Err(ApiError::BadRequest(
            "The body must be a JSON object.".into(),
        ));
    };
    let Some(raw) = obj.get("value") else {
        return Err(ApiError::invalid("value", "is required (null clears it)"));
    };
    let checked = check(&field, raw, "value").map_err(|e| ApiError::Invalid(vec![e]))?;
    let written = CustomValue {
        field_id,
        value: checked,
    };
    if !state.store.set_custom_values(kind, id, &[written]).await? {
        return Err(not_found(kind));
    }
    emit_updated(&state, kind, id).await;
    Ok(StatusCode::NO_CONTENT)
}
