//! `mailboxes list|status|pause|resume|disconnect`.

use super::Ctx;
use crate::cli::MailboxesCmd;
use crate::output::{json_line, rfc3339};
use anyhow::Context;
use postroom_domain::EmailAddress;
use postroom_store::{Mailbox, MailboxState};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: MailboxesCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        MailboxesCmd::Connect(_) => unreachable!("dispatched to mailboxes_connect"),
        MailboxesCmd::List => list(ctx).await,
        MailboxesCmd::Status { user_email } => status(ctx, user_email.as_deref()).await,
        MailboxesCmd::Pause { user_email } => {
            let m = find(ctx, &user_email).await?;
            ctx.store
                .set_mailbox_state(m.id, MailboxState::Paused, None)
                .await?;
            done(ctx, &m, "paused")
        }
        MailboxesCmd::Resume { user_email } => {
            let m = find(ctx, &user_email).await?;
            if m.state == MailboxState::Reconnect {
                anyhow::bail!(
                    "cannot resume {}: the server refused its login; connect it again with \
                     `postroom mailboxes connect {} ...` and the new password",
                    m.email,
                    m.email
                );
            }
            ctx.store
                .set_mailbox_state(m.id, MailboxState::Active, None)
                .await?;
            done(ctx, &m, "resumed")
        }
        MailboxesCmd::Disconnect { user_email } => {
            let m = find(ctx, &user_email).await?;
            ctx.store.disconnect_mailbox(m.id).await?;
            done(ctx, &m, "disconnected")
        }
    }
}

async fn find(ctx: &Ctx, email: &str) -> anyhow::Result<Mailbox> {
    let email = EmailAddress::parse(email).context("cannot find the mailbox")?;
    ctx.store
        .mailbox_of(&email)
        .await?
        .with_context(|| format!("cannot find a connected mailbox for {email}"))
}

fn done(ctx: &Ctx, m: &Mailbox, what: &str) -> anyhow::Result<ExitCode> {
    if ctx.json {
        json_line(&serde_json::json!({ "mailbox": m.email, "status": what }))?;
    } else {
        println!("{what}: {}", m.email);
    }
    Ok(ExitCode::SUCCESS)
}

/// How a mailbox's state reads to its admin.
fn state_text(m: &Mailbox) -> &'static str {
    match m.state {
        MailboxState::Active => "active",
        MailboxState::Paused => "paused",
        MailboxState::Reconnect => "needs reconnection",
    }
}

async fn list(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    for m in ctx.store.mailboxes().await? {
        let s = &m.settings;
        if ctx.json {
            json_line(&serde_json::json!({
                "mailbox": m.email, "id": m.id.0, "host": s.host, "port": s.port,
                "security": s.security.as_str(), "login": s.login, "state": m.state,
                "connected_at": rfc3339(m.connected_at),
            }))?;
        } else {
            println!(
                "{}\t{}:{} ({})\t{}",
                m.email,
                s.host,
                s.port,
                s.security,
                state_text(&m)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn status(ctx: &Ctx, email: Option<&str>) -> anyhow::Result<ExitCode> {
    let mailboxes = match email {
        Some(e) => vec![find(ctx, e).await?],
        None => ctx.store.mailboxes().await?,
    };
    for m in mailboxes {
        let folders = ctx.store.folders(m.id).await?;
        if ctx.json {
            let folders: Vec<_> = folders
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "folder": f.name, "role": f.role.as_str(),
                        "last_sync": f.last_sync_at.map(rfc3339),
                        "seen": f.seen, "logged": f.logged, "dismissed": f.dismissed,
                        "uidvalidity": f.cursor.map(|c| c.uidvalidity),
                        "last_uid": f.cursor.map(|c| c.last_uid),
                        "last_error": f.last_error,
                    })
                })
                .collect();
            json_line(&serde_json::json!({
                "mailbox": m.email, "state": m.state,
                "needs_reconnect": m.state == MailboxState::Reconnect,
                "last_sync": m.last_sync_at.map(rfc3339), "last_error": m.last_error,
                "folders": folders,
            }))?;
            continue;
        }
        println!("{} ({})", m.email, state_text(&m));
        if m.state == MailboxState::Reconnect {
            println!(
                "  the server refused the login: connect again with `postroom mailboxes connect {} ...`",
                m.email
            );
        }
        if let Some(e) = &m.last_error {
            println!("  last error: {e}");
        }
        for f in folders {
            println!(
                "  {:<20} last sync {:<25} seen {:>7}  logged {:>6}  dismissed {:>7}{}",
                f.name,
                f.last_sync_at
                    .map(rfc3339)
                    .unwrap_or_else(|| "never".into()),
                f.seen,
                f.logged,
                f.dismissed,
                f.last_error
                    .map(|e| format!("  error: {e}"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
