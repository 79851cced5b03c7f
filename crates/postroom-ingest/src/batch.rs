//! One batch through the ingest path (see the crate docs for the steps).
//!
//! A batch goes through two stages: [`Ingestor::prepare`] does the CPU work and the
//! blob writes (steps 1 to 5), [`Ingestor::commit`] the one transaction (step 6).
//! They are separate so that an import can prepare the next batch while the current
//! one commits; commits still happen one at a time, in order.

use crate::body::{store_body, BodyError};
use crate::outcome::Outcome;
use postroom_domain::{
    screen, select_records, thread_keys, AddressMatch, Direction, EmailAddress, Envelope,
    RecordRef, Rules, Screening, UserId,
};
use postroom_mail::{parse_envelope, DedupKey, ParseError, RawMessage};
use postroom_store::{BlockedMessage, FolderProgress, NewBody, NewMessage, Store, StoreError};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot ingest: {0}")]
    Store(StoreError),
    #[error("cannot ingest: a parsing task failed: {0}")]
    Task(tokio::task::JoinError),
    #[error("cannot ingest the messages from {span}: {cause}")]
    Batch {
        span: String,
        cause: Box<IngestError>,
    },
}

impl IngestError {
    /// Says which messages the error concerns.
    pub(crate) fn within(self, span: &str) -> IngestError {
        match self {
            IngestError::Batch { .. } => self,
            other => IngestError::Batch {
                span: span.to_string(),
                cause: Box::new(other),
            },
        }
    }
}

impl From<StoreError> for IngestError {
    fn from(e: StoreError) -> Self {
        IngestError::Store(e)
    }
}

impl From<tokio::task::JoinError> for IngestError {
    fn from(e: tokio::task::JoinError) -> Self {
        IngestError::Task(e)
    }
}

/// The ingest path bound to a store, the rules in force, and the mailbox owner.
#[derive(Clone)]
pub struct Ingestor {
    store: Store,
    rules: Arc<Rules>,
    owner: Option<UserId>,
}

/// A matched message, waiting for its dedup check and full parse.
struct Matched {
    index: usize,
    envelope: Envelope,
    key: DedupKey,
    records: Vec<RecordRef>,
}

/// A batch ready to commit.
pub struct Prepared {
    outcomes: Vec<Option<Outcome>>,
    writes: Vec<NewMessage>,
    /// Input position of each write.
    write_index: Vec<usize>,
    /// Messages seen with a blocked participant.
    blocked: Vec<BlockedMessage>,
}

impl Prepared {
    /// Messages that concern someone on record and are stored for the first time.
    pub fn new_messages(&self) -> usize {
        self.writes.iter().filter(|w| w.body.is_some()).count()
    }

    /// Input positions of header-only messages the source must send whole.
    pub fn needing_body(&self) -> Vec<usize> {
        self.outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| matches!(o, Some(Outcome::NeedsBody)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Messages that concern nobody on record.
    pub fn dismissed(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Some(Outcome::Dismissed)))
            .count()
    }
}

impl Ingestor {
    /// Reads the rules now; they stay fixed for this ingestor's lifetime.
    pub async fn new(store: Store, owner: Option<UserId>) -> Result<Self, IngestError> {
        let rules = Arc::new(store.rules().await?);
        Ok(Ingestor {
            store,
            rules,
            owner,
        })
    }

