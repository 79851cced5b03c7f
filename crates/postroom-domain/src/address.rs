//! Email addresses, normalised once so that equality is the product's notion of
//! "the same address": case-insensitive, with internationalised domains compared in
//! their punycode (ASCII) form.

use std::fmt;

/// A syntactically plausible email address in canonical form (lowercase local part,
/// lowercase ASCII domain). Two addresses are equal exactly when Postroom treats them
/// as the same mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    #[error("cannot parse email address {0:?}: it is empty")]
    Empty(String),
    #[error("cannot parse email address {0:?}: it has no '@'")]
    NoAt(String),
    #[error("cannot parse email address {0:?}: the part before '@' is empty")]
    EmptyLocal(String),
    #[error("cannot parse email address {0:?}: the domain is missing or invalid")]
    BadDomain(String),
    #[error("cannot parse email address {0:?}: it contains whitespace or control characters")]
    BadCharacter(String),
}

impl EmailAddress {
    /// Parses a bare address (`user@example.com`, optionally in angle brackets).
    pub fn parse(input: &str) -> Result<Self, AddressError> {
        let trimmed = input.trim();
        let s = trimmed
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(trimmed)
            .trim();
        if s.is_empty() {
            return Err(AddressError::Empty(input.to_string()));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AddressError::BadCharacter(input.to_string()));
        }
        let (local, domain) = s
            .rsplit_once('@')
            .ok_or_else(|| AddressError::NoAt(input.to_string()))?;
        if local.is_empty() {
            return Err(AddressError::EmptyLocal(input.to_string()));
        }
        let domain =
            normalise_domain(domain).ok_or_else(|| AddressError::BadDomain(input.to_string()))?;
        Ok(EmailAddress(format!("{}@{}", local.to_lowercase(), domain)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The domain part, always ASCII lowercase.
    pub fn domain(&self) -> &str {
        // Invariant: parse guarantees exactly one '@' split point at the last '@'.
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

/// Lowercases and converts a domain to its ASCII (punycode) form; `None` if it is
/// not a usable domain.
pub(crate) fn normalise_domain(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('.');
    if domain.is_empty() || domain.starts_with('.') || domain.contains("..") {
        return None;
    }
    // An address literal such as [192.0.2.1] is kept verbatim: IDNA does not apply.
    if domain.starts_with('[') && domain.ends_with(']') {
        return Some(domain.to_ascii_lowercase());
    }
    let ascii = if domain.is_ascii() {
        domain.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(domain).ok()?
    };
    if ascii.is_empty()
        || ascii
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_'))
    {
        return None;
    }
    Some(ascii)
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for EmailAddress {
    type Err = AddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_the_product_compares() {
        let table = [
            ("Jane@Example.COM", "jane@example.com"),
            ("<jane@example.com>", "jane@example.com"),
            ("  jane@example.com ", "jane@example.com"),
            ("jane@bücher.example", "jane@xn--bcher-kva.example"),
            ("jane@XN--BCHER-KVA.example", "jane@xn--bcher-kva.example"),
            ("jane@example.com.", "jane@example.com"),
            ("\"odd@local\"@example.com", "\"odd@local\"@example.com"),
            ("JOSÉ@example.com", "josé@example.com"),
        ];
        for (input, want) in table {
            assert_eq!(
                EmailAddress::parse(input).unwrap().as_str(),
                want,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        let table = [
            "",
            "   ",
            "jane",
            "@example.com",
            "jane@",
            "jane@.com",
            "ja ne@example.com",
            "jane@exa..mple.com",
            "jane@exa mple.com",
        ];
        for input in table {
            assert!(EmailAddress::parse(input).is_err(), "accepted {input:?}");
        }
    }

    #[test]
    fn error_says_what_was_wrong() {
        let err = EmailAddress::parse("jane").unwrap_err().to_string();
        assert!(err.contains("\"jane\"") && err.contains("no '@'"), "{err}");
    }
}
