//! `DELETE /companies/{id}`: 204. Its contacts and jobs stay, at no company.

use super::super::jobs::may_write;
use super::load;
use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use postroom_store::statuses::StatusKind;

pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let company = load(&state, &id).await?;
    // Shaped before it goes: the event carries what was deleted.
    let statuses = state.store.statuses(StatusKind::Company, None).await?;
    let record = shape(&company, &statuses);
    if !state.store.delete_company(company.id).await? {
        return Err(ApiError::NotFound("company"));
    }
    emit(
        &state,
        "company.deleted",
        "company",
        company.id,
        Some(record),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
