//! `postroom serve`'s configuration: one typed struct from an optional TOML file,
//! then environment overrides, with every error reported at once.

use std::net::SocketAddr;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub public_url: Option<String>,
    pub rate_limit_per_hour: u32,
    pub poll_interval_secs: u64,
    /// First wait before a failed mailbox connection is retried (it doubles).
    pub retry_base_ms: u64,
    /// How often the service looks for mailboxes connected or resumed meanwhile.
    pub rescan_secs: u64,
    /// First wait before a failed webhook delivery is retried (it doubles).
    pub webhook_retry_base_ms: u64,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            rate_limit_per_hour: 500,
            poll_interval_secs: 300,
            retry_base_ms: 1000,
            rescan_secs: 5,
            webhook_retry_base_ms: 5000,
        }
    }
}

/// Where each setting can come from: (TOML key, environment variable).
const KEYS: [(&str, &str); 7] = [
    ("listen", "POSTROOM_LISTEN"),
    ("public_url", "POSTROOM_PUBLIC_URL"),
    ("rate_limit_per_hour", "POSTROOM_RATE_LIMIT"),
    ("poll_interval_secs", "POSTROOM_POLL_INTERVAL"),
    ("retry_base_ms", "POSTROOM_RETRY_BASE_MS"),
    ("rescan_secs", "POSTROOM_RESCAN_SECS"),
    ("webhook_retry_base_ms", "POSTROOM_WEBHOOK_RETRY_BASE_MS"),
];

impl ServeConfig {
    /// Reads `file` (if any), then the environment. `Err` lists every problem.
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ServeConfig, Vec<String>> {
        let mut errors = Vec::new();
        let mut values: Vec<(String, String, String)> = Vec::new(); // (key, value, origin)
        if let Some(path) = file {
            match std::fs::read_to_string(path) {
                Err(e) => errors.push(format!("cannot read {}: {e}", path.display())),
                Ok(text) => match text.parse::<toml::Table>() {
                    Err(e) => errors.push(format!("{}: {}", path.display(), e.message())),
                    Ok(table) => {
                        for (k, v) in table {
                            if !KEYS.iter().any(|(key, _)| *key == k) {
                                errors.push(format!(
                                    "{}: unknown setting {k:?} (known: {})",
                                    path.display(),
                                    KEYS.map(|(k, _)| k).join(", ")
                                ));
                                continue;
                            }
                            let v = match v {
                                toml::Value::String(s) => s,
                                other => other.to_string(),
                            };
                            values.push((k, v, path.display().to_string()));
                        }
                    }
                },
            }
        }
        for (key, var) in KEYS {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                values.push((key.to_string(), v, format!("${var}")));
            }
        }
        let mut c = ServeConfig::default();
        for (key, value, origin) in values {
            let bad = |what: &str| format!("{origin}: {key} = {value:?} is not {what}");
            match key.as_str() {
                "listen" => match value.parse() {
                    Ok(a) => c.listen = a,
                    Err(_) => errors.push(bad("an address like 127.0.0.1:8080")),
                },
                "public_url" => {
                    if value.starts_with("http://") || value.starts_with("https://") {
                        c.public_url = Some(value);
                    } else {
                        errors.push(bad("an http:// or https:// URL"));
                    }
                }
                "rate_limit_per_hour" => match value.parse::<u32>() {
                    Ok(n) if n > 0 => c.rate_limit_per_hour = n,
                    _ => errors.push(bad("a positive whole number")),
                },
                "poll_interval_secs" => match value.parse::<u64>() {
                    Ok(n) if n > 0 => c.poll_interval_secs = n,
                    _ => errors.push(bad("a positive number of seconds")),
                },
                "retry_base_ms" | "webhook_retry_base_ms" => match value.parse::<u64>() {
                    Ok(n) if n > 0 && key == "retry_base_ms" => c.retry_base_ms = n,
                    Ok(n) if n > 0 => c.webhook_retry_base_ms = n,
                    _ => errors.push(bad("a positive number of milliseconds")),
                },
                "rescan_secs" => match value.parse::<u64>() {
                    Ok(n) if n > 0 => c.rescan_secs = n,
                    _ => errors.push(bad("a positive number of seconds")),
                },
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_reported_at_once_and_env_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("postroom.toml");
        std::fs::write(
            &path,
            "listen = \"nowhere\"\nrate_limit_per_hour = 0\ncolour = \"blue\"\n",
        )
        .unwrap();
        let errors = ServeConfig::load(Some(&path), |_| None).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors
            .iter()
            .any(|e| e.contains("unknown setting \"colour\"")));
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:9000\"\nrate_limit_per_hour = 10\n",
        )
        .unwrap();
        let c = ServeConfig::load(Some(&path), |v| {
            (v == "POSTROOM_RATE_LIMIT").then(|| "20".to_string())
        })
        .unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.rate_limit_per_hour, 20);
    }

    /// Regression: the retry and rescan knobs were read from the environment by
    /// hand, and a value that was not a number was silently ignored.
    #[test]
    fn retry_and_rescan_settings_are_checked_like_the_others() {
        let env = |v: &str| match v {
            "POSTROOM_RETRY_BASE_MS" => Some("soon".to_string()),
            "POSTROOM_RESCAN_SECS" => Some("0".to_string()),
            "POSTROOM_WEBHOOK_RETRY_BASE_MS" => Some("250".to_string()),
            _ => None,
        };
        let errors = ServeConfig::load(None, env).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("$POSTROOM_RETRY_BASE_MS: retry_base_ms = \"soon\""));
        let c = ServeConfig::load(None, |v| {
            (v == "POSTROOM_WEBHOOK_RETRY_BASE_MS").then(|| "250".to_string())
        })
        .unwrap();
        assert_eq!(
            (c.retry_base_ms, c.rescan_secs, c.webhook_retry_base_ms),
            (1000, 5, 250)
        );
    }
}
