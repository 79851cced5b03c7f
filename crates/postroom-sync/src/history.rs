//! "Import email" for people: search a mailbox's folders for past mail with some
//! addresses (IMAP SEARCH on From, To, Cc, Bcc and Reply-To) and log what is found
//! through the one ingest path. Running it again is harmless: what is stored is
//! recognised from its headers and not downloaded again.

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::fetch;
use crate::pass::{folder_url, PassContext};
use crate::process::{process, Source};
use crate::progress::Event;
use crate::timeouts::within;
use postroom_domain::sync::WatchedFolder;
use postroom_domain::EmailAddress;
use postroom_ingest::Tally;
use std::collections::BTreeSet;

/// Addresses per SEARCH command: each adds five keys to one nested OR.
const ADDRESSES_PER_SEARCH: usize = 8;

/// Searches every watched folder; returns the tally and whether it ran to the end.
pub async fn search_history(
    session: &mut ImapSession,
    cx: &PassContext<'_>,
    folders: &[WatchedFolder],
    addresses: &[EmailAddress],
) -> Result<(Tally, bool), SyncError> {
    let t = cx.run.timeouts;
    let mut found: Vec<(&WatchedFolder, Vec<u32>)> = Vec::new();
    for folder in folders {
        examine(session, cx, &folder.name).await?;
        let mut uids = BTreeSet::new();
        for batch in addresses.chunks(ADDRESSES_PER_SEARCH) {
            uids.extend(fetch::search(session, &query(batch), t).await?);
        }
        found.push((folder, uids.into_iter().collect()));
    }
    let mut tally = Tally::default();
    for (folder, uids) in found {
        if uids.is_empty() {
            continue;
        }
        examine(session, cx, &folder.name).await?;
        (cx.events)(Event::FolderStart {
            mailbox: cx.mailbox.email.clone(),
            folder: folder.name.clone(),
            total: uids.len() as u64,
        });
        let url = folder_url(cx.mailbox, &folder.name);
        let source = Source {
            url: &url,
            cursor: None,
        };
        let (t, complete) = process(session, &cx.run, &source, &uids).await?;
        tally += t;
        (cx.events)(Event::FolderDone {
            mailbox: cx.mailbox.email.clone(),
            folder: folder.name.clone(),
            tally: t,
        });
        if !complete {
            return Ok((tally, false));
        }
    }
    Ok((tally, true))
}

async fn examine(
    session: &mut ImapSession,
    cx: &PassContext<'_>,
    folder: &str,
) -> Result<(), SyncError> {
    let doing = format!("open folder {folder}");
    within(cx.run.timeouts.command, &doing, session.examine(folder))
        .await?
        .map_err(SyncError::imap(doing))?;
    Ok(())
}

/// One SEARCH matching any of the addresses in any address header.
fn query(addresses: &[EmailAddress]) -> String {
    let keys: Vec<String> = addresses
        .iter()
        .flat_map(|a| {
            let q = quoted(a.as_str());
            [
                format!("FROM {q}"),
                format!("TO {q}"),
                format!("CC {q}"),
                format!("BCC {q}"),
                format!("HEADER REPLY-TO {q}"),
            ]
        })
        .collect();
    let mut iter = keys.into_iter().rev();
    let mut acc = iter.next().unwrap_or_else(|| "ALL".into());
    for key in iter {
        acc = format!("OR ({key}) ({acc})");
    }
    acc
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_search_covers_every_address_header() {
        let a = EmailAddress::parse("ann@example.com").unwrap();
        assert_eq!(
            query(&[a]),
            "OR (FROM \"ann@example.com\") (OR (TO \"ann@example.com\") (OR (CC \"ann@example.com\") \
             (OR (BCC \"ann@example.com\") (HEADER REPLY-TO \"ann@example.com\"))))"
        );
    }
}
