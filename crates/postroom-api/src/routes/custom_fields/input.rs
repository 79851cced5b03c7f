//! Custom field values in request bodies: `{"value": ...}` on one field, and
//! `custom_fields: [{"id","value"}]` in a candidate's or contact's create or update
//! body. The checking itself is `postroom_domain::check_value`; this turns JSON into
//! its input and its verdict into field errors that name the custom field.

use super::super::record_input::id as lenient_id;
use crate::error::FieldError;
use postroom_domain::{check_value, FieldValue, Input};
use postroom_store::custom_fields::{CustomField, CustomValue};
use serde_json::Value;

fn input(v: &Value) -> Input<'_> {
    match v {
        Value::Null => Input::Null,
        Value::Bool(b) => Input::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(Input::Other, Input::Number),
        Value::String(s) => Input::Text(s),
        Value::Array(items) => Input::List(items.iter().map(input).collect()),
        Value::Object(_) => Input::Other,
    }
}

/// `v` checked for field `f`; the error (on `at`) names the field and what it takes.
pub fn check(f: &CustomField, v: &Value, at: &str) -> Result<Option<FieldValue>, FieldError> {
    check_value(f.kind, &f.options, &input(v))
        .map_err(|e| FieldError::new(at, format!("\"{}\" ({}) {e}", f.name, f.kind)))
}

/// `[{"id": N, "value": ...}]` against the item type's fields `defs`, every wrong
/// entry reported.
pub fn record_values(defs: &[CustomField], v: &Value) -> Result<Vec<CustomValue>, Vec<FieldError>> {
    let list = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(list) => list,
        _ => {
            return Err(vec![FieldError::new(
                "custom_fields",
                "must be a list of {\"id\",\"value\"}",
            )])
        }
    };
    let mut values = Vec::with_capacity(list.len());
    let mut errors = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let at = |name: &str| format!("custom_fields[{i}].{name}");
        let Some(field_id) = entry.get("id").and_then(lenient_id) else {
            errors.push(FieldError::new(&at("id"), "must be a custom field id"));
            continue;
        };
        let Some(field) = defs.iter().find(|f| f.id == field_id) else {
            errors.push(FieldError::new(
                &at("id"),
                format!("no custom field has id {field_id} here"),
            ));
            continue;
        };
        let Some(raw) = entry.get("value") else {
            errors.push(FieldError::new(
                &at("value"),
                "is required (null clears it)",
            ));
            continue;
        };
        match check(field, raw, &at("value")) {
            Ok(value) => values.push(CustomValue { field_id, value }),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}
