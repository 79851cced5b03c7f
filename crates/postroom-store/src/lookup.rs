//! The two lookups the ingest path makes per batch: which records have these
//! addresses, and which of these messages are already stored.

use crate::error::{Result, StoreError};
use crate::sqlutil::{placeholders, IN_CHUNK};
use crate::Store;
use postroom_domain::{AddressMatch, EmailAddress, RecordRef, RecordType};
use sqlx::Row;
use std::collections::HashSet;

impl Store {
    /// Every (address, record) pair for these addresses, by exact canonical address.
    pub async fn lookup_addresses(&self, addresses: &[EmailAddress]) -> Result<Vec<AddressMatch>> {
        let mut out = Vec::new();
        for chunk in addresses.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT email, record_type, record_id, is_primary FROM record_emails WHERE site_id = ? AND email IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for a in chunk {
                query = query.bind(a.as_str());
            }
            for row in query.fetch_all(&self.pool).await? {
                let email: String = row.get(0);
                let kind: String = row.get(1);
                let record_type = RecordType::parse(&kind).ok_or(StoreError::Corrupt {
                    what: "record type",
                    value: kind,
                })?;
                let address = EmailAddress::parse(&email).map_err(|_| StoreError::Corrupt {
                    what: "record address",
                    value: email,
                })?;
                out.push(AddressMatch {
                    address,
                    record: RecordRef {
                        record_type,
                        id: row.get(2),
                    },
                    is_primary: row.get(3),
                });
            }
        }
        Ok(out)
    }

    /// The subset of these dedup keys that are already stored.
    pub async fn stored_keys(&self, keys: &[&str]) -> Result<HashSet<String>> {
        self.keys_in(KeyTable::Messages, keys).await
    }

    /// The subset of these dedup keys that belong to messages seen with a blocked
    /// participant.
    pub async fn blocked_keys(&self, keys: &[&str]) -> Result<HashSet<String>> {
        self.keys_in(KeyTable::BlockedMessages, keys).await
    }

    async fn keys_in(&self, table: KeyTable, keys: &[&str]) -> Result<HashSet<String>> {
        let table = match table {
            KeyTable::Messages => "messages",
            KeyTable::BlockedMessages => "blocked_messages",
        };
        let mut out = HashSet::new();
        for chunk in keys.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT dedup_key FROM {table} WHERE site_id = ? AND dedup_key IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(self.site);
            for k in chunk {
                query = query.bind(*k);
            }
            for row in query.fetch_all(&self.pool).await? {
                out.insert(row.get(0));
            }
        }
        Ok(out)
    }
}

/// Tables with a `dedup_key` column; a closed set so no name comes from input.
enum KeyTable {
    Messages,
    BlockedMessages,
}
