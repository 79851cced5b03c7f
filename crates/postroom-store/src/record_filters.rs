//! Records by field filters (`POST /candidates/search`): every filter must hold.

use crate::error::Result;
use crate::records_api::{from_row, FullRecord, COLUMNS};
use crate::sqlutil::record_table;
use crate::Store;
use postroom_domain::RecordType;
use sqlx::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    FirstName,
    LastName,
    /// Any of the record's addresses.
    Email,
    Title,
    /// Current employer or company name.
    Company,
    Source,
    Notes,
    Phone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Contains,
    Exactly,
    IsEmpty,
}

#[derive(Debug, Clone)]
pub struct RecordFilter {
    pub field: FilterField,
    pub op: FilterOp,
    pub value: String,
}

fn like_pattern(value: &str) -> String {
    let escaped = value
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One filter as a condition on `r` and the values it binds.
fn condition(t: RecordType, f: &RecordFilter) -> (String, Vec<String>) {
    if f.field == FilterField::Email {
        let exists = format!(
            "EXISTS (SELECT 1 FROM record_emails e WHERE e.site_id = r.site_id \
             AND e.record_type = '{}' AND e.record_id = r.id",
            t.as_str()
        );
        return match f.op {
            FilterOp::Contains => (
                format!("{exists} AND e.email LIKE ? ESCAPE '\\')"),
                vec![like_pattern(&f.value.to_lowercase())],
            ),
            FilterOp::Exactly => (
                format!("{exists} AND e.email = ?)"),
                vec![f.value.trim().to_lowercase()],
            ),
            FilterOp::IsEmpty => (format!("NOT {exists})"), vec![]),
        };
    }
    // Column names come from this fixed list, never from input.
    let column = match f.field {
        FilterField::FirstName => "r.first_name",
        FilterField::LastName => "r.last_name",
        FilterField::Title => "r.title",
        FilterField::Company => "r.company",
        FilterField::Source => "r.source",
        FilterField::Notes => "r.notes",
        FilterField::Phone => "(COALESCE(r.phone, '') || ' ' || COALESCE(r.phones, ''))",
        FilterField::Email => unreachable!("handled above"),
    };
    match f.op {
        FilterOp::Contains => (
            format!("{column} LIKE ? ESCAPE '\\'"),
            vec![like_pattern(&f.value)],
        ),
        FilterOp::Exactly => (
            format!("lower({column}) = lower(?)"),
            vec![f.value.trim().to_string()],
        ),
        FilterOp::IsEmpty => (
            format!("trim(COALESCE({column}, '')) IN ('', '[]', ' []', ' ')"),
            vec![],
        ),
    }
}

impl Store {
    /// One page of the records for which every filter holds, by id, and the total.
    pub async fn filter_records(
        &self,
        t: RecordType,
        filters: &[RecordFilter],
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        let table = record_table(t);
        let mut clauses = vec!["r.site_id = ?".to_string()];
        let mut values = Vec::new();
        for f in filters {
            let (clause, binds) = condition(t, f);
            clauses.push(clause);
            values.extend(binds);
        }
        let filter = format!("FROM {table} r WHERE {}", clauses.join(" AND "));
        let count_sql = format!("SELECT COUNT(*) {filter}");
        let mut count = sqlx::query(&count_sql).bind(self.site);
        for v in &values {
            count = count.bind(v);
        }
        let total: i64 = count.fetch_one(&self.pool).await?.get(0);
        let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("r.{c}")).collect();
        let sql = format!(
            "SELECT {} {filter} ORDER BY r.id LIMIT ? OFFSET ?",
            columns.join(", ")
        );
        let mut page = sqlx::query(&sql).bind(self.site);
        for v in &values {
            page = page.bind(v);
        }
        let rows = page
            .bind(limit)
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        let records = self
            .with_emails(t, rows.iter().map(|r| from_row(t, r)).collect())
            .await?;
        Ok((records, total as u64))
    }
}
