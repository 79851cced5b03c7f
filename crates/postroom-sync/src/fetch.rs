//! The two FETCH steps of header-first sync: headers (and sizes) for a set of UIDs,
//! then whole messages for the few that matched.

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::timeouts::{within, Timeouts};
use futures_util::TryStreamExt;
use std::collections::HashMap;

/// One message's headers, as the server sent them.
pub struct Header {
    pub uid: u32,
    pub size: u32,
    pub bytes: Vec<u8>,
}

/// Headers of the messages in `uid_set`, in the order the server answered. UIDs that
/// no longer exist are simply absent.
pub async fn headers(
    session: &mut ImapSession,
    uid_set: &str,
    t: &Timeouts,
) -> Result<Vec<Header>, SyncError> {
    let doing = "fetch message headers";
    let mut stream = session
        .uid_fetch(uid_set, "(UID RFC822.SIZE BODY.PEEK[HEADER])")
        .await
        .map_err(SyncError::imap(doing))?;
    let mut out = Vec::new();
    // The limit is on each response, not the whole command: a long answer that keeps
    // flowing is fine, a server that goes silent is not.
    while let Some(fetch) = within(t.command, doing, stream.try_next())
        .await?
        .map_err(SyncError::imap(doing))?
    {
        // Unsolicited FETCH responses (flag changes) carry no header: skip them.
        if let (Some(uid), Some(bytes)) = (fetch.uid, fetch.header()) {
            out.push(Header {
                uid,
                size: fetch.size.unwrap_or(0),
                bytes: bytes.to_vec(),
            });
        }
    }
    Ok(out)
}

/// Whole messages of `uid_set`, by UID.
pub async fn messages(
    session: &mut ImapSession,
    uid_set: &str,
    t: &Timeouts,
) -> Result<HashMap<u32, Vec<u8>>, SyncError> {
    let doing = "fetch messages";
    let mut stream = session
        .uid_fetch(uid_set, "(UID BODY.PEEK[])")
        .await
        .map_err(SyncError::imap(doing))?;
    let mut out = HashMap::new();
    while let Some(fetch) = within(t.command, doing, stream.try_next())
        .await?
        .map_err(SyncError::imap(doing))?
    {
        if let (Some(uid), Some(bytes)) = (fetch.uid, fetch.body()) {
            out.insert(uid, bytes.to_vec());
        }
    }
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
    search(session, &query, t).await.map(|uids| {
        // `n:*` always names the last message, even when its UID is below n.
        uids.into_iter().filter(|u| *u >= from_uid).collect()
    })
}

/// UID SEARCH, sorted ascending.
pub async fn search(
    session: &mut ImapSession,
    query: &str,
    t: &Timeouts,
) -> Result<Vec<u32>, SyncError> {
    let doing = "search the folder";
    let found = within(t.command, doing, session.uid_search(query))
        .await?
        .map_err(SyncError::imap(doing))?;
    let mut uids: Vec<u32> = found.into_iter().collect();
    uids.sort_unstable();
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
