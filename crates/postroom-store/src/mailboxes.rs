//! Connected mailboxes and their per-folder sync state.
//!
//! A folder's cursor moves only in [`Store::record_messages`]'s transaction (or
//! [`Store::save_cursor`] when a pass logged nothing), so the cursor never runs ahead
//! of the messages it covers: a crash at any point resumes without loss or repeat.

use crate::error::{Result, StoreError};
use crate::{now, Store};
use postroom_domain::sync::{FolderCursor, FolderRole, Security, Start};
use postroom_domain::{EmailAddress, FolderId, MailboxId, UserId};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailboxState {
    Active,
    Paused,
    /// The server refused the login: the owner must connect again.
    Reconnect,
}

impl MailboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            MailboxState::Active => "active",
            MailboxState::Paused => "paused",
            MailboxState::Reconnect => "reconnect",
        }
    }

    fn parse(s: &str) -> Result<MailboxState> {
        match s {
            "active" => Ok(MailboxState::Active),
            "paused" => Ok(MailboxState::Paused),
            "reconnect" => Ok(MailboxState::Reconnect),
            _ => Err(corrupt("mailbox state", s)),
        }
    }
}

/// How to reach a mailbox; `secret` is the sealed password.
#[derive(Debug, Clone)]
pub struct MailboxSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub login: String,
    pub secret: Vec<u8>,
    pub start: Start,
}

