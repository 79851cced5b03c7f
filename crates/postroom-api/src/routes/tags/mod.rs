//! Tags: `/tags` (list, get, and create for administrators) and the tags on each
//! candidate, contact, company and job. `item.rs` is shared with custom fields.

mod create;
pub(super) mod item;
mod item_tags;
mod list;
mod shape;

use super::catalog::{route, Route};
use axum::routing::{delete, get, post, put};
use postroom_domain::ItemType;

pub fn routes() -> Vec<Route> {
    let mut routes = vec![
        route("GET", "/tags", "tags", "List tags", get(list::list)),
        route(
            "POST",
            "/tags",
            "tags",
            "Create a tag {\"title\",\"parent_id\"} (administrators; Postroom's addition)",
            post(create::create),
        ),
        route("GET", "/tags/{id}", "tags", "Get a tag", get(list::get)),
    ];
    for kind in ItemType::ALL {
        let plural = kind.plural();
        let one = kind.as_str();
        let base = format!("/{plural}/{{id}}/tags");
        routes.extend([
            route(
                "GET",
                &base,
                plural,
                format!("A {one}'s tags"),
                get(move |s, c, p| item_tags::list(kind, s, c, p)),
            ),
            route(
                "POST",
                &base,
                plural,
                format!("Attach tags to a {one} {{\"tags\":[{{\"id\"}}]}}"),
                post(move |s, c, p, b| item_tags::attach(kind, s, c, p, b)),
            ),
            route(
                "PUT",
                &base,
                plural,
                format!("Replace a {one}'s tags {{\"tags\":[{{\"id\"}}]}}"),
                put(move |s, c, p, b| item_tags::replace(kind, s, c, p, b)),
            ),
            route(
                "DELETE",
                &format!("{base}/{{tag_id}}"),
                plural,
                format!("Detach a tag from a {one}"),
                delete(move |s, c, p| item_tags::detach(kind, s, c, p)),
            ),
        ]);
    }
    routes
}
