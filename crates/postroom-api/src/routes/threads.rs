//! Postroom's email additions: a record's conversations, one conversation with its
//! messages (text, sanitised HTML, attachments), and attachment downloads.

use super::record_shape::plural;
use super::records_get::load;
use super::records_list::may_see;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::paging::{envelope, Page};
use crate::shape::{date, href};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use postroom_domain::{RecordRef, RecordType};
use postroom_store::AttachmentBytes;
use serde_json::{json, Value};

pub async fn list(
    t: RecordType,
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let record = load(t, &state, &caller, &id).await?;
    let threads = state
        .store
        .threads(Some(RecordRef {
            record_type: t,
            id: record.id,
        }))
        .await?;
    let items: Vec<Value> = threads
        .iter()
        .map(|th| {
            json!({
                "id": th.id, "subject": th.subject, "messages": th.messages,
                "first_date": date(th.first_at), "last_date": date(th.last_at),
                "_links": { "self": href(format!("/threads/{}", th.id)) },
            })
        })
        .collect();
    let total = items.len() as u64;
    let page = Page {
        page: 1,
        per_page: (total as u32).max(1),
    };
    let path = format!("/{}/{}/threads", plural(t), record.id);
    Ok(Json(envelope(&path, "", "threads", items, total, page)))
}

/// Whether the caller may see one of these records (those a thread or an
/// attachment's message is logged on): the mail is theirs to read with it.
async fn sees_one(
    state: &AppState,
    caller: &Caller,
    records: &[RecordRef],
) -> Result<bool, ApiError> {
    if caller.access.sees_everything() {
        // Whatever the mail is logged on, or if it is on nothing any more.
        return Ok(true);
    }
    for r in records {
        if may_see(state, caller, *r).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| ApiError::NotFound("thread"))?;
    let records = state.store.thread_records(id).await?;
    if !sees_one(&state, &caller, &records).await? {
        return Err(ApiError::NotFound("thread"));
    }
    let thread = state
        .store
        .thread(id)
        .await?
        .ok_or(ApiError::NotFound("thread"))?;
    let messages: Vec<Value> = thread
        .messages
        .iter()
        .map(|m| {
            let attachments: Vec<Value> = m
                .attachments
                .iter()
                .map(|a| {
                    json!({
                        "id": a.id, "filename": a.name, "content_type": a.content_type,
                        "size": a.size,
                        "_links": { "download": href(format!("/attachments/{}/download", a.id)) },
                    })
                })
                .collect();
            json!({
                "id": m.id, "message_id": m.message_id, "subject": m.subject,
                "from": m.from, "from_name": m.from_name, "participants": m.participants,
                "direction": m.direction, "date": date(m.occurred_at),
                "text": m.text, "html": m.html, "attachments": attachments,
            })
        })
        .collect();
    Ok(Json(json!({
        "id": thread.id,
        "_links": { "self": href(format!("/threads/{}", thread.id)) },
        "_embedded": { "messages": messages },
    })))
}

pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| ApiError::NotFound("attachment"))?;
    let records = state.store.attachment_records(id).await?;
    if !sees_one(&state, &caller, &records).await? {
        return Err(ApiError::NotFound("attachment"));
    }
    let file = state
        .store
        .attachment(id)
        .await?
        .ok_or(ApiError::NotFound("attachment"))?;
    let bytes = match file.bytes {
        AttachmentBytes::Stored(bytes) => bytes,
        // Decoding a big message is CPU work: off the async threads.
        AttachmentBytes::InRaw { raw, position } => {
            tokio::task::spawn_blocking(move || postroom_mail::attachment_data(&raw, position))
                .await
                .ok()
                .flatten()
                .ok_or(ApiError::NotFound("attachment"))?
        }
    };
    let (name, content_type) = (file.name, file.content_type);
    let disposition = format!(
        "attachment; filename=\"{}\"",
        name.replace(['"', '\\', '\r', '\n'], "_")
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
