//! `POST /candidates[?check_duplicate=true]` (and contacts): 201, empty body,
//! absolute `Location`.

use super::record_input::{boolean, check_owner, parse_with_custom_fields};
use super::record_shape::{plural, shape};
use super::records_list::may_write;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_domain::RecordType;
use serde_json::Value;
use std::collections::HashMap;

pub async fn create(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    may_write(t, &caller)?;
    let fields = parse_with_custom_fields(&state, t, &body, true).await?;
    check_owner(&state, &fields).await?;
    let check = q
        .get("check_duplicate")
        .is_some_and(|v| boolean(&Value::String(v.clone())).unwrap_or(false));
    let id = state.store.create_record(t, &fields, check).await?;
    let record = state.store.full_record(t, id).await?;
    emit(
        &state,
        &format!("{}.created", t.as_str()),
        t.as_str(),
        id,
        record.as_ref().map(shape),
    )
    .await;
    let location = absolute(&state.config, &headers, &format!("/{}/{id}", plural(t)));
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}
