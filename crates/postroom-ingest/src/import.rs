//! Importing mail files: a reader thread streams raw messages in bounded batches to
//! the ingest path, so memory stays flat whatever the size of the files.

use crate::batch::{IngestError, Ingestor};
use crate::outcome::Tally;
use postroom_mail::source::{Messages, SourceFile};
use postroom_mail::RawMessage;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A batch is cut at this many messages or bytes, whichever comes first: big enough
/// to amortise a transaction, small enough that two in flight stay well under the
/// memory budget.
const BATCH_MESSAGES: usize = 1000;
const BATCH_BYTES: usize = 16 << 20;

/// Where an import stands, reported after every committed batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Source bytes fully processed and committed.
    pub bytes: u64,
    pub tally: Tally,
}

type Committing = tokio::task::JoinHandle<Result<Vec<crate::Outcome>, IngestError>>;

struct Batch {
    messages: Vec<RawMessage>,
    bytes: u64,
    unreadable: u64,
}

/// Imports every message of `files`. Stops between batches when `stop` is set,
/// with everything before it committed; running the same import again finishes the
/// job (what is stored is recognised as duplicate).
pub async fn import(
    ingestor: &Ingestor,
    files: Vec<SourceFile>,
    stop: Arc<AtomicBool>,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Tally, IngestError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Batch>(1);
    let reader_stop = stop.clone();
    let reader = std::thread::spawn(move || read_batches(files, tx, reader_stop));
    let mut progress = Progress::default();
    // Batch k commits while batch k+1 is prepared: parsing uses the cores while
    // SQLite writes. Commits stay one at a time and in order.
    let mut in_flight: Option<(Committing, u64, u64, String)> = None;
    loop {
        let next = if stop.load(Ordering::Relaxed) {
            None
        } else {
            rx.recv().await
        };
        let prepared = match next {
            Some(batch) => {
                let span = span_of(&batch.messages);
                let prepared = ingestor
                    .prepare(batch.messages)
                    .await
                    .map_err(|e| e.within(&span))?;
                Some((prepared, batch.bytes, batch.unreadable, span))
            }
            None => None,
        };
        if let Some((committing, bytes, unreadable, span)) = in_flight.take() {
            let outcomes = committing.await?.map_err(|e| e.within(&span))?;
            for o in &outcomes {
                progress.tally.add(o);
            }
            progress.tally.scanned += unreadable;
            progress.tally.malformed += unreadable;
            progress.bytes += bytes;
            // Tests wait for this line (not for time) before interrupting an import.
            tracing::info!(
                scanned = progress.tally.scanned,
                bytes = progress.bytes,
                "batch committed"
            );
            on_progress(&progress);
        }
        let Some((prepared, bytes, unreadable, span)) = prepared else {
            break;
        };
        let committer = ingestor.clone();
        let committing = tokio::spawn(async move { committer.commit(prepared).await });
        in_flight = Some((committing, bytes, unreadable, span));
    }
    drop(rx);
    let _ = reader.join();
    Ok(progress.tally)
}

/// "file at byte N to file at byte M": where a failing batch's messages came from.
fn span_of(messages: &[RawMessage]) -> String {
    match (messages.first(), messages.last()) {
        (Some(a), Some(b)) => format!("{} to {}", a.origin, b.origin),
        _ => "an empty batch".to_string(),
    }
}

fn read_batches(
    files: Vec<SourceFile>,
    tx: tokio::sync::mpsc::Sender<Batch>,
    stop: Arc<AtomicBool>,
) {
    let mut batch = Batch {
        messages: Vec::new(),
        bytes: 0,
        unreadable: 0,
    };
    let mut size = 0usize;
    for item in Messages::new(files) {
        match item {
            Ok(raw) => {
                size += raw.bytes.len();
                batch.bytes += raw.source_bytes;
                batch.messages.push(raw);
            }
            Err(e) => {
                tracing::warn!(error = %e, "unreadable mail file skipped");
                batch.unreadable += 1;
            }
        }
        if batch.messages.len() >= BATCH_MESSAGES || size >= BATCH_BYTES {
            let full = std::mem::replace(
                &mut batch,
                Batch {
                    messages: Vec::new(),
                    bytes: 0,
                    unreadable: 0,
                },
            );
            size = 0;
            if stop.load(Ordering::Relaxed) || tx.blocking_send(full).is_err() {
                return;
            }
        }
    }
    if !batch.messages.is_empty() || batch.unreadable > 0 {
        let _ = tx.blocking_send(batch);
    }
}
