//! The other items a job, company or contact points at, checked inside the write
//! that stores them: a reference deleted meanwhile is reported like any other
//! unknown id instead of failing on the foreign key.

use crate::error::Result;
use crate::statuses::StatusKind;
use crate::Store;
use sqlx::SqliteConnection;

/// An id that must name an existing item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    User(i64),
    Company(i64),
    Contact(i64),
    Workflow(i64),
    /// A status of this kind.
    Status(StatusKind, i64),
}

/// A reference and the field it was given in.
pub type FieldRef = (&'static str, Reference);

/// What a write that names other items did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked<T> {
    Done(T),
    /// Nothing was written: these fields name nothing.
    Unknown(Vec<FieldRef>),
    NoSuchItem,
}

/// What an update did besides the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// The update set a different status (and recorded it in the history).
    pub status_changed: bool,
}

impl Store {
    /// Those of `refs` that name nothing, in order: to report them with other
    /// mistakes in a request before any write.
    pub async fn unknown_references(&self, refs: &[FieldRef]) -> Result<Vec<FieldRef>> {
        let mut conn = self.pool.acquire().await?;
        unknown_in(&mut conn, self.site, refs).await
    }
}

pub(crate) async fn unknown_in(
    conn: &mut SqliteConnection,
    site: i64,
    refs: &[FieldRef],
) -> Result<Vec<FieldRef>> {
    let mut unknown = Vec::new();
    for &(field, r) in refs {
        let (sql, id, kind) = match r {
            Reference::User(id) => ("SELECT 1 FROM users WHERE site_id = ? AND id = ?", id, None),
            Reference::Company(id) => (
                "SELECT 1 FROM companies WHERE site_id = ? AND id = ?",
                id,
                None,
            ),
            Reference::Contact(id) => (
                "SELECT 1 FROM contacts WHERE site_id = ? AND id = ?",
                id,
                None,
            ),
            Reference::Workflow(id) => (
                "SELECT 1 FROM workflows WHERE site_id = ? AND id = ?",
                id,
                None,
            ),
            Reference::Status(kind, id) => (
                "SELECT 1 FROM statuses WHERE site_id = ? AND id = ? AND kind = ?",
                id,
                Some(kind.as_str()),
            ),
        };
        let mut query = sqlx::query(sql).bind(site).bind(id);
        if let Some(kind) = kind {
            query = query.bind(kind);
        }
        if query.fetch_optional(&mut *conn).await?.is_none() {
            unknown.push((field, r));
        }
    }
    Ok(unknown)
}
