use crate::secret::SecretError;
use postroom_ingest::IngestError;
use postroom_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("cannot use --security none with {host}: only a server on this machine may be reached without encryption")]
    Plaintext { host: String },
    #[error("cannot reach {host}:{port}: {cause}")]
    Unreachable {
        host: String,
        port: u16,
        cause: std::io::Error,
    },
    #[error("cannot set up TLS with {host}: {cause}")]
    Tls { host: String, cause: std::io::Error },
    #[error("cannot use the certificate authorities in {path} (POSTROOM_TLS_CA_FILE): {reason}")]
    CaFile {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error("cannot connect to {host}: {reason}")]
    Refused { host: String, reason: String },
    #[error(
        "cannot log in as {login}: the server refused the login (wrong password or no such \
         user){said}"
    )]
    Login { login: String, said: String },
    #[error("cannot {doing}: the server sent no answer within {secs} s")]
    Timeout { doing: String, secs: u64 },
    #[error("cannot {doing}: {cause}")]
    Imap {
        doing: String,
        cause: async_imap::error::Error,
    },
    #[error("connected and saved, but the first pass failed (`postroom sync` resumes it): {0}")]
    FirstPass(Box<SyncError>),
    #[error("cannot sync: {0}")]
    Ingest(#[from] IngestError),
    #[error("cannot sync: a commit task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("cannot sync: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Secret(#[from] SecretError),
}

impl SyncError {
    /// The login itself was refused: retrying cannot help until the owner reconnects.
    pub fn needs_reconnect(&self) -> bool {
        matches!(self, SyncError::Login { .. })
    }

    /// Postroom's own configuration is wrong (the secret key, the CA file): retrying
    /// in a one-off command cannot help.
    pub fn is_configuration(&self) -> bool {
        matches!(self, SyncError::Secret(_) | SyncError::CaFile { .. })
    }

    /// The server refused something about one folder (a `NO` or `BAD` answer), as
    /// opposed to the connection failing: the other folders can go on.
    pub fn is_folder_level(&self) -> bool {
        matches!(
            self,
            SyncError::Imap {
                cause: async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_),
                ..
            }
        )
    }

    pub(crate) fn imap(
        doing: impl Into<String>,
    ) -> impl FnOnce(async_imap::error::Error) -> SyncError {
        let doing = doing.into();
        move |cause| SyncError::Imap { doing, cause }
    }
}
