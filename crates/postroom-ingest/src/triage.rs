//! Header-first triage, for sources where downloading a message costs (IMAP).
//!
//! The source fetches headers only, asks [`Ingestor::needs_body`] which messages
//! concern someone on record and are not stored yet, downloads just those in full,
//! and hands everything to [`Ingestor::ingest_batch`]: the header-only copies of the
//! rest still get their outcome (dismissed, blocked, duplicate) from the one path.
//! Mail that concerns nobody is thus never downloaded whole.

use crate::batch::{IngestError, Ingestor};
use postroom_domain::{screen, select_records, AddressMatch, EmailAddress, Screening};
use postroom_mail::{parse_envelope, DedupKey, RawMessage};
use std::collections::{HashMap, HashSet};

/// What a header-first source should do with a message, from its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Triage {
    /// It concerns someone and is not stored yet: download it whole.
    Whole,
    /// The headers are enough for the ingest path (stored already, blocked, or
    /// unreadable): hand them over as they are.
    Headers,
    /// It concerns nobody on record: count it, and that is all. Should an address
    /// of it be added to a record in the meantime, the history search queued with
    /// that address finds it again.
    Dismissed,
}

impl Ingestor {
    /// For each header-only message, whether ingest needs its full bytes.
    pub async fn needs_body(&self, headers: &[RawMessage]) -> Result<Vec<bool>, IngestError> {
        Ok(self
            .triage(headers)
            .await?
            .into_iter()
            .map(|t| t == Triage::Whole)
            .collect())
    }

    /// What to do with each header-only message.
    pub async fn triage(&self, headers: &[RawMessage]) -> Result<Vec<Triage>, IngestError> {
        let rules = self.rules();
        let screened: Vec<_> = headers
            .iter()
            .map(|raw| {
                parse_envelope(&raw.bytes)
                    .ok()
                    .map(|env| (screen(&env, rules), env))
            })
            .collect();
        let wanted: HashSet<&EmailAddress> = screened
            .iter()
            .flatten()
            .filter_map(|(s, _)| match s {
                Screening::Lookup(addresses) => Some(addresses.iter()),
                _ => None,
            })
            .flatten()
            .collect();
        let wanted: Vec<EmailAddress> = wanted.into_iter().cloned().collect();
        let mut by_address: HashMap<EmailAddress, Vec<AddressMatch>> = HashMap::new();
        for m in self.store().lookup_addresses(&wanted).await? {
            by_address.entry(m.address.clone()).or_default().push(m);
        }

        let mut needs = vec![Triage::Headers; headers.len()];
        // Messages with a Message-ID that match: maybe stored already.
        let mut keyed: Vec<(usize, String)> = Vec::new();
        for (i, s) in screened.iter().enumerate() {
            let (addresses, env) = match s {
                Some((Screening::Lookup(addresses), env)) => (addresses, env),
                Some((Screening::Dismiss, _)) => {
                    needs[i] = Triage::Dismissed;
                    continue;
                }
                _ => continue,
            };
            let found: Vec<AddressMatch> = addresses
                .iter()
                .filter_map(|a| by_address.get(a))
                .flatten()
                .cloned()
                .collect();
            if select_records(&found, rules.match_on).is_empty() {
                needs[i] = Triage::Dismissed;
                continue;
            }
            if env.message_id.is_some() {
                keyed.push((i, DedupKey::of(env, &headers[i].bytes).as_str().to_string()));
            } else {
                // Without a Message-ID the dedup key hashes the body.
                needs[i] = Triage::Whole;
            }
        }
        let keys: Vec<&str> = keyed.iter().map(|(_, k)| k.as_str()).collect();
        let mut known = self.store().stored_keys(&keys).await?;
        known.extend(self.store().blocked_keys(&keys).await?);
        for (i, key) in &keyed {
            if !known.contains(key) {
                needs[*i] = Triage::Whole;
            }
        }
        Ok(needs)
    }
}
