//! A candidate or contact in the CATS v3 read shape.

use crate::shape::{date, href};
use postroom_domain::RecordType;
use postroom_store::FullRecord;
use serde_json::{json, Value};

pub fn plural(t: RecordType) -> &'static str {
    match t {
        RecordType::Candidate => "candidates",
        RecordType::Contact => "contacts",
    }
}

pub fn shape(r: &FullRecord) -> Value {
    let base = format!("/{}/{}", plural(r.record_type), r.id);
    let mut v = json!({
        "id": r.id,
        "first_name": r.first_name,
        "last_name": r.last_name,
        "title": r.title,
        "emails": {
            "primary": r.emails.first(),
            "secondary": r.emails.get(1),
        },
        "phones": r.phones,
        "address": if r.address.is_null() { json!({}) } else { r.address.clone() },
        "source": r.source,
        "owner_id": r.owner_id,
        "is_hot": r.is_hot,
        "notes": r.notes,
        "date_created": date(r.created_at),
        "date_modified": date(r.updated_at),
        "_links": {
            "self": href(&base),
            "activities": href(format!("{base}/activities")),
            "emails": href(format!("{base}/emails")),
            "threads": href(format!("{base}/threads")),
            "tags": href(format!("{base}/tags")),
            "custom_fields": href(format!("{base}/custom_fields")),
        },
        "_embedded": {
            "emails": emails(r),
            "phones": r.phones,
        },
    });
    match r.record_type {
        RecordType::Candidate => {
            v["current_employer"] = json!(r.company);
            v["_links"]["pipelines"] = href(format!("{base}/pipelines"));
        }
        RecordType::Contact => {
            v["company_name"] = json!(r.company);
            v["company_id"] = json!(r.company_id);
            v["status_id"] = json!(r.status_id);
            if let Some(company) = r.company_id {
                v["_links"]["company"] = href(format!("/companies/{company}"));
            }
        }
    }
    v
}

pub fn emails(r: &FullRecord) -> Vec<Value> {
    r.emails
        .iter()
        .enumerate()
        .map(|(i, e)| json!({ "email": e, "is_primary": i == 0 }))
        .collect()
}
