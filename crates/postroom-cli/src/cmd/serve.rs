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
    if args.demo {
        load_demo(ctx).await?;
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let stop = stop_on_signal();
    let tuning = SyncTuning {
        poll_interval: config.poll_interval_secs,
        retry_base_ms: config.retry_base_ms,
        rescan_secs: config.rescan_secs,
    };
    let sync = syncer(ctx, &tuning).await?;
    let jobs_task = {
        let stop = stop.clone();
        let sync = sync.clone();
        tokio::spawn(async move { sync.run_history_jobs(stop).await })
    };
    let deliveries_task = tokio::spawn(postroom_api::run_deliveries(
        ctx.store.clone(),
        std::time::Duration::from_millis(200),
        std::time::Duration::from_millis(config.webhook_retry_base_ms),
        stop.clone(),
    ));
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
    jobs_task
        .await
        .context("the email import jobs panicked")??;
    deliveries_task
        .await
        .context("the webhook deliveries panicked")?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the demo data set into an empty data directory and makes an API key for
/// its first team member, saved in `<data dir>/demo/api-key.txt`.
async fn load_demo(ctx: &Ctx) -> anyhow::Result<()> {
    let key_file = ctx.store.data_dir().join("demo").join("api-key.txt");
    if ctx.store.list_users().await?.is_empty() {
        super::demo::run(
            ctx,
            crate::cli::DemoArgs {
                messages: 400,
                seed: 42,
            },
        )
        .await?;
        let user = ctx
            .store
            .list_users()
            .await?
            .into_iter()
            .next()
            .context("the demo data set has no team member")?;
        let key = postroom_api::new_key();
        ctx.store
            .add_api_key(user.id, "demo", &key.prefix, &key.hash)
            .await?;
        std::fs::write(&key_file, format!("{}\n", key.secret))
            .with_context(|| format!("cannot write {}", key_file.display()))?;
    }
    match std::fs::read_to_string(&key_file) {
        Ok(key) => eprintln!(
            "demo API key: {} (also in {}); try:\n  curl -H 'Authorization: Token {}' http://HOST/v3/candidates",
            key.trim(),
            key_file.display(),
            key.trim()
        ),
        Err(_) => eprintln!("--demo: the data directory already has data; no demo loaded"),
    }
    Ok(())
}
