//! Whole records, one at a time, as the REST API reads and writes them: every field
//! an ATS client sends, the addresses with the primary first, pages with a total.
//! Addresses added here queue their history search like any other (see
//! `history_queue.rs`), in the same transaction.

use crate::custom_fields::{write_values, CustomValue};
use crate::error::{Result, StoreError};
use crate::history_queue::queue_history;
use crate::pipelines::visible_candidate;
use crate::sqlutil::{delete_row, record_table, row_exists};
use crate::tags::item::forget_item;
use crate::{now, Store};
use postroom_domain::{EmailAddress, RecordType};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

/// The fields of a record. On create, `None` means empty; on update, `None` means
/// "leave as it is" (and `Some(None)` clears).
#[derive(Debug, Clone, Default)]
pub struct RecordFields {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The primary address first.
    pub emails: Option<Vec<EmailAddress>>,
    /// JSON array of `{"number","extension","type"}`.
    pub phones: Option<serde_json::Value>,
    /// JSON object (`street`, `city`, `state`, `postal_code`, `country_code`).
    pub address: Option<serde_json::Value>,
    pub title: Option<Option<String>>,
    /// Current employer (candidates) or company name (contacts).
    pub company: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub owner_id: Option<Option<i64>>,
    pub is_hot: Option<bool>,
    pub notes: Option<Option<String>>,
    /// Custom field values to write with the record (`None` clears one); fields
    /// not named are left as they are.
    pub custom_fields: Vec<CustomValue>,
    /// The company a contact works at (contacts only).
    pub company_id: Option<Option<i64>>,
}

