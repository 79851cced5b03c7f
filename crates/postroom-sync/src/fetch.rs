//! The two FETCH steps of header-first sync (headers and sizes for a set of UIDs,
//! then whole messages for the few that matched) and UID SEARCH, all with their
//! tagged status checked (see `command.rs`).

use crate::command::run_checked;
use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::timeouts::Timeouts;
use async_imap::imap_proto::{AttributeValue, MailboxDatum, MessageSection, Response, SectionPath};
use std::collections::HashMap;

/// One message's headers, as the server sent them.
pub struct Header {
    pub uid: u32,
    pub size: u32,
    pub bytes: Vec<u8>,
}

/// Headers of the messages in `uid_set`, in the order the server answered. UIDs that
/// no longer exist are absent.
pub async fn headers(
    session: &mut ImapSession,
    uid_set: &str,
    t: &Timeouts,
) -> Result<Vec<Header>, SyncError> {
    let mut out = Vec::new();
    let command = format!("UID FETCH {uid_set} (UID RFC822.SIZE BODY.PEEK[HEADER])");
    run_checked(session, &command, "fetch message headers", t, |r| {
        let Response::Fetch(_, attrs) = r else {
            return;
        };
        let (mut uid, mut size, mut bytes) = (None, 0, None);
        for a in attrs {
            match a {
                AttributeValue::Uid(u) => uid = Some(*u),
                AttributeValue::Rfc822Size(s) => size = *s,
                AttributeValue::BodySection {
                    section: Some(SectionPath::Full(MessageSection::Header)),
                    data: Some(d),
                    ..
                } => bytes = Some(d.to_vec()),
                _ => {}
            }
        }
        // Unsolicited FETCH responses (flag changes) carry no header: skip them.
        if let (Some(uid), Some(bytes)) = (uid, bytes) {
            out.push(Header { uid, size, bytes });
        }
    })
    .await?;
    Ok(out)
}

/// Whole messages of `uid_set`, by UID.
pub async fn messages(
    session: &mut ImapSession,
    uid_set: &str,
    t: &Timeouts,
) -> Result<HashMap<u32, Vec<u8>>, SyncError> {
    let mut out = HashMap::new();
    let command = format!("UID FETCH {uid_set} (UID BODY.PEEK[])");
    run_checked(session, &command, "fetch messages", t, |r| {
        let Response::Fetch(_, attrs) = r else {
            return;
        };
        let mut uid = None;
        let mut body = None;
        for a in attrs {
            match a {
                AttributeValue::Uid(u) => uid = Some(*u),
                AttributeValue::BodySection {
                    section: None,
                    data: Some(d),
                    ..
                } => body = Some(d.to_vec()),
                _ => {}
            }
        }
        if let (Some(uid), Some(body)) = (uid, body) {
            out.insert(uid, body);
        }
    })
    .await?;
    Ok(out)
}

/// The UIDs of the selected folder from `from_uid` on, optionally only those with an
/// internal date on or after `since` (a Unix time; IMAP compares whole days).
pub async fn uids_from(
    session: &mut ImapSession,
    from_uid: u32,
    since: Option<i64>,
    t: &Timeouts,
) -> Result<Vec<u32>, SyncError> {
    let mut query = format!("UID {from_uid}:*");
    if let Some(since) = since {
        query.push_str(&format!(" SINCE {}", imap_date(since)));
    }
    let uids = search(session, &query, t).await?;
    // `n:*` always names the last message, even when its UID is below n.
    Ok(uids.into_iter().filter(|u| *u >= from_uid).collect())
}

/// UID SEARCH, sorted ascending. Criteria with non-ASCII text are sent as UTF-8.
pub async fn search(
    session: &mut ImapSession,
    criteria: &str,
    t: &Timeouts,
) -> Result<Vec<u32>, SyncError> {
    let command = if criteria.is_ascii() {
        format!("UID SEARCH {criteria}")
    } else {
        format!("UID SEARCH CHARSET UTF-8 {criteria}")
    };
    let mut uids = Vec::new();
    run_checked(session, &command, "search the folder", t, |r| {
        if let Response::MailboxData(MailboxDatum::Search(found)) = r {
            uids.extend_from_slice(found);
        }
    })
    .await?;
    uids.sort_unstable();
    uids.dedup();
    Ok(uids)
}

/// `25-Nov-2026`, the date form of IMAP SEARCH.
pub fn imap_date(unix: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}-{}-{}",
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn imap_dates() {
        assert_eq!(super::imap_date(0), "1-Jan-1970");
        assert_eq!(super::imap_date(1_795_564_800), "25-Nov-2026");
    }
}
