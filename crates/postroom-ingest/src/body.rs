//! Step 5 of the path: the full parse of a matched message, and its raw bytes and
//! attachments into the blob store.

use postroom_mail::{parse_message, ParseError};
use postroom_store::{Blobs, NewAttachment, NewBody, StoreError};

pub(crate) enum BodyError {
    Parse(ParseError),
    Store(StoreError),
}

pub(crate) fn store_body(blobs: &Blobs, raw: &[u8]) -> Result<NewBody, BodyError> {
    let (_, content) = parse_message(raw).map_err(BodyError::Parse)?;
    let raw_hash = blobs.put(raw).map_err(BodyError::Store)?;
    let mut attachments = Vec::with_capacity(content.attachments.len());
    for a in &content.attachments {
        let hash = blobs.put(&a.data).map_err(BodyError::Store)?;
        attachments.push(NewAttachment {
            name: a.name.clone(),
            content_type: a.content_type.clone(),
            size: a.data.len() as u64,
            hash,
        });
    }
    Ok(NewBody {
        headers: content.headers,
        text: content.text,
        html: content.html,
        raw_hash,
        raw_size: raw.len() as u64,
        attachments,
    })
}
