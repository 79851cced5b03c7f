//! Opening an authenticated IMAP session: TCP, then TLS or STARTTLS, then LOGIN.
//!
//! Each step fails with its own error, so `mailboxes connect` can say whether the
//! host was unreachable, TLS failed, or the credentials were refused.

use crate::error::SyncError;
use crate::secret::Password;
use crate::timeouts::{within, Timeouts};
use async_imap::{Client, Session};
use postroom_domain::sync::Security;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use std::fmt::Debug;
use std::sync::{Arc, OnceLock};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

/// Any byte stream an IMAP session can run over (plain TCP or TLS).
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}

pub type ImapSession = Session<Box<dyn Io>>;

/// Where and how to log in.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub login: String,
    pub password: Password,
}

pub async fn open(endpoint: &Endpoint, t: &Timeouts) -> Result<ImapSession, SyncError> {
    let host = endpoint.host.as_str();
    let tcp = within(
        t.connect,
        &format!("connect to {host}:{}", endpoint.port),
        TcpStream::connect((host, endpoint.port)),
    )
    .await?
    .map_err(|cause| SyncError::Unreachable {
        host: host.to_string(),
        port: endpoint.port,
        cause,
    })?;
    let _ = tcp.set_nodelay(true);
    let stream: Box<dyn Io> = match endpoint.security {
        Security::None => Box::new(tcp),
        Security::Tls => Box::new(tls(host, tcp, t).await?),
        Security::Starttls => {
            let mut client = Client::new(tcp);
            greeting(&mut client, host, t).await?;
            within(
                t.command,
                "start TLS",
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await?
            .map_err(|e| SyncError::Refused {
                host: host.to_string(),
                reason: format!("STARTTLS refused: {e}"),
            })?;
            Box::new(tls(host, client.into_inner(), t).await?)
        }
    };
    let mut client = Client::new(stream);
    if endpoint.security != Security::Starttls {
        greeting(&mut client, host, t).await?;
    }
    let login = within(
        t.command,
        "log in",
        client.login(&endpoint.login, endpoint.password.expose()),
    )
    .await?;
    login.map_err(|(e, _)| match e {
        async_imap::error::Error::No(reply) | async_imap::error::Error::Bad(reply) => {
            let said = server_said(&reply);
            if is_temporary(&reply) {
                SyncError::Refused {
                    host: host.to_string(),
                    reason: format!("the server cannot take the login now: {said}"),
                }
            } else {
                SyncError::Login {
                    login: endpoint.login.clone(),
                    said: format!("; it said: {said}"),
                }
            }
        }
        cause => SyncError::Imap {
            doing: "log in".into(),
            cause,
        },
    })
}

/// The human part of a tagged reply as async-imap renders it
/// (`code: Some(..), info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`).
fn server_said(reply: &str) -> String {
    reply
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(info, _)| info.to_string())
        .unwrap_or_else(|| reply.trim().to_string())
}

/// A refusal that says "not now" rather than "wrong credentials" (RFC 5530 codes,
/// and the wording of servers that send none): retried, not a reason to reconnect.
fn is_temporary(reply: &str) -> bool {
    let r = reply.to_ascii_uppercase();
    [
        "UNAVAILABLE",
        "INUSE",
        "LIMIT",
        "TOO MANY",
        "TEMPORAR",
        "TRY AGAIN",
    ]
    .iter()
    .any(|w| r.contains(w))
}

async fn greeting<T: AsyncRead + AsyncWrite + Unpin + Send + Debug>(
    client: &mut Client<T>,
    host: &str,
    t: &Timeouts,
) -> Result<(), SyncError> {
    let hello = within(
        t.command,
        "read the server greeting",
        client.read_response(),
    )
    .await?;
    match hello {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(SyncError::Refused {
            host: host.to_string(),
            reason: "the server closed the connection before greeting".into(),
        }),
        Err(e) => Err(SyncError::Refused {
            host: host.to_string(),
            reason: format!("it does not speak IMAP: {e}"),
        }),
    }
}

async fn tls(
    host: &str,
    tcp: TcpStream,
    t: &Timeouts,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, SyncError> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| SyncError::Tls {
        host: host.to_string(),
        cause: std::io::Error::new(std::io::ErrorKind::InvalidInput, e),
    })?;
    within(
        t.connect,
        "set up TLS",
        TlsConnector::from(tls_config()?).connect(name, tcp),
    )
    .await?
    .map_err(|cause| SyncError::Tls {
        host: host.to_string(),
        cause,
    })
}

/// Where a self-hosted team names its own certificate authority (PEM), trusted on
/// top of the public ones.
pub const CA_FILE_ENV: &str = "POSTROOM_TLS_CA_FILE";

/// Verifies servers against the Mozilla root store bundled in the binary, so TLS
/// works the same on every machine without system certificates, plus the
/// authorities in [`CA_FILE_ENV`] for mail servers with an internal CA.
fn tls_config() -> Result<Arc<ClientConfig>, SyncError> {
    static CONFIG: OnceLock<Arc<ClientConfig>> = OnceLock::new();
    if let Some(config) = CONFIG.get() {
        return Ok(config.clone());
    }
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = std::env::var_os(CA_FILE_ENV).filter(|p| !p.is_empty()) {
        let bad = |reason: String| SyncError::CaFile {
            path: path.clone().into(),
            reason,
        };
        let certs = CertificateDer::pem_file_iter(&path).map_err(|e| bad(e.to_string()))?;
        let mut added = 0;
        for cert in certs {
            let cert = cert.map_err(|e| bad(e.to_string()))?;
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(bad("it holds no PEM certificate".into()));
        }
    }
    Ok(CONFIG
        .get_or_init(|| {
            Arc::new(
                ClientConfig::builder_with_provider(Arc::new(
                    tokio_rustls::rustls::crypto::ring::default_provider(),
                ))
                .with_safe_default_protocol_versions()
                .expect("the ring provider supports the default TLS versions")
                .with_root_certificates(roots)
                .with_no_client_auth(),
            )
        })
        .clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_refusals_are_told_apart() {
        let wrong = r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#;
        assert_eq!(
            server_said(wrong),
            "[AUTHENTICATIONFAILED] Authentication failed."
        );
        assert!(!is_temporary(wrong));
        for busy in [
            r#"code: None, info: Some("[UNAVAILABLE] Internal error occurred.")"#,
            r#"code: None, info: Some("[ALERT] Too many simultaneous connections.")"#,
        ] {
            assert!(is_temporary(busy), "{busy}");
        }
    }
}
