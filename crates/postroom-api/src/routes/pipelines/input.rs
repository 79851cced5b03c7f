//! The bodies of pipeline writes, read leniently (ids and ratings as numbers or
//! numeric strings) with every wrong field reported at once; whether the ids name
//! something is the store's to say.

use super::super::jobs::reader::Reader;
use super::super::record_input::boolean;
use crate::error::{ApiError, FieldError};
use serde_json::Value;
use std::collections::HashMap;

/// A rating: unrated (0) to 5 stars.
const MAX_RATING: i64 = 5;

/// What `POST /pipelines` asks for; a field is `None` when it was wrong.
pub struct NewBody {
    pub candidate_id: Option<i64>,
    pub job_id: Option<i64>,
    pub rating: i64,
    pub errors: Vec<FieldError>,
}

pub fn parse_new(body: &Value) -> Result<NewBody, ApiError> {
    let mut r = Reader::new(body)?;
    let candidate_id = required_id(&mut r, "candidate_id");
    let job_id = required_id(&mut r, "job_id");
    let rating = rating(&mut r).unwrap_or(0);
    Ok(NewBody {
        candidate_id,
        job_id,
        rating,
        errors: r.errors,
    })
}

/// An id that must be given.
pub fn required_id(r: &mut Reader, name: &str) -> Option<i64> {
    if r.get(name).is_none() {
        r.fail(name, "is required");
    }
    r.required_id(name)
}

/// The rating given, if any and valid; null is unrated.
pub fn rating(r: &mut Reader) -> Option<i64> {
    let n = match r.get("rating")? {
        Value::Null => Some(0),
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let valid = n.filter(|n| (0..=MAX_RATING).contains(n));
    if valid.is_none() {
        r.fail(
            "rating",
            format!("must be a whole number from 0 to {MAX_RATING}"),
        );
    }
    valid
}

/// `?create_activity=true` (or the same in the body): note the change as an
/// activity on the candidate.
pub fn wants_activity(q: &HashMap<String, String>, body: &Value) -> bool {
    let asked = q
        .get("create_activity")
        .map(|v| Value::String(v.clone()))
        .or_else(|| body.get("create_activity").cloned());
    asked.as_ref().and_then(boolean).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let b = parse_new(&json!({"job_id": "x", "rating": 6})).unwrap();
        let fields: Vec<&str> = b.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["candidate_id", "job_id", "rating"]);
    }

    #[test]
    fn ids_and_ratings_are_read_leniently() {
        let b = parse_new(&json!({"candidate_id": " 7", "job_id": 3, "rating": "4"})).unwrap();
        assert!(b.errors.is_empty());
        assert_eq!((b.candidate_id, b.job_id, b.rating), (Some(7), Some(3), 4));
        let b = parse_new(&json!({"candidate_id": 1, "job_id": 2})).unwrap();
        assert_eq!(b.rating, 0, "unrated by default");
    }

    #[test]
    fn an_activity_is_asked_for_in_the_query_or_the_body() {
        let q = |v: &str| HashMap::from([("create_activity".to_string(), v.to_string())]);
        assert!(wants_activity(&q("true"), &json!({})));
        assert!(!wants_activity(&q("0"), &json!({"create_activity": true})));
        assert!(wants_activity(
            &HashMap::new(),
            &json!({"create_activity": "yes"})
        ));
        assert!(!wants_activity(&HashMap::new(), &json!({})));
    }
}
