//! Printing: RFC 3339 dates and JSON lines.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn rfc3339(ts: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| ts.to_string())
}

/// Prints one JSON object on its own line.
pub fn json_line(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
