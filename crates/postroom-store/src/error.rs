use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot upgrade the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot query the database: {0}")]
    Query(#[from] sqlx::Error),
    #[error("cannot write blob {path}: {source}")]
    Blob {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot add {email}: it already belongs to team member {user}")]
    EmailTaken { email: String, user: i64 },
    #[error("cannot use stored value {value:?} for {what}: it is invalid")]
    Corrupt { what: &'static str, value: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
