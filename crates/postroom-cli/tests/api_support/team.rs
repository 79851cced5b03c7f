//! The team most API tests start from (an administrator, a recruiter and a
//! hiring manager, a key each), and the checks of answers they all make.

use super::{add_user, create_key, set_access, site_with_admin, Resp};
use crate::common::Postroom;
use serde_json::{json, Value};

/// A data directory with an administrator, a recruiter and a hiring manager, and
/// a key for each; `p` stays alive as long as the server does.
pub struct Team {
    pub p: Postroom,
    pub admin: String,
    pub rita: String,
    pub rita_id: i64,
    pub hank: String,
    pub hank_id: i64,
}

pub fn team() -> Team {
    let (p, admin) = site_with_admin();
    let rita_id = add_user(&p, "rita@team.example", "Rita Recruiter");
    let hank_id = add_user(&p, "hank@team.example", "Hank Manager");
    set_access(&p, "rita@team.example", "recruiter");
    set_access(&p, "hank@team.example", "hiring_manager");
    let rita = create_key(&p, "rita@team.example");
    let hank = create_key(&p, "hank@team.example");
    Team {
        p,
        admin,
        rita,
        rita_id,
        hank,
        hank_id,
    }
}

/// An error answer: this status and a body of just this message.
pub fn assert_message(r: &Resp, status: u16, message: &str) {
    assert_eq!(r.status, status, "{r:?}");
    assert_eq!(r.body, json!({ "message": message }), "{r:?}");
}

/// The (previous status, status) of each change in a list of status changes
/// (`_embedded.<plural>`), in order.
pub fn status_moves(list: &Value, plural: &str) -> Vec<(Value, i64)> {
    list["_embedded"][plural]
        .as_array()
        .unwrap_or_else(|| panic!("no _embedded.{plural} in {list}"))
        .iter()
        .map(|c| {
            (
                c["previous_status_id"].clone(),
                c["status_id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The ids in a list's `_embedded.<plural>`, in order.
pub fn ids(list: &Value, plural: &str) -> Vec<i64> {
    list["_embedded"][plural]
        .as_array()
        .unwrap_or_else(|| panic!("no _embedded.{plural} in {list}"))
        .iter()
        .map(|r| r["id"].as_i64().expect("an id"))
        .collect()
}