#[derive(Debug, Clone)]
pub struct FullRecord {
    pub id: i64,
    pub record_type: RecordType,
    pub first_name: String,
    pub last_name: String,
    /// The primary address first.
    pub emails: Vec<String>,
    pub phones: serde_json::Value,
    pub address: serde_json::Value,
    pub title: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<i64>,
    pub is_hot: bool,
    pub notes: Option<String>,
    /// Contacts only: the company they work at, and their status.
    pub company_id: Option<i64>,
    pub status_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, first_name, last_name, phones, address, title, company, source, \
     owner_id, is_hot, notes, created_at, updated_at, phone";

/// Contacts work at a company and have a status; candidates have neither column.
fn columns(t: RecordType) -> String {
    match t {
        RecordType::Candidate => COLUMNS.to_string(),
        RecordType::Contact => format!("{COLUMNS}, company_id, status_id"),
    }
}

/// `%value%` for LIKE ... ESCAPE '\', the query's own wildcards made literal.
pub(crate) fn like_pattern(value: &str) -> String {
    let escaped = value
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn from_row(t: RecordType, row: &SqliteRow) -> FullRecord {
    let json = |col: &str| -> serde_json::Value {
        row.get::<Option<String>, _>(col)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(serde_json::Value::Null)
    };
    let mut phones = json("phones");
    if phones.is_null() {
        // Records imported from CSV carry one plain phone.
        phones = match row.get::<Option<String>, _>("phone") {
            Some(p) => serde_json::json!([{ "number": p, "extension": null, "type": "other" }]),
            None => serde_json::json!([]),
        };
    }
    FullRecord {
        id: row.get("id"),
        record_type: t,
        first_name: row.get("first_name"),
        last_name: row.get("last_name"),
        emails: Vec::new(),
        phones,
        address: json("address"),
        title: row.get("title"),
        company: row.get("company"),
        source: row.get("source"),
        owner_id: row.get("owner_id"),
        is_hot: row.get::<i64, _>("is_hot") != 0,
        notes: row.get("notes"),
        company_id: row.try_get("company_id").ok().flatten(),
        status_id: row.try_get("status_id").ok().flatten(),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

/// A record's addresses (primary first) as a JSON array column of the record's own
/// row (alias `r`): read in the same statement as the record, so a record or a page
/// of them costs one round trip to the database thread, not two.
fn emails_column(t: RecordType) -> String {
    // `t` is one of two fixed names, never input.
    format!(
        "(SELECT json_group_array(e.email ORDER BY e.is_primary DESC, e.email) \
         FROM record_emails e INDEXED BY record_emails_record WHERE e.site_id = r.site_id \
         AND e.record_type = '{}' AND e.record_id = r.id) AS emails_json",
        t.as_str()
    )
}

fn with_emails(mut record: FullRecord, row: &SqliteRow) -> Result<FullRecord> {
    let emails: String = row.get("emails_json");
    record.emails = serde_json::from_str(&emails).map_err(|_| StoreError::Corrupt {
        what: "record addresses",
        value: emails,
    })?;
    Ok(record)
}

impl Store {
    /// One page of records by id, and how many there are in all. `visible_to`
    /// limits candidates to those a hiring manager sees (see
    /// `pipelines/visibility.rs`); `None` reads all, and contacts are everyone's.
    pub async fn record_page(
        &self,
        t: RecordType,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        self.records_visible_where(t, "1", &[], visible_to, offset, limit)
            .await
    }

    /// Records whose name or any address contains `query`, by id; `visible_to` as
    /// for [`Store::record_page`].
    pub async fn search_records(
        &self,
        t: RecordType,
        query: &str,
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        let pattern = like_pattern(query);
        self.records_visible_where(
            t,
            "(r.first_name || ' ' || r.last_name LIKE ? ESCAPE '\\' \
             OR EXISTS (SELECT 1 FROM record_emails e WHERE e.site_id = r.site_id \
             AND e.record_type = ? AND e.record_id = r.id AND e.email LIKE ? ESCAPE '\\'))",
            &[pattern.clone(), t.as_str().to_string(), pattern],
            visible_to,
            offset,
            limit,
        )
        .await
    }

    /// One page, by id, of the records of type `t` that meet `condition` (SQL on
    /// the record as `r`, its `?` bound to `binds` in order), and their total.
    pub(crate) async fn records_where(
        &self,
        t: RecordType,
        condition: &str,
        binds: &[String],
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        self.records_visible_where(t, condition, binds, None, offset, limit)
            .await
    }

    /// [`Store::records_where`], candidates limited to those `visible_to` sees.
    pub(crate) async fn records_visible_where(
        &self,
        t: RecordType,
        condition: &str,
        binds: &[String],
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        let table = record_table(t);
        // Contacts are everyone's: only candidates are ever limited.
        let visible_to = visible_to.filter(|_| t == RecordType::Candidate);
        let visible = visible_to.map_or_else(|| "1".to_string(), |_| visible_candidate("r.id"));
        let from = format!("FROM {table} r WHERE r.site_id = ? AND {condition} AND {visible}");
        let count_sql = format!("SELECT COUNT(*) {from}");
        let mut count = sqlx::query(&count_sql).bind(self.site);
        for v in binds {
            count = count.bind(v);
        }
        if let Some(user) = visible_to {
            count = count.bind(user);
        }
        let total: i64 = count.fetch_one(&self.pool).await?.get(0);
        let columns: Vec<String> = columns(t).split(", ").map(|c| format!("r.{c}")).collect();
        let page_sql = format!(
            "SELECT {}, {} {from} ORDER BY r.id LIMIT ? OFFSET ?",
            columns.join(", "),
            emails_column(t)
        );
        let mut page = sqlx::query(&page_sql).bind(self.site);
        for v in binds {
            page = page.bind(v);
        }
        if let Some(user) = visible_to {
            page = page.bind(user);
        }
        let rows = page
            .bind(limit)
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        let records = rows
            .iter()
            .map(|r| with_emails(from_row(t, r), r))
            .collect::<Result<_>>()?;
        Ok((records, total as u64))
    }

    pub async fn full_record(&self, t: RecordType, id: i64) -> Result<Option<FullRecord>> {
        let table = record_table(t);
        let Some(row) = sqlx::query(&format!(
            "SELECT {}, {} FROM {table} r WHERE r.site_id = ? AND r.id = ?",
            columns(t),
            emails_column(t)
        ))
        .bind(self.site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(with_emails(from_row(t, &row), &row)?))
    }

    /// Creates a record and queues the history search of its addresses. With
    /// `check_duplicate`, a record with the same name and phone is refused too
    /// (`StoreError::Duplicate`); a taken primary address always is. The checks run
    /// in the write transaction, so two simultaneous creates cannot both pass them.
    pub async fn create_record(
        &self,
        t: RecordType,
        f: &RecordFields,
        check_duplicate: bool,
    ) -> Result<i64> {
        let table = record_table(t);
        let mut tx = self.begin_write().await?;
        let emails = f.emails.clone().unwrap_or_default();
        if let Some(primary) = emails.first() {
            refuse_taken_primary(&mut tx, self.site, t, primary, None).await?;
        }
        if check_duplicate {
            if let Some(id) = same_name_and_phone(&mut tx, self.site, t, f).await? {
                return Err(StoreError::Duplicate { id });
            }
        }
        let ts = now();
        let id = sqlx::query(&format!(
            "INSERT INTO {table} (site_id, first_name, last_name, primary_email, company, title, \
             phone, phones, address, source, owner_id, is_hot, notes, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ))
        .bind(self.site)
        .bind(f.first_name.as_deref().unwrap_or_default())
        .bind(f.last_name.as_deref().unwrap_or_default())
        .bind(emails.first().map(|e| e.as_str().to_string()))
        .bind(f.company.clone().flatten())
        .bind(f.title.clone().flatten())
        .bind(first_phone(f.phones.as_ref()))
        .bind(f.phones.as_ref().map(|p| p.to_string()))
        .bind(f.address.as_ref().map(|a| a.to_string()))
        .bind(f.source.clone().flatten())
        .bind(f.owner_id.flatten())
        .bind(f.is_hot.unwrap_or(false))
        .bind(f.notes.clone().flatten())
        .bind(ts)
        .bind(ts)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if let Some(Some(company)) = f.company_id {
            // Only contacts have the column, and only theirs carry a company_id.
            sqlx::query(&format!("UPDATE {table} SET company_id = ? WHERE id = ?"))
                .bind(company)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let added = replace_emails(&mut tx, self.site, t, id, &emails).await?;
        queue_history(&mut tx, self.site, &added).await?;
        write_values(&mut tx, self.site, t.into(), id, &f.custom_fields).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Merges `patch` into the record. `None` when there is no such record.
    pub async fn update_record(
        &self,
        t: RecordType,
        id: i64,
        patch: &RecordFields,
    ) -> Result<Option<()>> {
        let table = record_table(t);
        let mut tx = self.begin_write().await?;
        if !row_exists(&mut tx, table, self.site, id).await? {
            return Ok(None);
        }
        let mut sets: Vec<&str> = vec!["updated_at = ?"];
        let mut values: Vec<Value> = vec![Value::Int(Some(now()))];
        let mut set = |col: &'static str, v: Value| {
            sets.push(col);
            values.push(v);
        };
        if let Some(v) = &patch.first_name {
            set("first_name = ?", Value::Text(Some(v.clone())));
        }
        if let Some(v) = &patch.last_name {
            set("last_name = ?", Value::Text(Some(v.clone())));
        }
        if let Some(v) = &patch.title {
            set("title = ?", Value::Text(v.clone()));
        }
        if let Some(v) = &patch.company {
            set("company = ?", Value::Text(v.clone()));
        }
        if let Some(v) = &patch.source {
            set("source = ?", Value::Text(v.clone()));
        }
        if let Some(v) = &patch.notes {
            set("notes = ?", Value::Text(v.clone()));
        }
        if let Some(v) = patch.owner_id {
            set("owner_id = ?", Value::Int(v));
        }
        if let Some(v) = patch.is_hot {
            set("is_hot = ?", Value::Int(Some(i64::from(v))));
        }
        if let Some(v) = patch.company_id {
            set("company_id = ?", Value::Int(v));
        }
        if let Some(p) = &patch.phones {
            set("phones = ?", Value::Text(Some(p.to_string())));
            set("phone = ?", Value::Text(first_phone(Some(p))));
        }
        if let Some(a) = &patch.address {
            set("address = ?", Value::Text(Some(a.to_string())));
        }
        if let Some(emails) = &patch.emails {
            if let Some(primary) = emails.first() {
                refuse_taken_primary(&mut tx, self.site, t, primary, Some(id)).await?;
            }
            set(
                "primary_email = ?",
                Value::Text(emails.first().map(|e| e.as_str().to_string())),
            );
        }
        let sql = format!(
            "UPDATE {table} SET {} WHERE site_id = ? AND id = ?",
            sets.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for v in values {
            query = match v {
                Value::Int(i) => query.bind(i),
                Value::Text(s) => query.bind(s),
            };
        }
        query.bind(self.site).bind(id).execute(&mut *tx).await?;
        if let Some(emails) = &patch.emails {
            let added = replace_emails(&mut tx, self.site, t, id, emails).await?;
            queue_history(&mut tx, self.site, &added).await?;
        }
        write_values(&mut tx, self.site, t.into(), id, &patch.custom_fields).await?;
        tx.commit().await?;
        Ok(Some(()))
    }

    /// Deletes the record, its addresses, activities and status history, and a
    /// candidate's pipelines with theirs. The messages stay: other records may
    /// share them.
    pub async fn delete_record(&self, t: RecordType, id: i64) -> Result<bool> {
        let table = record_table(t);
        let mut tx = self.begin_write().await?;
        if t == RecordType::Candidate {
            // The pipelines go by ON DELETE CASCADE; their history is not keyed to them.
            sqlx::query(
                "DELETE FROM status_changes WHERE site_id = ? AND kind = 'pipeline' \
                 AND item_id IN (SELECT id FROM pipelines WHERE site_id = ? AND candidate_id = ?)",
            )
            .bind(self.site)
            .bind(self.site)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        for sql in [
            "DELETE FROM record_emails WHERE site_id = ? AND record_type = ? AND record_id = ?",
            "DELETE FROM activities WHERE site_id = ? AND record_type = ? AND record_id = ?",
            // A contact's status history (candidates have none).
            "DELETE FROM status_changes WHERE site_id = ? AND kind = ? AND item_id = ?",
        ] {
            sqlx::query(sql)
                .bind(self.site)
                .bind(t.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        forget_item(&mut tx, self.site, t.into(), id).await?;
        let deleted = delete_row(&mut tx, table, self.site, id).await?;
        tx.commit().await?;
        Ok(deleted)
    }
}

/// A record with the same first and last name (any case) and the same phone number
/// as `f`'s first phone.
async fn same_name_and_phone(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    t: RecordType,
    f: &RecordFields,
) -> Result<Option<i64>> {
    let Some(phone) = first_phone(f.phones.as_ref()) else {
        return Ok(None);
    };
    let table = record_table(t);
    let rows = sqlx::query(&format!(
        "SELECT id, phone, phones FROM {table} WHERE site_id = ? \
         AND lower(first_name) = lower(?) AND lower(last_name) = lower(?)"
    ))
    .bind(site)
    .bind(f.first_name.as_deref().unwrap_or_default().trim())
    .bind(f.last_name.as_deref().unwrap_or_default().trim())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.iter().find_map(|r| {
        let mut numbers: Vec<String> = r.get::<Option<String>, _>(1).into_iter().collect();
        if let Some(list) = r
            .get::<Option<String>, _>(2)
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        {
            numbers.extend(
                list.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.get("number")?.as_str().map(str::to_string)),
            );
        }
        numbers
            .iter()
            .any(|n| same_phone(n, &phone))
            .then(|| r.get(0))
    }))
}

/// The same number, however it is written: equal digits, or the same national
/// number with and without a country code (at least 8 digits in common).
pub(crate) fn same_phone(a: &str, b: &str) -> bool {
    let digits = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .trim_start_matches('0')
            .to_string()
    };
    let (a, b) = (digits(a), digits(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    !short.is_empty() && (short == long || (short.len() >= 8 && long.ends_with(short.as_str())))
}

enum Value {
    Int(Option<i64>),
    Text(Option<String>),
}

fn first_phone(phones: Option<&serde_json::Value>) -> Option<String> {
    phones?
        .as_array()?
        .first()?
        .get("number")?
        .as_str()
        .map(str::to_string)
}

async fn refuse_taken_primary(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    t: RecordType,
    email: &EmailAddress,
    except: Option<i64>,
) -> Result<()> {
    let table = record_table(t);
    let other = sqlx::query(&format!(
        "SELECT id FROM {table} WHERE site_id = ? AND primary_email = ? AND id != ?"
    ))
    .bind(site)
    .bind(email.as_str())
    .bind(except.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await?;
    match other {
        Some(row) => Err(StoreError::PrimaryTaken {
            email: email.to_string(),
            id: row.get(0),
        }),
        None => Ok(()),
    }
}

/// Makes the record's addresses exactly `emails` (the first primary); returns the
/// ones it did not have.
async fn replace_emails(
    tx: &mut Transaction<'_, Sqlite>,
    site: i64,
    t: RecordType,
    id: i64,
    emails: &[EmailAddress],
) -> Result<Vec<EmailAddress>> {
    let had: Vec<String> = sqlx::query(
        "SELECT email FROM record_emails WHERE site_id = ? AND record_type = ? AND record_id = ?",
    )
    .bind(site)
    .bind(t.as_str())
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect();
    sqlx::query(
        "DELETE FROM record_emails WHERE site_id = ? AND record_type = ? AND record_id = ?",
    )
    .bind(site)
    .bind(t.as_str())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let mut added = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        sqlx::query(
            "INSERT INTO record_emails (site_id, email, record_type, record_id, is_primary) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(site)
        .bind(email.as_str())
        .bind(t.as_str())
        .bind(id)
        .bind(i == 0)
        .execute(&mut **tx)
        .await?;
        if !had.iter().any(|h| h == email.as_str()) && !added.contains(email) {
            added.push(email.clone());
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::same_phone;

    #[test]
    fn phones_compare_by_number_not_by_spelling() {
        assert!(same_phone("+44 20 7946 0000", "020 7946 0000"));
        assert!(same_phone("(555) 123-4567", "555.123.4567"));
        assert!(
            !same_phone("0000", "+44 20 7946 0000"),
            "a fragment is not the number"
        );
        assert!(!same_phone("", ""));
    }
}
