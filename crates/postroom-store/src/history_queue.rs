//! Addresses whose past mail is still to be searched for, per mailbox.
//!
//! An address is queued in the transaction that adds it to a record, so a crash
//! between "address added" and "history searched" cannot forget the search.

use crate::error::Result;
use crate::{now, Store};
use postroom_domain::{EmailAddress, MailboxId};
use sqlx::{Row, Sqlite, Transaction};

impl Store {
    /// Up to `limit` addresses waiting for a search in this mailbox, oldest first.
    pub async fn pending_history(
        &self,
        mailbox: MailboxId,
        limit: u32,
    ) -> Result<Vec<EmailAddress>> {
        let rows = sqlx::query(
            "SELECT email FROM history_pending WHERE mailbox_id = ? \
             ORDER BY queued_at, email LIMIT ?",
        )
        .bind(mailbox.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| EmailAddress::parse(r.get::<&str, _>(0)).ok())
            .collect())
    }

    pub async fn finish_history(&self, mailbox: MailboxId, done: &[EmailAddress]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for email in done {
            sqlx::query("DELETE FROM history_pending WHERE mailbox_id = ? AND email = ?")
                .bind(mailbox.0)
                .bind(email.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Queues the addresses for every connected mailbox of the site, inside the caller's
/// transaction.
pub(crate) async fn queue_history(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    emails: &[EmailAddress],
) -> Result<()> {
    if emails.is_empty() {
        return Ok(());
    }
    let mailboxes: Vec<i64> = sqlx::query("SELECT id FROM mailboxes WHERE site_id = ?")
        .bind(site)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let ts = now();
    for mailbox in mailboxes {
        for email in emails {
            sqlx::query(
                "INSERT INTO history_pending (mailbox_id, email, queued_at) VALUES (?, ?, ?) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(mailbox)
            .bind(email.as_str())
            .bind(ts)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
