use super::sync_support::{stop_on_signal, syncer, ProgressView};
use super::Ctx;
use crate::cli::ConnectArgs;
use crate::output::json_line;
use anyhow::{bail, Context};
use postroom_domain::sync::{is_loopback, Security, Start};
use postroom_domain::EmailAddress;
use postroom_sync::{Endpoint, Password};
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, args: ConnectArgs) -> anyhow::Result<ExitCode> {
    let email = EmailAddress::parse(&args.user_email).context("cannot connect a mailbox")?;
    let user = ctx.store.user_by_email(&email).await?.with_context(|| {
        format!(
            "cannot connect a mailbox for {email}: no team member has this address \
             (add it with `postroom users add`)"
        )
    })?;
    let security = Security::parse(&args.security).context("cannot use --security")?;
    if security == Security::None && !is_loopback(&args.host) {
        bail!(
            "cannot use --security none with {}: passwords would cross the network in clear; \
             it is only accepted for a server on this machine (localhost, 127.0.0.1, ::1)",
            args.host
        );
    }
    let password = read_password(&args)?;
    let start = match (&args.import_old, &args.since) {
        (false, _) => Start::Now {
            connected_at: now(),
        },
        (true, None) => Start::All,
        (true, Some(d)) => Start::Since(parse_date(d)?),
    };
    let endpoint = Endpoint {
        host: args.host.trim().to_string(),
        port: args.port.unwrap_or(security.default_port()),
        security,
        login: args.login.clone().unwrap_or_else(|| email.to_string()),
        password,
    };
    let syncer = syncer(ctx, &args.tuning).await?;
    let stop = stop_on_signal();
    let view = ProgressView::new();
    let result = syncer
        .connect(user, &email, &endpoint, start, &stop, &|e| view.event(e))
        .await;
    view.finish();
    let (id, tally) = match result {
        Ok(r) => r,
        Err(e @ postroom_sync::SyncError::FirstPass(_)) => anyhow::bail!("{email}: {e}"),
        Err(e) => {
            return Err(e).with_context(|| {
                format!("cannot connect the mailbox of {email}; nothing was saved")
            })
        }
    };
    let folders: Vec<String> = ctx
        .store
        .folders(id)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    let from = match start {
        Start::Now { .. } => "new mail from now on".to_string(),
        Start::All => "all past mail and new mail".to_string(),
        Start::Since(_) => format!("mail since {}", args.since.as_deref().unwrap_or("")),
    };
    if ctx.json {
        json_line(&serde_json::json!({
            "mailbox": email.as_str(), "id": id.0, "host": endpoint.host, "port": endpoint.port,
            "security": security.as_str(), "folders": folders, "logging": from, "tally": tally,
        }))?;
    } else {
        println!(
            "connected {email} ({}:{}, {security}): watching {}; logging {from}",
            endpoint.host,
            endpoint.port,
            folders.join(", ")
        );
        if tally.scanned > 0 {
            println!("{tally}");
        }
    }
    if stop.is_cancelled() {
        eprintln!("interrupted: the import goes on with the next `postroom sync`");
        return Ok(ExitCode::from(130));
    }
    Ok(ExitCode::SUCCESS)
}

fn read_password(args: &ConnectArgs) -> anyhow::Result<Password> {
    let raw = match (&args.password_file, &args.password_env) {
        (Some(path), _) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read --password-file {}", path.display()))?,
        (None, Some(var)) => std::env::var(var).with_context(|| {
            format!("cannot read --password-env {var}: the variable is not set")
        })?,
        (None, None) => bail!("cannot connect: give --password-file or --password-env"),
    };
    let line = raw.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        bail!("cannot connect: the password given is empty");
    }
    Ok(Password::new(line))
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// `YYYY-MM-DD`, as midnight UTC.
fn parse_date(s: &str) -> anyhow::Result<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(s.trim(), format)
        .with_context(|| format!("cannot use --since {s:?}: expected a date as YYYY-MM-DD"))?;
    Ok(date.midnight().assume_utc().unix_timestamp())
}
