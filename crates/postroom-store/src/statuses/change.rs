//! Moving an item to another status: the item's `status_id` and a row of history,
//! together. The same code serves every kind; a pipeline's new status must also
//! belong to its job's workflow, so the check reads the workflow through the item.

use super::StatusKind;
use crate::error::Result;
use crate::{now, Store};
use sqlx::{Row, SqliteConnection};

/// What a requested status change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusOutcome {
    Changed {
        previous: Option<i64>,
    },
    /// The item already had that status: no history, nothing written.
    Unchanged,
    NoSuchItem,
    /// No status of the item's kind (for a pipeline: of its job's workflow) has
    /// that id.
    WrongStatus,
}

impl Store {
    /// Moves the item to `status_id`, recording who did it, in one transaction.
    pub async fn change_status(
        &self,
        kind: StatusKind,
        item_id: i64,
        status_id: i64,
        by: Option<i64>,
    ) -> Result<StatusOutcome> {
        let mut tx = self.begin_write().await?;
        let outcome = apply(&mut tx, self.site, kind, item_id, status_id, by).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

/// An update's status, if it sets one, moved inside the update's write; whether
/// that changed the status (an update to the same status records nothing).
pub(crate) async fn apply_given(
    conn: &mut SqliteConnection,
    site: i64,
    kind: StatusKind,
    item_id: i64,
    status_id: Option<i64>,
    by: Option<i64>,
) -> Result<bool> {
    let Some(status_id) = status_id else {
        return Ok(false);
    };
    let outcome = apply(conn, site, kind, item_id, status_id, by).await?;
    Ok(matches!(outcome, StatusOutcome::Changed { .. }))
}

/// The change itself, inside a caller's write (an update that sets a status
/// records it the same way).
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    site: i64,
    kind: StatusKind,
    item_id: i64,
    status_id: i64,
    by: Option<i64>,
) -> Result<StatusOutcome> {
    let item_sql = match kind {
        StatusKind::Pipeline => "SELECT p.status_id, j.workflow_id FROM pipelines p \
             JOIN jobs j ON j.id = p.job_id WHERE p.site_id = ? AND p.id = ?"
            .to_string(),
        other => format!(
            "SELECT status_id, NULL FROM {} WHERE site_id = ? AND id = ?",
            other.table()
        ),
    };
    let Some(item) = sqlx::query(&item_sql)
        .bind(site)
        .bind(item_id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(StatusOutcome::NoSuchItem);
    };
    let current: Option<i64> = item.get(0);
    let workflow: Option<i64> = item.get(1);
    let fits = sqlx::query(
        "SELECT 1 FROM statuses WHERE site_id = ? AND id = ? AND kind = ? AND workflow_id IS ?",
    )
    .bind(site)
    .bind(status_id)
    .bind(kind.as_str())
    .bind(workflow)
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    if !fits {
        return Ok(StatusOutcome::WrongStatus);
    }
    if current == Some(status_id) {
        return Ok(StatusOutcome::Unchanged);
    }
    let ts = now();
    sqlx::query(&format!(
        "UPDATE {} SET status_id = ?, updated_at = ? WHERE site_id = ? AND id = ?",
        kind.table()
    ))
    .bind(status_id)
    .bind(ts)
    .bind(site)
    .bind(item_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO status_changes (site_id, kind, item_id, status_id, previous_status_id, \
         changed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(site)
    .bind(kind.as_str())
    .bind(item_id)
    .bind(status_id)
    .bind(current)
    .bind(by)
    .bind(ts)
    .execute(&mut *conn)
    .await?;
    Ok(StatusOutcome::Changed { previous: current })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{Checked, JobFields};
    use crate::RecordFields;
    use postroom_domain::RecordType;

    /// A pipeline takes only the statuses of its job's workflow; other kinds are
    /// not told apart by a workflow at all.
    #[tokio::test]
    async fn a_pipeline_status_must_be_of_its_jobs_workflow() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let job = JobFields {
            title: Some("Welder".into()),
            ..JobFields::default()
        };
        let Checked::Done(job) = store.create_job(&job).await.unwrap() else {
            panic!("the job is created");
        };
        let person = RecordFields {
            first_name: Some("Jane".into()),
            last_name: Some("Doe".into()),
            ..RecordFields::default()
        };
        let candidate = store
            .create_record(RecordType::Candidate, &person, false)
            .await
            .unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        for sql in [
            "INSERT INTO workflows (id, site_id, title) VALUES (2, 1, 'Other')",
            "INSERT INTO statuses (id, site_id, kind, workflow_id, title, mapping, position) \
             VALUES (9100, 1, 'pipeline', 2, 'Elsewhere', 'elsewhere', 1)",
        ] {
            sqlx::query(sql).execute(&mut *conn).await.unwrap();
        }
        let pipeline = sqlx::query(
            "INSERT INTO pipelines (site_id, candidate_id, job_id, status_id, created_at, \
             updated_at) VALUES (1, ?, ?, 100, 0, 0)",
        )
        .bind(candidate)
        .bind(job)
        .execute(&mut *conn)
        .await
        .unwrap()
        .last_insert_rowid();
        drop(conn);

        let change = |status| store.change_status(StatusKind::Pipeline, pipeline, status, Some(1));
        assert_eq!(change(9100).await.unwrap(), StatusOutcome::WrongStatus);
        assert_eq!(change(1001).await.unwrap(), StatusOutcome::WrongStatus);
        assert_eq!(
            change(200).await.unwrap(),
            StatusOutcome::Changed {
                previous: Some(100)
            }
        );
        assert_eq!(change(200).await.unwrap(), StatusOutcome::Unchanged);
        let history = store
            .status_history(StatusKind::Pipeline, pipeline)
            .await
            .unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(
            (history[0].previous_status_id, history[0].status_id),
            (Some(100), 200)
        );
        let missing = store.change_status(StatusKind::Pipeline, 999, 200, None);
        assert_eq!(missing.await.unwrap(), StatusOutcome::NoSuchItem);

        // Deleting the job takes the pipeline's history with it.
        assert!(store.delete_job(job).await.unwrap().is_some());
        let left = store.status_history(StatusKind::Pipeline, pipeline);
        assert!(left.await.unwrap().is_empty());
    }
}
