//! `apikeys create|list|revoke`.

use super::Ctx;
use crate::cli::ApikeysCmd;
use crate::output::{json_line, rfc3339};
use anyhow::Context;
use postroom_domain::EmailAddress;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: ApikeysCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        ApikeysCmd::Create { user, name } => {
            let email = EmailAddress::parse(&user).context("cannot create an API key")?;
            let owner = ctx.store.user_by_email(&email).await?.with_context(|| {
                format!("cannot create an API key for {email}: no team member has this address")
            })?;
            let key = postroom_api::new_key();
            let id = ctx
                .store
                .add_api_key(owner, name.trim(), &key.prefix, &key.hash)
                .await?;
            eprintln!("API key {id} for {email}: shown once, store it now");
            // The key alone on the last line, so a script can take it with `tail -1`.
            println!("{}", key.secret);
        }
        ApikeysCmd::List => {
            for k in ctx.store.list_api_keys().await? {
                if ctx.json {
                    json_line(&serde_json::json!({
                        "id": k.id, "user_id": k.user_id, "user": k.user_name, "name": k.name,
                        "prefix": k.prefix, "created_at": rfc3339(k.created_at),
                        "last_used_at": k.last_used_at.map(rfc3339), "revoked": k.revoked,
                    }))?;
                } else {
                    println!(
                        "{}\t{}…\t{}\t{}\t{}",
                        k.id,
                        k.prefix,
                        k.user_name,
                        k.name,
                        if k.revoked { "revoked" } else { "active" }
                    );
                }
            }
        }
        ApikeysCmd::Revoke { id } => {
            if !ctx.store.revoke_api_key(id).await? {
                anyhow::bail!("cannot revoke API key {id}: there is no active key with this id");
            }
            println!("revoked API key {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
