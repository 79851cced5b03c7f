//! Every route of `/v3`: method, path, what it does, and its handler.

use super::*;
use crate::state::AppState;
use axum::routing::{delete, get, post, put, MethodRouter};
use postroom_domain::RecordType;

pub struct Route {
    pub method: &'static str,
    /// Under `/v3`, with `{name}` parameters.
    pub path: String,
    pub summary: String,
    pub tag: &'static str,
    /// Answered without an API key.
    pub public: bool,
    pub handler: MethodRouter<AppState>,
}

pub(crate) fn route(
    method: &'static str,
    path: &str,
    tag: &'static str,
    summary: impl Into<String>,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path: path.to_string(),
        summary: summary.into(),
        tag,
        public: false,
        handler,
    }
}

pub fn catalog() -> Vec<Route> {
    let mut routes = vec![
        Route {
            public: true,
            ..route(
                "GET",
                "/openapi.json",
                "meta",
                "This OpenAPI document",
                get(openapi::document),
            )
        },
        route(
            "GET",
            "/users",
            "users",
            "List team members",
            get(users::list),
        ),
        route(
            "GET",
            "/users/{id}",
            "users",
            "Get a team member",
            get(users::get),
        ),
        route(
            "GET",
            "/activities/{id}",
            "activities",
            "Get an activity",
            get(record_activities::get),
        ),
        route(
            "GET",
            "/webhooks",
            "webhooks",
            "List webhooks",
            get(webhooks::list),
        ),
        route(
            "POST",
            "/webhooks",
            "webhooks",
            "Subscribe to events",
            post(webhooks::create),
        ),
        route(
            "GET",
            "/webhooks/{id}",
            "webhooks",
            "Get a webhook",
            get(webhooks::get),
        ),
        route(
            "DELETE",
            "/webhooks/{id}",
            "webhooks",
            "Delete a webhook",
            delete(webhooks::delete),
        ),
        route(
            "GET",
            "/webhooks/{id}/deliveries",
            "webhooks",
            "A webhook's delivery log",
            get(webhooks::deliveries),
        ),
        route(
            "GET",
            "/threads/{id}",
            "email",
            "A conversation with its messages",
            get(threads::get),
        ),
        route(
            "GET",
            "/attachments/{id}/download",
            "email",
            "Download an attachment",
            get(threads::download),
        ),
    ];
    for t in [RecordType::Candidate, RecordType::Contact] {
        routes.extend(records(t));
    }
    routes.extend(companies::routes());
    routes.extend(jobs::routes());
    routes.extend(statuses::routes());
    routes.extend(pipelines::routes());
    routes.extend(tags::routes());
    routes.extend(custom_fields::routes());
    routes
}

/// The routes of one record type, sharing handlers.
fn records(t: RecordType) -> Vec<Route> {
    let plural = record_shape::plural(t);
    let one = t.as_str();
    let base = format!("/{plural}");
    let item = format!("/{plural}/{{id}}");
    vec![
        route(
            "GET",
            &base,
            plural,
            format!("List {plural}"),
            get(move |s, c, q, h| records_list::list(t, s, c, q, h)),
        ),
        route(
            "POST",
            &base,
            plural,
            format!("Create a {one} (?check_duplicate=true: 409 on a duplicate)"),
            post(move |s, c, q, h, b| records_create::create(t, s, c, q, h, b)),
        ),
        route(
            "GET",
            &format!("{base}/search"),
            plural,
            format!("Search {plural} by name and every email (?query=)"),
            get(move |s, c, q, h| records_list::search(t, s, c, q, h)),
        ),
        route(
            "GET",
            &item,
            plural,
            format!("Get a {one}"),
            get(move |s, c, p| records_get::get(t, s, c, p)),
        ),
        route(
            "POST",
            &format!("{base}/search"),
            plural,
            format!("{plural} matching every filter {{\"field\",\"filter\",\"value\"}} (contains, exactly, is_empty)"),
            post(move |s, c, q, b| records_filter::search(t, s, c, q, b)),
        ),
        route(
            "GET",
            &format!("{item}/phones"),
            plural,
            format!("A {one}'s phone numbers"),
            get(move |s, c, p| records_get::phones(t, s, c, p)),
        ),
        route(
            "PUT",
            &item,
            plural,
            format!("Update a {one} (merges the fields given)"),
            put(move |s, c, p, b| records_update::update(t, s, c, p, b)),
        ),
        route(
            "DELETE",
            &item,
            plural,
            format!("Delete a {one}"),
            delete(move |s, c, p| records_delete::delete(t, s, c, p)),
        ),
        route(
            "GET",
            &format!("{item}/emails"),
            plural,
            format!("A {one}'s email addresses"),
            get(move |s, c, p| records_get::emails(t, s, c, p)),
        ),
        route(
            "GET",
            &format!("{item}/activities"),
            plural,
            format!("A {one}'s activities, logged email included"),
            get(move |s, c, p, q| record_activities::list(t, s, c, p, q)),
        ),
        route(
            "POST",
            &format!("{item}/activities"),
            plural,
            format!("Record an activity on a {one}"),
            post(move |s, c, p, h, b| record_activities::create(t, s, c, p, h, b)),
        ),
        route(
            "GET",
            &format!("{item}/threads"),
            plural,
            format!("A {one}'s email conversations"),
            get(move |s, c, p| threads::list(t, s, c, p)),
        ),
        route(
            "POST",
            &format!("{item}/email_import"),
            plural,
            format!("Start importing a {one}'s past email from the connected mailboxes"),
            post(move |s, c, p, h| email_import::start(t, s, c, p, h)),
        ),
        route(
            "GET",
            &format!("{item}/email_import"),
            plural,
            "The progress of the latest email import",
            get(move |s, c, p| email_import::progress(t, s, c, p)),
        ),
    ]
}
