use super::{record_ref, Ctx};
use crate::cli::RecordFilter;
use crate::output::{json_line, rfc3339};
use postroom_domain::EmailAddress;
use postroom_store::ActivityFilter;
use std::process::ExitCode;

/// Activities fetched per query: memory stays flat on a busy record.
const PAGE: u32 = 1000;

pub async fn run(ctx: &Ctx, f: RecordFilter) -> anyhow::Result<ExitCode> {
    let mut filter = ActivityFilter {
        record: record_ref(f.candidate.as_deref(), f.contact.as_deref())?,
        email: f.email.as_deref().map(EmailAddress::parse).transpose()?,
        after: None,
        limit: Some(PAGE),
    };
    loop {
        let page = ctx.store.activities(&filter).await?;
        let Some(last) = page.last() else { break };
        filter.after = Some((last.occurred_at, last.id));
        for a in page {
            print(ctx, a)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print(ctx: &Ctx, a: postroom_store::ActivityView) -> anyhow::Result<()> {
    if ctx.json {
        json_line(&serde_json::json!({
            "id": a.id,
            "kind": a.kind,
            "record_type": a.record_type,
            "record_id": a.record_id,
            "record_email": a.record_email,
            "message_id": a.message_id,
            "subject": a.subject,
            "from": a.from,
            "direction": a.direction,
            "occurred_at": rfc3339(a.occurred_at),
            "thread_id": a.thread_id,
        }))?;
    } else {
        println!(
            "{}\t{}\t{} {}\t{}\t{}\t{}",
            a.id,
            rfc3339(a.occurred_at),
            a.record_type,
            a.record_id,
            a.direction,
            a.from.as_deref().unwrap_or("-"),
            a.subject.as_deref().unwrap_or("(no subject)")
        );
    }
    Ok(())
}
