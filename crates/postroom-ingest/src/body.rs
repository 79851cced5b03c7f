//! Step 5 of the path: the full parse of a matched message, and its raw bytes into
//! the blob store (attachments stay inside them, see `postroom_mail::Attachment`).

use postroom_mail::{parse_message, ParseError};
use postroom_store::{Blobs, NewAttachment, NewBody, StoreError};

pub(crate) enum BodyError {
    Parse(ParseError),
    Store(StoreError),
}

pub(crate) fn store_body(blobs: &Blobs, raw: &[u8]) -> Result<NewBody, BodyError> {
    let (_, content) = parse_message(raw).map_err(BodyError::Parse)?;
    let raw_hash = blobs.put(raw).map_err(BodyError::Store)?;
    let attachments = content
        .attachments
        .into_iter()
        .map(|a| NewAttachment {
            name: a.name,
            content_type: a.content_type,
            size: a.size as u64,
        })
        .collect();
    Ok(NewBody {
        headers: content.headers,
        text: content.text,
        html: content.html,
        raw_hash,
        raw_size: raw.len() as u64,
        attachments,
    })
}
