//! The route table. One file per verb on a resource; candidates and contacts share
//! their handlers, parameterised by record type. The table (`catalog`) is data:
//! the router is built from it, and so is the OpenAPI document, so the document
//! cannot forget a route.

mod activity_shape;
mod catalog;
mod email_import;
mod health;
mod openapi;
mod record_activities;
mod record_input;
mod record_shape;
mod records_create;
mod records_delete;
mod records_filter;
mod records_get;
mod records_list;
mod records_update;
mod threads;
mod users;
mod webhooks;

// The ATS resources, a directory each.
mod companies;
mod custom_fields;
mod jobs;
mod pipelines;
mod statuses;
mod tags;

use crate::state::AppState;
use crate::{auth, request_id};
use axum::extract::{Request, State};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use catalog::catalog;

pub(crate) use activity_shape::shape as activity_json;
use std::time::Instant;
pub(crate) use users::shape as user_json;

pub fn router(state: AppState) -> Router {
    let mut authed = Router::new();
    let mut public = Router::new();
    for route in catalog() {
        if route.public {
            public = public.route(&route.path, route.handler);
        } else {
            authed = authed.route(&route.path, route.handler);
        }
    }
    let v3 = authed
        .layer(from_fn_with_state(state.clone(), auth::layer))
        .merge(public);
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .nest("/v3", v3)
        .fallback(health::not_found)
        .layer(from_fn(json_errors))
        .layer(from_fn_with_state(state.clone(), measure))
        .layer(from_fn(request_id::layer))
        .with_state(state)
}

/// Errors answered by the framework itself (a method a path does not take, a path
/// parameter that is not text) get the same `{"message"}` body as ours.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let message = match status {
        axum::http::StatusCode::METHOD_NOT_ALLOWED => "Method not allowed.".to_string(),
        s => format!("{}.", s.canonical_reason().unwrap_or("Bad request")),
    };
    let mut json = (
        status,
        axum::Json(serde_json::json!({ "message": message })),
    )
        .into_response();
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            json.headers_mut().insert(name.clone(), value.clone());
        }
    }
    json
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
