//! Placing a message in its thread, merging threads it turns out to join.

use crate::error::Result;
use crate::ingest_rows::PendingRows;
use crate::sqlutil::{placeholders, IN_CHUNK};
use crate::Store;
use postroom_domain::{plan_thread, MessageId, ThreadId, ThreadPlan};
use sqlx::{Row, Sqlite, Transaction};
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
        pending: &mut PendingRows,
        keys: &[MessageId],
        ts: i64,
    ) -> Result<ThreadId> {
        let thread = match plan_thread(&refs.threads_of(keys)) {
            ThreadPlan::Join(id) => id,
            ThreadPlan::New => ThreadId(pending.new_thread(ts)),
            ThreadPlan::Merge { into, from } => {
                // The merge rewrites rows by SQL: the batch's own must be there.
                pending.flush(tx, ts).await?;
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
        for k in keys {
            pending.thread_ref(k.as_str(), thread.0);
            refs.map.insert(k.as_str().to_string(), thread.0);
        }
        Ok(thread)
    }
}
