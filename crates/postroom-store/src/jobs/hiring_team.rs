//! A job's hiring team: the team members who hire for it. A hiring manager reads
//! only these jobs (and, elsewhere, the candidates in their pipelines).

use super::refs::{unknown_in, Checked, Reference};
use crate::error::Result;
use crate::sqlutil::{placeholders, row_exists};
use crate::{Store, User};
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

impl Store {
    /// The team members on the job's hiring team, by id.
    pub async fn hiring_team(&self, job_id: i64) -> Result<Vec<User>> {
        let ids = self.teams_of(&[job_id]).await?.remove(&job_id);
        let ids = ids.unwrap_or_default();
        Ok(self
            .list_users()
            .await?
            .into_iter()
            .filter(|u| ids.contains(&u.id.0))
            .collect())
    }

    /// Makes the job's hiring team exactly `users`; none of it when one of them
    /// is no team member.
    pub async fn set_hiring_team(&self, job_id: i64, users: &[i64]) -> Result<Checked<()>> {
        let mut tx = self.begin_write().await?;
        if !row_exists(&mut tx, "jobs", self.site, job_id).await? {
            return Ok(Checked::NoSuchItem);
        }
        let refs: Vec<_> = users
            .iter()
            .map(|u| ("hiring_team", Reference::User(*u)))
            .collect();
        let unknown = unknown_in(&mut tx, self.site, &refs).await?;
        if !unknown.is_empty() {
            return Ok(Checked::Unknown(unknown));
        }
        replace_team(&mut tx, self.site, job_id, users).await?;
        tx.commit().await?;
        Ok(Checked::Done(()))
    }

    /// The jobs whose hiring team includes `user`, by id.
    pub async fn jobs_of_hiring_manager(&self, user: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT job_id FROM hiring_team \
             WHERE site_id = ? AND user_id = ? ORDER BY job_id",
        )
        .bind(self.site)
        .bind(user)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The hiring teams (user ids, ascending) of these jobs.
    pub(crate) async fn teams_of(&self, job_ids: &[i64]) -> Result<HashMap<i64, Vec<i64>>> {
        let mut teams: HashMap<i64, Vec<i64>> = HashMap::new();
        if job_ids.is_empty() {
            return Ok(teams);
        }
        // A page is at most 100 jobs: one statement, well under the bind limit.
        let sql = format!(
            "SELECT job_id, user_id FROM hiring_team WHERE site_id = ? AND job_id IN ({}) \
             ORDER BY job_id, user_id",
            placeholders(job_ids.len())
        );
        let mut query = sqlx::query(&sql).bind(self.site);
        for id in job_ids {
            query = query.bind(id);
        }
        for row in query.fetch_all(&self.pool).await? {
            teams.entry(row.get(0)).or_default().push(row.get(1));
        }
        Ok(teams)
    }
}

/// Replaces the team inside a caller's write (create and update take one too).
pub(crate) async fn replace_team(
    conn: &mut SqliteConnection,
    site: i64,
    job_id: i64,
    users: &[i64],
) -> Result<()> {
    sqlx::query("DELETE FROM hiring_team WHERE site_id = ? AND job_id = ?")
        .bind(site)
        .bind(job_id)
        .execute(&mut *conn)
        .await?;
    for user in users {
        sqlx::query(
            "INSERT OR IGNORE INTO hiring_team (site_id, job_id, user_id) VALUES (?, ?, ?)",
        )
        .bind(site)
        .bind(job_id)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
