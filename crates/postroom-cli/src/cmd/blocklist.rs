use super::Ctx;
use crate::cli::BlocklistCmd;
use crate::output::json_line;
use postroom_domain::BlockEntry;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: BlocklistCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        BlocklistCmd::Add { entry } => {
            let entry = BlockEntry::parse(&entry)?;
            let added = ctx.store.block_add(&entry).await?;
            report(
                ctx,
                &entry,
                if added { "blocked" } else { "already blocked" },
            )?;
        }
        BlocklistCmd::Remove { entry } => {
            let entry = BlockEntry::parse(&entry)?;
            if !ctx.store.block_remove(&entry).await? {
                anyhow::bail!("cannot remove {entry}: it is not on the blocked list");
            }
            report(ctx, &entry, "unblocked")?;
        }
        BlocklistCmd::List => {
            for entry in ctx.store.block_list().await? {
                if ctx.json {
                    json_line(&serde_json::json!({ "entry": entry.to_string() }))?;
                } else {
                    println!("{entry}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report(ctx: &Ctx, entry: &BlockEntry, status: &str) -> anyhow::Result<()> {
    if ctx.json {
        json_line(&serde_json::json!({ "entry": entry.to_string(), "status": status }))
    } else {
        println!("{status}: {entry}");
        Ok(())
    }
}
