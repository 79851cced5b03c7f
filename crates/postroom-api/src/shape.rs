//! Shared pieces of the CATS v3 read shapes: dates and links.

use crate::state::ApiConfig;
use axum::http::{header, HeaderMap};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn date(ts: i64) -> Value {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .map_or(Value::Null, Value::String)
}

/// The absolute URL of `path` (for `Location`): the configured public URL, or what
/// the client called us by.
pub fn absolute(config: &ApiConfig, headers: &HeaderMap, path: &str) -> String {
    let base = match &config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    };
    format!("{base}/v3{path}")
}

pub fn href(path: impl Into<String>) -> Value {
    json!({ "href": path.into() })
}
