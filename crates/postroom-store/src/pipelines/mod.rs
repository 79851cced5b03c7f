//! Pipelines: a candidate in a job's pipeline, once, at a status of the job's
//! workflow. Reads here; writes (adding, rating, moving, removing) in `write.rs`,
//! workflows in `workflows.rs`, and who sees which candidates in `visibility.rs`.
//!
//! A hiring manager reads only the pipelines of the jobs whose hiring team
//! includes them, so every list takes the reader (`visible_to`) and filters in
//! the query, where the page and its total are counted.

mod visibility;
mod workflows;
mod write;

pub use workflows::Workflow;
pub use write::{Added, Moved, NewPipeline};

pub(crate) use visibility::visible_candidate;

use crate::error::Result;
use crate::jobs::patch::Bind;
use crate::Store;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub id: i64,
    pub candidate_id: i64,
    pub job_id: i64,
    pub status_id: i64,
    /// 0 (unrated) to 5.
    pub rating: i64,
    /// The job's workflow, whose statuses the pipeline moves through.
    pub workflow_id: i64,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "p.id, p.candidate_id, p.job_id, p.status_id, p.rating, j.workflow_id, \
     p.created_by, p.created_at, p.updated_at";

/// Only the pipelines of `?`'s hiring teams, or every one when `?` is NULL.
const VISIBLE: &str = "(? IS NULL OR EXISTS (SELECT 1 FROM hiring_team h \
     WHERE h.job_id = p.job_id AND h.user_id = ?))";

fn from_row(row: &SqliteRow) -> Pipeline {
    Pipeline {
        id: row.get("id"),
        candidate_id: row.get("candidate_id"),
        job_id: row.get("job_id"),
        status_id: row.get("status_id"),
        rating: row.get("rating"),
        workflow_id: row.get("workflow_id"),
        created_by: row.get("created_by"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

impl Store {
    /// The pipeline, if `visible_to` may read it (anyone when `None`).
    pub async fn pipeline(&self, id: i64, visible_to: Option<i64>) -> Result<Option<Pipeline>> {
        let (mut found, _) = self
            .pipelines_where("p.id = ?", &[Bind::Int(Some(id))], visible_to, 0, 1)
            .await?;
        Ok(found.pop())
    }

    /// One page of the pipelines `visible_to` may read (all when `None`), by id,
    /// and their total.
    pub async fn pipeline_page(
        &self,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Pipeline>, u64)> {
        self.pipelines_where("1", &[], visible_to, offset, limit)
            .await
    }

    /// The pipelines a candidate is in.
    pub async fn candidate_pipelines(
        &self,
        candidate_id: i64,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Pipeline>, u64)> {
        let candidate = Bind::Int(Some(candidate_id));
        self.pipelines_where(
            "p.candidate_id = ?",
            &[candidate],
            visible_to,
            offset,
            limit,
        )
        .await
    }

    /// The pipelines of a job: the candidates in it.
    pub async fn job_pipelines(
        &self,
        job_id: i64,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Pipeline>, u64)> {
        let job = Bind::Int(Some(job_id));
        self.pipelines_where("p.job_id = ?", &[job], visible_to, offset, limit)
            .await
    }

    async fn pipelines_where(
        &self,
        condition: &str,
        binds: &[Bind],
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Pipeline>, u64)> {
        let from = format!(
            "FROM pipelines p JOIN jobs j ON j.id = p.job_id \
             WHERE p.site_id = ? AND {condition} AND {VISIBLE}"
        );
        let (rows, total) = self
            .visible_page(COLUMNS, &from, "p.id", binds, visible_to, (offset, limit))
            .await?;
        Ok((rows.iter().map(from_row).collect(), total))
    }
}
