use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope_of_all, Page};
use crate::shape::href;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use postroom_store::User;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(crate) fn shape(u: &User) -> Value {
    let (first, last) = u.name.split_once(' ').unwrap_or((&u.name, ""));
    json!({
        "id": u.id.0,
        "first_name": first,
        "last_name": last,
        "email": u.emails.first(),
        "emails": u.emails,
        "access_level": u.access_level.as_str(),
        "_links": { "self": href(format!("/users/{}", u.id.0)) },
    })
}

pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let users = state.store.list_users().await?;
    Ok(Json(envelope_of_all(
        "/users", "users", &users, page, shape,
    )))
}

pub async fn get(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id.trim().parse().map_err(|_| ApiError::NotFound("user"))?;
    state
        .store
        .list_users()
        .await?
        .iter()
        .find(|u| u.id.0 == id)
        .map(|u| Json(shape(u)))
        .ok_or(ApiError::NotFound("user"))
}
