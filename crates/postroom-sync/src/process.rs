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
use postroom_ingest::{Ingestor, Tally, Triage};
use postroom_mail::source::MAX_MESSAGE_BYTES;
use postroom_mail::{Origin, RawMessage};
use postroom_store::FolderProgress;
use tokio_util::sync::CancellationToken;

/// Headers fetched per round trip.
const HEADER_CHUNK: usize = 500;
/// Full messages held in memory at once, in bytes (one larger message still goes
/// alone).
const GROUP_BYTES: u64 = 8 << 20;

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

/// A group of messages fetched and ready for the ingest path, in UID order.
struct Group {
    batch: Vec<RawMessage>,
    /// UID and size of each message of `batch`.
    uids: Vec<(u32, u32)>,
    /// Messages of the group dismissed from their headers, not in `batch`.
    dismissed: u64,
    /// The last UID the group accounts for (messages the server no longer had
    /// included).
    last_uid: u32,
    seen: u64,
    /// UIDs handled once this group is committed.
    done_after: u64,
}

/// Processes `uids` (ascending). Returns the tally, and whether every UID was handled
/// (false when stopped early).
///
/// Two stages run at once: the fetcher (headers, triage, whole messages) and the
/// committer (parse, store, commit with the cursor), joined by a channel of two
/// groups, so the network and the CPU work overlap and memory stays bounded.
pub async fn process(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    uids: &[u32],
) -> Result<(Tally, bool), SyncError> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Group>(2);
    let (fetched, committed) = tokio::join!(
        fetch_groups(session, run, source, uids, tx),
        commit_groups(run, source, rx)
    );
    // A failed committer drops its end of the channel, which stops the fetcher;
    // its error is the one that matters then.
    let (mut tally, leftovers) = committed?;
    let complete = fetched?;
    if leftovers.is_empty() {
        return Ok((tally, complete));
    }
    // Messages that began to concern someone between triage and commit: fetched
    // whole now, and only then may the cursor pass them.
    let wanted: Vec<u32> = leftovers
        .iter()
        .filter(|(_, size)| *size as usize <= MAX_MESSAGE_BYTES)
        .map(|(uid, _)| *uid)
        .collect();
    let mut full = match uid_sets(&wanted, wanted.len().max(1)).first() {
        Some(set) => fetch::messages(session, set, run.timeouts).await?,
        None => Default::default(),
    };
    let batch: Vec<RawMessage> = wanted
        .iter()
        .filter_map(|uid| {
            full.remove(uid).map(|bytes| RawMessage {
                source_bytes: bytes.len() as u64,
                bytes,
                too_large: false,
                headers_only: false,
                origin: Origin::imap(source.url, *uid),
            })
        })
        .collect();
    let prepared = run.ingestor.prepare(batch).await?;
    let progress = source.cursor.map(|(folder, uidvalidity)| FolderProgress {
        folder,
        cursor: FolderCursor {
            uidvalidity,
            last_uid: if complete {
                uids.last().copied().unwrap_or(0)
            } else {
                wanted.first().map_or(0, |u| u - 1)
            },
            highest_modseq: None,
        },
        seen: 0,
        logged: prepared.new_messages() as u64,
        dismissed: 0,
    });
    for outcome in run.ingestor.commit_with(prepared, progress).await? {
        tally.add(&outcome);
    }
    Ok((tally, complete))
}

/// The fetching stage: chunks of headers, triage, whole messages for the groups.
/// Returns whether it got through every UID.
///
/// A chunk's triage (header parsing and record lookups) runs while the previous
/// chunk's messages download, so the connection never waits for it: triage is a
/// quarter of the first sync's time, and the server idled through all of it.
async fn fetch_groups(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    uids: &[u32],
    tx: tokio::sync::mpsc::Sender<Group>,
) -> Result<bool, SyncError> {
    let mut handled = 0u64;
    let mut pending: Option<Triaging<'_>> = None;
    for chunk in uids.chunks(HEADER_CHUNK) {
        if run.stop.is_cancelled() {
            return Ok(false);
        }
        let set = uid_sets(chunk, chunk.len()).join(",");
        let mut headers = fetch::headers(session, &set, run.timeouts).await?;
        headers.sort_by_key(|h| h.uid);
        let next = Triaging::start(run, source, chunk, headers);
        if let Some(previous) = pending.replace(next) {
            if !download(session, run, source, previous, &mut handled, &tx).await? {
                return Ok(false);
            }
        }
    }
    match pending {
        Some(last) => download(session, run, source, last, &mut handled, &tx).await,
        None => Ok(true),
    }
}

/// A chunk's headers, with their triage running in the background.
struct Triaging<'c> {
    chunk: &'c [u32],
    headers: Vec<Header>,
    triage: tokio::task::JoinHandle<Result<Vec<Triage>, postroom_ingest::IngestError>>,
}

impl<'c> Triaging<'c> {
    fn start(run: &Run<'_>, source: &Source<'_>, chunk: &'c [u32], headers: Vec<Header>) -> Self {
        let raws: Vec<RawMessage> = headers.iter().map(|h| header_only(h, source)).collect();
        let ingestor = run.ingestor.clone();
        let triage = tokio::spawn(async move { ingestor.triage(&raws).await });
        Triaging {
            chunk,
            headers,
            triage,
        }
    }
}

