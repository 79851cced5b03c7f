//! Which candidates a hiring manager sees: those in the pipelines of the jobs
//! whose hiring team includes them, and nothing else of candidates (contacts are
//! everyone's). The rule is written once, as a SQL condition: the candidate lists
//! filter with it where their page and total are counted, and the checks of one
//! candidate, or of what an attachment is on, ask it too.

use crate::error::Result;
use crate::Store;
use postroom_domain::{RecordRef, RecordType};
use sqlx::Row;

/// The condition "the candidate whose id is `id_column` is in a pipeline of a job
/// whose hiring team includes the user bound to its one `?`".
pub(crate) fn visible_candidate(id_column: &str) -> String {
    format!(
        "{id_column} IN (SELECT p.candidate_id FROM pipelines p \
         JOIN hiring_team h ON h.job_id = p.job_id WHERE h.user_id = ?)"
    )
}

impl Store {
    /// Whether the candidate exists and is in a pipeline of one of `user`'s
    /// hiring teams.
    pub async fn candidate_visible_to(&self, user: i64, candidate_id: i64) -> Result<bool> {
        let sql = format!(
            "SELECT 1 FROM candidates r WHERE r.site_id = ? AND r.id = ? AND {}",
            visible_candidate("r.id")
        );
        Ok(sqlx::query(&sql)
            .bind(self.site)
            .bind(candidate_id)
            .bind(user)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    /// The records an attachment's message is logged on: who may download it.
    pub async fn attachment_records(&self, attachment_id: i64) -> Result<Vec<RecordRef>> {
        let rows = sqlx::query(
            "SELECT DISTINCT act.record_type, act.record_id FROM attachments a \
             JOIN activities act ON act.message_pk = a.message_pk \
             WHERE a.site_id = ? AND a.id = ? ORDER BY act.record_type, act.record_id",
        )
        .bind(self.site)
        .bind(attachment_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(RecordRef {
                    record_type: RecordType::parse(r.get::<&str, _>(0))?,
                    id: r.get(1),
                })
            })
            .collect())
    }
}
