use super::Ctx;
use crate::cli::SettingsCmd;
use crate::output::json_line;
use postroom_domain::MatchOn;
use std::process::ExitCode;

pub async fn run(ctx: &Ctx, cmd: SettingsCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        SettingsCmd::Set { key, value } => match key.as_str() {
            "match-on" => ctx.store.set_match_on(MatchOn::parse(&value)?).await?,
            other => anyhow::bail!("cannot set {other:?}: unknown setting (known: match-on)"),
        },
        SettingsCmd::Get => {}
    }
    let match_on = ctx.store.match_on().await?;
    if ctx.json {
        json_line(&serde_json::json!({ "match-on": match_on.as_str() }))?;
    } else {
        println!("match-on\t{match_on}");
    }
    Ok(ExitCode::SUCCESS)
}
