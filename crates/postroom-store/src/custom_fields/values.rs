//! Custom field values on one item. Values arrive already checked against their
//! field's type (`postroom_domain::check_value`) and are stored as the JSON a
//! client reads back.

use super::{custom_field, CustomField, COLUMNS};
use crate::error::{Result, StoreError};
use crate::tags::item::{item_exists, touch_item};
use crate::Store;
use postroom_domain::{FieldValue, ItemType};
use serde_json::{json, Value};
use sqlx::{Row, Sqlite, Transaction};
use std::collections::HashMap;

/// A value to write; `None` clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomValue {
    pub field_id: i64,
    pub value: Option<FieldValue>,
}

/// A field of the item's type, with the item's value or none.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemValue {
    pub field: CustomField,
    pub value: Option<Value>,
}

impl Store {
    /// Every custom field of the item's type with the item's value, by field id;
    /// `None` when there is no such item.
    pub async fn item_values(&self, item: ItemType, id: i64) -> Result<Option<Vec<ItemValue>>> {
        let mut tx = self.pool.begin().await?;
        if !item_exists(&mut tx, self.site, item, id).await? {
            return Ok(None);
        }
        let fields = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM custom_fields WHERE site_id = ? AND item_type = ? ORDER BY id"
        ))
        .bind(self.site)
        .bind(item.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let mut values: HashMap<i64, String> = sqlx::query(
            "SELECT field_id, value FROM custom_field_values \
             WHERE site_id = ? AND item_type = ? AND item_id = ?",
        )
        .bind(self.site)
        .bind(item.as_str())
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        let mut out = Vec::with_capacity(fields.len());
        for row in &fields {
            let field = custom_field(row)?;
            let value = match values.remove(&field.id) {
                None => None,
                Some(text) => {
                    Some(
                        serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
                            what: "custom field value",
                            value: text,
                        })?,
                    )
                }
            };
            out.push(ItemValue { field, value });
        }
        Ok(Some(out))
    }

    /// Writes these values on the item in one transaction; false when there is no
    /// such item.
    pub async fn set_custom_values(
        &self,
        item: ItemType,
        id: i64,
        values: &[CustomValue],
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if !item_exists(&mut tx, self.site, item, id).await? {
            return Ok(false);
        }
        write_values(&mut tx, self.site, item, id, values).await?;
        touch_item(&mut tx, self.site, item, id).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// Writes values inside a caller's transaction (a record's create or update). A
/// field id of another item type is skipped: the caller checked values against
/// this type's fields, so it can only be a definition that changed meanwhile.
pub(crate) async fn write_values(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    item: ItemType,
    id: i64,
    values: &[CustomValue],
) -> Result<()> {
    for v in values {
        match &v.value {
            None => {
                sqlx::query(
                    "DELETE FROM custom_field_values WHERE site_id = ? AND item_type = ? \
                     AND item_id = ? AND field_id = ?",
                )
                .bind(site)
                .bind(item.as_str())
                .bind(id)
                .bind(v.field_id)
                .execute(&mut **tx)
                .await?;
            }
            Some(value) => {
                // The WHERE also disambiguates SELECT ... ON CONFLICT for SQLite.
                sqlx::query(
                    "INSERT INTO custom_field_values (site_id, item_type, item_id, field_id, value) \
                     SELECT ?, ?, ?, id, ? FROM custom_fields \
                     WHERE site_id = ? AND item_type = ? AND id = ? \
                     ON CONFLICT (site_id, item_type, item_id, field_id) \
                     DO UPDATE SET value = excluded.value",
                )
                .bind(site)
                .bind(item.as_str())
                .bind(id)
                .bind(to_json(value).to_string())
                .bind(site)
                .bind(item.as_str())
                .bind(v.field_id)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// A value as clients read it: a whole number without a fraction.
fn to_json(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) | FieldValue::Date(s) | FieldValue::Choice(s) | FieldValue::Url(s) => {
            json!(s)
        }
        FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => json!(*n as i64),
        FieldValue::Number(n) => json!(n),
        FieldValue::Bool(b) => json!(b),
        FieldValue::Choices(list) => json!(list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_clients_wrote_them() {
        assert_eq!(to_json(&FieldValue::Number(120000.0)).to_string(), "120000");
        assert_eq!(to_json(&FieldValue::Number(2.5)).to_string(), "2.5");
        assert_eq!(
            to_json(&FieldValue::Choices(vec!["a".into(), "b".into()])),
            json!(["a", "b"])
        );
        assert_eq!(to_json(&FieldValue::Bool(false)), json!(false));
    }
}
