//! `sync [--once]`.

use super::sync_support::{stop_on_signal, syncer, ProgressView};
use super::Ctx;
use crate::cli::SyncCmdArgs;
use crate::output::json_line;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, args: SyncCmdArgs) -> anyhow::Result<ExitCode> {
    let syncer = syncer(ctx, &args.tuning).await?;
    let stop = stop_on_signal();
    if !args.once {
        tracing::info!("sync service started");
        syncer.run(stop).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let view = ProgressView::new();
    let reports = syncer.sync_once(&stop, &|e| view.event(e)).await;
    view.finish();
    let mut failed = false;
    for r in reports? {
        match &r.result {
            Ok(tally) if ctx.json => {
                json_line(&serde_json::json!({ "mailbox": r.mailbox.email, "tally": tally }))?
            }
            Ok(tally) => println!("{}: {tally}", r.mailbox.email),
            Err(e) => {
                failed = true;
                if ctx.json {
                    json_line(
                        &serde_json::json!({ "mailbox": r.mailbox.email, "error": e.to_string() }),
                    )?;
                }
                eprintln!("error: {}: {e}", r.mailbox.email);
            }
        }
    }
    Ok(if stop.is_cancelled() {
        ExitCode::from(130)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
