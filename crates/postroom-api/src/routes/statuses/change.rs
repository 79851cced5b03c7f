//! `POST /{items}/{id}/status` with `{"status_id"}`: 201, empty body, the item's
//! `Location`. The item's status and a row of its history change together, and
//! `<kind>.status_changed` is announced; the status it already has changes
//! nothing and announces nothing.

use super::super::jobs::{may_write, reader::Reader};
use super::items::{find, shaped};
use super::shape::plural;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::shape::absolute;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_store::statuses::{StatusKind, StatusOutcome};
use serde_json::Value;

pub async fn change(
    kind: StatusKind,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Body(body): Body<Value>,
) -> Result<Response, ApiError> {
    // Contacts are everyone's; jobs and companies are not a hiring manager's to change.
    if kind != StatusKind::Contact {
        may_write(&caller)?;
    }
    let item = find(&state, &caller, kind, &id).await?;
    let mut r = Reader::new(&body)?;
    if r.get("status_id").is_none() {
        r.fail("status_id", "is required");
    }
    let status = r.required_id("status_id");
    let Some(status) = status.filter(|_| r.errors.is_empty()) else {
        return Err(ApiError::Invalid(r.errors));
    };
    let by = Some(caller.user.0);
    match state.store.change_status(kind, item, status, by).await? {
        StatusOutcome::Changed { .. } => {
            let event = format!("{}.status_changed", kind.as_str());
            let record = shaped(&state, kind, item).await?;
            emit(&state, &event, kind.as_str(), item, record).await;
        }
        StatusOutcome::Unchanged => {}
        // Deleted since it was found.
        StatusOutcome::NoSuchItem => return Err(ApiError::NotFound(kind.as_str())),
        StatusOutcome::WrongStatus => {
            let message = format!("no {} status has id {status}", kind.as_str());
            return Err(ApiError::invalid("status_id", message));
        }
    }
    let path = format!("/{}/{item}", plural(kind));
    let location = absolute(&state.config, &headers, &path);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)]).into_response())
}
