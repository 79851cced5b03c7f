//! A custom field definition, and a field with one item's value, in the CATS v3
//! read shape.

use crate::shape::href;
use postroom_store::custom_fields::{CustomField, ItemValue};
use serde_json::{json, Value};

pub fn definition(f: &CustomField) -> Value {
    json!({
        "id": f.id,
        "name": f.name,
        "type": f.kind.as_str(),
        "options": f.options,
        "_links": { "self": href(definition_path(f)) },
    })
}

fn definition_path(f: &CustomField) -> String {
    format!("/{}/custom_fields/{}", f.item_type.plural(), f.id)
}

/// The field of item `item_id`, with its value (`null` when it has none).
pub fn value(item_id: i64, v: &ItemValue) -> Value {
    let f = &v.field;
    json!({
        "id": f.id,
        "name": f.name,
        "type": f.kind.as_str(),
        "value": v.value,
        "_links": {
            "self": href(format!("/{}/{item_id}/custom_fields/{}", f.item_type.plural(), f.id)),
            "custom_field": href(definition_path(f)),
        },
    })
}
