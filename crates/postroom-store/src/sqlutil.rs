//! Small helpers shared by the query modules.

use crate::error::Result;
use postroom_domain::RecordType;
use sqlx::SqliteConnection;

/// The table holding records of this type. Only ever interpolated from this fixed
/// pair, never from input.
pub(crate) fn record_table(record_type: RecordType) -> &'static str {
    match record_type {
        RecordType::Candidate => "candidates",
        RecordType::Contact => "contacts",
    }
}

/// SQLite allows a limited number of bound variables per statement.
pub(crate) const IN_CHUNK: usize = 400;

/// `?, ?, ?` for an IN list of `n` values.
pub(crate) fn placeholders(n: usize) -> String {
    let mut s = String::with_capacity(n * 3);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('?');
    }
    s
}

/// Whether the site has row `id` in `table`: an update checks it inside its own
/// write. `table` is always one of our table names, never input.
pub(crate) async fn row_exists(
    conn: &mut SqliteConnection,
    table: &str,
    site: i64,
    id: i64,
) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {table} WHERE site_id = ? AND id = ?");
    let row = sqlx::query(&sql)
        .bind(site)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Deletes the site's row `id` from `table` (one of ours, never input), last in
/// a delete that first removed what hangs off it; whether there was such a row.
pub(crate) async fn delete_row(
    conn: &mut SqliteConnection,
    table: &str,
    site: i64,
    id: i64,
) -> Result<bool> {
    let sql = format!("DELETE FROM {table} WHERE site_id = ? AND id = ?");
    let n = sqlx::query(&sql)
        .bind(site)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n > 0)
}
