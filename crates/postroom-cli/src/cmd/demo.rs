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
use postroom_store::companies::CompanyFields;
use postroom_store::jobs::{Checked, JobFields};
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
    let (jobs, companies) = add_jobs(ctx, owner.map(|u| u.0)).await?;
    eprintln!("jobs: {jobs} at {companies} companies");

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

/// Two client companies and a few jobs for them, owned (and hired for) by the
/// first team member, so the ATS side of the API has something to show.
async fn add_jobs(ctx: &Ctx, owner: Option<i64>) -> anyhow::Result<(usize, usize)> {
    let openings = [
        (
            "Acme Robotics",
            "https://acme.example",
            "Senior Rust Engineer",
            "C2H",
        ),
        (
            "Acme Robotics",
            "https://acme.example",
            "Embedded Developer",
            "H",
        ),
        (
            "Globex Logistics",
            "https://globex.example",
            "Data Analyst",
            "C",
        ),
    ];
    let mut companies: Vec<(&str, i64)> = Vec::new();
    for (name, website, title, kind) in openings {
        let company = match companies.iter().find(|(n, _)| *n == name) {
            Some((_, id)) => *id,
            None => {
                let fields = CompanyFields {
                    name: Some(name.to_string()),
                    website: Some(Some(website.to_string())),
                    owner_id: Some(owner),
                    ..CompanyFields::default()
                };
                let id = checked(ctx.store.create_company(&fields).await?)?;
                companies.push((name, id));
                id
            }
        };
        let job = JobFields {
            title: Some(title.to_string()),
            company_id: Some(Some(company)),
            owner_id: Some(owner),
            recruiter_id: Some(owner),
            job_type: Some(Some(kind.to_string())),
            openings: Some(Some(1)),
            hiring_team: Some(owner.into_iter().collect()),
            ..JobFields::default()
        };
        checked(ctx.store.create_job(&job).await?)?;
    }
    Ok((openings.len(), companies.len()))
}

fn checked(c: Checked<i64>) -> anyhow::Result<i64> {
    match c {
        Checked::Done(id) => Ok(id),
        other => anyhow::bail!("cannot add the demo jobs: {other:?}"),
    }
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
