//! Records by field filters (`POST /candidates/search`): every filter must hold.

use crate::error::Result;
use crate::records_api::{like_pattern, FullRecord};
use crate::Store;
use postroom_domain::RecordType;

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
    /// One page of the records for which every filter holds, by id, and the
    /// total; `visible_to` as for [`Store::record_page`].
    pub async fn filter_records(
        &self,
        t: RecordType,
        filters: &[RecordFilter],
        visible_to: Option<i64>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        for f in filters {
            let (clause, binds) = condition(t, f);
            clauses.push(clause);
            values.extend(binds);
        }
        let all = if clauses.is_empty() {
            "1".to_string()
        } else {
            clauses.join(" AND ")
        };
        self.records_visible_where(t, &all, &values, visible_to, offset, limit)
            .await
    }
}
