//! Every network wait is bounded: a server that stops answering is a failure to
//! retry, never a sync that hangs forever.

use crate::error::SyncError;
use std::future::Future;
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    /// One command, or the gap between two parts of one response.
    pub command: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(20),
            command: Duration::from_secs(120),
        }
    }
}

pub async fn within<F: Future>(limit: Duration, doing: &str, f: F) -> Result<F::Output, SyncError> {
    tokio::time::timeout(limit, f)
        .await
        .map_err(|_| SyncError::Timeout {
            doing: doing.to_string(),
            secs: limit.as_secs(),
        })
}
