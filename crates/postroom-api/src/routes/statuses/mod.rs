//! Statuses of jobs, contacts and companies: the lists to choose from, the change
//! of an item's status (`POST /{items}/{id}/status`, recorded in its history) and
//! that history. Written once over the kind; pipelines reuse the shapes and the
//! store's `change_status`, which checks a pipeline status against the workflow.

mod change;
mod history;
mod items;
mod list;
pub(crate) mod shape;

use super::catalog::{route, Route};
use axum::routing::{get, post};
use postroom_store::statuses::StatusKind;
use shape::plural;

pub fn routes() -> Vec<Route> {
    let mut routes = Vec::new();
    for kind in [StatusKind::Job, StatusKind::Contact, StatusKind::Company] {
        let items = plural(kind);
        let one = kind.as_str();
        routes.extend([
            route(
                "GET",
                &format!("/{items}/statuses"),
                items,
                format!("The statuses a {one} can have"),
                get(move |s, c, q| list::list(kind, s, c, q)),
            ),
            route(
                "GET",
                &format!("/{items}/statuses/{{id}}"),
                items,
                format!("Get a {one} status"),
                get(move |s, c, p| list::get(kind, s, c, p)),
            ),
            route(
                "POST",
                &format!("/{items}/{{id}}/status"),
                items,
                format!("Change a {one}'s status ({{\"status_id\"}})"),
                post(move |s, c, p, h, b| change::change(kind, s, c, p, h, b)),
            ),
            route(
                "GET",
                &format!("/{items}/{{id}}/status_changes"),
                items,
                format!("A {one}'s status history"),
                get(move |s, c, p, q| history::list(kind, s, c, p, q)),
            ),
        ]);
    }
    routes
}
