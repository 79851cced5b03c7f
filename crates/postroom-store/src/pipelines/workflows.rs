//! Workflows: the sequences of pipeline statuses a job's candidates move through.
//! A job keeps the workflow it was created in; its statuses are read with
//! `statuses(StatusKind::Pipeline, Some(workflow))`.

use crate::error::Result;
use crate::Store;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub id: i64,
    pub title: String,
    /// The workflow a job gets when none is named.
    pub is_default: bool,
}

fn from_row(row: &SqliteRow) -> Workflow {
    Workflow {
        id: row.get("id"),
        title: row.get("title"),
        is_default: row.get::<i64, _>("is_default") != 0,
    }
}

impl Store {
    /// Every workflow, by id (a site has a handful).
    pub async fn workflows(&self) -> Result<Vec<Workflow>> {
        let rows = sqlx::query(
            "SELECT id, title, is_default FROM workflows WHERE site_id = ? ORDER BY id",
        )
        .bind(self.site)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(from_row).collect())
    }

    pub async fn workflow(&self, id: i64) -> Result<Option<Workflow>> {
        let row =
            sqlx::query("SELECT id, title, is_default FROM workflows WHERE site_id = ? AND id = ?")
                .bind(self.site)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.as_ref().map(from_row))
    }
}
