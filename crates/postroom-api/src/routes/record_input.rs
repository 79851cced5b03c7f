//! Create and update bodies for candidates and contacts, read leniently the way
//! real ATS clients write them (emails as a list or as primary/secondary, booleans
//! and ids as strings), with every wrong field reported at once.

use super::jobs::reference_errors;
use crate::error::{ApiError, FieldError};
use postroom_domain::{EmailAddress, RecordType};
use postroom_store::jobs::Reference;
use postroom_store::RecordFields;
use serde_json::{json, Map, Value};

/// Parses a body into fields. `create` requires the names.
pub fn parse(t: RecordType, body: &Value, create: bool) -> Result<RecordFields, ApiError> {
    let Some(obj) = body.as_object() else {
        return Err(ApiError::BadRequest(
            "The body must be a JSON object.".into(),
        ));
    };
    let mut errors = Vec::new();
    let mut f = RecordFields::default();
    for name in ["first_name", "last_name"] {
        match obj.get(name) {
            None | Some(Value::Null) if create => errors.push(FieldError::new(name, "is required")),
            None => {}
            Some(v) => match v.as_str().map(str::trim) {
                Some(s) if !s.is_empty() => {
                    let s = Some(s.to_string());
                    if name == "first_name" {
                        f.first_name = s;
                    } else {
                        f.last_name = s;
                    }
                }
                _ => errors.push(FieldError::new(name, "must be a non-empty string")),
            },
        }
    }
    if let Some(v) = obj.get("emails") {
        match emails(v) {
            Ok(list) => f.emails = Some(list),
            Err(e) => errors.push(FieldError::new("emails", e)),
        }
    } else if let Some(v) = obj.get("email") {
        match emails(&json!([v])) {
            Ok(list) => f.emails = Some(list),
            Err(e) => errors.push(FieldError::new("email", e)),
        }
    }
    if let Some(v) = obj.get("phones") {
        match phones(v) {
            Ok(p) => f.phones = Some(p),
            Err(e) => errors.push(FieldError::new("phones", e)),
        }
    }
    if let Some(v) = obj.get("address") {
        match v {
            Value::Null => f.address = Some(json!({})),
            Value::Object(a) => f.address = Some(address(a)),
            _ => errors.push(FieldError::new("address", "must be an object")),
        }
    }
    let company_field = match t {
        RecordType::Candidate => "current_employer",
        RecordType::Contact => "company_name",
    };
    for (name, slot) in [
        ("title", &mut f.title),
        (company_field, &mut f.company),
        ("source", &mut f.source),
        ("notes", &mut f.notes),
    ] {
        if let Some(v) = obj.get(name) {
            match text(v) {
                Ok(s) => *slot = Some(s),
                Err(e) => errors.push(FieldError::new(name, e)),
            }
        }
    }
    if let Some(v) = obj.get("owner_id") {
        match v {
            Value::Null => f.owner_id = Some(None),
            _ => match id(v) {
                Some(n) => f.owner_id = Some(Some(n)),
                None => errors.push(FieldError::new("owner_id", "must be a user id")),
            },
        }
    }
    if let Some(v) = obj.get("is_hot") {
        match boolean(v) {
            Some(b) => f.is_hot = Some(b),
            None => errors.push(FieldError::new("is_hot", "must be true or false")),
        }
    }
    if let (RecordType::Contact, Some(v)) = (t, obj.get("company_id")) {
        match (v, id(v)) {
            (Value::Null, _) => f.company_id = Some(None),
            (_, Some(n)) => f.company_id = Some(Some(n)),
            (_, None) => errors.push(FieldError::new("company_id", "must be a company id")),
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// [`parse`], and the body's `custom_fields` checked against the record type's
/// definitions: every wrong field, custom or not, in one 422.
pub async fn parse_with_custom_fields(
    state: &crate::state::AppState,
    t: RecordType,
    body: &Value,
    create: bool,
) -> Result<RecordFields, ApiError> {
    let custom = match body.get("custom_fields") {
        None => Ok(Vec::new()),
        Some(v) => {
            let defs = state.store.custom_fields(Some(t.into())).await?;
            super::custom_fields::input::record_values(&defs, v)
        }
    };
    match (parse(t, body, create), custom) {
        (Ok(mut f), Ok(values)) => {
            f.custom_fields = values;
            Ok(f)
        }
        (Ok(_), Err(errors)) => Err(ApiError::Invalid(errors)),
        (Err(ApiError::Invalid(mut errors)), Err(more)) => {
            errors.extend(more);
            Err(ApiError::Invalid(errors))
        }
        (Err(e), _) => Err(e),
    }
}

/// `[{"email","is_primary"}]`, `["a@x"]`, `{"primary","secondary"}` or `"a@x"`:
/// the primary first.
fn emails(v: &Value) -> Result<Vec<EmailAddress>, String> {
    let mut primary: Vec<EmailAddress> = Vec::new();
    let mut others: Vec<EmailAddress> = Vec::new();
    let parse = |s: &str| EmailAddress::parse(s).map_err(|e| e.to_string());
    match v {
        Value::Null => {}
        Value::String(s) if s.trim().is_empty() => {}
        Value::String(s) => primary.push(parse(s)?),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) if s.trim().is_empty() => {}
                    Value::String(s) => others.push(parse(s)?),
                    Value::Object(o) => {
                        let Some(e) = o.get("email").and_then(Value::as_str) else {
                            return Err("each entry needs an \"email\"".into());
                        };
                        let e = parse(e)?;
                        if o.get("is_primary").and_then(boolean).unwrap_or(false)
                            && primary.is_empty()
                        {
                            primary.push(e);
                        } else {
                            others.push(e);
                        }
                    }
                    _ => return Err("must be a list of addresses".into()),
                }
            }
        }
        Value::Object(o) => {
            for (key, slot) in [("primary", &mut primary), ("secondary", &mut others)] {
                match o.get(key) {
                    None | Some(Value::Null) => {}
                    Some(Value::String(s)) if s.trim().is_empty() => {}
                    Some(Value::String(s)) => slot.push(parse(s)?),
                    Some(Value::Array(list)) => {
                        for s in list.iter().filter_map(Value::as_str) {
                            slot.push(parse(s)?);
                        }
                    }
                    Some(_) => return Err(format!("\"{key}\" must be an address")),
                }
            }
        }
        _ => return Err("must be a list of addresses or {\"primary\",\"secondary\"}".into()),
    }
    let mut all = primary;
    for e in others {
        if !all.contains(&e) {
            all.push(e);
        }
    }
    Ok(all)
}

