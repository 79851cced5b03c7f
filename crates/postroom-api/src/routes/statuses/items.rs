//! The items that have statuses, reached by kind: whether a request's item exists
//! for the caller, and its read shape for an event.

use super::super::{companies, jobs, record_shape, records_get};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use postroom_domain::RecordType;
use postroom_store::statuses::StatusKind;
use serde_json::Value;

/// The id of the item a request names, when it exists and the caller may read it.
pub(crate) async fn find(
    state: &AppState,
    caller: &Caller,
    kind: StatusKind,
    id: &str,
) -> Result<i64, ApiError> {
    match kind {
        StatusKind::Job => Ok(jobs::load(state, caller, id).await?.id),
        StatusKind::Company => Ok(companies::load(state, id).await?.id),
        StatusKind::Contact => Ok(records_get::load(RecordType::Contact, state, caller, id)
            .await?
            .id),
        // Pipelines are reached through their own routes.
        StatusKind::Pipeline => Err(ApiError::NotFound("pipeline")),
    }
}

/// The item in its read shape, as an event carries it.
pub(crate) async fn shaped(
    state: &AppState,
    kind: StatusKind,
    id: i64,
) -> Result<Option<Value>, ApiError> {
    Ok(match kind {
        StatusKind::Job => match state.store.job(id).await? {
            Some(j) => Some(jobs::shape::shape(
                &j,
                &jobs::shape::Context::load(state).await?,
            )),
            None => None,
        },
        StatusKind::Company => match state.store.company(id).await? {
            Some(c) => {
                let statuses = state.store.statuses(StatusKind::Company, None).await?;
                Some(companies::shape::shape(&c, &statuses))
            }
            None => None,
        },
        StatusKind::Contact => state
            .store
            .full_record(RecordType::Contact, id)
            .await?
            .as_ref()
            .map(record_shape::shape),
        StatusKind::Pipeline => None,
    })
}
