//! Creating and updating candidate and contact records with their addresses.

use crate::error::Result;
use crate::sqlutil::record_table;
use crate::{now, Store};
use postroom_domain::{EmailAddress, RecordRef, RecordType};
use sqlx::Row;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonInput {
    pub record_type: RecordType,
    pub first_name: String,
    pub last_name: String,
    pub email: EmailAddress,
    /// `None` when the input has no such column: an update keeps what the record
    /// has. `Some` replaces the record's other addresses.
    pub other_emails: Option<Vec<EmailAddress>>,
    /// Outer `None`: no such column, keep; `Some(None)`: the column is empty, clear.
    pub company: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub phone: Option<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpsertOutcome {
    pub record: RecordRef,
    pub created: bool,
    /// Addresses the record did not have before (all of them for a new record):
    /// the ones whose past mail is worth looking for.
    pub added_emails: Vec<EmailAddress>,
}

impl Store {
    /// Creates each person, or updates the record of the same type with the same
    /// primary address; the input is the truth for the record's other addresses.
    /// All rows commit together.
    pub async fn upsert_people(&self, people: &[PersonInput]) -> Result<Vec<UpsertOutcome>> {
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(people.len());
        let ts = now();
        for p in people {
            let table = record_table(p.record_type);
            let existing = sqlx::query(&format!(
                "SELECT id FROM {table} WHERE site_id = ? AND primary_email = ?"
            ))
            .bind(self.site)
            .bind(p.email.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.get::<i64, _>(0));
            let others: &[EmailAddress] = p.other_emails.as_deref().unwrap_or_default();
            let wanted: BTreeSet<&str> = std::iter::once(p.email.as_str())
                .chain(others.iter().map(|e| e.as_str()))
                .collect();
            let (id, created, had) = match existing {
                Some(id) => {
                    sqlx::query(&format!(
                        "UPDATE {table} SET first_name = ?, last_name = ?,
                            company = CASE WHEN ? THEN ? ELSE company END,
                            title = CASE WHEN ? THEN ? ELSE title END,
                            phone = CASE WHEN ? THEN ? ELSE phone END,
                            updated_at = ? WHERE site_id = ? AND id = ?"
                    ))
                    .bind(&p.first_name)
                    .bind(&p.last_name)
                    .bind(p.company.is_some())
                    .bind(p.company.clone().flatten())
                    .bind(p.title.is_some())
                    .bind(p.title.clone().flatten())
                    .bind(p.phone.is_some())
                    .bind(p.phone.clone().flatten())
                    .bind(ts)
                    .bind(self.site)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    let had: BTreeSet<String> = sqlx::query(
                        "SELECT email FROM record_emails WHERE site_id = ? AND record_type = ? AND record_id = ?",
                    )
                    .bind(self.site)
                    .bind(p.record_type.as_str())
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .map(|r| r.get(0))
                    .collect();
                    let replaced = p.other_emails.is_some();
                    for gone in had
                        .iter()
                        .filter(|e| replaced && !wanted.contains(e.as_str()))
                    {
                        sqlx::query("DELETE FROM record_emails WHERE site_id = ? AND email = ? AND record_type = ? AND record_id = ?")
                            .bind(self.site)
                            .bind(gone)
                            .bind(p.record_type.as_str())
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    (id, false, had)
                }
                None => {
                    let id = sqlx::query(&format!(
                        "INSERT INTO {table} (site_id, first_name, last_name, primary_email, company, title, phone, created_at, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    ))
                    .bind(self.site)
                    .bind(&p.first_name)
                    .bind(&p.last_name)
                    .bind(p.email.as_str())
                    .bind(p.company.clone().flatten())
                    .bind(p.title.clone().flatten())
                    .bind(p.phone.clone().flatten())
                    .bind(ts)
                    .bind(ts)
                    .execute(&mut *tx)
                    .await?
                    .last_insert_rowid();
                    (id, true, BTreeSet::new())
                }
            };
            let mut added = Vec::new();
            for email in std::iter::once(&p.email).chain(others.iter()) {
                let is_primary = email == &p.email;
                sqlx::query(
                    "INSERT INTO record_emails (site_id, email, record_type, record_id, is_primary) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT DO UPDATE SET is_primary = excluded.is_primary",
                )
                .bind(self.site)
                .bind(email.as_str())
                .bind(p.record_type.as_str())
                .bind(id)
                .bind(is_primary)
                .execute(&mut *tx)
                .await?;
                if !had.contains(email.as_str()) && !added.contains(email) {
                    added.push(email.clone());
                }
            }
            out.push(UpsertOutcome {
                record: RecordRef {
                    record_type: p.record_type,
                    id,
                },
                created,
                added_emails: added,
            });
        }
        let added: Vec<EmailAddress> = out
            .iter()
            .flat_map(|o| o.added_emails.iter().cloned())
            .collect();
        crate::history_queue::queue_history(&mut tx, self.site, &added).await?;
        tx.commit().await?;
        Ok(out)
    }
}
