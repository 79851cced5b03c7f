use super::Ctx;
use crate::cli::RecordCmd;
use crate::output::json_line;
use postroom_domain::{CandidateId, ContactId, RecordRef, RecordType};
use std::process::ExitCode;

/// Records fetched per query: memory stays flat with a million records.
const PAGE: u32 = 1000;

pub async fn run(ctx: &Ctx, record_type: RecordType, cmd: RecordCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        RecordCmd::List => {
            let mut after = 0;
            loop {
                let page = ctx.store.list_records(record_type, after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for r in page {
                    if ctx.json {
                        json_line(&r)?;
                    } else {
                        println!(
                            "{}\t{} {}\t{}\t{}\t{}",
                            r.id,
                            r.first_name,
                            r.last_name,
                            r.email.as_deref().unwrap_or("-"),
                            r.company.as_deref().unwrap_or(""),
                            r.title.as_deref().unwrap_or("")
                        );
                    }
                }
            }
        }
        RecordCmd::Show { id } => {
            let record = match record_type {
                RecordType::Candidate => RecordRef::candidate(CandidateId::parse(&id)?),
                RecordType::Contact => RecordRef::contact(ContactId::parse(&id)?),
            };
            let Some(r) = ctx.store.get_record(record).await? else {
                anyhow::bail!("cannot show {record_type} {id}: no such {record_type}");
            };
            if ctx.json {
                json_line(&r)?;
            } else {
                let s = &r.summary;
                println!("{} {}: {} {}", record_type, s.id, s.first_name, s.last_name);
                println!("email\t{}", s.email.as_deref().unwrap_or("-"));
                if !r.other_emails.is_empty() {
                    println!("other emails\t{}", r.other_emails.join(", "));
                }
                for (label, value) in [
                    ("company", &s.company),
                    ("title", &s.title),
                    ("phone", &s.phone),
                ] {
                    if let Some(v) = value {
                        println!("{label}\t{v}");
                    }
                }
                println!("activities\t{}", r.activities);
                println!("threads\t{}", r.threads);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
