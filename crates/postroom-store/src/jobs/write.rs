//! Creating, updating and deleting jobs. Each is one transaction with the checks
//! of what the job names, its hiring team, and (for an update that sets a status)
//! the status history.

use super::hiring_team::replace_team;
use super::patch::Patch;
use super::refs::{unknown_in, Checked, Updated};
use super::JobFields;
use crate::error::Result;
use crate::sqlutil::{delete_row, row_exists};
use crate::statuses::{change, default_status, forget_history, forget_item, StatusKind};
use crate::{now, Store};
use sqlx::{Row, SqliteConnection};

impl Store {
    /// Creates a job in its workflow (the default one unless given) with its
    /// status (the default job status unless given).
    pub async fn create_job(&self, f: &JobFields) -> Result<Checked<i64>> {
        let mut tx = self.begin_write().await?;
        let unknown = unknown_in(&mut tx, self.site, &f.references()).await?;
        if !unknown.is_empty() {
            return Ok(Checked::Unknown(unknown));
        }
        let workflow = match f.workflow_id {
            Some(id) => Some(id),
            None => default_workflow(&mut tx, self.site).await?,
        };
        let status = match f.status_id {
            Some(id) => Some(id),
            None => default_status(&mut tx, self.site, StatusKind::Job, None).await?,
        };
        let ts = now();
        let id = sqlx::query(
            "INSERT INTO jobs (site_id, title, company_id, contact_id, recruiter_id, owner_id, \
             workflow_id, status_id, description, notes, location, type, openings, salary, \
             max_rate, duration, start_date, is_hot, is_public, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(f.title.as_deref().unwrap_or_default())
        .bind(f.company_id.flatten())
        .bind(f.contact_id.flatten())
        .bind(f.recruiter_id.flatten())
        .bind(f.owner_id.flatten())
        .bind(workflow)
        .bind(status)
        .bind(f.description.clone().flatten())
        .bind(f.notes.clone().flatten())
        .bind(f.location.as_ref().map(|l| l.to_string()))
        .bind(f.job_type.clone().flatten())
        .bind(f.openings.flatten())
        .bind(f.salary.clone().flatten())
        .bind(f.max_rate.clone().flatten())
        .bind(f.duration.clone().flatten())
        .bind(f.start_date.clone().flatten())
        .bind(f.is_hot.unwrap_or(false))
        .bind(f.is_public.unwrap_or(false))
        .bind(ts)
        .bind(ts)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if let Some(team) = &f.hiring_team {
            replace_team(&mut tx, self.site, id, team).await?;
        }
        tx.commit().await?;
        Ok(Checked::Done(id))
    }

    /// Merges `patch` into the job; a new status is recorded as changed `by`.
    pub async fn update_job(
        &self,
        id: i64,
        patch: &JobFields,
        by: Option<i64>,
    ) -> Result<Checked<Updated>> {
        let mut tx = self.begin_write().await?;
        if !row_exists(&mut tx, "jobs", self.site, id).await? {
            return Ok(Checked::NoSuchItem);
        }
        let unknown = unknown_in(&mut tx, self.site, &patch.references()).await?;
        if !unknown.is_empty() {
            return Ok(Checked::Unknown(unknown));
        }
        let mut p = Patch::new();
        p.text("title = ?", &patch.title.clone().map(Some));
        p.int("company_id = ?", patch.company_id);
        p.int("contact_id = ?", patch.contact_id);
        p.int("recruiter_id = ?", patch.recruiter_id);
        p.int("owner_id = ?", patch.owner_id);
        p.int("workflow_id = ?", patch.workflow_id.map(Some));
        p.text("description = ?", &patch.description);
        p.text("notes = ?", &patch.notes);
        p.json("location = ?", &patch.location);
        p.text("type = ?", &patch.job_type);
        p.int("openings = ?", patch.openings);
        p.text("salary = ?", &patch.salary);
        p.text("max_rate = ?", &patch.max_rate);
        p.text("duration = ?", &patch.duration);
        p.text("start_date = ?", &patch.start_date);
        p.flag("is_hot = ?", patch.is_hot);
        p.flag("is_public = ?", patch.is_public);
        p.run(&mut tx, "jobs", self.site, id).await?;
        if let Some(team) = &patch.hiring_team {
            replace_team(&mut tx, self.site, id, team).await?;
        }
        let kind = StatusKind::Job;
        let status_changed =
            change::apply_given(&mut tx, self.site, kind, id, patch.status_id, by).await?;
        tx.commit().await?;
        Ok(Checked::Done(Updated { status_changed }))
    }

    /// Deletes the job with its pipelines, hiring team, and their histories.
    /// Returns the ids of the pipelines deleted with it, or `None` when there is no
    /// such job.
    pub async fn delete_job(&self, id: i64) -> Result<Option<Vec<i64>>> {
        let mut tx = self.begin_write().await?;
        let pipelines: Vec<i64> =
            sqlx::query("SELECT id FROM pipelines WHERE site_id = ? AND job_id = ?")
                .bind(self.site)
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
        forget_history(&mut tx, self.site, StatusKind::Pipeline, &pipelines).await?;
        forget_item(&mut tx, self.site, StatusKind::Job, id).await?;
        // Pipelines and the hiring team go with the job (ON DELETE CASCADE).
        let deleted = delete_row(&mut tx, "jobs", self.site, id).await?;
        tx.commit().await?;
        Ok(deleted.then_some(pipelines))
    }
}

async fn default_workflow(conn: &mut SqliteConnection, site: i64) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM workflows WHERE site_id = ? ORDER BY is_default DESC, id LIMIT 1",
    )
    .bind(site)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.get(0)))
}
