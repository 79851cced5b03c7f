//! Job orders: what a client company hires for, in a workflow of pipeline
//! statuses, with a status of its own and a hiring team. Reads here; writes in
//! `write.rs`, the hiring team in `hiring_team.rs`.
//!
//! A hiring manager reads only the jobs whose hiring team includes them, so every
//! list takes the reader (`visible_to`) and filters in the query, where the page
//! and its total are counted.

mod hiring_team;
pub(crate) mod patch;
pub(crate) mod refs;
mod write;

pub use refs::{Checked, FieldRef, Reference, Updated};

use crate::error::Result;
use crate::records_api::like_pattern;
use crate::statuses::StatusKind;
use crate::Store;
use patch::Bind;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub title: String,
    pub company_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub recruiter_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub workflow_id: i64,
    pub status_id: i64,
    pub description: Option<String>,
    pub notes: Option<String>,
    /// JSON object (`city`, `state`, `postal_code`, `country_code`).
    pub location: serde_json::Value,
    /// `H`, `C`, `C2H` or `FL`.
    pub job_type: Option<String>,
    pub openings: Option<i64>,
    pub salary: Option<String>,
    pub max_rate: Option<String>,
    pub duration: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    pub is_hot: bool,
    pub is_public: bool,
    /// The user ids of the hiring team, ascending.
    pub hiring_team: Vec<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields of a job. On create, `None` means empty (or the default); on update,
/// `None` means "leave as it is" and `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct JobFields {
    pub title: Option<String>,
    pub company_id: Option<Option<i64>>,
    pub contact_id: Option<Option<i64>>,
    pub recruiter_id: Option<Option<i64>>,
    pub owner_id: Option<Option<i64>>,
    /// The default workflow when `None` on create.
    pub workflow_id: Option<i64>,
    /// The default job status when `None` on create; an update records the change.
    pub status_id: Option<i64>,
    pub description: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub location: Option<serde_json::Value>,
    pub job_type: Option<Option<String>>,
    pub openings: Option<Option<i64>>,
    pub salary: Option<Option<String>>,
    pub max_rate: Option<Option<String>>,
    pub duration: Option<Option<String>>,
    pub start_date: Option<Option<String>>,
    pub is_hot: Option<bool>,
    pub is_public: Option<bool>,
    /// Replaces the hiring team when given.
    pub hiring_team: Option<Vec<i64>>,
}

impl JobFields {
    /// Every id these fields name, with the field naming it.
    pub fn references(&self) -> Vec<FieldRef> {
        let mut refs = Vec::new();
        let mut add = |field, id: Option<Option<i64>>, r: fn(i64) -> Reference| {
            if let Some(Some(id)) = id {
                refs.push((field, r(id)));
            }
        };
        add("company_id", self.company_id, Reference::Company);
        add("contact_id", self.contact_id, Reference::Contact);
        add("recruiter_id", self.recruiter_id, Reference::User);
        add("owner_id", self.owner_id, Reference::User);
        add(
            "workflow_id",
            self.workflow_id.map(Some),
            Reference::Workflow,
        );
        add("status_id", self.status_id.map(Some), |id| {
            Reference::Status(StatusKind::Job, id)
        });
        for user in self.hiring_team.iter().flatten() {
            refs.push(("hiring_team", Reference::User(*user)));
        }
        refs
    }
}

const COLUMNS: &str = "j.id, j.title, j.company_id, j.contact_id, j.recruiter_id, j.owner_id, \
     j.workflow_id, j.status_id, j.description, j.notes, j.location, j.type, j.openings, \
     j.salary, j.max_rate, j.duration, j.start_date, j.is_hot, j.is_public, j.created_at, \
     j.updated_at";

/// Only the jobs of `?`'s hiring teams, or every job when `?` is NULL.
const VISIBLE: &str = "(? IS NULL OR EXISTS (SELECT 1 FROM hiring_team h \
     WHERE h.job_id = j.id AND h.user_id = ?))";

fn from_row(row: &SqliteRow) -> Job {
    Job {
        id: row.get("id"),
        title: row.get("title"),
        company_id: row.get("company_id"),
        contact_id: row.get("contact_id"),
        recruiter_id: row.get("recruiter_id"),
        owner_id: row.get("owner_id"),
        workflow_id: row.get("workflow_id"),
        status_id: row.get("status_id"),
        description: row.get("description"),
        notes: row.get("notes"),
        location: row
            .get::<Option<String>, _>("location")
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_else(|| serde_json::json!({})),
        job_type: row.get("type"),
        openings: row.get("openings"),
        salary: row.get("salary"),
        max_rate: row.get("max_rate"),
        duration: row.get("duration"),
        start_date: row.get("start_date"),
        is_hot: row.get::<i64, _>("is_hot") != 0,
        is_public: row.get::<i64, _>("is_public") != 0,
        hiring_team: Vec::new(),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

impl Store {
    /// The job, whoever may read it.
    pub async fn job(&self, id: i64) -> Result<Option<Job>> {
        let (mut jobs, _) = self
            .jobs_where("j.id = ?", &[Bind::Int(Some(id))], None, 0, 1)
            .await?;
        Ok(jobs.pop())
    }

    /// One page of the jobs `visible_to` may read (all when `None`), by id, and
    /// their total.
    pub async fn job_page(
        &self,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Job>, u64)> {
        self.jobs_where("1", &[], visible_to, offset, limit).await
    }

    /// The jobs whose title contains `query`.
    pub async fn search_jobs(
        &self,
        query: &str,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Job>, u64)> {
        let pattern = Bind::Text(Some(like_pattern(query)));
        self.jobs_where(
            "j.title LIKE ? ESCAPE '\\'",
            &[pattern],
            visible_to,
            offset,
            limit,
        )
        .await
    }

    /// A company's jobs.
    pub async fn company_jobs(
        &self,
        company_id: i64,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Job>, u64)> {
        let company = Bind::Int(Some(company_id));
        self.jobs_where("j.company_id = ?", &[company], visible_to, offset, limit)
            .await
    }

    async fn jobs_where(
        &self,
        condition: &str,
        binds: &[Bind],
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Job>, u64)> {
        let from = format!("FROM jobs j WHERE j.site_id = ? AND {condition} AND {VISIBLE}");
        let (rows, total) = self
            .visible_page(COLUMNS, &from, "j.id", binds, visible_to, (offset, limit))
            .await?;
        let mut jobs: Vec<Job> = rows.iter().map(from_row).collect();
        let ids: Vec<i64> = jobs.iter().map(|j| j.id).collect();
        let mut teams = self.teams_of(&ids).await?;
        for job in &mut jobs {
            job.hiring_team = teams.remove(&job.id).unwrap_or_default();
        }
        Ok((jobs, total))
    }
}
