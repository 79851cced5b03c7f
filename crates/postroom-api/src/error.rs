//! Every way a request can fail, and the one place that maps them to HTTP.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use postroom_store::StoreError;
use serde_json::json;

/// A field the client got wrong, and what was wrong with it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Invalid credentials.")]
    Unauthorized,
    #[error("You do not have access to this resource.")]
    Forbidden,
    #[error("Unsupported Content-Type.")]
    UnsupportedMediaType,
    #[error("{0}")]
    BadRequest(String),
    #[error("The {0} was not found.")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("Validation failed.")]
    Invalid(Vec<FieldError>),
    #[error("Rate limit exceeded.")]
    RateLimited { retry_after: u64 },
    #[error("cannot answer: {0}")]
    Store(StoreError),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::PrimaryTaken { .. } | StoreError::Duplicate { .. } => {
                ApiError::Conflict(format!("{e}."))
            }
            // Ids are checked before the write; one deleted in between lands here.
            StoreError::MissingReference(_) => ApiError::Conflict(
                "An item this request refers to (a company, owner or job) was deleted \
                 meanwhile: check its ids and try again."
                    .into(),
            ),
            e => ApiError::Store(e),
        }
    }
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            ApiError::Invalid(errors) => json!({ "message": self.to_string(), "errors": errors }),
            ApiError::Store(e) => {
                // The cause goes to the log, not to the client.
                tracing::error!(error = %e, "request failed");
                json!({ "message": "Internal server error." })
            }
            _ => json!({ "message": self.to_string() }),
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let ApiError::RateLimited { retry_after } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
