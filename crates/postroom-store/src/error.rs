use std::path::PathBuf;

// Causes are part of each message and not chained as `source`, so that a log line
// shows the whole story and an error report does not repeat it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data directory {path}: {cause}")]
    DataDir {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot open the database {path}: {cause}")]
    Open { path: PathBuf, cause: sqlx::Error },
    #[error("cannot upgrade the database schema: {0}")]
    Migrate(sqlx::migrate::MigrateError),
    #[error("cannot query the database: {0}")]
    Query(sqlx::Error),
    #[error("cannot write blob {path}: {cause}")]
    Blob {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot add {email}: it already belongs to team member {user}")]
    EmailTaken { email: String, user: i64 },
    #[error("cannot create the record: record {id} has the same name and phone")]
    Duplicate { id: i64 },
    #[error("cannot use {email} as the primary address: record {id} already has it")]
    PrimaryTaken { email: String, id: i64 },
    #[error("cannot use stored value {value:?} for {what}: it is invalid")]
    Corrupt { what: &'static str, value: String },
    /// An id that was checked before the write no longer names anything when the
    /// write happens (deleted in between): the caller's input, not a failure.
    #[error("cannot write: an item it refers to no longer exists ({0})")]
    MissingReference(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db)
                if db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation =>
            {
                StoreError::MissingReference(db.message().to_string())
            }
            _ => StoreError::Query(e),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(e)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
