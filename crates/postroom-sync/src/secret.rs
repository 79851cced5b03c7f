//! Mailbox passwords, sealed at rest.
//!
//! A password is encrypted with XChaCha20-Poly1305 before it reaches the store. The
//! key comes from `POSTROOM_SECRET_KEY` (any long random string; it is hashed into a
//! key), or else from `secret.key` in the data directory, created on first use with
//! owner-only permissions. Losing the key means reconnecting the mailboxes, nothing
//! worse. Each sealed value is bound to its mailbox (the associated data), so a
//! sealed password copied onto another mailbox row does not open.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
pub const KEY_ENV: &str = "POSTROOM_SECRET_KEY";
const KEY_FILE: &str = "secret.key";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read the secret key file {path}: {cause}")]
    ReadKey {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot create the secret key file {path}: {cause}")]
    WriteKey {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot use the secret key file {path}: it must hold exactly 32 bytes")]
    BadKeyFile { path: PathBuf },
    #[error(
        "cannot open a stored mailbox password: the secret key changed since it was saved; \
         restore the key (or POSTROOM_SECRET_KEY), or connect the mailbox again"
    )]
    Open,
    #[error(
        "cannot open the stored mailbox passwords: {path} is missing and POSTROOM_SECRET_KEY \
         is not set; restore the key file (or set the variable used when the mailboxes were \
         connected), or disconnect and connect them again"
    )]
    KeyMissing { path: PathBuf },
}

/// A password in memory; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Password {
        Password(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    /// The key from the environment, else the data directory's key file. The file
    /// is created only when `may_create` (no password is sealed yet): a key that
    /// vanished must be reported, not silently replaced by one that opens nothing.
    pub fn load(data_dir: &Path, may_create: bool) -> Result<Sealer, SecretError> {
        match std::env::var(KEY_ENV) {
            Ok(v) if !v.is_empty() => Ok(Sealer::from_passphrase(&v)),
            _ => {
                let path = data_dir.join(KEY_FILE);
                if !may_create && !path.exists() {
                    return Err(SecretError::KeyMissing { path });
                }
                Sealer::from_key_file(&path)
            }
        }
    }

    pub fn from_passphrase(passphrase: &str) -> Sealer {
        Sealer::from_key(blake3_key(passphrase))
    }

    fn from_key(key: [u8; 32]) -> Sealer {
        Sealer {
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
    }

    fn from_key_file(path: &Path) -> Result<Sealer, SecretError> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes
                    .try_into()
                    .map_err(|_| SecretError::BadKeyFile { path: path.into() })?;
                Ok(Sealer::from_key(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut key);
                write_private(path, &key).map_err(|cause| SecretError::WriteKey {
                    path: path.into(),
                    cause,
                })?;
                // Another process may have won the race to create it: use theirs.
                Sealer::from_key_file(path)
            }
            Err(cause) => Err(SecretError::ReadKey {
                path: path.into(),
                cause,
            }),
        }
    }

    /// Encrypts `password` for the mailbox named by `context`.
    pub fn seal(&self, password: &Password, context: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: password.expose().as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any input length we use");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Password, SecretError> {
        if sealed.len() < 1 + NONCE_LEN || sealed[0] != VERSION {
            return Err(SecretError::Open);
        }
        let (nonce, body) = sealed[1..].split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| SecretError::Open)?;
        String::from_utf8(plain)
            .map(Password)
            .map_err(|_| SecretError::Open)
    }
}

fn blake3_key(passphrase: &str) -> [u8; 32] {
    // Not a password hash: the variable is meant to carry a long random string.
    blake3::derive_key("postroom 2026 mailbox password key", passphrase.as_bytes())
}

/// Writes the key to a private temporary file, then links it into place: the key
/// file appears whole or not at all, and a concurrent creator's key is kept.
fn write_private(path: &Path, key: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(key)?;
        f.sync_all()
    });
    let linked = written.and_then(|()| match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    });
    let _ = std::fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_for_the_same_mailbox_and_key() {
        let s = Sealer::from_passphrase("correct horse battery staple");
        let pw = Password::new("hunter2");
        let sealed = s.seal(&pw, "mailbox 1");
        assert!(!sealed.windows(7).any(|w| w == b"hunter2"));
        assert_eq!(s.open(&sealed, "mailbox 1").unwrap(), pw);
        assert!(s.open(&sealed, "mailbox 2").is_err());
        let other = Sealer::from_passphrase("another key");
        assert!(other.open(&sealed, "mailbox 1").is_err());
        assert_ne!(sealed, s.seal(&pw, "mailbox 1"), "a fresh nonce every time");
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let a = Sealer::from_key_file(&path).unwrap();
        let sealed = a.seal(&Password::new("pw"), "m");
        let b = Sealer::from_key_file(&path).unwrap();
        assert_eq!(b.open(&sealed, "m").unwrap().expose(), "pw");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(format!("{:?}", Password::new("pw")), "Password(***)");
    }
}
