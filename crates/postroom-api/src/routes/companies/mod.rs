//! `/companies`: client companies, with their contacts and jobs. Everyone reads
//! them; hiring managers write none. Their statuses are served by `statuses/`.

mod create;
mod delete;
mod get;
mod input;
mod list;
mod related;
pub(crate) mod shape;
mod update;

pub(crate) use get::load;

use super::catalog::{route, Route};
use axum::routing::{delete, get, post, put};

pub fn routes() -> Vec<Route> {
    vec![
        route(
            "GET",
            "/companies",
            "companies",
            "List companies",
            get(list::list),
        ),
        route(
            "POST",
            "/companies",
            "companies",
            "Create a company",
            post(create::create),
        ),
        route(
            "GET",
            "/companies/search",
            "companies",
            "Search companies by name (?query=)",
            get(list::search),
        ),
        route(
            "GET",
            "/companies/{id}",
            "companies",
            "Get a company",
            get(get::get),
        ),
        route(
            "PUT",
            "/companies/{id}",
            "companies",
            "Update a company (merges the fields given)",
            put(update::update),
        ),
        route(
            "DELETE",
            "/companies/{id}",
            "companies",
            "Delete a company (its contacts and jobs stay, at no company)",
            delete(delete::delete),
        ),
        route(
            "GET",
            "/companies/{id}/contacts",
            "companies",
            "The contacts who work at a company",
            get(related::contacts),
        ),
        route(
            "GET",
            "/companies/{id}/jobs",
            "companies",
            "A company's jobs",
            get(related::jobs),
        ),
    ]
}
