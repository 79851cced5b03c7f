//! Requests per API key per hour, in fixed one-hour windows.
//!
//! Kept in memory: a restart forgives the current hour, which is harmless for a
//! limit meant to stop a runaway integration, not to bill anyone.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

const WINDOW: u64 = 3600;

pub struct RateLimiter {
    limit: u32,
    /// key id -> (window start, requests in it)
    windows: Mutex<HashMap<i64, (u64, u32)>>,
}

/// The verdict on one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset_in: u64,
    pub allowed: bool,
}

impl RateLimiter {
    pub fn new(limit: u32) -> RateLimiter {
        RateLimiter {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn check(&self, key: i64) -> Quota {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.check_at(key, now)
    }

    fn check_at(&self, key: i64, now: u64) -> Quota {
        let start = now - now % WINDOW;
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let entry = windows.entry(key).or_insert((start, 0));
        if entry.0 != start {
            *entry = (start, 0);
        }
        let allowed = entry.1 < self.limit;
        if allowed {
            entry.1 += 1;
        }
        Quota {
            limit: self.limit,
            remaining: self.limit - entry.1,
            reset_in: start + WINDOW - now,
            allowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_resets_each_hour() {
        let l = RateLimiter::new(2);
        let t = 7200 + 100;
        assert_eq!(l.check_at(1, t).remaining, 1);
        assert_eq!(l.check_at(1, t).remaining, 0);
        let refused = l.check_at(1, t + 1);
        assert!(!refused.allowed);
        assert_eq!(refused.reset_in, 3600 - 101);
        assert!(l.check_at(2, t).allowed, "another key has its own quota");
        assert!(l.check_at(1, 10_800).allowed, "a new hour");
    }
}
