//! The tags on one item: read, attach, replace, detach. Every write checks, in its
//! transaction, that the item and each tag exist, so a tag list never names a tag
//! or an item that is not there.

use super::item::{item_exists, touch_item};
use super::{tag, Tag};
use crate::error::Result;
use crate::Store;
use postroom_domain::ItemType;
use sqlx::{Row, Sqlite, Transaction};

/// What a write to an item's tags came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagWrite {
    /// Written; `changed` is false when the item already had exactly that.
    Done {
        changed: bool,
    },
    NoItem,
    /// These ids name no tag; nothing was written.
    Unknown(Vec<i64>),
}

impl Store {
    /// The item's tags by id; `None` when there is no such item.
    pub async fn item_tags(&self, item: ItemType, id: i64) -> Result<Option<Vec<Tag>>> {
        let mut tx = self.pool.begin().await?;
        if !item_exists(&mut tx, self.site, item, id).await? {
            return Ok(None);
        }
        let rows = sqlx::query(
            "SELECT t.id, t.title, t.parent_id FROM item_tags i JOIN tags t ON t.id = i.tag_id \
             WHERE i.site_id = ? AND i.item_type = ? AND i.item_id = ? ORDER BY t.id",
        )
        .bind(self.site)
        .bind(item.as_str())
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        Ok(Some(rows.iter().map(tag).collect()))
    }

    /// Adds these tags to the item's; those it has stay.
    pub async fn attach_tags(&self, item: ItemType, id: i64, tags: &[i64]) -> Result<TagWrite> {
        self.write_tags(item, id, tags, false).await
    }

    /// Makes the item's tags exactly these.
    pub async fn replace_tags(&self, item: ItemType, id: i64, tags: &[i64]) -> Result<TagWrite> {
        self.write_tags(item, id, tags, true).await
    }

    async fn write_tags(
        &self,
        item: ItemType,
        id: i64,
        tags: &[i64],
        replace: bool,
    ) -> Result<TagWrite> {
        let mut tx = self.begin_write().await?;
        if !item_exists(&mut tx, self.site, item, id).await? {
            return Ok(TagWrite::NoItem);
        }
        let unknown = unknown_tags(&mut tx, self.site, tags).await?;
        if !unknown.is_empty() {
            return Ok(TagWrite::Unknown(unknown));
        }
        let mut changed = 0;
        if replace {
            let had: Vec<i64> = sqlx::query(
                "SELECT tag_id FROM item_tags WHERE site_id = ? AND item_type = ? AND item_id = ?",
            )
            .bind(self.site)
            .bind(item.as_str())
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
            for old in had.iter().filter(|t| !tags.contains(t)) {
                changed += sqlx::query(
                    "DELETE FROM item_tags WHERE site_id = ? AND item_type = ? AND item_id = ? \
                     AND tag_id = ?",
                )
                .bind(self.site)
                .bind(item.as_str())
                .bind(id)
                .bind(old)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
        }
        for t in tags {
            changed += sqlx::query(
                "INSERT INTO item_tags (site_id, item_type, item_id, tag_id) VALUES (?, ?, ?, ?) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(self.site)
            .bind(item.as_str())
            .bind(id)
            .bind(t)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if changed > 0 {
            touch_item(&mut tx, self.site, item, id).await?;
        }
        tx.commit().await?;
        Ok(TagWrite::Done {
            changed: changed > 0,
        })
    }

    /// Takes one tag off the item: `None` when there is no such item, `Some(false)`
    /// when it did not carry the tag.
    pub async fn detach_tag(&self, item: ItemType, id: i64, tag_id: i64) -> Result<Option<bool>> {
        let mut tx = self.begin_write().await?;
        if !item_exists(&mut tx, self.site, item, id).await? {
            return Ok(None);
        }
        let n = sqlx::query(
            "DELETE FROM item_tags WHERE site_id = ? AND item_type = ? AND item_id = ? \
             AND tag_id = ?",
        )
        .bind(self.site)
        .bind(item.as_str())
        .bind(id)
        .bind(tag_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            touch_item(&mut tx, self.site, item, id).await?;
        }
        tx.commit().await?;
        Ok(Some(n > 0))
    }
}

/// Those of `ids` that name no tag of the site, in the order given, once each.
async fn unknown_tags(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    ids: &[i64],
) -> Result<Vec<i64>> {
    let mut unknown: Vec<i64> = Vec::new();
    for id in ids {
        let found = sqlx::query("SELECT 1 FROM tags WHERE site_id = ? AND id = ?")
            .bind(site)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
        if !found && !unknown.contains(id) {
            unknown.push(*id);
        }
    }
    Ok(unknown)
}
