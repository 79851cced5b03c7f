//! An activity in the CATS v3 read shape, with Postroom's email details.

use super::record_shape::plural;
use crate::shape::{date, href};
use postroom_store::ActivityRow;
use serde_json::{json, Value};

/// The activity types the API accepts (CATS v3).
pub const TYPES: [&str; 7] = [
    "email",
    "meeting",
    "call_talked",
    "call_lvm",
    "call_missed",
    "text_message",
    "other",
];

pub fn shape(a: &ActivityRow) -> Value {
    let item = format!("/{}/{}", plural(a.record.record_type), a.record.id);
    // Logged email has a message, hence a thread; an "email" entered by hand has not.
    let email = a.thread_id.is_some();
    let notes = match (&a.notes, email) {
        (Some(n), _) => Some(n.clone()),
        (None, true) => a.subject.clone(),
        (None, false) => None,
    };
    let mut v = json!({
        "id": a.id,
        "data_item": { "id": a.record.id, "type": a.record.record_type.as_str() },
        "date": date(a.occurred_at),
        "regarding_id": a.regarding_id,
        "type": a.kind,
        "notes": notes,
        "annotation": if email {
            Some(format!("Email ({})", a.direction.as_deref().unwrap_or("logged")))
        } else {
            None
        },
        "entered_by_id": a.entered_by_id,
        "_links": {
            "self": href(format!("/activities/{}", a.id)),
            "data_item": href(item),
        },
    });
    if let (true, Some(thread)) = (email, a.thread_id) {
        v["email"] = json!({
            "message_id": a.message_id,
            "subject": a.subject,
            "from": a.from,
            "direction": a.direction,
            "thread_id": thread,
        });
        v["_links"]["thread"] = href(format!("/threads/{thread}"));
    }
    v
}
