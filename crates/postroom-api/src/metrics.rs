//! Request counters and latencies for `/metrics` (Prometheus text format).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Latency buckets, in seconds.
const BUCKETS: [f64; 8] = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// (method, status) -> count
    requests: BTreeMap<(String, u16), u64>,
    /// Cumulative bucket counts, then +Inf, sum and count.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    pub fn record(&self, method: &str, status: u16, took: Duration) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *m.requests.entry((method.to_string(), status)).or_default() += 1;
        let secs = took.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                m.buckets[i] += 1;
            }
        }
        m.count += 1;
        m.sum += secs;
    }

    /// The request metrics, in Prometheus text format.
    pub fn render(&self) -> String {
        let m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP postroom_http_requests_total HTTP requests answered.\n");
        out.push_str("# TYPE postroom_http_requests_total counter\n");
        for ((method, status), n) in &m.requests {
            out.push_str(&format!(
                "postroom_http_requests_total{{method=\"{method}\",status=\"{status}\"}} {n}\n"
            ));
        }
        out.push_str("# HELP postroom_http_request_duration_seconds Time to answer.\n");
        out.push_str("# TYPE postroom_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            out.push_str(&format!(
                "postroom_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}\n",
                m.buckets[i]
            ));
        }
        out.push_str(&format!(
            "postroom_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
            m.count
        ));
        out.push_str(&format!(
            "postroom_http_request_duration_seconds_sum {}\npostroom_http_request_duration_seconds_count {}\n",
            m.sum, m.count
        ));
        out
    }
}
