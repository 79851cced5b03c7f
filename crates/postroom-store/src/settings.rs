//! The blocked list and site settings, and the [`Rules`] value built from them.

use crate::error::{Result, StoreError};
use crate::{now, Store};
use postroom_domain::{BlockEntry, Blocklist, EmailAddress, MatchOn, Rules};
use sqlx::Row;

const MATCH_ON: &str = "match_on";

impl Store {
    /// Adds an entry; returns false if it was already there.
    pub async fn block_add(&self, entry: &BlockEntry) -> Result<bool> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO blocklist (site_id, entry, created_at) VALUES (?, ?, ?)",
        )
        .bind(self.site)
        .bind(entry.to_string())
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes an entry; returns false if it was not there.
    pub async fn block_remove(&self, entry: &BlockEntry) -> Result<bool> {
        let done = sqlx::query("DELETE FROM blocklist WHERE site_id = ? AND entry = ?")
            .bind(self.site)
            .bind(entry.to_string())
            .execute(&self.pool)
            .await?;
        self.unblock_messages_of(&entry.to_string()).await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn block_list(&self) -> Result<Vec<BlockEntry>> {
        let rows = sqlx::query("SELECT entry FROM blocklist WHERE site_id = ? ORDER BY entry")
            .bind(self.site)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let value: String = r.get(0);
                BlockEntry::parse(&value).map_err(|_| StoreError::Corrupt {
                    what: "blocked entry",
                    value,
                })
            })
            .collect()
    }

    pub async fn match_on(&self) -> Result<MatchOn> {
        let row = sqlx::query("SELECT value FROM settings WHERE site_id = ? AND key = ?")
            .bind(self.site)
            .bind(MATCH_ON)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(MatchOn::default()),
            Some(r) => {
                let value: String = r.get(0);
                MatchOn::parse(&value).map_err(|_| StoreError::Corrupt {
                    what: "match-on setting",
                    value,
                })
            }
        }
    }

    pub async fn set_match_on(&self, value: MatchOn) -> Result<()> {
        sqlx::query("INSERT INTO settings (site_id, key, value) VALUES (?, ?, ?) ON CONFLICT (site_id, key) DO UPDATE SET value = excluded.value")
            .bind(self.site)
            .bind(MATCH_ON)
            .bind(value.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The rules in force now: team addresses, blocked list and match-on.
    pub async fn rules(&self) -> Result<Rules> {
        let rows = sqlx::query("SELECT email FROM user_emails WHERE site_id = ?")
            .bind(self.site)
            .fetch_all(&self.pool)
            .await?;
        let mut team = std::collections::HashSet::new();
        for r in rows {
            let value: String = r.get(0);
            let email = EmailAddress::parse(&value).map_err(|_| StoreError::Corrupt {
                what: "team address",
                value,
            })?;
            team.insert(email);
        }
        Ok(Rules {
            team,
            blocklist: Blocklist::new(self.block_list().await?),
            match_on: self.match_on().await?,
        })
    }
}
