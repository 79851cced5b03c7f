//! `postroom`: the command line for admins and imports.
//!
//! Each subcommand lives in its own file under `cmd/` and does one thing through the
//! library crates: parse the arguments into domain values, call the store or the
//! ingest path, print. Data goes to stdout (with `--json`, one object per line), logs
//! and progress to stderr. Errors carry context and exit with status 1.

mod cli;
mod cmd;
mod config;
mod output;
mod people_csv;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("POSTROOM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"))
                // The IMAP client traces every command it sends, LOGIN and its
                // password included: never let that reach a log, whatever the level.
                .add_directive(
                    "async_imap::imap_stream=debug"
                        .parse()
                        .expect("a valid directive"),
                ),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cmd::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
