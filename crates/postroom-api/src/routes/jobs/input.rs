//! The body of a job create or update, read leniently with every wrong field
//! reported at once (ids are only checked for existence later, by the store).

use super::reader::{merge_place, Reader};
use crate::error::{ApiError, FieldError};
use postroom_store::jobs::{Job, JobFields};
use serde_json::{json, Value};
use time::macros::format_description;

/// The parts of a job's location besides `country_code`.
pub(crate) const LOCATION: [&str; 3] = ["city", "state", "postal_code"];

/// Hire, contract, contract to hire, freelance.
const TYPES: [&str; 4] = ["H", "C", "C2H", "FL"];

/// The fields of `body` and what was wrong in it. `current` is the job being
/// updated (`None` on create, where the title is required).
pub fn parse(
    body: &Value,
    current: Option<&Job>,
) -> Result<(JobFields, Vec<FieldError>), ApiError> {
    let mut r = Reader::new(body)?;
    let mut f = JobFields {
        title: r.name("title", current.is_none()),
        company_id: r.id("company_id"),
        contact_id: r.id("contact_id"),
        recruiter_id: r.id("recruiter_id"),
        owner_id: r.id("owner_id"),
        workflow_id: r.required_id("workflow_id"),
        status_id: r.required_id("status_id"),
        description: r.text("description"),
        notes: r.text("notes"),
        salary: r.text("salary"),
        max_rate: r.text("max_rate"),
        duration: r.text("duration"),
        is_hot: r.flag("is_hot"),
        is_public: r.flag("is_public"),
        hiring_team: r.ids("hiring_team"),
        ..JobFields::default()
    };
    if let Some(given) = r.place("location", &LOCATION) {
        let base = current.map_or_else(|| json!({}), |j| j.location.clone());
        f.location = Some(merge_place(&base, given, &LOCATION));
    }
    if let Some(v) = r.text("type") {
        match v.map(|t| t.to_ascii_uppercase()) {
            Some(t) if !TYPES.contains(&t.as_str()) => {
                r.fail("type", "must be one of H, C, C2H, FL")
            }
            t => f.job_type = Some(t),
        }
    }
    if let Some(v) = r.get("openings") {
        match openings(v) {
            Some(n) => f.openings = Some(n),
            None => r.fail("openings", "must be a whole number from 0"),
        }
    }
    if let Some(v) = r.text("start_date") {
        match v.as_deref().map(date) {
            Some(None) => r.fail("start_date", "must be a date as YYYY-MM-DD"),
            _ => f.start_date = Some(v),
        }
    }
    if let (Some(job), Some(w)) = (current, f.workflow_id) {
        // Its pipelines' statuses belong to the workflow it has.
        if w != job.workflow_id {
            r.fail("workflow_id", "cannot change once the job is created");
            f.workflow_id = None;
        }
    }
    Ok((f, r.errors))
}

fn openings(v: &Value) -> Option<Option<i64>> {
    let n = match v {
        Value::Null => return Some(None),
        Value::Number(n) => n.as_i64(),
        Value::String(s) if s.trim().is_empty() => return Some(None),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.filter(|n| *n >= 0).map(Some)
}

/// The date, when `s` is a real one.
fn date(s: &str) -> Option<time::Date> {
    time::Date::parse(s, format_description!("[year]-[month]-[day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let body = json!({"type": "X", "openings": -1, "start_date": "2026-02-30",
                          "is_hot": "maybe", "hiring_team": [1, "x"]});
        let (_, errors) = parse(&body, None).unwrap();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "is_hot",
                "hiring_team",
                "type",
                "openings",
                "start_date"
            ]
        );
    }

    #[test]
    fn lenient_values_are_read() {
        let body = json!({"title": " Welder ", "type": "c2h", "openings": "3",
                          "start_date": "2026-03-01", "country_code": "GB",
                          "location": {"city": "Leeds"}, "company_id": "7", "is_public": "yes"});
        let (f, errors) = parse(&body, None).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f.title.as_deref(), Some("Welder"));
        assert_eq!(f.job_type, Some(Some("C2H".into())));
        assert_eq!(f.openings, Some(Some(3)));
        assert_eq!(f.company_id, Some(Some(7)));
        assert_eq!(f.is_public, Some(true));
        let location = f.location.unwrap();
        assert_eq!(location["city"], "Leeds");
        assert_eq!(location["country_code"], "GB");
        assert_eq!(location["state"], Value::Null);
    }
}
