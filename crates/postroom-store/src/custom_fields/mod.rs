//! Custom field definitions: the fields a team adds to its candidates, contacts,
//! companies or jobs. Values live in `values.rs`. Definitions are set up by an
//! administrator on the command line; clients only read them.

mod values;

pub(crate) use values::write_values;
pub use values::{CustomValue, ItemValue};

use crate::error::{Result, StoreError};
use crate::{now, Store};
use postroom_domain::{FieldSpec, FieldType, ItemType};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub struct CustomField {
    pub id: i64,
    pub item_type: ItemType,
    pub name: String,
    pub kind: FieldType,
    /// The choices of a dropdown or multiselect; empty for the other types.
    pub options: Vec<String>,
    pub created_at: i64,
}

/// What adding a definition came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddField {
    Added(i64),
    /// The item type already has a field of that name (any case): this one.
    NameTaken(i64),
}

pub(crate) const COLUMNS: &str = "id, item_type, name, type, options, created_at";

pub(crate) fn custom_field(r: &SqliteRow) -> Result<CustomField> {
    let item: String = r.get("item_type");
    let kind: String = r.get("type");
    let options: Option<String> = r.get("options");
    Ok(CustomField {
        id: r.get("id"),
        item_type: ItemType::parse(&item).map_err(|_| StoreError::Corrupt {
            what: "custom field item type",
            value: item,
        })?,
        name: r.get("name"),
        kind: FieldType::parse(&kind).map_err(|_| StoreError::Corrupt {
            what: "custom field type",
            value: kind,
        })?,
        options: match options {
            None => Vec::new(),
            Some(json) => serde_json::from_str(&json).map_err(|_| StoreError::Corrupt {
                what: "custom field options",
                value: json,
            })?,
        },
        created_at: r.get("created_at"),
    })
}

impl Store {
    pub async fn add_custom_field(&self, item: ItemType, spec: &FieldSpec) -> Result<AddField> {
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query(
            "SELECT id FROM custom_fields WHERE site_id = ? AND item_type = ? \
             AND lower(name) = lower(?)",
        )
        .bind(self.site)
        .bind(item.as_str())
        .bind(&spec.name)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = taken {
            return Ok(AddField::NameTaken(row.get(0)));
        }
        let options = spec
            .kind
            .has_options()
            .then(|| serde_json::Value::from(spec.options.clone()).to_string());
        let id = sqlx::query(
            "INSERT INTO custom_fields (site_id, item_type, name, type, options, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(item.as_str())
        .bind(&spec.name)
        .bind(spec.kind.as_str())
        .bind(options)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(AddField::Added(id))
    }

    /// The definitions of one item type, or of all, by id.
    pub async fn custom_fields(&self, item: Option<ItemType>) -> Result<Vec<CustomField>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM custom_fields WHERE site_id = ? \
             AND (? IS NULL OR item_type = ?) ORDER BY id"
        ))
        .bind(self.site)
        .bind(item.map(ItemType::as_str))
        .bind(item.map(ItemType::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(custom_field).collect()
    }

    /// One definition of this item type.
    pub async fn custom_field(&self, item: ItemType, id: i64) -> Result<Option<CustomField>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM custom_fields WHERE site_id = ? AND item_type = ? AND id = ?"
        ))
        .bind(self.site)
        .bind(item.as_str())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(custom_field)
        .transpose()
    }
}
