//! Tags: a team's own labels, nested (a tag may have a parent), put on candidates,
//! contacts, companies and jobs (`items.rs`).

pub(crate) mod item;
mod items;

pub use items::TagWrite;

use crate::error::Result;
use crate::Store;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

/// The longest title: tags show up as chips in a client's screens.
pub const MAX_TITLE: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tag {
    pub id: i64,
    pub title: String,
    pub parent_id: Option<i64>,
}

/// What adding a tag came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddTag {
    Added(i64),
    /// The parent already has a tag of that title (any case): this one.
    Taken(i64),
    NoParent,
}

pub(crate) fn tag(r: &SqliteRow) -> Tag {
    Tag {
        id: r.get("id"),
        title: r.get("title"),
        parent_id: r.get("parent_id"),
    }
}

impl Store {
    /// One page of tags by id, and how many there are in all.
    pub async fn tag_page(&self, offset: u64, limit: u32) -> Result<(Vec<Tag>, u64)> {
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM tags WHERE site_id = ?")
            .bind(self.site)
            .fetch_one(&self.pool)
            .await?
            .get(0);
        let rows = sqlx::query(
            "SELECT id, title, parent_id FROM tags WHERE site_id = ? ORDER BY id LIMIT ? OFFSET ?",
        )
        .bind(self.site)
        .bind(limit)
        .bind(offset as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok((rows.iter().map(tag).collect(), total as u64))
    }

    pub async fn tag(&self, id: i64) -> Result<Option<Tag>> {
        Ok(
            sqlx::query("SELECT id, title, parent_id FROM tags WHERE site_id = ? AND id = ?")
                .bind(self.site)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(tag),
        )
    }

    /// Adds a tag under `parent_id` (or at the top). The title is checked against its
    /// siblings here rather than by the schema's UNIQUE, which lets top-level tags
    /// (a NULL parent) repeat and tells "Rust" from "rust".
    pub async fn add_tag(&self, title: &str, parent_id: Option<i64>) -> Result<AddTag> {
        let mut tx = self.begin_write().await?;
        if let Some(parent) = parent_id {
            let exists = sqlx::query("SELECT 1 FROM tags WHERE site_id = ? AND id = ?")
                .bind(self.site)
                .bind(parent)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
            if !exists {
                return Ok(AddTag::NoParent);
            }
        }
        let taken = sqlx::query(
            "SELECT id FROM tags WHERE site_id = ? AND parent_id IS ? AND lower(title) = lower(?)",
        )
        .bind(self.site)
        .bind(parent_id)
        .bind(title)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = taken {
            return Ok(AddTag::Taken(row.get(0)));
        }
        let id = sqlx::query("INSERT INTO tags (site_id, parent_id, title) VALUES (?, ?, ?)")
            .bind(self.site)
            .bind(parent_id)
            .bind(title)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        tx.commit().await?;
        Ok(AddTag::Added(id))
    }
}
