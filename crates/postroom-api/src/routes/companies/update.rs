//! `PUT /companies/{id}`: merges the fields given; 204. A new `status_id` is a
//! status change like `POST /companies/{id}/status`, recorded and announced as one.

use super::super::jobs::{done, invalid, may_write};
use super::input::parse;
use super::load;
use super::shape::shape;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::json::Body;
use crate::state::AppState;
use crate::webhooks::emit;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use postroom_store::statuses::StatusKind;
use serde_json::Value;

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> Result<StatusCode, ApiError> {
    may_write(&caller)?;
    let company = load(&state, &id).await?;
    let (patch, errors) = parse(&body, Some(&company))?;
    if !errors.is_empty() {
        return Err(invalid(&state, errors, &patch.references()).await);
    }
    let by = Some(caller.user.0);
    let updated = state.store.update_company(company.id, &patch, by).await?;
    let updated = done(updated, "company")?;
    if let Some(company) = state.store.company(company.id).await? {
        let statuses = state.store.statuses(StatusKind::Company, None).await?;
        let record = shape(&company, &statuses);
        let id = company.id;
        emit(
            &state,
            "company.updated",
            "company",
            id,
            Some(record.clone()),
        )
        .await;
        if updated.status_changed {
            emit(
                &state,
                "company.status_changed",
                "company",
                id,
                Some(record),
            )
            .await;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
