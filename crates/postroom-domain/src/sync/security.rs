//! How the connection to a mail server is protected.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (IMAPS, port 993).
    Tls,
    /// Plain connection upgraded with STARTTLS before login (port 143).
    Starttls,
    /// No encryption at all; only ever accepted for a server on this machine.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot use {0:?} as connection security: expected tls, starttls or none")]
pub struct SecurityError(pub String);

impl Security {
    pub fn parse(s: &str) -> Result<Security, SecurityError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tls" | "ssl" => Ok(Security::Tls),
            "starttls" => Ok(Security::Starttls),
            "none" | "plain" => Ok(Security::None),
            _ => Err(SecurityError(s.to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Security::Tls => "tls",
            Security::Starttls => "starttls",
            Security::None => "none",
        }
    }

    /// The port a server usually listens on with this security.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Tls => 993,
            Security::Starttls | Security::None => 143,
        }
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `host` names this machine, where an unencrypted connection never crosses
/// a network.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    h.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_spells() {
        assert_eq!(Security::parse("TLS"), Ok(Security::Tls));
        assert_eq!(Security::parse("starttls"), Ok(Security::Starttls));
        assert_eq!(Security::parse("none").unwrap().as_str(), "none");
        assert!(Security::parse("ssl3").is_err());
        assert_eq!(Security::Tls.default_port(), 993);
    }

    #[test]
    fn loopback_hosts() {
        for h in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "imap.example.com",
            "10.0.0.1",
            "localhost.example.com",
            "0.0.0.0",
        ] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}
