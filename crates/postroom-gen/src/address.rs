//! How one mailbox is written in a header: display-name styles (plain,
//! quoted, RFC 2047 B/Q in UTF-8 or ISO-8859-1, raw UTF-8), comments,
//! mixed-case local parts and UTF-8 versus punycode domains.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::encode::{encoded_words, Charset};
use crate::names::idn_ascii;
use crate::people::mixed_case;

/// The address as it goes on the wire: sometimes mixed-case, and an
/// internationalised domain written either in UTF-8 or as punycode.
pub fn wire_addr(rng: &mut ChaCha8Rng, addr: &str) -> String {
    let mut a = if rng.gen_bool(0.04) {
        mixed_case(addr)
    } else {
        addr.to_string()
    };
    if let Some((local, domain)) = a.rsplit_once('@') {
        if let Some(ascii) = idn_ascii(domain) {
            if rng.gen_bool(0.5) {
                a = format!("{local}@{ascii}");
            }
        }
    }
    a
}

/// A display name as a phrase: atoms, a quoted string, or encoded words.
pub fn phrase(rng: &mut ChaCha8Rng, name: &str) -> String {
    if name.is_ascii() {
        let atoms = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " '-!#$%&*+/=?^_`{|}~".contains(c));
        if atoms {
            name.to_string()
        } else {
            format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
        }
    } else {
        match rng.gen_range(0..20) {
            0..=6 => encoded_words(name, false, Charset::Utf8),
            7..=13 => encoded_words(name, true, Charset::Utf8),
            14..=16 => encoded_words(name, false, Charset::Latin1),
            17 => encoded_words(name, true, Charset::Latin1),
            // RFC 6532: raw UTF-8 in a quoted string.
            _ => format!("\"{name}\""),
        }
    }
}

/// Render a mailbox for an address header. `name` is "First Last" (or a
/// brand) when known; `last_first` is the "Last, First" form of a person.
pub fn mailbox(
    rng: &mut ChaCha8Rng,
    name: Option<&str>,
    last_first: Option<&str>,
    addr: &str,
) -> String {
    let addr = wire_addr(rng, addr);
    let Some(name) = name else {
        return match rng.gen_range(0..10) {
            0 => format!("<{addr}>"),
            1 => format!("{addr} (Work)"),
            _ => addr,
        };
    };
    match rng.gen_range(0..100) {
        0..=6 => addr,
        7..=14 => match last_first {
            Some(lf) => format!("{} <{addr}>", quoted_or_encoded(rng, lf)),
            None => format!("{} <{addr}>", phrase(rng, name)),
        },
        15..=17 => format!("{} <{addr}> (Work)", phrase(rng, name)),
        18 => format!("{addr} ({})", phrase(rng, name)),
        _ => format!("{} <{addr}>", phrase(rng, name)),
    }
}

/// `"Müller, José"`: a name with a comma must be quoted, or encoded (the
/// comma then becomes `=2C` in Q encoding).
fn quoted_or_encoded(rng: &mut ChaCha8Rng, s: &str) -> String {
    if s.is_ascii() || rng.gen_bool(0.2) {
        format!("\"{s}\"")
    } else {
        phrase(rng, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn styles_vary_and_keep_address() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..400 {
            let m = mailbox(
                &mut rng,
                Some("José Müller"),
                Some("Müller, José"),
                "jose.muller@bücher.example",
            );
            assert!(m.to_lowercase().contains("jose.muller@"), "{m}");
            seen.insert(m);
        }
        assert!(seen.iter().any(|m| m.contains("?Q?")));
        assert!(seen.iter().any(|m| m.contains("?B?")));
        assert!(seen.iter().any(|m| m.contains("ISO-8859-1")));
        assert!(seen.iter().any(|m| m.contains("xn--bcher-kva")));
        assert!(seen.iter().any(|m| m.contains("@bücher")));
        assert!(seen.iter().any(|m| m.contains("(Work)")));
        assert!(seen.iter().any(|m| m.contains("=2C")));
    }
}
