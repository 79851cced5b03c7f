//! Totals for monitoring.

use crate::error::Result;
use crate::Store;
use sqlx::Row;

#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub messages: i64,
    pub activities: i64,
}

impl Store {
    pub async fn counts(&self) -> Result<Counts> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM messages WHERE site_id = ?1), \
             (SELECT COUNT(*) FROM activities WHERE site_id = ?1)",
        )
        .bind(self.site)
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            messages: row.get(0),
            activities: row.get(1),
        })
    }
}
