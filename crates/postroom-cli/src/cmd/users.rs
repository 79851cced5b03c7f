use super::Ctx;
use crate::cli::UsersCmd;
use crate::output::json_line;
use anyhow::Context;
use postroom_domain::{AccessLevel, EmailAddress};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: UsersCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        UsersCmd::Add { emails, name } => {
            let name = name.trim();
            anyhow::ensure!(!name.is_empty(), "cannot add team member: --name is empty");
            let emails = emails
                .iter()
                .map(|e| EmailAddress::parse(e))
                .collect::<Result<Vec<_>, _>>()
                .context("cannot add team member")?;
            let id = ctx
                .store
                .add_user(name, &emails)
                .await
                .context("cannot add team member")?;
            if ctx.json {
                json_line(&serde_json::json!({ "id": id, "name": name, "emails": emails }))?;
            } else {
                let list: Vec<&str> = emails.iter().map(|e| e.as_str()).collect();
                println!("team member {id}: {name} <{}>", list.join(">, <"));
            }
        }
        UsersCmd::List => {
            for user in ctx.store.list_users().await? {
                if ctx.json {
                    json_line(&user)?;
                } else {
                    println!(
                        "{}\t{}\t{}\t{}",
                        user.id,
                        user.name,
                        user.access_level,
                        user.emails.join(", ")
                    );
                }
            }
        }
        UsersCmd::Access { email, level } => {
            let email = EmailAddress::parse(&email).context("cannot set the access level")?;
            let level = AccessLevel::parse(&level)?;
            let user = ctx.store.user_by_email(&email).await?.with_context(|| {
                format!("cannot set the access level of {email}: no team member has this address")
            })?;
            ctx.store.set_access_level(user, level).await?;
            if ctx.json {
                json_line(&serde_json::json!({ "id": user, "access_level": level }))?;
            } else {
                println!("{email}: {level}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
