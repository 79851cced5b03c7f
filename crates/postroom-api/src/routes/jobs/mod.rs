//! `/jobs`: job orders, their hiring teams, and who may see them. A hiring
//! manager reads only the jobs whose hiring team includes them, and writes none;
//! recruiters and administrators do everything. The job's statuses are served
//! by `statuses/`, over every kind at once.

mod create;
mod delete;
mod get;
mod hiring_team;
mod input;
pub(crate) mod list;
pub(crate) mod reader;
mod refs;
pub(crate) mod shape;
mod update;

pub(crate) use get::load;
pub(crate) use refs::{done, invalid, reference_errors};

use super::catalog::{route, Route};
use crate::auth::Caller;
use crate::error::ApiError;
use axum::routing::{delete, get, post, put};

pub fn routes() -> Vec<Route> {
    vec![
        route("GET", "/jobs", "jobs", "List jobs", get(list::list)),
        route(
            "POST",
            "/jobs",
            "jobs",
            "Create a job",
            post(create::create),
        ),
        route(
            "GET",
            "/jobs/search",
            "jobs",
            "Search jobs by title (?query=)",
            get(list::search),
        ),
        route("GET", "/jobs/{id}", "jobs", "Get a job", get(get::get)),
        route(
            "PUT",
            "/jobs/{id}",
            "jobs",
            "Update a job (merges the fields given)",
            put(update::update),
        ),
        route(
            "DELETE",
            "/jobs/{id}",
            "jobs",
            "Delete a job and its pipelines",
            delete(delete::delete),
        ),
        route(
            "GET",
            "/jobs/{id}/hiring_team",
            "jobs",
            "The team members hiring for a job",
            get(hiring_team::get),
        ),
        route(
            "PUT",
            "/jobs/{id}/hiring_team",
            "jobs",
            "Replace a job's hiring team ({\"user_ids\":[...]})",
            put(hiring_team::replace),
        ),
    ]
}

/// The user whose hiring teams limit what the caller reads; `None` reads all.
pub(crate) fn visible_to(caller: &Caller) -> Option<i64> {
    (!caller.access.sees_everything()).then_some(caller.user.0)
}

/// Hiring managers read jobs and companies but never write them.
pub(crate) fn may_write(caller: &Caller) -> Result<(), ApiError> {
    if caller.access.sees_everything() {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}
