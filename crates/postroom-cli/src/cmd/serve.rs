//! `serve`: the REST API, the mailbox sync service and background jobs in one
//! process. SIGTERM or Ctrl-C stops accepting requests, lets the sync commit the
//! batch in hand, and exits.

use super::sync_support::{stop_on_signal, syncer};
use super::Ctx;
use crate::cli::{ServeArgs, SyncTuning};
use crate::config::ServeConfig;
use anyhow::Context;
use postroom_api::{router, ApiConfig, AppState};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config =
        ServeConfig::load(args.config.as_deref(), |v| std::env::var(v).ok()).map_err(|errors| {
            anyhow::anyhow!(
                "cannot start: the configuration has {} problem(s):\n  {}",
                errors.len(),
                errors.join("\n  ")
            )
        })?;
    if let Some(listen) = &args.listen {
        config.listen = listen.parse().with_context(|| {
            format!("cannot use --listen {listen:?}: expected an address like 127.0.0.1:8080")
        })?;
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let stop = stop_on_signal();
    let tuning = SyncTuning {
        poll_interval: config.poll_interval_secs,
        retry_base_ms: std::env::var("POSTROOM_RETRY_BASE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000),
        rescan_secs: std::env::var("POSTROOM_RESCAN_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5),
    };
    let sync = syncer(ctx, &tuning).await?;
    let sync_task = {
        let stop = stop.clone();
        tokio::spawn(async move { sync.run(stop).await })
    };
    let state = AppState::new(
        ctx.store.clone(),
        ApiConfig {
            rate_limit_per_hour: config.rate_limit_per_hour,
            public_url: config.public_url.clone(),
        },
    );
    // Scripts wait for this line to know the server is up.
    eprintln!("listening on http://{}", listener.local_addr()?);
    let shutdown = stop.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
        .context("the server failed")?;
    stop.cancel();
    sync_task.await.context("the sync service panicked")??;
    Ok(ExitCode::SUCCESS)
}
