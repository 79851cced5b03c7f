//! `postroom-gen`: write a synthetic recruiting mailbox and its records.
//!
//! ```text
//! postroom-gen --out DIR [--seed N] [--messages N] [--extra-records N] [--maildir]
//! ```
//! writes `DIR/people.csv`, `DIR/team.tsv` and `DIR/mailbox.mbox` (or
//! `DIR/Maildir`), then prints one JSON line of counts.

use std::fs::{self, File};
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use postroom_gen::{dataset, write_maildir, write_mbox, write_people_csv, write_team_tsv, Config};

#[derive(Parser)]
#[command(
    version,
    about = "Generate a seeded, realistic recruiting mailbox and people on records"
)]
struct Args {
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed; the same seed gives byte-identical output.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of messages; people and outsiders scale with it.
    #[arg(long, default_value_t = 200)]
    messages: usize,
    /// Padding records added to people.csv (never in mail).
    #[arg(long, default_value_t = 0)]
    extra_records: usize,
    /// Write DIR/Maildir instead of DIR/mailbox.mbox.
    #[arg(long)]
    maildir: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let cfg = Config {
        extra_records: args.extra_records,
        ..Config::realistic(args.messages, args.seed)
    };
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let ds = dataset(&cfg);

    let people = write_people_csv(&ds, &cfg, File::create(args.out.join("people.csv"))?)
        .context("writing people.csv")?;
    let team = write_team_tsv(&ds, File::create(args.out.join("team.tsv"))?)
        .context("writing team.tsv")?;
    let (messages, bytes) = if args.maildir {
        let dir = args.out.join("Maildir");
        let n = write_maildir(&ds, &cfg, &dir).context("writing Maildir")?;
        let mut bytes = 0;
        for entry in fs::read_dir(dir.join("cur"))? {
            let entry = entry?;
            if entry
                .file_name()
                .to_string_lossy()
                .contains(".postroom-gen:")
            {
                bytes += entry.metadata()?.len();
            }
        }
        (n, bytes)
    } else {
        let f = File::create(args.out.join("mailbox.mbox"))?;
        let s = write_mbox(&ds, &cfg, f).context("writing mailbox.mbox")?;
        (s.messages, s.bytes)
    };
    println!(
        "{}",
        serde_json::json!({
            "messages": messages,
            "bytes": bytes,
            "people": people,
            "team": team,
        })
    );
    Ok(())
}