#[derive(Debug, Clone)]
pub struct Mailbox {
    pub id: MailboxId,
    pub user: UserId,
    pub email: String,
    pub settings: MailboxSettings,
    pub state: MailboxState,
    pub connected_at: i64,
    pub last_sync_at: Option<i64>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Folder {
    pub id: FolderId,
    pub mailbox: MailboxId,
    pub name: String,
    pub role: FolderRole,
    pub cursor: Option<FolderCursor>,
    pub seen: i64,
    pub logged: i64,
    pub dismissed: i64,
    pub last_sync_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A folder's new cursor and what the messages up to it added to its counters.
#[derive(Debug, Clone, Copy)]
pub struct FolderProgress {
    pub folder: FolderId,
    pub cursor: FolderCursor,
    pub seen: u64,
    pub logged: u64,
    pub dismissed: u64,
}

fn corrupt(what: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        what,
        value: value.to_string(),
    }
}

const MAILBOX_COLUMNS: &str = "id, user_id, email, host, port, security, login, secret, state, \
     start_kind, start_since, connected_at, last_sync_at, last_error";

fn mailbox_from_row(row: &SqliteRow) -> Result<Mailbox> {
    let security: String = row.get("security");
    let start_kind: String = row.get("start_kind");
    let since: Option<i64> = row.get("start_since");
    let connected_at: i64 = row.get("connected_at");
    let start = match (start_kind.as_str(), since) {
        ("now", _) => Start::Now { connected_at },
        ("all", _) => Start::All,
        ("since", Some(t)) => Start::Since(t),
        _ => return Err(corrupt("mailbox start", &start_kind)),
    };
    let port: i64 = row.get("port");
    Ok(Mailbox {
        id: MailboxId(row.get("id")),
        user: UserId(row.get("user_id")),
        email: row.get("email"),
        settings: MailboxSettings {
            host: row.get("host"),
            port: u16::try_from(port).map_err(|_| corrupt("mailbox port", &port.to_string()))?,
            security: Security::parse(&security).map_err(|_| corrupt("security", &security))?,
            login: row.get("login"),
            secret: row.get("secret"),
            start,
        },
        state: MailboxState::parse(row.get::<&str, _>("state"))?,
        connected_at,
        last_sync_at: row.get("last_sync_at"),
        last_error: row.get("last_error"),
    })
}

fn start_columns(start: Start) -> (&'static str, Option<i64>) {
    match start {
        Start::Now { .. } => ("now", None),
        Start::All => ("all", None),
        Start::Since(t) => ("since", Some(t)),
    }
}

impl Store {
    /// Saves a mailbox connection for a team member, or replaces the credentials of
    /// the one they have. Reconnecting the same account keeps its sync state, so
    /// nothing is fetched twice; a different server or account, or a request for
    /// history, starts the folders afresh. Returns the id and whether it is new.
    pub async fn connect_mailbox(
        &self,
        user: UserId,
        email: &EmailAddress,
        settings: &MailboxSettings,
    ) -> Result<(MailboxId, bool)> {
        let mut tx = self.begin_write().await?;
        let ts = now();
        let existing = sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE site_id = ? AND user_id = ?"
        ))
        .bind(self.site)
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| mailbox_from_row(&r))
        .transpose()?;
        let (kind, since) = start_columns(settings.start);
        let out = match existing {
            Some(old) => {
                let same_account = old.settings.host.eq_ignore_ascii_case(&settings.host)
                    && old.settings.login == settings.login;
                let wants_history = !matches!(settings.start, Start::Now { .. });
                if !same_account || wants_history {
                    sqlx::query("DELETE FROM mailbox_folders WHERE mailbox_id = ?")
                        .bind(old.id.0)
                        .execute(&mut *tx)
                        .await?;
                }
                let (kind, since, connected_at) = if wants_history || !same_account {
                    (kind, since, ts)
                } else {
                    let (k, s) = start_columns(old.settings.start);
                    (k, s, old.connected_at)
                };
                sqlx::query(
                    "UPDATE mailboxes SET email = ?, host = ?, port = ?, security = ?, login = ?, \
                     secret = ?, state = 'active', start_kind = ?, start_since = ?, \
                     connected_at = ?, last_error = NULL WHERE id = ?",
                )
                .bind(email.as_str())
                .bind(&settings.host)
                .bind(settings.port as i64)
                .bind(settings.security.as_str())
                .bind(&settings.login)
                .bind(&settings.secret)
                .bind(kind)
                .bind(since)
                .bind(connected_at)
                .bind(old.id.0)
                .execute(&mut *tx)
                .await?;
                (old.id, false)
            }
            None => {
                let id = sqlx::query(
                    "INSERT INTO mailboxes (site_id, user_id, email, host, port, security, login, \
                     secret, start_kind, start_since, connected_at) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(self.site)
                .bind(user.0)
                .bind(email.as_str())
                .bind(&settings.host)
                .bind(settings.port as i64)
                .bind(settings.security.as_str())
                .bind(&settings.login)
                .bind(&settings.secret)
                .bind(kind)
                .bind(since)
                .bind(ts)
                .execute(&mut *tx)
                .await?
                .last_insert_rowid();
                (MailboxId(id), true)
            }
        };
        tx.commit().await?;
        Ok(out)
    }

    pub async fn mailboxes(&self) -> Result<Vec<Mailbox>> {
        sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE site_id = ? ORDER BY id"
        ))
        .bind(self.site)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mailbox_from_row)
        .collect()
    }

    pub async fn mailbox(&self, id: MailboxId) -> Result<Option<Mailbox>> {
        sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE site_id = ? AND id = ?"
        ))
        .bind(self.site)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| mailbox_from_row(&r))
        .transpose()
    }

    /// The mailbox of the team member who owns this address.
    pub async fn mailbox_of(&self, email: &EmailAddress) -> Result<Option<Mailbox>> {
        sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE site_id = ? AND user_id = \
             (SELECT user_id FROM user_emails WHERE site_id = ? AND email = ?)"
        ))
        .bind(self.site)
        .bind(self.site)
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| mailbox_from_row(&r))
        .transpose()
    }

    pub async fn set_mailbox_state(
        &self,
        id: MailboxId,
        state: MailboxState,
        error: Option<&str>,
    ) -> Result<()> {
        sqlx::query("UPDATE mailboxes SET state = ?, last_error = ? WHERE site_id = ? AND id = ?")
            .bind(state.as_str())
            .bind(error)
            .bind(self.site)
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the end of a pass: its time when it succeeded, its error when not.
    pub async fn note_mailbox_pass(&self, id: MailboxId, error: Option<&str>) -> Result<()> {
        let query = match error {
            None => sqlx::query(
                "UPDATE mailboxes SET last_sync_at = ?, last_error = NULL \
                 WHERE site_id = ? AND id = ?",
            )
            .bind(now()),
            Some(e) => {
                sqlx::query("UPDATE mailboxes SET last_error = ? WHERE site_id = ? AND id = ?")
                    .bind(e)
            }
        };
        query.bind(self.site).bind(id.0).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes the credentials and the sync state. What was logged stays.
    pub async fn disconnect_mailbox(&self, id: MailboxId) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        for sql in [
            "DELETE FROM history_pending WHERE mailbox_id = ?",
            "DELETE FROM mailbox_folders WHERE mailbox_id = ?",
        ] {
            sqlx::query(sql).bind(id.0).execute(&mut *tx).await?;
        }
        let gone = sqlx::query("DELETE FROM mailboxes WHERE site_id = ? AND id = ?")
            .bind(self.site)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(gone > 0)
    }

    pub async fn folders(&self, mailbox: MailboxId) -> Result<Vec<Folder>> {
        sqlx::query("SELECT * FROM mailbox_folders WHERE mailbox_id = ? ORDER BY id")
            .bind(mailbox.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(folder_from_row)
            .collect()
    }

    /// The folder's state, created (with no cursor) on first sight. Every pass asks,
    /// so the usual answer is a read, not a write.
    pub async fn folder(&self, mailbox: MailboxId, name: &str, role: FolderRole) -> Result<Folder> {
        let known = sqlx::query("SELECT * FROM mailbox_folders WHERE mailbox_id = ? AND name = ?")
            .bind(mailbox.0)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = known {
            let folder = folder_from_row(&row)?;
            if folder.role == role {
                return Ok(folder);
            }
        }
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO mailbox_folders (mailbox_id, name, role) VALUES (?, ?, ?) \
             ON CONFLICT (mailbox_id, name) DO UPDATE SET role = excluded.role",
        )
        .bind(mailbox.0)
        .bind(name)
        .bind(role.as_str())
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query("SELECT * FROM mailbox_folders WHERE mailbox_id = ? AND name = ?")
            .bind(mailbox.0)
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        folder_from_row(&row)
    }

    /// Moves a cursor when no message needs recording with it.
    pub async fn save_cursor(&self, progress: &FolderProgress) -> Result<()> {
        let mut tx = self.begin_write().await?;
        advance_folder(&mut tx, progress, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn note_folder_error(&self, folder: FolderId, error: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE mailbox_folders SET last_error = ? WHERE id = ?")
            .bind(error)
            .bind(folder.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Moves the cursor and adds to the counters, inside the caller's transaction.
pub(crate) async fn advance_folder(
    tx: &mut Transaction<'_, Sqlite>,
    p: &FolderProgress,
    ts: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE mailbox_folders SET uidvalidity = ?, last_uid = ?, highest_modseq = ?, \
         seen = seen + ?, logged = logged + ?, dismissed = dismissed + ?, last_sync_at = ?, \
         last_error = NULL WHERE id = ?",
    )
    .bind(p.cursor.uidvalidity as i64)
    .bind(p.cursor.last_uid as i64)
    .bind(p.cursor.highest_modseq.map(|m| m as i64))
    .bind(p.seen as i64)
    .bind(p.logged as i64)
    .bind(p.dismissed as i64)
    .bind(ts)
    .bind(p.folder.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn folder_from_row(row: &SqliteRow) -> Result<Folder> {
    let role: String = row.get("role");
    let uidvalidity: Option<i64> = row.get("uidvalidity");
    let last_uid: Option<i64> = row.get("last_uid");
    let cursor = match (uidvalidity, last_uid) {
        (Some(v), Some(l)) => Some(FolderCursor {
            uidvalidity: v as u32,
            last_uid: l as u32,
            highest_modseq: row
                .get::<Option<i64>, _>("highest_modseq")
                .map(|m| m as u64),
        }),
        _ => None,
    };
    Ok(Folder {
        id: FolderId(row.get("id")),
        mailbox: MailboxId(row.get("mailbox_id")),
        name: row.get("name"),
        role: FolderRole::parse(&role).ok_or_else(|| corrupt("folder role", &role))?,
        cursor,
        seen: row.get("seen"),
        logged: row.get("logged"),
        dismissed: row.get("dismissed"),
        last_sync_at: row.get("last_sync_at"),
        last_error: row.get("last_error"),
    })
}