pub(crate) fn phones(v: &Value) -> Result<Value, String> {
    let items = match v {
        Value::Null => return Ok(json!([])),
        Value::Array(items) => items.clone(),
        Value::String(s) => vec![json!({ "number": s })],
        _ => return Err("must be a list of {\"number\",\"extension\",\"type\"}".into()),
    };
    let mut out = Vec::new();
    for item in items {
        let (number, extension, kind) = match &item {
            Value::String(s) => (s.clone(), Value::Null, "other".to_string()),
            Value::Object(o) => (
                o.get("number")
                    .and_then(Value::as_str)
                    .ok_or("each phone needs a \"number\"")?
                    .to_string(),
                o.get("extension").cloned().unwrap_or(Value::Null),
                o.get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("other")
                    .to_string(),
            ),
            _ => return Err("each phone must be an object or a string".into()),
        };
        if !number.trim().is_empty() {
            out.push(json!({ "number": number.trim(), "extension": extension, "type": kind }));
        }
    }
    Ok(Value::Array(out))
}

pub(crate) fn address(a: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in ["street", "city", "state", "postal_code", "country_code"] {
        let v = a.get(key).and_then(Value::as_str).map(str::trim);
        out.insert(
            key.into(),
            v.filter(|s| !s.is_empty())
                .map_or(Value::Null, |s| json!(s)),
        );
    }
    Value::Object(out)
}

pub(crate) fn text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err("must be a string".into()),
    }
}

/// Refuses ids that name nothing: an `owner_id` no team member has, a contact's
/// `company_id` no company has.
pub async fn check_owner(state: &crate::state::AppState, f: &RecordFields) -> Result<(), ApiError> {
    let mut refs = Vec::new();
    if let Some(Some(owner)) = f.owner_id {
        refs.push(("owner_id", Reference::User(owner)));
    }
    if let Some(Some(company)) = f.company_id {
        refs.push(("company_id", Reference::Company(company)));
    }
    let unknown = state.store.unknown_references(&refs).await?;
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(reference_errors(&unknown)))
    }
}

/// An id as a number or a numeric string.
pub fn id(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"`, `1`/`0`, `"yes"`/`"no"`.
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_in_every_shape_put_the_primary_first() {
        let want = ["b@x.com", "a@x.com"];
        for v in [
            json!([{"email": "a@x.com", "is_primary": false}, {"email": "B@x.com", "is_primary": "true"}]),
            json!({"primary": "b@x.com", "secondary": "a@x.com"}),
        ] {
            let got: Vec<String> = emails(&v).unwrap().iter().map(|e| e.to_string()).collect();
            assert_eq!(got, want, "{v}");
        }
        assert!(emails(&json!(["not an address"])).is_err());
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let body = json!({"first_name": "", "emails": 5, "is_hot": "maybe", "owner_id": "x"});
        let Err(ApiError::Invalid(errors)) = parse(RecordType::Candidate, &body, true) else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["first_name", "last_name", "emails", "owner_id", "is_hot"]
        );
    }
}
