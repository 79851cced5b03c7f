//! Creating, updating and deleting companies, each one transaction with the
//! checks of what the company names and (for an update that sets a status) the
//! status history.

use super::CompanyFields;
use crate::error::Result;
use crate::jobs::patch::Patch;
use crate::jobs::refs::unknown_in;
use crate::jobs::{Checked, Updated};
use crate::sqlutil::{delete_row, row_exists};
use crate::statuses::{change, StatusKind};
use crate::{now, Store};

impl Store {
    pub async fn create_company(&self, f: &CompanyFields) -> Result<Checked<i64>> {
        let mut tx = self.begin_write().await?;
        let unknown = unknown_in(&mut tx, self.site, &f.references()).await?;
        if !unknown.is_empty() {
            return Ok(Checked::Unknown(unknown));
        }
        let ts = now();
        let id = sqlx::query(
            "INSERT INTO companies (site_id, name, website, phones, address, key_technologies, \
             notes, owner_id, is_hot, status_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(f.name.as_deref().unwrap_or_default())
        .bind(f.website.clone().flatten())
        .bind(f.phones.as_ref().map(|p| p.to_string()))
        .bind(f.address.as_ref().map(|a| a.to_string()))
        .bind(f.key_technologies.clone().flatten())
        .bind(f.notes.clone().flatten())
        .bind(f.owner_id.flatten())
        .bind(f.is_hot.unwrap_or(false))
        .bind(f.status_id)
        .bind(ts)
        .bind(ts)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(Checked::Done(id))
    }

    /// Merges `patch` into the company; a new status is recorded as changed `by`.
    pub async fn update_company(
        &self,
        id: i64,
        patch: &CompanyFields,
        by: Option<i64>,
    ) -> Result<Checked<Updated>> {
        let mut tx = self.begin_write().await?;
        if !row_exists(&mut tx, "companies", self.site, id).await? {
            return Ok(Checked::NoSuchItem);
        }
        let unknown = unknown_in(&mut tx, self.site, &patch.references()).await?;
        if !unknown.is_empty() {
            return Ok(Checked::Unknown(unknown));
        }
        let mut p = Patch::new();
        p.text("name = ?", &patch.name.clone().map(Some));
        p.text("website = ?", &patch.website);
        p.json("phones = ?", &patch.phones);
        p.json("address = ?", &patch.address);
        p.text("key_technologies = ?", &patch.key_technologies);
        p.text("notes = ?", &patch.notes);
        p.int("owner_id = ?", patch.owner_id);
        p.flag("is_hot = ?", patch.is_hot);
        p.run(&mut tx, "companies", self.site, id).await?;
        let kind = StatusKind::Company;
        let status_changed =
            change::apply_given(&mut tx, self.site, kind, id, patch.status_id, by).await?;
        tx.commit().await?;
        Ok(Checked::Done(Updated { status_changed }))
    }

    /// Deletes the company. Its contacts and jobs stay, no longer at any company
    /// (`ON DELETE SET NULL`).
    pub async fn delete_company(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        crate::statuses::forget_item(&mut tx, self.site, StatusKind::Company, id).await?;
        let deleted = delete_row(&mut tx, "companies", self.site, id).await?;
        tx.commit().await?;
        Ok(deleted)
    }
}
