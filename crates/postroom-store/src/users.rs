//! Team members and their addresses.

use crate::error::{Result, StoreError};
use crate::{now, Store};
use postroom_domain::{AccessLevel, EmailAddress, UserId};
use sqlx::Row;

#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub emails: Vec<String>,
    pub access_level: AccessLevel,
}

impl Store {
    /// Adds a team member, or adds addresses to the one that already owns the first
    /// address given. An address owned by a different member is refused.
    pub async fn add_user(&self, name: &str, emails: &[EmailAddress]) -> Result<UserId> {
        let mut tx = self.begin_write().await?;
        let mut owner: Option<i64> = None;
        for email in emails {
            let row =
                sqlx::query("SELECT user_id FROM user_emails WHERE site_id = ? AND email = ?")
                    .bind(self.site)
                    .bind(email.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(row) = row {
                let user: i64 = row.get(0);
                match owner {
                    Some(o) if o != user => {
                        return Err(StoreError::EmailTaken {
                            email: email.to_string(),
                            user,
                        })
                    }
                    _ => owner = Some(user),
                }
            }
        }
        let id = match owner {
            Some(id) => {
                sqlx::query("UPDATE users SET name = ? WHERE site_id = ? AND id = ?")
                    .bind(name)
                    .bind(self.site)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => sqlx::query("INSERT INTO users (site_id, name, created_at) VALUES (?, ?, ?)")
                .bind(self.site)
                .bind(name)
                .bind(now())
                .execute(&mut *tx)
                .await?
                .last_insert_rowid(),
        };
        for email in emails {
            sqlx::query(
                "INSERT OR IGNORE INTO user_emails (site_id, email, user_id) VALUES (?, ?, ?)",
            )
            .bind(self.site)
            .bind(email.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        // Team members are added from the command line, in a process that cannot
        // deliver webhooks: the event waits in the outbox for the server.
        let event = if owner.is_some() {
            "user.updated"
        } else {
            "user.created"
        };
        crate::events::record_if_listened(&mut tx, self.site, event, "user", id).await?;
        tx.commit().await?;
        Ok(UserId(id))
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, e.email, u.access_level FROM users u
             LEFT JOIN user_emails e ON e.user_id = u.id
             WHERE u.site_id = ? ORDER BY u.id, e.email",
        )
        .bind(self.site)
        .fetch_all(&self.pool)
        .await?;
        let mut users: Vec<User> = Vec::new();
        for row in rows {
            let id: i64 = row.get(0);
            let email: Option<String> = row.get(2);
            if users.last().map(|u| u.id.0) != Some(id) {
                let access: String = row.get(3);
                users.push(User {
                    id: UserId(id),
                    name: row.get(1),
                    emails: Vec::new(),
                    access_level: AccessLevel::parse(&access).map_err(|_| StoreError::Corrupt {
                        what: "access level",
                        value: access.clone(),
                    })?,
                });
            }
            if let (Some(user), Some(email)) = (users.last_mut(), email) {
                user.emails.push(email);
            }
        }
        Ok(users)
    }

    pub async fn user_by_email(&self, email: &EmailAddress) -> Result<Option<UserId>> {
        let row = sqlx::query("SELECT user_id FROM user_emails WHERE site_id = ? AND email = ?")
            .bind(self.site)
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| UserId(r.get(0))))
    }
}
