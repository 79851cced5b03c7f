//! Adding a candidate to a job's pipeline, rating, moving and removing it. Each
//! is one transaction; the activity that notes an addition or a move, when asked
//! for, is written in it too, so the pipeline and its note never disagree.

use crate::activities_api::insert_activity;
use crate::error::{Result, StoreError};
use crate::sqlutil::{delete_row, row_exists};
use crate::statuses::{change, default_status, forget_history, StatusKind, StatusOutcome};
use crate::{now, NewActivity, Store};
use postroom_domain::{RecordRef, RecordType};
use sqlx::{Row, SqliteConnection};

/// A candidate to add to a job's pipeline.
#[derive(Debug, Clone)]
pub struct NewPipeline {
    pub candidate_id: i64,
    pub job_id: i64,
    /// 0 (unrated) to 5.
    pub rating: i64,
    pub created_by: Option<i64>,
    /// Also note the addition as an activity on the candidate, regarding the job.
    pub with_activity: bool,
}

/// What adding to a pipeline did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    Done {
        id: i64,
        activity: Option<i64>,
    },
    /// Nothing was written: these fields (`candidate_id`, `job_id`) name nothing.
    Unknown(Vec<&'static str>),
    /// The candidate is already in the job's pipeline, as this one.
    Exists(i64),
}

/// What a move to another status did, and the activity noting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub outcome: StatusOutcome,
    pub activity: Option<i64>,
}

impl Store {
    /// Those of the candidate and the job that name nothing, as their fields: to
    /// report them with other mistakes in a request before any write.
    pub async fn unknown_pipeline_refs(
        &self,
        candidate_id: Option<i64>,
        job_id: Option<i64>,
    ) -> Result<Vec<&'static str>> {
        let mut conn = self.pool.acquire().await?;
        unknown_in(&mut conn, self.site, candidate_id, job_id).await
    }

    /// Adds the candidate to the job's pipeline at the default status of the
    /// job's workflow.
    pub async fn add_to_pipeline(&self, p: &NewPipeline) -> Result<Added> {
        let mut tx = self.begin_write().await?;
        let unknown = unknown_in(&mut tx, self.site, Some(p.candidate_id), Some(p.job_id)).await?;
        if !unknown.is_empty() {
            return Ok(Added::Unknown(unknown));
        }
        let existing = sqlx::query(
            "SELECT id FROM pipelines WHERE site_id = ? AND candidate_id = ? AND job_id = ?",
        )
        .bind(self.site)
        .bind(p.candidate_id)
        .bind(p.job_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            return Ok(Added::Exists(row.get(0)));
        }
        let workflow: i64 = sqlx::query("SELECT workflow_id FROM jobs WHERE id = ?")
            .bind(p.job_id)
            .fetch_one(&mut *tx)
            .await?
            .get(0);
        let status = default_status(&mut tx, self.site, StatusKind::Pipeline, Some(workflow))
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                what: "a workflow with no statuses",
                value: workflow.to_string(),
            })?;
        let ts = now();
        let id = sqlx::query(
            "INSERT INTO pipelines (site_id, candidate_id, job_id, status_id, rating, created_by, \
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(p.candidate_id)
        .bind(p.job_id)
        .bind(status)
        .bind(p.rating)
        .bind(p.created_by)
        .bind(ts)
        .bind(ts)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let activity = if p.with_activity {
            let note = "Added candidate to pipeline";
            Some(note_on(&mut tx, self.site, id, status, note, p.created_by).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(Added::Done { id, activity })
    }

    /// Sets the pipeline's rating; `false` when there is no such pipeline.
    pub async fn rate_pipeline(&self, id: i64, rating: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE pipelines SET rating = ?, updated_at = ? WHERE site_id = ? AND id = ?",
        )
        .bind(rating)
        .bind(now())
        .bind(self.site)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    /// Moves the pipeline to `status_id` (of its job's workflow) as the store's
    /// status change does, noting it on the candidate when `with_activity` and
    /// something changed.
    pub async fn move_pipeline(
        &self,
        id: i64,
        status_id: i64,
        by: Option<i64>,
        with_activity: bool,
    ) -> Result<Moved> {
        let mut tx = self.begin_write().await?;
        let outcome =
            change::apply(&mut tx, self.site, StatusKind::Pipeline, id, status_id, by).await?;
        let changed = matches!(outcome, StatusOutcome::Changed { .. });
        let activity = if changed && with_activity {
            Some(note_on(&mut tx, self.site, id, status_id, "Status changed", by).await?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(Moved { outcome, activity })
    }

    /// Removes the candidate from the job's pipeline, with its status history.
    pub async fn delete_pipeline(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        forget_history(&mut tx, self.site, StatusKind::Pipeline, &[id]).await?;
        let deleted = delete_row(&mut tx, "pipelines", self.site, id).await?;
        tx.commit().await?;
        Ok(deleted)
    }
}

async fn unknown_in(
    conn: &mut SqliteConnection,
    site: i64,
    candidate_id: Option<i64>,
    job_id: Option<i64>,
) -> Result<Vec<&'static str>> {
    let mut unknown = Vec::new();
    for (field, table, id) in [
        ("candidate_id", "candidates", candidate_id),
        ("job_id", "jobs", job_id),
    ] {
        let Some(id) = id else { continue };
        if !row_exists(&mut *conn, table, site, id).await? {
            unknown.push(field);
        }
    }
    Ok(unknown)
}

/// An activity of type `other` on the pipeline's candidate, regarding its job:
/// "`what`: <the status's title>".
async fn note_on(
    conn: &mut SqliteConnection,
    site: i64,
    pipeline: i64,
    status: i64,
    what: &str,
    by: Option<i64>,
) -> Result<i64> {
    let row = sqlx::query(
        "SELECT p.candidate_id, p.job_id, s.title FROM pipelines p \
         JOIN statuses s ON s.id = ? WHERE p.site_id = ? AND p.id = ?",
    )
    .bind(status)
    .bind(site)
    .bind(pipeline)
    .fetch_one(&mut *conn)
    .await?;
    let title: String = row.get(2);
    let activity = NewActivity {
        kind: "other".into(),
        record: RecordRef {
            record_type: RecordType::Candidate,
            id: row.get(0),
        },
        occurred_at: None,
        notes: Some(format!("{what}: {title}")),
        regarding_id: Some(row.get(1)),
        entered_by_id: by,
    };
    insert_activity(conn, site, &activity).await
}
