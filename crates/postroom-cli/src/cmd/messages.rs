//! `messages raw` and `messages attachment`: stored mail, byte for byte, to stdout.

use super::Ctx;
use postroom_domain::LoggedMessageId;
use postroom_store::AttachmentBytes;
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

/// Writes an attachment's decoded bytes to stdout.
pub async fn attachment(ctx: &Ctx, id: &str) -> anyhow::Result<ExitCode> {
    let Ok(id) = id.trim().parse::<i64>() else {
        anyhow::bail!("cannot show attachment {id:?}: an attachment id is a number");
    };
    let Some(file) = ctx.store.attachment(id).await? else {
        anyhow::bail!("cannot show attachment {id}: no such attachment");
    };
    let bytes = match file.bytes {
        AttachmentBytes::Stored(bytes) => bytes,
        AttachmentBytes::InRaw { raw, position } => postroom_mail::attachment_data(&raw, position)
            .ok_or_else(|| {
                anyhow::anyhow!("cannot show attachment {id}: its message no longer holds it")
            })?,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
