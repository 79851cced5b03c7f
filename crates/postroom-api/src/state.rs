use crate::metrics::Metrics;
use crate::page_cache::PageCache;
use crate::ratelimit::RateLimiter;
use postroom_store::Store;
use std::sync::Arc;

/// What the API is configured with.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Requests one key may make per hour.
    pub rate_limit_per_hour: u32,
    /// The absolute URL clients reach the server at (for `Location` and links),
    /// when it differs from what the `Host` header says (a reverse proxy).
    pub public_url: Option<String>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            rate_limit_per_hour: 500,
            public_url: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ApiConfig>,
    pub(crate) limiter: Arc<RateLimiter>,
    pub metrics: Arc<Metrics>,
    pub(crate) activity_pages: Arc<PageCache>,
}

impl AppState {
    pub fn new(store: Store, config: ApiConfig) -> AppState {
        AppState {
            store,
            limiter: Arc::new(RateLimiter::new(config.rate_limit_per_hour)),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            activity_pages: Arc::new(PageCache::default()),
        }
    }
}
