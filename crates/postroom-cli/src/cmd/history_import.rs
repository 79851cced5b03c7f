//! `history import`: "import email" for one person.

use super::sync_support::{stop_on_signal, syncer, ProgressView};
use super::{record_ref, Ctx};
use crate::cli::HistoryArgs;
use crate::output::json_line;
use anyhow::Context;
use postroom_domain::EmailAddress;
use postroom_ingest::Tally;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, args: HistoryArgs) -> anyhow::Result<ExitCode> {
    let addresses = match record_ref(args.candidate.as_deref(), args.contact.as_deref())? {
        Some(r) => {
            let record = ctx.store.get_record(r).await?.with_context(|| {
                format!(
                    "cannot import history: no {} with id {}",
                    r.record_type.as_str(),
                    r.id
                )
            })?;
            record
                .summary
                .email
                .iter()
                .chain(record.other_emails.iter())
                .map(|e| EmailAddress::parse(e))
                .collect::<Result<Vec<_>, _>>()?
        }
        None => vec![
            EmailAddress::parse(args.email.as_deref().unwrap_or_default())
                .context("cannot use --email")?,
        ],
    };
    let syncer = syncer(ctx, &args.tuning).await?;
    if ctx.store.mailboxes().await?.is_empty() {
        anyhow::bail!(
            "cannot import history: no mailbox is connected (connect one with `postroom mailboxes connect`)"
        );
    }
    let stop = stop_on_signal();
    let view = ProgressView::new();
    let reports = syncer.history(&addresses, &stop, &|e| view.event(e)).await;
    view.finish();
    let mut total = Tally::default();
    let mut failed = false;
    for r in reports? {
        match r.result {
            Ok(t) => total += t,
            Err(e) => {
                failed = true;
                eprintln!("error: {}: {e}", r.mailbox.email);
            }
        }
    }
    if ctx.json {
        json_line(&total)?;
    } else {
        println!("{total}");
    }
    Ok(if stop.is_cancelled() {
        eprintln!("interrupted: run the same command again to finish");
        ExitCode::from(130)
    } else if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
