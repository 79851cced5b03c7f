//! What the sync commands share: building the syncer from the flags, stopping on
//! Ctrl-C or SIGTERM after the batch in hand, and showing progress.

use super::Ctx;
use crate::cli::SyncTuning;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use postroom_sync::{Event, Sealer, Syncer};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

pub async fn syncer(ctx: &Ctx, tuning: &SyncTuning) -> anyhow::Result<Syncer> {
    let first = ctx.store.mailboxes().await?.is_empty();
    let sealer = Sealer::load(ctx.store.data_dir(), first)?;
    let mut syncer = Syncer::new(ctx.store.clone(), sealer);
    syncer.options.poll_interval = Duration::from_secs(tuning.poll_interval.max(1));
    syncer.options.backoff_base = Duration::from_millis(tuning.retry_base_ms.max(1));
    syncer.options.rescan = Duration::from_secs(tuning.rescan_secs.max(1));
    Ok(syncer)
}

/// Cancelled by the first Ctrl-C or SIGTERM; a second Ctrl-C exits at once.
pub fn stop_on_signal() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::warn!("stopping after the batch in hand");
        t.cancel();
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    });
    token
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Shows sync events on stderr: a progress bar on a terminal, otherwise a line per
/// folder and a progress line at most every second (so logs of a long import show
/// it moving).
pub struct ProgressView {
    bar: ProgressBar,
    terminal: bool,
    state: Mutex<(String, u64, Instant)>,
}

impl ProgressView {
    pub fn new() -> ProgressView {
        let terminal = std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix} [{bar:20}] {pos}/{len} messages {per_sec} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        ProgressView {
            bar,
            terminal,
            state: Mutex::new((String::new(), 0, Instant::now())),
        }
    }

    pub fn event(&self, e: Event) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match e {
            Event::FolderStart {
                mailbox,
                folder,
                total,
            } => {
                let name = format!("{mailbox} {folder}");
                self.bar.set_prefix(name.clone());
                self.bar.set_length(total);
                self.bar.set_position(0);
                if !self.terminal {
                    eprintln!("{name}: 0/{total} messages");
                }
                *state = (name, total, Instant::now());
            }
            Event::Progress { done } => {
                self.bar.set_position(done);
                if !self.terminal && state.2.elapsed() >= Duration::from_secs(1) {
                    eprintln!("{}: {done}/{} messages", state.0, state.1);
                    state.2 = Instant::now();
                }
            }
            Event::FolderDone { tally, .. } => {
                if !self.terminal {
                    eprintln!("{}: {}/{} messages; {tally}", state.0, state.1, state.1);
                }
                self.bar.set_position(state.1);
            }
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
