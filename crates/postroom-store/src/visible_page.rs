//! One page of a list a hiring manager may see only part of, and the total of
//! that part: jobs and pipelines filter the same way, so both count and page here
//! with the same clause and the two cannot disagree.

use crate::error::Result;
use crate::jobs::patch::{bind_all, Bind};
use crate::Store;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

impl Store {
    /// The rows of `SELECT {columns} {from} ORDER BY {order_by}` at `page`
    /// (offset, limit), and how many rows `from` holds in all. The placeholders
    /// of `from` take the site, then `binds`, then the reader (`visible_to`)
    /// twice, as the visibility clauses of jobs and pipelines do.
    pub(crate) async fn visible_page(
        &self,
        columns: &str,
        from: &str,
        order_by: &str,
        binds: &[Bind],
        visible_to: Option<i64>,
        (offset, limit): (u64, u32),
    ) -> Result<(Vec<SqliteRow>, u64)> {
        let count_sql = format!("SELECT COUNT(*) {from}");
        let total: i64 = bind_all(sqlx::query(&count_sql).bind(self.site), binds)
            .bind(visible_to)
            .bind(visible_to)
            .fetch_one(&self.pool)
            .await?
            .get(0);
        let page_sql = format!("SELECT {columns} {from} ORDER BY {order_by} LIMIT ? OFFSET ?");
        let rows = bind_all(sqlx::query(&page_sql).bind(self.site), binds)
            .bind(visible_to)
            .bind(visible_to)
            .bind(limit)
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok((rows, total as u64))
    }
}