    pub(crate) fn rules(&self) -> &Rules {
        &self.rules
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub async fn ingest(&self, raw: RawMessage) -> Result<Outcome, IngestError> {
        let mut out = self.ingest_batch(vec![raw]).await?;
        Ok(out.pop().unwrap_or(Outcome::Dismissed))
    }

    /// Ingests messages in order, committing them in one transaction. Returns one
    /// outcome per input message, in input order.
    pub async fn ingest_batch(&self, batch: Vec<RawMessage>) -> Result<Vec<Outcome>, IngestError> {
        let prepared = self.prepare(batch).await?;
        self.commit(prepared).await
    }

    /// Steps 1 to 5: everything but the transaction.
    pub async fn prepare(&self, batch: Vec<RawMessage>) -> Result<Prepared, IngestError> {
        let rules = self.rules.clone();
        let (batch, screened) = tokio::task::spawn_blocking(move || {
            let screened: Vec<Result<(Envelope, Screening), ParseError>> = batch
                .par_iter()
                .map(|raw| {
                    if raw.too_large {
                        return Err(ParseError::TooLarge);
                    }
                    parse_envelope(&raw.bytes).map(|env| {
                        let s = screen(&env, &rules);
                        (env, s)
                    })
                })
                .collect();
            (batch, screened)
        })
        .await?;

        let mut outcomes: Vec<Option<Outcome>> = vec![None; batch.len()];
        let mut blocked: Vec<BlockedMessage> = Vec::new();
        let mut wanted: HashSet<&EmailAddress> = HashSet::new();
        for (i, s) in screened.iter().enumerate() {
            match s {
                Err(e) => {
                    tracing::warn!(origin = %batch[i].origin, error = %e, "malformed message skipped");
                    outcomes[i] = Some(Outcome::Malformed(e.clone()));
                }
                Ok((envelope, Screening::Blocked(entry))) => {
                    tracing::debug!(origin = %batch[i].origin, %entry, "blocked");
                    blocked.push(BlockedMessage {
                        dedup_key: DedupKey::of(envelope, &batch[i].bytes).as_str().to_string(),
                        entry: entry.to_string(),
                        thread_keys: thread_keys(envelope),
                    });
                    outcomes[i] = Some(Outcome::Blocked);
                }
                Ok((_, Screening::Dismiss)) => outcomes[i] = Some(Outcome::Dismissed),
                Ok((_, Screening::Lookup(addresses))) => wanted.extend(addresses.iter()),
            }
        }
        let wanted: Vec<EmailAddress> = wanted.into_iter().cloned().collect();
        let mut by_address: HashMap<EmailAddress, Vec<AddressMatch>> = HashMap::new();
        for m in self.store.lookup_addresses(&wanted).await? {
            by_address.entry(m.address.clone()).or_default().push(m);
        }

        let mut matched = Vec::new();
        for (i, s) in screened.into_iter().enumerate() {
            let Ok((envelope, Screening::Lookup(addresses))) = s else {
                continue;
            };
            let found: Vec<AddressMatch> = addresses
                .iter()
                .filter_map(|a| by_address.get(a))
                .flatten()
                .cloned()
                .collect();
            let records = select_records(&found, self.rules.match_on);
            if records.is_empty() {
                outcomes[i] = Some(Outcome::Dismissed);
                continue;
            }
            let key = DedupKey::of(&envelope, &batch[i].bytes);
            matched.push(Matched {
                index: i,
                envelope,
                key,
                records,
            });
        }

        // Another copy of the message (now or earlier) had a blocked participant.
        let keys: Vec<&str> = matched.iter().map(|m| m.key.as_str()).collect();
        let mut known_blocked = self.store.blocked_keys(&keys).await?;
        known_blocked.extend(blocked.iter().map(|b| b.dedup_key.clone()));
        matched.retain(|m| {
            let out = known_blocked.contains(m.key.as_str());
            if out {
                outcomes[m.index] = Some(Outcome::Blocked);
            }
            !out
        });

        let keys: Vec<&str> = matched.iter().map(|m| m.key.as_str()).collect();
        let mut stored = self.store.stored_keys(&keys).await?;
        // Only the first copy of a message in this batch needs its body; a copy that
        // has only its headers goes back to the source for the rest.
        matched.retain(|m| {
            let headers_only = batch[m.index].headers_only;
            if headers_only && !stored.contains(m.key.as_str()) {
                outcomes[m.index] = Some(Outcome::NeedsBody);
            }
            !headers_only || stored.contains(m.key.as_str())
        });
        let needs_body: Vec<bool> = matched
            .iter()
            .map(|m| stored.insert(m.key.as_str().to_string()))
            .collect();

        let blobs = self.store.blobs().clone();
        let (batch, (matched, bodies)) = tokio::task::spawn_blocking(move || {
            let bodies: Vec<Option<Result<NewBody, BodyError>>> = matched
                .par_iter()
                .zip(needs_body.par_iter())
                .map(|(m, needed)| needed.then(|| store_body(&blobs, &batch[m.index].bytes)))
                .collect();
            (batch, (matched, bodies))
        })
        .await?;

        let mut writes = Vec::with_capacity(matched.len());
        let mut write_index = Vec::with_capacity(matched.len());
        for (m, body) in matched.into_iter().zip(bodies) {
            let body = match body {
                None => None,
                Some(Ok(b)) => Some(b),
                Some(Err(BodyError::Store(e))) => return Err(IngestError::Store(e)),
                Some(Err(BodyError::Parse(e))) => {
                    tracing::warn!(origin = %batch[m.index].origin, error = %e, "malformed message skipped");
                    outcomes[m.index] = Some(Outcome::Malformed(e));
                    continue;
                }
            };
            write_index.push(m.index);
            writes.push(self.new_message(m, body));
        }
        Ok(Prepared {
            outcomes,
            writes,
            write_index,
            blocked,
        })
    }

    /// Step 6: the batch's one transaction.
    pub async fn commit(&self, prepared: Prepared) -> Result<Vec<Outcome>, IngestError> {
        self.commit_with(prepared, None).await
    }

    /// Step 6, also moving a mailbox folder's cursor in the same transaction, so the
    /// cursor never says a message was handled before it is stored.
    pub async fn commit_with(
        &self,
        prepared: Prepared,
        progress: Option<FolderProgress>,
    ) -> Result<Vec<Outcome>, IngestError> {
        let Prepared {
            mut outcomes,
            writes,
            write_index,
            blocked,
        } = prepared;
        let written = self
            .store
            .record_messages(writes, &blocked, progress.as_ref())
            .await?;
        for (index, w) in write_index.into_iter().zip(written) {
            outcomes[index] = Some(if w.blocked {
                Outcome::Blocked
            } else if w.logged {
                Outcome::Logged {
                    activities: w.activities,
                }
            } else {
                Outcome::Duplicate {
                    activities: w.activities,
                }
            });
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Outcome::Dismissed))
            .collect())
    }

    fn new_message(&self, m: Matched, body: Option<NewBody>) -> NewMessage {
        let direction = Direction::of(&m.envelope, &self.rules);
        let keys = thread_keys(&m.envelope);
        let env = m.envelope;
        NewMessage {
            dedup_key: m.key.as_str().to_string(),
            message_id: env.message_id.clone(),
            thread_keys: keys,
            subject: env.subject.clone(),
            from: env.from().cloned(),
            direction,
            occurred_at: env.date,
            participants: env.participants,
            body,
            records: m.records,
            owner: self.owner,
        }
    }
}
