//! API keys: stored as hashes, each acting as one team member.

use crate::error::{Result, StoreError};
use crate::{now, Store};
use postroom_domain::{AccessLevel, UserId};
use sqlx::Row;

/// Who a request with a valid key acts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyOwner {
    pub key_id: i64,
    pub user: UserId,
    pub access: AccessLevel,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiKeyInfo {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

/// How stale `last_used_at` may get: recording every request would make every read
/// a write.
const LAST_USED_GRANULARITY: i64 = 60;

impl Store {
    pub async fn add_api_key(
        &self,
        user: UserId,
        name: &str,
        prefix: &str,
        hash: &str,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = sqlx::query(
            "INSERT INTO api_keys (site_id, user_id, name, prefix, hash, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(self.site)
        .bind(user.0)
        .bind(name)
        .bind(prefix)
        .bind(hash)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        tx.commit().await?;
        Ok(id)
    }

    /// The owner of the live key with this hash.
    pub async fn key_owner(&self, hash: &str) -> Result<Option<KeyOwner>> {
        let Some(row) = sqlx::query(
            "SELECT k.id, k.user_id, u.access_level, k.last_used_at FROM api_keys k \
             JOIN users u ON u.id = k.user_id \
             WHERE k.site_id = ? AND k.hash = ? AND k.revoked_at IS NULL",
        )
        .bind(self.site)
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let access: String = row.get(2);
        let owner = KeyOwner {
            key_id: row.get(0),
            user: UserId(row.get(1)),
            access: AccessLevel::parse(&access).map_err(|_| StoreError::Corrupt {
                what: "access level",
                value: access.clone(),
            })?,
        };
        let last_used: Option<i64> = row.get(3);
        let ts = now();
        if last_used.is_none_or(|t| ts - t >= LAST_USED_GRANULARITY) {
            sqlx::query("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .bind(ts)
                .bind(owner.key_id)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(owner))
    }

    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyInfo>> {
        let rows = sqlx::query(
            "SELECT k.id, k.user_id, u.name, k.name, k.prefix, k.created_at, k.last_used_at, \
             k.revoked_at IS NOT NULL FROM api_keys k JOIN users u ON u.id = k.user_id \
             WHERE k.site_id = ? ORDER BY k.id",
        )
        .bind(self.site)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ApiKeyInfo {
                id: r.get(0),
                user_id: r.get(1),
                user_name: r.get(2),
                name: r.get(3),
                prefix: r.get(4),
                created_at: r.get(5),
                last_used_at: r.get(6),
                revoked: r.get(7),
            })
            .collect())
    }

    /// Revokes a key at once; false when there is no live key with this id.
    pub async fn revoke_api_key(&self, id: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE api_keys SET revoked_at = ? WHERE site_id = ? AND id = ? AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(self.site)
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    pub async fn set_access_level(&self, user: UserId, access: AccessLevel) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE users SET access_level = ? WHERE site_id = ? AND id = ?")
            .bind(access.as_str())
            .bind(self.site)
            .bind(user.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n > 0 {
            crate::events::record_if_listened(&mut tx, self.site, "user.updated", "user", user.0)
                .await?;
        }
        tx.commit().await?;
        Ok(n > 0)
    }
}
