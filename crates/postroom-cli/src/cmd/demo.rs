//! `postroom demo`: a first look at Postroom with no data of your own. Everything is
//! generated from a seed (so two runs show the same thing), written under
//! `<data dir>/demo/` so the files can be inspected and imported again by hand, and
//! loaded through the same code paths as `people import` and `mail import`.

use super::mail_import::{import_with_progress, print_summary};
use super::people_import::import_csv;
use super::Ctx;
use crate::cli::DemoArgs;
use crate::output::rfc3339;
use anyhow::Context;
use postroom_domain::{EmailAddress, RecordRef, RecordType};
use postroom_ingest::Ingestor;
use postroom_mail::source::discover;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = ctx.store.data_dir().join("demo");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let cfg = postroom_gen::Config::realistic(args.messages, args.seed);
    let ds = postroom_gen::dataset(&cfg);

    let mut owner = None;
    for member in &ds.team {
        let emails = member
            .emails
            .iter()
            .map(|e| EmailAddress::parse(e))
            .collect::<Result<Vec<_>, _>>()?;
        let id = ctx.store.add_user(&member.name, &emails).await?;
        owner.get_or_insert(id);
    }
    let people = dir.join("people.csv");
    let mbox = dir.join("mailbox.mbox");
    postroom_gen::write_people_csv(
        &ds,
        &cfg,
        std::io::BufWriter::new(std::fs::File::create(&people)?),
    )
    .with_context(|| format!("cannot write {}", people.display()))?;
    postroom_gen::write_mbox(
        &ds,
        &cfg,
        std::io::BufWriter::new(std::fs::File::create(&mbox)?),
    )
    .with_context(|| format!("cannot write {}", mbox.display()))?;
    eprintln!(
        "team: {} members; sample files in {}",
        ds.team.len(),
        dir.display()
    );

    let (created, updated, errors) = import_csv(ctx, &people).await?;
    eprintln!(
        "people: created {created}, updated {updated}, failed {}",
        errors.len()
    );

    let files = discover(std::slice::from_ref(&mbox))?;
    let total = files.iter().map(|f| f.size).sum();
    let ingestor = Ingestor::new(ctx.store.clone(), owner).await?;
    let (tally, _) = import_with_progress(&ingestor, files, total).await?;
    print_summary(ctx, &tally)?;
    if !ctx.json {
        show_busiest(ctx).await?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The three candidates with the most email, and their conversations.
async fn show_busiest(ctx: &Ctx) -> anyhow::Result<()> {
    for (s, activities) in ctx.store.busiest_records(RecordType::Candidate, 3).await? {
        let record = RecordRef {
            record_type: RecordType::Candidate,
            id: s.id,
        };
        println!();
        println!(
            "candidate {}: {} {} <{}>: {} email(s)",
            s.id,
            s.first_name,
            s.last_name,
            s.email.as_deref().unwrap_or("-"),
            activities
        );
        for t in ctx.store.threads(Some(record)).await? {
            println!(
                "  thread {}  {}  {} message(s)  {}",
                t.id,
                rfc3339(t.last_at),
                t.messages,
                t.subject.as_deref().unwrap_or("(no subject)")
            );
        }
    }
    println!();
    println!("explore: postroom candidates list | postroom activities list --candidate ID | postroom threads show ID");
    Ok(())
}
