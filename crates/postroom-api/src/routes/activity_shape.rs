//! An activity in the CATS v3 read shape, with Postroom's email details.

use super::record_shape::plural;
use crate::shape::date;
use postroom_store::ActivityRow;
use serde_json::Value;

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

#[derive(serde::Serialize)]
pub struct Href {
    href: String,
}

#[derive(serde::Serialize)]
pub struct DataItem {
    id: i64,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
pub struct Links {
    #[serde(rename = "self")]
    me: Href,
    data_item: Href,
    #[serde(skip_serializing_if = "Option::is_none")]
    thread: Option<Href>,
}

#[derive(serde::Serialize)]
pub struct EmailOut<'a> {
    message_id: Option<&'a str>,
    subject: Option<&'a str>,
    from: Option<&'a str>,
    direction: Option<&'a str>,
    thread_id: i64,
}

/// An activity as the API answers it; serialised straight to the response.
#[derive(serde::Serialize)]
pub struct ActivityOut<'a> {
    id: i64,
    data_item: DataItem,
    date: Value,
    regarding_id: Option<i64>,
    #[serde(rename = "type")]
    kind: &'a str,
    notes: Option<&'a str>,
    annotation: Option<String>,
    entered_by_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<EmailOut<'a>>,
    #[serde(rename = "_links")]
    links: Links,
}

pub fn shape(a: &ActivityRow) -> Value {
    serde_json::to_value(out(a)).expect("an activity serialises")
}

pub fn out(a: &ActivityRow) -> ActivityOut<'_> {
    // Logged email has a message, hence a thread; an "email" entered by hand has not.
    let thread = a.thread_id;
    let href = |p: String| Href { href: p };
    ActivityOut {
        id: a.id,
        data_item: DataItem {
            id: a.record.id,
            kind: a.record.record_type.as_str(),
        },
        date: date(a.occurred_at),
        regarding_id: a.regarding_id,
        kind: &a.kind,
        notes: a.notes.as_deref().or(if thread.is_some() {
            a.subject.as_deref()
        } else {
            None
        }),
        annotation: thread
            .map(|_| format!("Email ({})", a.direction.as_deref().unwrap_or("logged"))),
        entered_by_id: a.entered_by_id,
        email: thread.map(|thread_id| EmailOut {
            message_id: a.message_id.as_deref(),
            subject: a.subject.as_deref(),
            from: a.from.as_deref(),
            direction: a.direction.as_deref(),
            thread_id,
        }),
        links: Links {
            me: href(format!("/activities/{}", a.id)),
            data_item: href(format!("/{}/{}", plural(a.record.record_type), a.record.id)),
            thread: thread.map(|t| href(format!("/threads/{t}"))),
        },
    }
}
