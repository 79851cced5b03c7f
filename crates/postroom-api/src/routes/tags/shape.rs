//! A tag in the CATS v3 read shape.

use crate::shape::href;
use postroom_store::tags::Tag;
use serde_json::{json, Value};

pub fn shape(t: &Tag) -> Value {
    let mut v = json!({
        "id": t.id,
        "title": t.title,
        "parent_id": t.parent_id,
        "_links": { "self": href(format!("/tags/{}", t.id)) },
    });
    if let Some(parent) = t.parent_id {
        v["_links"]["parent"] = href(format!("/tags/{parent}"));
    }
    v
}
