//! Header-first processing of a list of UIDs in the selected folder: the executor
//! shared by folder passes and history searches.
//!
//! UIDs go in chunks: fetch the chunk's headers, ask the ingest path which messages
//! need their full bytes, download only those (in groups of bounded size), and hand
//! each group, in UID order, to the ingest path. When the UIDs are a folder's new
//! mail, each group's commit also moves the folder's cursor to the group's last UID,
//! so an interruption anywhere resumes right after the last committed message.

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::fetch::{self, Header};
use crate::timeouts::Timeouts;
use postroom_domain::sync::{uid_sets, FolderCursor};
use postroom_domain::FolderId;
use postroom_ingest::{Ingestor, Tally};
use postroom_mail::source::MAX_MESSAGE_BYTES;
use postroom_mail::{Origin, RawMessage};
use postroom_store::FolderProgress;
use tokio_util::sync::CancellationToken;

/// Headers fetched per round trip.
const HEADER_CHUNK: usize = 500;
/// Full messages held in memory at once, in bytes (one larger message still goes
/// alone).
const GROUP_BYTES: u64 = 16 << 20;

/// Where the messages come from, for cursors and log lines.
pub struct Source<'a> {
    /// `imap://login@host/Folder`, naming messages in logs.
    pub url: &'a str,
    /// When set, commits move this folder's cursor (UIDVALIDITY given).
    pub cursor: Option<(FolderId, u32)>,
}

pub struct Run<'a> {
    pub ingestor: Ingestor,
    pub timeouts: &'a Timeouts,
    pub stop: &'a CancellationToken,
    /// Called after each commit with the number of UIDs handled so far.
    pub on_progress: Box<dyn Fn(u64) + Send + Sync + 'a>,
}

/// Processes `uids` (ascending). Returns the tally, and whether every UID was handled
/// (false when stopped early).
pub async fn process(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    uids: &[u32],
) -> Result<(Tally, bool), SyncError> {
    let mut tally = Tally::default();
    let mut handled = 0u64;
    for chunk in uids.chunks(HEADER_CHUNK) {
        let mut in_chunk = 0u64;
        if run.stop.is_cancelled() {
            return Ok((tally, false));
        }
        let set = uid_sets(chunk, chunk.len()).join(",");
        let mut headers = fetch::headers(session, &set, run.timeouts).await?;
        headers.sort_by_key(|h| h.uid);
        let raws: Vec<RawMessage> = headers.iter().map(|h| header_only(h, source)).collect();
        let needs = run.ingestor.needs_body(&raws).await?;
        for group in groups(&headers, &needs) {
            let mut wanted: Vec<u32> = group
                .iter()
                .filter(|&&i| needs[i] && !too_large(&headers[i]))
                .map(|&i| headers[i].uid)
                .collect();
            // Matched but over the size limit: never downloaded, counted as malformed.
            let too_big: Vec<u32> = group
                .iter()
                .filter(|&&i| needs[i] && too_large(&headers[i]))
                .map(|&i| headers[i].uid)
                .collect();
            let prepared = loop {
                let batch =
                    whole_where_wanted(session, run, source, &headers, &group, &wanted, &too_big)
                        .await?;
                let uids: Vec<u32> = batch.iter().map(|r| r.origin.offset as u32).collect();
                let prepared = run.ingestor.prepare(batch).await?;
                // An address was added to a record since the triage: the messages it
                // now matches must come whole before anything commits.
                let more: Vec<u32> = prepared
                    .needing_body()
                    .into_iter()
                    .map(|i| uids[i])
                    .filter(|u| !wanted.contains(u))
                    .filter(|u| headers.iter().any(|h| h.uid == *u && !too_large(h)))
                    .collect();
                if more.is_empty() {
                    break prepared;
                }
                wanted.extend(more);
            };
            let seen = group.len() as u64;
            let last_uid = group.last().map(|&i| headers[i].uid).unwrap_or(0);
            let progress = source.cursor.map(|(folder, uidvalidity)| FolderProgress {
                folder,
                cursor: FolderCursor {
                    uidvalidity,
                    last_uid,
                    highest_modseq: None,
                },
                seen,
                logged: prepared.new_messages() as u64,
                dismissed: prepared.dismissed() as u64,
            });
            for outcome in run.ingestor.commit_with(prepared, progress).await? {
                tally.add(&outcome);
            }
            in_chunk += seen;
            (run.on_progress)(handled + in_chunk);
        }
        // UIDs of the chunk the server no longer had count as handled too.
        handled += chunk.len() as u64;
        (run.on_progress)(handled);
    }
    Ok((tally, true))
}

/// The group's messages in UID order: whole for the `wanted` UIDs (one FETCH),
/// marked too large for `too_big`, headers only for the rest. A wanted message the server no longer returns was
/// expunged in between and is left out.
async fn whole_where_wanted(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    headers: &[Header],
    group: &[usize],
    wanted: &[u32],
    too_big: &[u32],
) -> Result<Vec<RawMessage>, SyncError> {
    let mut full = if wanted.is_empty() {
        Default::default()
    } else {
        fetch::messages(session, &uid_sets(wanted, wanted.len())[0], run.timeouts).await?
    };
    let mut batch = Vec::with_capacity(group.len());
    for &i in group {
        let h = &headers[i];
        let mut raw = header_only(h, source);
        if too_big.contains(&h.uid) {
            raw.bytes.clear();
            raw.too_large = true;
        } else if wanted.contains(&h.uid) {
            match full.remove(&h.uid) {
                Some(bytes) => {
                    raw.bytes = bytes;
                    raw.headers_only = false;
                }
                None => continue,
            }
        }
        batch.push(raw);
    }
    Ok(batch)
}

fn too_large(h: &Header) -> bool {
    h.size as usize > MAX_MESSAGE_BYTES
}

fn header_only(h: &Header, source: &Source<'_>) -> RawMessage {
    RawMessage {
        bytes: h.bytes.clone(),
        too_large: false,
        headers_only: true,
        origin: Origin::imap(source.url, h.uid),
        source_bytes: h.size as u64,
    }
}

/// Consecutive runs of header indexes whose full downloads together stay within
/// [`GROUP_BYTES`].
fn groups(headers: &[Header], needs: &[bool]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0u64;
    for (i, h) in headers.iter().enumerate() {
        let cost = if needs[i] && !too_large(h) {
            h.size as u64
        } else {
            0
        };
        if !current.is_empty() && bytes + cost > GROUP_BYTES {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
        current.push(i);
        bytes += cost;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
