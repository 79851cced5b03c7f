//! A company in the CATS v3 read shape, with its status embedded.

use super::super::statuses::shape::{path, summary};
use super::input::ADDRESS;
use crate::shape::{date, href};
use postroom_store::companies::Company;
use postroom_store::statuses::Status;
use serde_json::{json, Map, Value};

/// `statuses` are the company statuses, for the embedded one.
pub(crate) fn shape(c: &Company, statuses: &[Status]) -> Value {
    let base = format!("/companies/{}", c.id);
    let status = statuses.iter().find(|s| Some(s.id) == c.status_id);
    let mut links = json!({
        "self": href(&base),
        "contacts": href(format!("{base}/contacts")),
        "jobs": href(format!("{base}/jobs")),
        "statuses": href("/companies/statuses"),
        "status_changes": href(format!("{base}/status_changes")),
    });
    if let Some(s) = status {
        links["status"] = href(path(s));
    }
    if let Some(owner) = c.owner_id {
        links["owner"] = href(format!("/users/{owner}"));
    }
    let address: Map<String, Value> = ADDRESS
        .iter()
        .map(|k| {
            (
                k.to_string(),
                c.address.get(*k).cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    let mut embedded = json!({});
    if let Some(s) = status {
        embedded["status"] = summary(s);
    }
    json!({
        "id": c.id,
        "name": c.name,
        "website": c.website,
        "phones": c.phones,
        "address": address,
        "country_code": c.address.get("country_code"),
        "key_technologies": c.key_technologies,
        "notes": c.notes,
        "owner_id": c.owner_id,
        "is_hot": c.is_hot,
        "status_id": c.status_id,
        "date_created": date(c.created_at),
        "date_modified": date(c.updated_at),
        "_links": links,
        "_embedded": embedded,
    })
}
