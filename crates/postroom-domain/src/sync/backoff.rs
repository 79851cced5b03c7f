//! How long to wait before retrying a mailbox after a failure.

use std::time::Duration;

/// Doubles from `base` with each consecutive failure, up to `cap`. A server that is
/// down for an hour then sees one attempt every `cap`, not a storm of reconnects.
pub fn backoff(failures: u32, base: Duration, cap: Duration) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let factor = 1u32.checked_shl(failures - 1).unwrap_or(u32::MAX);
    base.checked_mul(factor).map_or(cap, |d| d.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_stays_at_the_cap() {
        let base = Duration::from_secs(1);
        let cap = Duration::from_secs(300);
        let waits: Vec<u64> = (0..12).map(|n| backoff(n, base, cap).as_secs()).collect();
        assert_eq!(waits, [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(backoff(u32::MAX, base, cap), cap);
    }
}
