//! A pipeline in the read shape, with its status embedded, and what the events
//! about it carry.

use super::super::activity_json;
use super::super::statuses::shape::{path as status_path, summary};
use crate::error::ApiError;
use crate::shape::{date, href};
use crate::state::AppState;
use crate::webhooks::emit;
use postroom_store::pipelines::Pipeline;
use postroom_store::statuses::{Status, StatusKind};
use serde_json::{json, Value};

/// The pipeline statuses of every workflow, read once per request.
pub(crate) struct Context {
    statuses: Vec<Status>,
}

impl Context {
    pub async fn load(state: &AppState) -> Result<Context, ApiError> {
        Ok(Context {
            statuses: state.store.statuses(StatusKind::Pipeline, None).await?,
        })
    }
}

pub(crate) fn shape(p: &Pipeline, cx: &Context) -> Value {
    let base = format!("/pipelines/{}", p.id);
    let status = cx.statuses.iter().find(|s| s.id == p.status_id);
    let mut links = json!({
        "self": href(&base),
        "candidate": href(format!("/candidates/{}", p.candidate_id)),
        "job": href(format!("/jobs/{}", p.job_id)),
        "statuses": href(format!("{base}/statuses")),
        "workflow": href(format!("/pipelines/workflows/{}", p.workflow_id)),
    });
    if let Some(s) = status {
        links["status"] = href(status_path(s));
    }
    json!({
        "id": p.id,
        "candidate_id": p.candidate_id,
        "job_id": p.job_id,
        "status_id": p.status_id,
        "rating": p.rating,
        "workflow_id": p.workflow_id,
        "created_by_id": p.created_by,
        "date_created": date(p.created_at),
        "date_modified": date(p.updated_at),
        "_links": links,
        "_embedded": { "status": status.map(summary) },
    })
}

/// `activity.created` for the activity noting a pipeline's change.
pub(crate) async fn announce_note(state: &AppState, activity: i64) -> Result<(), ApiError> {
    let record = state.store.activity(activity).await?;
    let record = record.as_ref().map(activity_json);
    emit(state, "activity.created", "activity", activity, record).await;
    Ok(())
}

/// The pipeline as it is now, for an event; `None` when it has gone meanwhile.
pub(crate) async fn current(state: &AppState, id: i64) -> Result<Option<Value>, ApiError> {
    let Some(p) = state.store.pipeline(id, None).await? else {
        return Ok(None);
    };
    Ok(Some(shape(&p, &Context::load(state).await?)))
}
