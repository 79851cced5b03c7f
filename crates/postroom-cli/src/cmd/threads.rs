use super::Ctx;
use crate::output::{json_line, rfc3339};
use postroom_domain::{RecordRef, ThreadId};
use std::process::ExitCode;

pub async fn list(ctx: &Ctx, record: Option<RecordRef>) -> anyhow::Result<ExitCode> {
    for t in ctx.store.threads(record).await? {
        if ctx.json {
            json_line(&serde_json::json!({
                "id": t.id,
                "subject": t.subject,
                "messages": t.messages,
                "first_at": rfc3339(t.first_at),
                "last_at": rfc3339(t.last_at),
            }))?;
        } else {
            println!(
                "{}\t{}\t{} message(s)\t{}",
                t.id,
                rfc3339(t.last_at),
                t.messages,
                t.subject.as_deref().unwrap_or("(no subject)")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &Ctx, id: &str) -> anyhow::Result<ExitCode> {
    let id = ThreadId::parse(id)?;
    let Some(thread) = ctx.store.thread(id.0).await? else {
        anyhow::bail!("cannot show thread {id}: no such thread");
    };
    if ctx.json {
        let mut value = serde_json::to_value(&thread)?;
        if let Some(messages) = value.get_mut("messages").and_then(|m| m.as_array_mut()) {
            for (m, view) in messages.iter_mut().zip(&thread.messages) {
                m["occurred_at"] = rfc3339(view.occurred_at).into();
            }
        }
        json_line(&value)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("thread {}: {} message(s)", thread.id, thread.messages.len());
    for m in &thread.messages {
        println!();
        println!("--- {} ({})", rfc3339(m.occurred_at), m.direction);
        for p in &m.participants {
            match &p.name {
                Some(name) => println!("{}: {} <{}>", p.role, name, p.address),
                None => println!("{}: {}", p.role, p.address),
            }
        }
        println!(
            "subject: {}",
            m.subject.as_deref().unwrap_or("(no subject)")
        );
        for a in &m.attachments {
            println!(
                "attachment: {} ({}, {} bytes)",
                a.name, a.content_type, a.size
            );
        }
        println!();
        println!("{}", m.text.as_deref().unwrap_or("").trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
