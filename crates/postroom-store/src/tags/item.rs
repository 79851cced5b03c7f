//! The thing a tag or a custom field value hangs on: a candidate, contact, company
//! or job, named by its type and id. Tag and value rows carry no foreign key to it
//! (one table per type), so writes check that it exists, and deleting it must
//! [`forget_item`] too.

use crate::error::Result;
use crate::sqlutil::row_exists;
use crate::{now, Store};
use postroom_domain::ItemType;
use sqlx::{Sqlite, SqliteConnection, Transaction};

/// The table holding items of this type. Only ever interpolated from this fixed
/// set, never from input.
pub(crate) fn item_table(item: ItemType) -> &'static str {
    match item {
        ItemType::Candidate => "candidates",
        ItemType::Contact => "contacts",
        ItemType::Company => "companies",
        ItemType::Job => "jobs",
    }
}

impl Store {
    /// Whether there is such an item (for a 404 before a body is looked at; writes
    /// check again in their transaction).
    pub async fn item_exists(&self, item: ItemType, id: i64) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        item_exists(&mut tx, self.site, item, id).await
    }
}

pub(crate) async fn item_exists(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    item: ItemType,
    id: i64,
) -> Result<bool> {
    row_exists(tx, item_table(item), site, id).await
}

/// Marks the item modified: its tags and custom values are part of it.
pub(crate) async fn touch_item(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    item: ItemType,
    id: i64,
) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET updated_at = ? WHERE site_id = ? AND id = ?",
        item_table(item)
    );
    sqlx::query(&sql)
        .bind(now())
        .bind(site)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Removes an item's tags and custom values, in the transaction deleting it, so a
/// later item reusing its id starts bare.
pub(crate) async fn forget_item(
    conn: &mut SqliteConnection,
    site: i64,
    item: ItemType,
    id: i64,
) -> Result<()> {
    for sql in [
        "DELETE FROM item_tags WHERE site_id = ? AND item_type = ? AND item_id = ?",
        "DELETE FROM custom_field_values WHERE site_id = ? AND item_type = ? AND item_id = ?",
    ] {
        sqlx::query(sql)
            .bind(site)
            .bind(item.as_str())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
