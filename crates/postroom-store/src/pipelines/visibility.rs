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

#[cfg(test)]
mod tests {
    use crate::jobs::{Checked, JobFields};
    use crate::pipelines::{Added, NewPipeline};
    use crate::{RecordFields, Store};
    use postroom_domain::{EmailAddress, RecordType};

    /// The one rule, asked of one candidate and of a page: in a pipeline of a job
    /// on the user's hiring team, or not seen at all; contacts are not limited.
    #[tokio::test]
    async fn a_hiring_manager_sees_the_candidates_of_their_jobs_pipelines() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let email = EmailAddress::parse("hank@team.example").unwrap();
        let hank = store.add_user("Hank", &[email]).await.unwrap().0;
        let person = |first: &str| RecordFields {
            first_name: Some(first.into()),
            last_name: Some("Doe".into()),
            ..RecordFields::default()
        };
        let mut candidates = Vec::new();
        for (t, first) in [
            (RecordType::Candidate, "Jane"),
            (RecordType::Candidate, "John"),
            (RecordType::Contact, "Cal"),
        ] {
            let id = store.create_record(t, &person(first), false).await.unwrap();
            if t == RecordType::Candidate {
                candidates.push(id);
            }
        }
        let mut jobs = Vec::new();
        for team in [vec![hank], vec![]] {
            let job = JobFields {
                title: Some("Welder".into()),
                hiring_team: Some(team),
                ..JobFields::default()
            };
            let Checked::Done(id) = store.create_job(&job).await.unwrap() else {
                panic!("the job is created");
            };
            jobs.push(id);
        }
        for (candidate_id, job_id) in [(candidates[0], jobs[0]), (candidates[1], jobs[1])] {
            let new = NewPipeline {
                candidate_id,
                job_id,
                rating: 0,
                created_by: None,
                with_activity: false,
            };
            let added = store.add_to_pipeline(&new).await.unwrap();
            assert!(matches!(added, Added::Done { .. }));
        }

        assert!(store
            .candidate_visible_to(hank, candidates[0])
            .await
            .unwrap());
        assert!(!store
            .candidate_visible_to(hank, candidates[1])
            .await
            .unwrap());
        let (seen, total) = store
            .record_page(RecordType::Candidate, Some(hank), 0, 10)
            .await
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            seen.iter().map(|r| r.id).collect::<Vec<_>>(),
            [candidates[0]]
        );
        let (_, all) = store
            .record_page(RecordType::Candidate, None, 0, 10)
            .await
            .unwrap();
        assert_eq!(all, 2);
        let contacts = store.record_page(RecordType::Contact, Some(hank), 0, 10);
        assert_eq!(contacts.await.unwrap().1, 1, "contacts are everyone's");
    }
}
