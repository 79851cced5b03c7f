//! Client companies: who the contacts work for and the jobs are for. Reads here,
//! writes in `write.rs`. A company's contacts are ordinary contact records with
//! its `company_id`.

mod write;

use crate::error::Result;
use crate::jobs::{FieldRef, Reference};
use crate::records_api::like_pattern;
use crate::statuses::StatusKind;
use crate::{FullRecord, Store};
use postroom_domain::RecordType;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub website: Option<String>,
    /// JSON array of `{"number","extension","type"}`.
    pub phones: serde_json::Value,
    /// JSON object (`street`, `city`, `state`, `postal_code`, `country_code`).
    pub address: serde_json::Value,
    pub key_technologies: Option<String>,
    pub notes: Option<String>,
    pub owner_id: Option<i64>,
    pub is_hot: bool,
    pub status_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields of a company. On create, `None` means empty; on update, `None` means
/// "leave as it is" and `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct CompanyFields {
    pub name: Option<String>,
    pub website: Option<Option<String>>,
    pub phones: Option<serde_json::Value>,
    pub address: Option<serde_json::Value>,
    pub key_technologies: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub owner_id: Option<Option<i64>>,
    pub is_hot: Option<bool>,
    /// A company status; an update records the change.
    pub status_id: Option<i64>,
}

impl CompanyFields {
    /// Every id these fields name, with the field naming it.
    pub fn references(&self) -> Vec<FieldRef> {
        let mut refs = Vec::new();
        if let Some(Some(owner)) = self.owner_id {
            refs.push(("owner_id", Reference::User(owner)));
        }
        if let Some(status) = self.status_id {
            refs.push(("status_id", Reference::Status(StatusKind::Company, status)));
        }
        refs
    }
}

const COLUMNS: &str = "id, name, website, phones, address, key_technologies, notes, owner_id, \
     is_hot, status_id, created_at, updated_at";

fn from_row(row: &SqliteRow) -> Company {
    let json = |col: &str, empty: serde_json::Value| {
        row.get::<Option<String>, _>(col)
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(empty)
    };
    Company {
        id: row.get("id"),
        name: row.get("name"),
        website: row.get("website"),
        phones: json("phones", serde_json::json!([])),
        address: json("address", serde_json::json!({})),
        key_technologies: row.get("key_technologies"),
        notes: row.get("notes"),
        owner_id: row.get("owner_id"),
        is_hot: row.get::<i64, _>("is_hot") != 0,
        status_id: row.get("status_id"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
}

impl Store {
    pub async fn company(&self, id: i64) -> Result<Option<Company>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM companies WHERE site_id = ? AND id = ?"
        ))
        .bind(self.site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(from_row))
    }

    /// One page of companies by id, and how many there are in all.
    pub async fn company_page(&self, offset: u64, limit: u32) -> Result<(Vec<Company>, u64)> {
        self.companies_where("1", None, offset, limit).await
    }

    /// The companies whose name contains `query`.
    pub async fn search_companies(
        &self,
        query: &str,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Company>, u64)> {
        let pattern = like_pattern(query);
        self.companies_where("name LIKE ? ESCAPE '\\'", Some(pattern), offset, limit)
            .await
    }

    /// One page of the contacts who work at the company.
    pub async fn company_contacts(
        &self,
        company_id: i64,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<FullRecord>, u64)> {
        let id = company_id.to_string();
        self.records_where(
            RecordType::Contact,
            "r.company_id = CAST(? AS INTEGER)",
            &[id],
            offset,
            limit,
        )
        .await
    }

    async fn companies_where(
        &self,
        condition: &str,
        bind: Option<String>,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Company>, u64)> {
        let from = format!("FROM companies WHERE site_id = ? AND {condition}");
        let count_sql = format!("SELECT COUNT(*) {from}");
        let mut count = sqlx::query(&count_sql).bind(self.site);
        let page_sql = format!("SELECT {COLUMNS} {from} ORDER BY id LIMIT ? OFFSET ?");
        let mut page = sqlx::query(&page_sql).bind(self.site);
        if let Some(b) = bind {
            count = count.bind(b.clone());
            page = page.bind(b);
        }
        let total: i64 = count.fetch_one(&self.pool).await?.get(0);
        let rows = page
            .bind(limit)
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok((rows.iter().map(from_row).collect(), total as u64))
    }
}
