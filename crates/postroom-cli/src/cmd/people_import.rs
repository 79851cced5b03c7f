use super::Ctx;
use crate::output::json_line;
use crate::people_csv::{PeopleReader, RowError};
use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;

/// Rows per transaction: large enough to make a million-row import quick, small
/// enough that an interrupted import keeps most of its work.
const CHUNK: usize = 2000;

pub async fn run(ctx: &Ctx, file: &Path) -> anyhow::Result<ExitCode> {
    let (created, updated, errors) = import_csv(ctx, file).await?;
    if ctx.json {
        json_line(&serde_json::json!({
            "created": created, "updated": updated, "failed": errors.len(), "errors": errors
        }))?;
    } else {
        println!(
            "created {created}, updated {updated}, failed {}",
            errors.len()
        );
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Imports the file; returns (created, updated, row errors). Row errors are also
/// reported on stderr as they are found.
pub async fn import_csv(ctx: &Ctx, file: &Path) -> anyhow::Result<(u64, u64, Vec<RowError>)> {
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let reader = PeopleReader::new(std::io::BufReader::new(input))
        .with_context(|| format!("cannot import {}", file.display()))?;
    let (mut created, mut updated) = (0u64, 0u64);
    let mut errors: Vec<RowError> = Vec::new();
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut rows = reader.peekable();
    while let Some(row) = rows.next() {
        match row {
            Ok(person) => chunk.push(person),
            Err(e) => {
                eprintln!("{}: line {}: {}", file.display(), e.line, e.reason);
                errors.push(e);
            }
        }
        if chunk.len() >= CHUNK || (rows.peek().is_none() && !chunk.is_empty()) {
            for outcome in ctx
                .store
                .upsert_people(&chunk)
                .await
                .context("cannot save people")?
            {
                if outcome.created {
                    created += 1;
                } else {
                    updated += 1;
                }
            }
            chunk.clear();
        }
    }
    Ok((created, updated, errors))
}
