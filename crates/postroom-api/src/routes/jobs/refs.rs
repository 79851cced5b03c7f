//! Ids that name nothing, as field errors. The store finds them (inside the write,
//! so a reference deleted meanwhile is caught too); the messages are said here.

use crate::error::{ApiError, FieldError};
use crate::state::AppState;
use postroom_store::jobs::{Checked, FieldRef, Reference};

pub(crate) fn reference_errors(unknown: &[FieldRef]) -> Vec<FieldError> {
    unknown
        .iter()
        .map(|(field, r)| {
            let message = match r {
                Reference::User(id) => format!("no team member has id {id}"),
                Reference::Company(id) => format!("no company has id {id}"),
                Reference::Contact(id) => format!("no contact has id {id}"),
                Reference::Workflow(id) => format!("no workflow has id {id}"),
                Reference::Status(kind, id) => format!("no {} status has id {id}", kind.as_str()),
            };
            FieldError::new(field, message)
        })
        .collect()
}

/// The 422 of a body with these mistakes, completed with the ids among `refs`
/// that name nothing, so that every wrong field is reported at once.
pub(crate) async fn invalid(
    state: &AppState,
    mut errors: Vec<FieldError>,
    refs: &[FieldRef],
) -> ApiError {
    match state.store.unknown_references(refs).await {
        Ok(unknown) => {
            errors.extend(reference_errors(&unknown));
            ApiError::Invalid(errors)
        }
        Err(e) => e.into(),
    }
}

/// The result of a checked write, or why there is none.
pub(crate) fn done<T>(checked: Checked<T>, thing: &'static str) -> Result<T, ApiError> {
    match checked {
        Checked::Done(t) => Ok(t),
        Checked::Unknown(unknown) => Err(ApiError::Invalid(reference_errors(&unknown))),
        Checked::NoSuchItem => Err(ApiError::NotFound(thing)),
    }
}
