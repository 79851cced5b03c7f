//! `Authorization: Token <key>` to the team member the key acts as, with the rate
//! limit of that key applied on the way.

use crate::error::ApiError;
use crate::keys::hash_key;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use postroom_domain::{AccessLevel, UserId};

/// Who is asking.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub user: UserId,
    pub access: AccessLevel,
    pub key_id: i64,
}

pub async fn layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let key = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, key) = v.trim().split_once(' ')?;
            (scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer"))
                .then(|| key.trim().to_string())
        });
    let Some(key) = key else {
        return ApiError::Unauthorized.into_response();
    };
    let owner = match state.store.key_owner(&hash_key(&key)).await {
        Ok(Some(owner)) => owner,
        Ok(None) => return ApiError::Unauthorized.into_response(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let quota = state.limiter.check(owner.key_id);
    let mut response = if quota.allowed {
        request.extensions_mut().insert(Caller {
            user: owner.user,
            access: owner.access,
            key_id: owner.key_id,
        });
        next.run(request).await
    } else {
        ApiError::RateLimited {
            retry_after: quota.reset_in,
        }
        .into_response()
    };
    let headers = response.headers_mut();
    headers.insert("x-rate-limit-limit", HeaderValue::from(quota.limit));
    headers.insert("x-rate-limit-remaining", HeaderValue::from(quota.remaining));
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .copied()
            .ok_or(ApiError::Unauthorized)
    }
}
