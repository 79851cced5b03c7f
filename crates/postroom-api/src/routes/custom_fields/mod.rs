//! Custom fields: the definitions of each item type (read-only here; an
//! administrator defines them with `postroom custom-fields add`) and the values on
//! each candidate, contact, company and job. `input.rs` also checks the
//! `custom_fields` of a candidate's or contact's create and update body.

mod definitions;
pub(super) mod input;
mod shape;
mod values;

use super::catalog::{route, Route};
use axum::routing::{get, put};
use postroom_domain::ItemType;

pub fn routes() -> Vec<Route> {
    let mut routes = Vec::new();
    for kind in ItemType::ALL {
        let plural = kind.plural();
        let one = kind.as_str();
        let defs = format!("/{plural}/custom_fields");
        let on_item = format!("/{plural}/{{id}}/custom_fields");
        routes.extend([
            route(
                "GET",
                &defs,
                plural,
                format!("The custom fields {plural} have"),
                get(move |s, c, q| definitions::list(kind, s, c, q)),
            ),
            route(
                "GET",
                &format!("{defs}/{{id}}"),
                plural,
                format!("A custom field of {plural}"),
                get(move |s, c, p| definitions::get(kind, s, c, p)),
            ),
            route(
                "GET",
                &on_item,
                plural,
                format!("A {one}'s custom field values (null when unset)"),
                get(move |s, c, p| values::list(kind, s, c, p)),
            ),
            route(
                "GET",
                &format!("{on_item}/{{field_id}}"),
                plural,
                format!("One custom field value of a {one}"),
                get(move |s, c, p| values::get(kind, s, c, p)),
            ),
            route(
                "PUT",
                &format!("{on_item}/{{field_id}}"),
                plural,
                format!("Set a {one}'s custom field value {{\"value\"}} (null clears)"),
                put(move |s, c, p, b| values::set(kind, s, c, p, b)),
            ),
        ]);
    }
    routes
}
