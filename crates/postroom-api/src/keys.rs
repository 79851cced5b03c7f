//! API key material: random keys shown once, stored only as their hash.

use rand::RngCore;

/// A freshly made key: `secret` is shown to its owner once and never stored.
pub struct NewKey {
    pub secret: String,
    /// The first characters, kept to tell keys apart in lists.
    pub prefix: String,
    pub hash: String,
}

pub fn new_key() -> NewKey {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret: String = format!(
        "pr_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    NewKey {
        prefix: secret[..10].to_string(),
        hash: hash_key(&secret),
        secret,
    }
}

/// Keys are long and random, so a fast hash is enough: there is nothing to
/// brute-force the way there is with a password.
pub fn hash_key(secret: &str) -> String {
    blake3::hash(secret.trim().as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_hash_stably() {
        let a = new_key();
        let b = new_key();
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with("pr_") && a.secret.len() == 51);
        assert_eq!(hash_key(&a.secret), a.hash);
        assert!(a.secret.starts_with(&a.prefix));
    }
}
