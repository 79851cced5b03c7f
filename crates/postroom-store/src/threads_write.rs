//! Placing a message in its thread, merging threads it turns out to join.

use crate::error::Result;
use crate::sqlutil::{placeholders, IN_CHUNK};
use crate::Store;
use postroom_domain::{plan_thread, MessageId, ThreadId, ThreadPlan};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use std::collections::HashMap;

/// The thread of every Message-ID a batch mentions: read in one query when the batch
/// starts, and kept current as the batch places its messages, so placing a message
/// costs no lookup round trip.
pub(crate) struct ThreadRefs {
    map: HashMap<String, i64>,
}

impl ThreadRefs {
    fn threads_of(&self, keys: &[MessageId]) -> Vec<ThreadId> {
        keys.iter()
            .filter_map(|k| self.map.get(k.as_str()))
            .map(|t| ThreadId(*t))
            .collect()
    }
}

impl Store {
    /// Loads the threads these keys already belong to.
    pub(crate) async fn thread_refs_of<'k>(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        keys: impl Iterator<Item = &'k MessageId>,
    ) -> Result<ThreadRefs> {
        let mut wanted: Vec<&str> = keys.map(|k| k.as_str()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut map = HashMap::new();
        for chunk in wanted.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT ref, thread_id FROM thread_refs WHERE site_id = ? AND ref IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in chunk {
                query = query.bind(*k);
            }
            for row in query.fetch_all(&mut **tx).await? {
                map.insert(row.get(0), row.get(1));
            }
        }
        Ok(ThreadRefs { map })
    }

    /// Finds or creates the thread for these keys and records every key as
    /// belonging to it.
    pub(crate) async fn place_in_thread(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        refs: &mut ThreadRefs,
        keys: &[MessageId],
        ts: i64,
    ) -> Result<ThreadId> {
        let thread = match plan_thread(&refs.threads_of(keys)) {
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
                for old in &from {
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
                for t in refs.map.values_mut() {
                    if from.iter().any(|old| old.0 == *t) {
                        *t = into.0;
                    }
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
        for k in keys {
            refs.map.insert(k.as_str().to_string(), thread.0);
        }
        Ok(thread)
    }
}
