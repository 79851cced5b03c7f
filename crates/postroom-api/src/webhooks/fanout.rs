//! Fanning out the store's event outbox: events written by processes that do not
//! speak the API (sync, imports, the command line) get their body rendered here, in the API's shape,
//! and become one delivery per subscribed webhook.

use super::emit::body;
use crate::request_id::fresh;
use crate::routes::{activity_json, user_json};
use postroom_store::{PendingEvent, Store};

/// Fans out what is pending, a batch at a time; returns how many events it handled.
pub async fn fan_out_events(store: &Store) -> postroom_store::Result<usize> {
    let mut handled = 0;
    loop {
        let pending = store.pending_events(100).await?;
        if pending.is_empty() {
            return Ok(handled);
        }
        for e in &pending {
            let record = render(store, e).await?;
            store
                .fan_out(
                    e,
                    &body(&e.event, &e.kind, e.item_id, record).to_string(),
                    fresh,
                )
                .await?;
            handled += 1;
        }
    }
}

/// The item as it is now; `None` when it has since been deleted (the event still
/// goes out, with its id and link).
async fn render(
    store: &Store,
    e: &PendingEvent,
) -> postroom_store::Result<Option<serde_json::Value>> {
    Ok(match e.kind.as_str() {
        "activity" => store.activity(e.item_id).await?.as_ref().map(activity_json),
        "user" => store
            .list_users()
            .await?
            .iter()
            .find(|u| u.id.0 == e.item_id)
            .map(user_json),
        _ => None,
    })
}
