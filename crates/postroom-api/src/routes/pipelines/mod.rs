//! `/pipelines`: a candidate in a job's pipeline, moved through the statuses of
//! the job's workflow, and the workflows themselves. A hiring manager reads and
//! moves only the pipelines of the jobs whose hiring team includes them, and
//! adds, rates or removes none; recruiters and administrators do everything.
//! The status change and its history reuse the store's `change_status` rules and
//! the shapes of `statuses/`.

mod create;
mod delete;
mod get;
mod input;
mod list;
pub(crate) mod shape;
mod status;
mod update;
mod workflows;

use super::catalog::{route, Route};
use axum::routing::{delete, get, post, put};

pub(crate) use get::load;

pub fn routes() -> Vec<Route> {
    let mut routes = vec![
        route(
            "GET",
            "/pipelines",
            "pipelines",
            "List pipelines",
            get(list::list),
        ),
        route(
            "POST",
            "/pipelines",
            "pipelines",
            "Add a candidate to a job's pipeline ({\"candidate_id\",\"job_id\",\"rating\"}; \
             ?create_activity=true notes it)",
            post(create::create),
        ),
        route(
            "GET",
            "/pipelines/{id}",
            "pipelines",
            "Get a pipeline",
            get(get::get),
        ),
        route(
            "PUT",
            "/pipelines/{id}",
            "pipelines",
            "Rate a pipeline ({\"rating\"} from 0 to 5)",
            put(update::update),
        ),
        route(
            "DELETE",
            "/pipelines/{id}",
            "pipelines",
            "Remove a candidate from a job's pipeline",
            delete(delete::delete),
        ),
        route(
            "POST",
            "/pipelines/{id}/status",
            "pipelines",
            "Move a pipeline to a status of its job's workflow ({\"status_id\"}; \
             ?create_activity=true notes it)",
            post(status::change),
        ),
        route(
            "GET",
            "/candidates/{id}/pipelines",
            "candidates",
            "The pipelines a candidate is in",
            get(list::of_candidate),
        ),
        route(
            "GET",
            "/jobs/{id}/pipelines",
            "jobs",
            "The pipelines of a job",
            get(list::of_job),
        ),
    ];
    // The history, under the CATS name and under the one other items use.
    for name in ["statuses", "status_changes"] {
        routes.push(route(
            "GET",
            &format!("/pipelines/{{id}}/{name}"),
            "pipelines",
            "A pipeline's status history",
            get(move |s, c, p, q| status::history(name, s, c, p, q)),
        ));
    }
    routes.extend(workflows::routes());
    routes
}
