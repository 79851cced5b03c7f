//! The route table. One file per verb on a resource; candidates and contacts share
//! their handlers, parameterised by record type.

mod activity_shape;
mod email_import;
mod health;
mod record_activities;
mod record_input;
mod record_shape;
mod records_create;
mod records_delete;
mod records_get;
mod records_list;
mod records_update;
mod threads;
mod users;
mod webhooks;

use crate::state::AppState;
use crate::{auth, request_id};
use axum::extract::{Request, State};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use postroom_domain::RecordType;
use std::time::Instant;

pub fn router(state: AppState) -> Router {
    let v3 = Router::new()
        .route("/users", get(users::list))
        .route("/users/{id}", get(users::get))
        .nest("/candidates", records(RecordType::Candidate))
        .nest("/contacts", records(RecordType::Contact))
        .route("/activities/{id}", get(record_activities::get))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route(
            "/webhooks/{id}",
            get(webhooks::get).delete(webhooks::delete),
        )
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/threads/{id}", get(threads::get))
        .route("/attachments/{id}/download", get(threads::download))
        .layer(from_fn_with_state(state.clone(), auth::layer));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .nest("/v3", v3)
        .fallback(health::not_found)
        .layer(from_fn_with_state(state.clone(), measure))
        .layer(from_fn(request_id::layer))
        .with_state(state)
}

/// The routes of one record type, sharing handlers.
fn records(t: RecordType) -> Router<AppState> {
    Router::new()
        .route(
            "/",
            get(move |s, c, q, h| records_list::list(t, s, c, q, h))
                .post(move |s, c, q, h, b| records_create::create(t, s, c, q, h, b)),
        )
        .route(
            "/search",
            get(move |s, c, q, h| records_list::search(t, s, c, q, h)),
        )
        .route(
            "/{id}",
            get(move |s, c, p| records_get::get(t, s, c, p))
                .put(move |s, c, p, b| records_update::update(t, s, c, p, b))
                .delete(move |s, c, p| records_delete::delete(t, s, c, p)),
        )
        .route(
            "/{id}/emails",
            get(move |s, c, p| records_get::emails(t, s, c, p)),
        )
        .route(
            "/{id}/activities",
            get(move |s, c, p, q| record_activities::list(t, s, c, p, q))
                .post(move |s, c, p, h, b| record_activities::create(t, s, c, p, h, b)),
        )
        .route(
            "/{id}/threads",
            get(move |s, c, p| threads::list(t, s, c, p)),
        )
        .route(
            "/{id}/email_import",
            get(move |s, c, p| email_import::progress(t, s, c, p))
                .post(move |s, c, p, h| email_import::start(t, s, c, p, h)),
        )
}

/// Counts and times every request for `/metrics`.
async fn measure(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let response = next.run(request).await;
    state
        .metrics
        .record(&method, response.status().as_u16(), started.elapsed());
    response
}
