//! `DELETE /candidates/{id}` (and contacts): 204.

use super::record_shape::shape;
use super::records_get::{load, not_found};
use super::records_list::may_write;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use postroom_domain::RecordType;

pub async fn delete(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    // Who cannot see it is told it does not exist; who sees it, that it is not theirs.
    may_write(t, &caller)?;
    if !state.store.delete_record(t, record.id).await? {
        return Err(not_found(t));
    }
    emit(
        &state,
        &format!("{}.deleted", t.as_str()),
        t.as_str(),
        record.id,
        Some(shape(&record)),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
