//! Postroom's HTTP server: the REST API recruiting tools speak (the CATS v3 API
//! shape), behind API keys.
//!
//! A request goes through three layers before its route: `request_id` (every
//! response carries an `X-Request-Id`), `auth` (the `Authorization: Token <key>`
//! header becomes a [`Caller`]: a team member and their access level) and the rate
//! limit per key (`ratelimit`). Routes live one per file under `routes/`; they parse
//! their input into domain values (`json`, `paging`), call the store, and shape the
//! answer (`shape`). Every failure is an [`ApiError`], turned into a status code and
//! a `{"message"}` body in one place (`error.rs`), so clients see the same
//! conventions everywhere.

mod auth;
mod error;
mod json;
mod keys;
mod metrics;
mod page_cache;
mod paging;
mod ratelimit;
mod request_id;
mod routes;
mod shape;
mod state;
mod webhooks;

pub use auth::Caller;
pub use error::ApiError;
pub use keys::{hash_key, new_key, NewKey};
pub use metrics::Metrics;
pub use routes::router;
pub use state::{ApiConfig, AppState};
pub use webhooks::{run_deliveries, signature};
