//! Statuses and status changes in the read shape.

use crate::shape::{date, href};
use postroom_store::statuses::{Status, StatusChange, StatusKind};
use serde_json::{json, Value};

/// The collection the items of a kind live in.
pub(crate) fn plural(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Pipeline => "pipelines",
        StatusKind::Job => "jobs",
        StatusKind::Contact => "contacts",
        StatusKind::Company => "companies",
    }
}

/// Where a status is read: pipeline statuses under their workflow.
pub(crate) fn path(s: &Status) -> String {
    match (s.kind, s.workflow_id) {
        (StatusKind::Pipeline, Some(w)) => format!("/pipelines/workflows/{w}/statuses/{}", s.id),
        (kind, _) => format!("/{}/statuses/{}", plural(kind), s.id),
    }
}

/// What an item embeds of its status.
pub(crate) fn summary(s: &Status) -> Value {
    json!({ "id": s.id, "title": s.title, "mapping": s.mapping })
}

pub(crate) fn shape(s: &Status) -> Value {
    let mut v = summary(s);
    v["_links"] = json!({ "self": href(path(s)) });
    v
}

/// One change of an item's status; `statuses` are those it may refer to.
pub(crate) fn change(c: &StatusChange, statuses: &[Status]) -> Value {
    let find = |id: Option<i64>| statuses.iter().find(|s| Some(s.id) == id);
    let mut links = json!({
        "self": href(format!("/{}/{}/status_changes", plural(c.kind), c.item_id)),
    });
    if let Some(s) = find(Some(c.status_id)) {
        links["status"] = href(path(s));
    }
    json!({
        "id": c.id,
        "status_id": c.status_id,
        "previous_status_id": c.previous_status_id,
        "changed_by_id": c.changed_by,
        "date_created": date(c.created_at),
        "_links": links,
        "_embedded": {
            "status": find(Some(c.status_id)).map(summary),
            "previous_status": find(c.previous_status_id).map(summary),
        },
    })
}
