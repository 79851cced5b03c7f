//! `POST /candidates/search` (and contacts): records by field filters,
//! `{"field","filter","value"}` with `contains`, `exactly` or `is_empty`; one filter,
//! a list, or `{"and": [...]}`, every one of which must hold.

use super::record_shape::{plural, shape};
use super::records_list::visible_to;
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::json::Body;
use crate::paging::{envelope, Page};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use postroom_domain::RecordType;
use postroom_store::{FilterField, FilterOp, RecordFilter};
use serde_json::Value;
use std::collections::HashMap;

pub async fn search(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<HashMap<String, String>>,
    Body(body): Body<Value>,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_query(&q)?;
    let filters = parse(t, &body)?;
    let visible_to = visible_to(t, &caller);
    let (records, total) = state
        .store
        .filter_records(t, &filters, visible_to, page.offset(), page.per_page)
        .await?;
    let items = records.iter().map(shape).collect();
    let path = format!("/{}/search", plural(t));
    Ok(Json(envelope(&path, "", plural(t), items, total, page)))
}

fn parse(t: RecordType, body: &Value) -> Result<Vec<RecordFilter>, ApiError> {
    let list: Vec<&Value> = match body {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => match o.get("and") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(_) => return Err(ApiError::invalid("and", "must be a list of filters")),
            None => vec![body],
        },
        _ => {
            return Err(ApiError::BadRequest(
                "The body must be a filter object or a list of them.".into(),
            ))
        }
    };
    if list.is_empty() {
        return Err(ApiError::invalid(
            "filters",
            "at least one filter is required",
        ));
    }
    let mut errors = Vec::new();
    let mut filters = Vec::new();
    for (i, f) in list.iter().enumerate() {
        let at = |name: &str| {
            if list.len() == 1 {
                name.to_string()
            } else {
                format!("{i}.{name}")
            }
        };
        let field = f.get("field").and_then(Value::as_str).map(str::trim);
        let field = match field.and_then(|name| field_of(t, name)) {
            Some(field) => Some(field),
            None => {
                errors.push(FieldError::new(
                    &at("field"),
                    "must be one of first_name, last_name, email, title, source, notes, phone, \
                     current_employer (candidates) or company_name (contacts)",
                ));
                None
            }
        };
        let op = match f.get("filter").and_then(Value::as_str).map(str::trim) {
            Some("contains") => Some(FilterOp::Contains),
            Some("exactly") | Some("equals") => Some(FilterOp::Exactly),
            Some("is_empty") => Some(FilterOp::IsEmpty),
            _ => {
                errors.push(FieldError::new(
                    &at("filter"),
                    "must be contains, exactly or is_empty",
                ));
                None
            }
        };
        let value = match f.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            None | Some(Value::Null) => String::new(),
            Some(_) => {
                errors.push(FieldError::new(&at("value"), "must be text"));
                String::new()
            }
        };
        if op.is_some_and(|o| o != FilterOp::IsEmpty) && value.trim().is_empty() {
            errors.push(FieldError::new(
                &at("value"),
                "is required with this filter",
            ));
        }
        if let (Some(field), Some(op)) = (field, op) {
            filters.push(RecordFilter { field, op, value });
        }
    }
    if errors.is_empty() {
        Ok(filters)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

fn field_of(t: RecordType, name: &str) -> Option<FilterField> {
    Some(match (name, t) {
        ("first_name", _) => FilterField::FirstName,
        ("last_name", _) => FilterField::LastName,
        ("email" | "emails", _) => FilterField::Email,
        ("title", _) => FilterField::Title,
        ("source", _) => FilterField::Source,
        ("notes", _) => FilterField::Notes,
        ("phone" | "phones", _) => FilterField::Phone,
        ("current_employer", RecordType::Candidate) => FilterField::Company,
        ("company_name", RecordType::Contact) => FilterField::Company,
        _ => return None,
    })
}
