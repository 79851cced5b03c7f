//! Placing a message in its thread, merging threads it turns out to join.

use crate::error::Result;
use crate::sqlutil::{placeholders, IN_CHUNK};
use crate::Store;
use postroom_domain::{plan_thread, MessageId, ThreadId, ThreadPlan};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

impl Store {
    /// Finds or creates the thread for these keys and records every key as
    /// belonging to it.
    pub(crate) async fn place_in_thread(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        keys: &[MessageId],
        ts: i64,
    ) -> Result<ThreadId> {
        let mut found = Vec::new();
        for chunk in keys.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT DISTINCT thread_id FROM thread_refs WHERE site_id = ? AND ref IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in chunk {
                query = query.bind(k.as_str());
            }
            found.extend(
                query
                    .fetch_all(&mut **tx)
                    .await?
                    .into_iter()
                    .map(|r| ThreadId(r.get(0))),
            );
        }
        let thread = match plan_thread(&found) {
            ThreadPlan::Join(id) => id,
            ThreadPlan::New => ThreadId(
                sqlx::query("INSERT INTO threads (site_id, created_at) VALUES (?, ?)")
                    .bind(self.site)
                    .bind(ts)
                    .execute(&mut **tx)
                    .await?
                    .last_insert_rowid(),
            ),
            ThreadPlan::Merge { into, from } => {
                for old in from {
                    for sql in [
                        "UPDATE messages SET thread_id = ? WHERE site_id = ? AND thread_id = ?",
                        "UPDATE thread_refs SET thread_id = ? WHERE site_id = ? AND thread_id = ?",
                    ] {
                        sqlx::query(sql)
                            .bind(into.0)
                            .bind(self.site)
                            .bind(old.0)
                            .execute(&mut **tx)
                            .await?;
                    }
                    sqlx::query("DELETE FROM threads WHERE site_id = ? AND id = ?")
                        .bind(self.site)
                        .bind(old.0)
                        .execute(&mut **tx)
                        .await?;
                }
                into
            }
        };
        // One statement for all the keys: each statement is a round trip to the
        // database thread, and a message has a handful of keys.
        for chunk in keys.chunks(IN_CHUNK / 3) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT OR IGNORE INTO thread_refs (site_id, ref, thread_id) ",
            );
            insert.push_values(chunk, |mut row, k| {
                row.push_bind(self.site)
                    .push_bind(k.as_str())
                    .push_bind(thread.0);
            });
            insert.build().execute(&mut **tx).await?;
        }
        Ok(thread)
    }
}
