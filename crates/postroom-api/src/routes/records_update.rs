//! `PUT /candidates/{id}` (and contacts): merges the fields given; 204.

use super::record_input::{check_owner, parse_with_custom_fields};
use super::record_shape::shape;
use super::records_get::{load, not_found};
use super::records_list::may_write;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use postroom_domain::RecordType;
use serde_json::Value;

pub async fn update(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    // Who cannot see it is told it does not exist; who sees it, that it is not theirs.
    may_write(t, &caller)?;
    let patch = parse_with_custom_fields(&state, t, &body, false).await?;
    check_owner(&state, &patch).await?;
    state
        .store
        .update_record(t, record.id, &patch)
        .await?
        .ok_or_else(|| not_found(t))?;
    let updated = state.store.full_record(t, record.id).await?;
    emit(
        &state,
        &format!("{}.updated", t.as_str()),
        t.as_str(),
        record.id,
        updated.as_ref().map(shape),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
