//! The item a tag or custom field value is written on, found from the URL: a
//! candidate or contact through `records_get::load` (so it is refused exactly as
//! reading it would be), a company or job by its existence. And the `.updated`
//! event a change to it sends.

use super::super::jobs::{load as load_job, may_write as may_write_job_or_company};
use super::super::record_shape::shape;
use super::super::records_get::{load, not_found as record_not_found};
use super::super::records_list::may_write;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::emit;
use postroom_domain::ItemType;

pub fn not_found(kind: ItemType) -> ApiError {
    match kind.record_type() {
        Some(t) => record_not_found(t),
        None => ApiError::NotFound(kind.as_str()),
    }
}

/// The id of the item the caller named, if it exists and they may see it.
pub async fn find(
    kind: ItemType,
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<i64, ApiError> {
    if let Some(t) = kind.record_type() {
        return Ok(load(t, state, caller, id).await?.id);
    }
    if kind == ItemType::Job {
        // A hiring manager reads only the jobs whose hiring team has them.
        return Ok(load_job(state, caller, id).await?.id);
    }
    let id: i64 = id.trim().parse().map_err(|_| not_found(kind))?;
    if state.store.item_exists(kind, id).await? {
        Ok(id)
    } else {
        Err(not_found(kind))
    }
}

/// The item the caller named, if they may change it: tags and custom field values
/// are part of the item, so writing them takes the right to update it (hiring
/// managers read candidates, jobs and companies but do not change them).
pub async fn find_to_write(
    kind: ItemType,
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<i64, ApiError> {
    let id = find(kind, state, caller, id).await?;
    match kind.record_type() {
        Some(t) => may_write(t, caller)?,
        None => may_write_job_or_company(caller)?,
    }
    Ok(id)
}

/// `<kind>.updated`, with the record as it is now for candidates and contacts.
pub async fn emit_updated(state: &AppState, kind: ItemType, id: i64) {
    let record = match kind.record_type() {
        None => None,
        Some(t) => match state.store.full_record(t, id).await {
            Ok(r) => r.as_ref().map(shape),
            Err(e) => {
                // The change is made; the event still goes, without the record.
                tracing::error!(error = %e, "cannot read the record for its event");
                None
            }
        },
    };
    let event = format!("{}.updated", kind.as_str());
    emit(state, &event, kind.as_str(), id, record).await;
}
