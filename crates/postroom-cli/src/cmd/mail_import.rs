use super::Ctx;
use crate::cli::ImportArgs;
use crate::output::json_line;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use postroom_domain::EmailAddress;
use postroom_ingest::{import, Ingestor, Tally};
use postroom_mail::source::discover;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn run(ctx: &Ctx, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let owner = match &args.owner {
        None => None,
        Some(email) => {
            let email = EmailAddress::parse(email).context("cannot use --owner")?;
            let id = ctx.store.user_by_email(&email).await?;
            Some(id.with_context(|| format!("cannot use --owner {email}: no team member has this address (add it with `postroom users add`)"))?)
        }
    };
    let files = discover(&args.paths).context("cannot import")?;
    let total: u64 = files.iter().map(|f| f.size).sum();
    let ingestor = Ingestor::new(ctx.store.clone(), owner).await?;
    let (tally, interrupted) = import_with_progress(&ingestor, files, total).await?;
    print_summary(ctx, &tally)?;
    if interrupted {
        eprintln!("interrupted: everything above is saved; run the same command again to finish");
        return Ok(ExitCode::from(130));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs an import with a progress bar on stderr (drawn only on a terminal) and
/// Ctrl-C handling: the first Ctrl-C stops after the batch in hand is committed.
pub async fn import_with_progress(
    ingestor: &Ingestor,
    files: Vec<postroom_mail::source::SourceFile>,
    total_bytes: u64,
) -> anyhow::Result<(Tally, bool)> {
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let stop = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.store(true, Ordering::Relaxed);
                // A second Ctrl-C means "now": the default handler is gone, so exit.
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        })
    };
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{bar:20}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let tally = import(ingestor, files, stop.clone(), |p| {
        bar.set_position(p.bytes);
        let rate = p.tally.scanned as f64 / started.elapsed().as_secs_f64().max(0.001);
        bar.set_message(format!(
            "{} msgs ({rate:.0}/s), {} logged",
            p.tally.scanned, p.tally.logged
        ));
    })
    .await?;
    bar.finish_and_clear();
    watcher.abort();
    Ok((tally, stop.load(Ordering::Relaxed)))
}

pub fn print_summary(ctx: &Ctx, tally: &Tally) -> anyhow::Result<()> {
    if ctx.json {
        json_line(tally)
    } else {
        println!("{tally}");
        Ok(())
    }
}
