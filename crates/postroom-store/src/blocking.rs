//! Keeping blocked messages out, and letting them in again when their entry goes.

use crate::error::Result;
use crate::ingest::BlockedMessage;
use crate::ingest_rows::PendingRows;
use crate::threads_write::ThreadRefs;
use crate::Store;
use sqlx::{Row, Sqlite, Transaction};

impl Store {
    /// Remembers the message as blocked, links its thread keys, and removes an
    /// earlier copy that was logged before its blocked participant was known.
    pub(crate) async fn block_message(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        refs: &mut ThreadRefs,
        pending: &mut PendingRows,
        b: &BlockedMessage,
        ts: i64,
        unreferenced: &mut Vec<String>,
    ) -> Result<()> {
        self.place_in_thread(tx, refs, pending, &b.thread_keys, ts)
            .await?;
        pending.flush(tx, ts).await?;
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO blocked_messages (site_id, dedup_key, entry) VALUES (?, ?, ?)",
        )
        .bind(self.site)
        .bind(&b.dedup_key)
        .bind(&b.entry)
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(());
        }
        let stored =
            sqlx::query("SELECT id, raw_hash FROM messages WHERE site_id = ? AND dedup_key = ?")
                .bind(self.site)
                .bind(&b.dedup_key)
                .fetch_optional(&mut **tx)
                .await?;
        let Some(row) = stored else { return Ok(()) };
        let pk: i64 = row.get(0);
        unreferenced.push(row.get(1));
        for r in sqlx::query(
            "SELECT hash FROM attachments WHERE site_id = ? AND message_pk = ? AND hash != ''",
        )
        .bind(self.site)
        .bind(pk)
        .fetch_all(&mut **tx)
        .await?
        {
            unreferenced.push(r.get(0));
        }
        for sql in [
            "DELETE FROM activities WHERE site_id = ? AND message_pk = ?",
            "DELETE FROM attachments WHERE site_id = ? AND message_pk = ?",
            "DELETE FROM messages WHERE site_id = ? AND id = ?",
        ] {
            sqlx::query(sql)
                .bind(self.site)
                .bind(pk)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Deletes the blobs among `hashes` that no message or attachment refers to.
    /// The blob store is shared by all sites (same content, one file), so the check
    /// spans every site.
    pub(crate) async fn delete_unreferenced_blobs(&self, mut hashes: Vec<String>) -> Result<()> {
        hashes.sort();
        hashes.dedup();
        for hash in hashes {
            let used = sqlx::query(
                "SELECT EXISTS (SELECT 1 FROM messages WHERE raw_hash = ?1) OR EXISTS (SELECT 1 FROM attachments WHERE hash = ?1)",
            )
            .bind(&hash)
            .fetch_one(&self.pool)
            .await?
            .get::<bool, _>(0);
            if !used {
                self.blobs.remove(&hash)?;
            }
        }
        Ok(())
    }

    /// Forgets the messages this entry blocked, so their next import logs them.
    pub(crate) async fn unblock_messages_of(&self, entry: &str) -> Result<()> {
        sqlx::query("DELETE FROM blocked_messages WHERE site_id = ? AND entry = ?")
            .bind(self.site)
            .bind(entry)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
