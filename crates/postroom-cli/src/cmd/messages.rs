use super::Ctx;
use std::io::Write;
use std::process::ExitCode;

/// Writes the raw message to stdout, byte for byte.
pub async fn raw(ctx: &Ctx, id: &str) -> anyhow::Result<ExitCode> {
    let pk: i64 = match id.trim().parse() {
        Ok(n) if n > 0 => n,
        _ => anyhow::bail!("cannot show message {id:?}: expected a positive whole number"),
    };
    let Some(raw) = ctx.store.raw_message(pk).await? else {
        anyhow::bail!("cannot show message {pk}: no such message");
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&raw)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
