//! A job in the CATS v3 read shape, with its status and hiring team embedded.

use super::super::statuses::shape::summary;
use super::super::users::shape as user;
use crate::error::ApiError;
use crate::shape::{date, href};
use crate::state::AppState;
use postroom_store::jobs::Job;
use postroom_store::statuses::{Status, StatusKind};
use postroom_store::User;
use serde_json::{json, Value};

/// What a page of jobs embeds, read once per request.
pub(crate) struct Context {
    statuses: Vec<Status>,
    users: Vec<User>,
}

impl Context {
    pub async fn load(state: &AppState) -> Result<Context, ApiError> {
        Ok(Context {
            statuses: state.store.statuses(StatusKind::Job, None).await?,
            users: state.store.list_users().await?,
        })
    }
}

pub(crate) fn shape(j: &Job, cx: &Context) -> Value {
    let base = format!("/jobs/{}", j.id);
    let mut links = json!({
        "self": href(&base),
        "pipelines": href(format!("{base}/pipelines")),
        "hiring_team": href(format!("{base}/hiring_team")),
        "status": href(format!("/jobs/statuses/{}", j.status_id)),
        "statuses": href("/jobs/statuses"),
        "status_changes": href(format!("{base}/status_changes")),
    });
    for (name, path, id) in [
        ("company", "companies", j.company_id),
        ("contact", "contacts", j.contact_id),
        ("recruiter", "users", j.recruiter_id),
        ("owner", "users", j.owner_id),
    ] {
        if let Some(id) = id {
            links[name] = href(format!("/{path}/{id}"));
        }
    }
    let team: Vec<Value> = cx
        .users
        .iter()
        .filter(|u| j.hiring_team.contains(&u.id.0))
        .map(user)
        .collect();
    json!({
        "id": j.id,
        "title": j.title,
        "company_id": j.company_id,
        "contact_id": j.contact_id,
        "recruiter_id": j.recruiter_id,
        "owner_id": j.owner_id,
        "workflow_id": j.workflow_id,
        "status_id": j.status_id,
        "description": j.description,
        "notes": j.notes,
        "location": j.location,
        "type": j.job_type,
        "openings": j.openings,
        "salary": j.salary,
        "max_rate": j.max_rate,
        "duration": j.duration,
        "start_date": j.start_date,
        "is_hot": j.is_hot,
        "is_public": j.is_public,
        "date_created": date(j.created_at),
        "date_modified": date(j.updated_at),
        "_links": links,
        "_embedded": {
            "status": cx.statuses.iter().find(|s| s.id == j.status_id).map(summary),
            "hiring_team": team,
        },
    })
}
