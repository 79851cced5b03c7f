use super::Ctx;
use postroom_domain::LoggedMessageId;
use std::io::Write;
use std::process::ExitCode;

/// Writes the raw message to stdout, byte for byte.
pub async fn raw(ctx: &Ctx, id: &str) -> anyhow::Result<ExitCode> {
    let pk = LoggedMessageId::parse(id)?;
    let Some(raw) = ctx.store.raw_message(pk.0).await? else {
        anyhow::bail!("cannot show message {pk}: no such message");
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&raw)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