/// Downloads what a triaged chunk needs and sends it on in groups. Returns false
/// when the committer has gone.
async fn download(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    triaged: Triaging<'_>,
    handled: &mut u64,
    tx: &tokio::sync::mpsc::Sender<Group>,
) -> Result<bool, SyncError> {
    let Triaging {
        chunk,
        headers,
        triage,
    } = triaged;
    let triage = triage.await.map_err(postroom_ingest::IngestError::from)??;
    let needs: Vec<bool> = triage.iter().map(|t| *t == Triage::Whole).collect();
    let groups = groups(&headers, &needs);
    let count = groups.len();
    let mut in_chunk = 0u64;
    for (n, group) in groups.into_iter().enumerate() {
        let wanted: Vec<u32> = group
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
        // Mail that concerns nobody goes no further than its count.
        let kept: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| triage[i] != Triage::Dismissed)
            .collect();
        let (batch, uids_sizes) =
            whole_where_wanted(session, run, source, &headers, &kept, &wanted, &too_big).await?;
        let last = n + 1 == count;
        in_chunk += group.len() as u64;
        let g = Group {
            batch,
            uids: uids_sizes,
            dismissed: (group.len() - kept.len()) as u64,
            // The chunk's last group speaks for the UIDs the server no longer had.
            last_uid: if last {
                chunk.last().copied().unwrap_or(0)
            } else {
                group.last().map(|&i| headers[i].uid).unwrap_or(0)
            },
            seen: group.len() as u64,
            done_after: if last {
                *handled + chunk.len() as u64
            } else {
                *handled + in_chunk
            },
        };
        if tx.send(g).await.is_err() {
            return Ok(false);
        }
    }
    if count == 0 {
        // Every UID of the chunk was gone: nothing to commit, nothing skipped.
        (run.on_progress)(*handled + chunk.len() as u64);
    }
    *handled += chunk.len() as u64;
    Ok(true)
}

/// The committing stage. Returns the tally and the messages that came as headers
/// only but must be stored (see `Outcome::NeedsBody`); from the first of those on,
/// the cursor holds still.
async fn commit_groups(
    run: &Run<'_>,
    source: &Source<'_>,
    mut rx: tokio::sync::mpsc::Receiver<Group>,
) -> Result<(Tally, Vec<(u32, u32)>), SyncError> {
    let mut tally = Tally::default();
    let mut leftovers: Vec<(u32, u32)> = Vec::new();
    // The commit of one group runs while the next is parsed; commits stay in order.
    let mut committing: Option<tokio::task::JoinHandle<CommitResult>> = None;
    while let Some(g) = rx.recv().await {
        let prepared = run.ingestor.prepare(g.batch).await?;
        if let Some(previous) = committing.take() {
            let (outcomes, done_after) = previous.await??;
            for outcome in &outcomes {
                tally.add(outcome);
            }
            (run.on_progress)(done_after);
        }
        leftovers.extend(prepared.needing_body().into_iter().map(|i| g.uids[i]));
        let cursor_uid = match leftovers.first() {
            Some((blocked, _)) => blocked - 1,
            None => g.last_uid,
        };
        let progress = source.cursor.map(|(folder, uidvalidity)| FolderProgress {
            folder,
            cursor: FolderCursor {
                uidvalidity,
                last_uid: cursor_uid,
                highest_modseq: None,
            },
            seen: g.seen,
            logged: prepared.new_messages() as u64,
            dismissed: prepared.dismissed() as u64 + g.dismissed,
        });
        tally.scanned += g.dismissed;
        tally.dismissed += g.dismissed;
        let ingestor = run.ingestor.clone();
        let done_after = g.done_after;
        committing = Some(tokio::spawn(async move {
            Ok((ingestor.commit_with(prepared, progress).await?, done_after))
        }));
    }
    if let Some(last) = committing {
        let (outcomes, done_after) = last.await??;
        for outcome in &outcomes {
            tally.add(outcome);
        }
        (run.on_progress)(done_after);
    }
    Ok((tally, leftovers))
}

type CommitResult = Result<(Vec<postroom_ingest::Outcome>, u64), SyncError>;

/// The group's messages in UID order, with their UIDs and sizes: whole for the
/// `wanted` UIDs (one FETCH), marked too large for `too_big`, headers only for the
/// rest. A wanted message the server no longer returns was expunged in between and
/// is left out.
async fn whole_where_wanted(
    session: &mut ImapSession,
    run: &Run<'_>,
    source: &Source<'_>,
    headers: &[Header],
    group: &[usize],
    wanted: &[u32],
    too_big: &[u32],
) -> Result<(Vec<RawMessage>, Vec<(u32, u32)>), SyncError> {
    let mut full = if wanted.is_empty() {
        Default::default()
    } else {
        fetch::messages(session, &uid_sets(wanted, wanted.len())[0], run.timeouts).await?
    };
    let mut batch = Vec::with_capacity(group.len());
    let mut uids = Vec::with_capacity(group.len());
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
        uids.push((h.uid, h.size));
    }
    Ok((batch, uids))
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
