//! Statuses of every kind (pipeline, job, contact, company) and the history of
//! the changes between them. One table holds them all, so the reads and the change
//! itself (`change.rs`) are written once, over a [`StatusKind`]; a pipeline's
//! statuses are those of its job's workflow, the others belong to no workflow.

pub(crate) mod change;

pub use change::StatusOutcome;

use crate::error::Result;
use crate::Store;
use postroom_domain::ItemType;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

/// What a status is the status of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    Pipeline,
    Job,
    Contact,
    Company,
}

impl StatusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Pipeline => "pipeline",
            StatusKind::Job => "job",
            StatusKind::Contact => "contact",
            StatusKind::Company => "company",
        }
    }

    /// The table of the items of this kind; only ever interpolated from this
    /// fixed list, never from input.
    pub(crate) fn table(self) -> &'static str {
        match self {
            StatusKind::Pipeline => "pipelines",
            StatusKind::Job => "jobs",
            StatusKind::Contact => "contacts",
            StatusKind::Company => "companies",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub id: i64,
    pub kind: StatusKind,
    /// Only pipeline statuses belong to a workflow.
    pub workflow_id: Option<i64>,
    pub title: String,
    /// The stable meaning clients key on; titles are the team's to rename.
    pub mapping: String,
    pub position: i64,
    pub is_default: bool,
}

/// One move of an item from a status to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub id: i64,
    pub kind: StatusKind,
    pub item_id: i64,
    pub status_id: i64,
    /// `None` when the item had no status before.
    pub previous_status_id: Option<i64>,
    pub changed_by: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, kind, workflow_id, title, mapping, position, is_default";

fn kind(s: &str) -> StatusKind {
    match s {
        "pipeline" => StatusKind::Pipeline,
        "job" => StatusKind::Job,
        "contact" => StatusKind::Contact,
        // The schema's CHECK allows nothing else.
        _ => StatusKind::Company,
    }
}

fn status(row: &SqliteRow) -> Status {
    Status {
        id: row.get("id"),
        kind: kind(row.get("kind")),
        workflow_id: row.get("workflow_id"),
        title: row.get("title"),
        mapping: row.get("mapping"),
        position: row.get("position"),
        is_default: row.get::<i64, _>("is_default") != 0,
    }
}

impl Store {
    /// The statuses of a kind in their order; for pipelines, those of `workflow_id`
    /// (every workflow's when `None`).
    pub async fn statuses(
        &self,
        kind: StatusKind,
        workflow_id: Option<i64>,
    ) -> Result<Vec<Status>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM statuses WHERE site_id = ? AND kind = ? \
             AND (? IS NULL OR workflow_id = ?) ORDER BY workflow_id, position, id"
        ))
        .bind(self.site)
        .bind(kind.as_str())
        .bind(workflow_id)
        .bind(workflow_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(status).collect())
    }

    pub async fn status(&self, id: i64) -> Result<Option<Status>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM statuses WHERE site_id = ? AND id = ?"
        ))
        .bind(self.site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(status))
    }

    /// Every status change of an item, oldest first.
    pub async fn status_history(
        &self,
        kind: StatusKind,
        item_id: i64,
    ) -> Result<Vec<StatusChange>> {
        let rows = sqlx::query(
            "SELECT id, item_id, status_id, previous_status_id, changed_by, created_at \
             FROM status_changes INDEXED BY status_changes_item \
             WHERE site_id = ? AND kind = ? AND item_id = ? ORDER BY id",
        )
        .bind(self.site)
        .bind(kind.as_str())
        .bind(item_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| StatusChange {
                id: r.get(0),
                kind,
                item_id: r.get(1),
                status_id: r.get(2),
                previous_status_id: r.get(3),
                changed_by: r.get(4),
                created_at: r.get(5),
            })
            .collect())
    }
}

/// The default status of a kind (of a workflow, for pipelines), inside a write.
pub(crate) async fn default_status(
    conn: &mut sqlx::SqliteConnection,
    site: i64,
    kind: StatusKind,
    workflow_id: Option<i64>,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM statuses WHERE site_id = ? AND kind = ? \
         AND (? IS NULL OR workflow_id = ?) ORDER BY is_default DESC, position, id LIMIT 1",
    )
    .bind(site)
    .bind(kind.as_str())
    .bind(workflow_id)
    .bind(workflow_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.get(0)))
}

/// Deletes the history of items that are going away, inside their deletion.
pub(crate) async fn forget_history(
    conn: &mut sqlx::SqliteConnection,
    site: i64,
    kind: StatusKind,
    item_ids: &[i64],
) -> Result<()> {
    for id in item_ids {
        sqlx::query("DELETE FROM status_changes WHERE site_id = ? AND kind = ? AND item_id = ?")
            .bind(site)
            .bind(kind.as_str())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What hangs off a job or company by its type and id rather than a foreign key
/// (status history, tags, custom field values), removed with the item.
pub(crate) async fn forget_item(
    conn: &mut sqlx::SqliteConnection,
    site: i64,
    kind: StatusKind,
    id: i64,
) -> Result<()> {
    forget_history(&mut *conn, site, kind, &[id]).await?;
    let item = match kind {
        StatusKind::Job => ItemType::Job,
        StatusKind::Company => ItemType::Company,
        StatusKind::Contact => ItemType::Contact,
        // Pipelines carry no tags or custom values.
        StatusKind::Pipeline => return Ok(()),
    };
    crate::tags::item::forget_item(conn, site, item, id).await
}
