//! What one pass over one folder must do, from the cursor Postroom committed last
//! time and what SELECT reports now.
//!
//! The cursor (UIDVALIDITY, last UID seen, HIGHESTMODSEQ) is committed in the same
//! transaction as the messages it covers, so after any crash the plan resumes exactly
//! after the last committed message: nothing lost, nothing fetched twice.

/// Where the folder's sync stands, as last committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderCursor {
    pub uidvalidity: u32,
    /// Every message with a UID up to this one has been handled.
    pub last_uid: u32,
    pub highest_modseq: Option<u64>,
}

/// The folder as SELECT reports it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerFolder {
    pub uidvalidity: u32,
    /// The UID the next message will get; every existing message has a lower one.
    pub uid_next: u32,
    pub highest_modseq: Option<u64>,
}

/// Which mail of the folder's past the mailbox wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Only mail from the connection on ("going forward"), connected at this Unix time.
    Now { connected_at: i64 },
    /// The whole history.
    All,
    /// History from this Unix time on.
    Since(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderPlan {
    /// Nothing new since the cursor.
    UpToDate,
    /// First sight of the folder when only new mail is wanted: commit this cursor,
    /// fetch nothing.
    Baseline(FolderCursor),
    /// Fetch the messages with UID `from_uid` and up (only those with an internal date
    /// on or after `since` when set). `reset` means the UIDs the cursor speaks of are
    /// void (UIDVALIDITY changed): start from this plan's cursor, not the stored one.
    Fetch {
        from_uid: u32,
        since: Option<i64>,
        reset: bool,
    },
}

pub fn plan_folder(stored: Option<FolderCursor>, server: ServerFolder, start: Start) -> FolderPlan {
    let history_since = match start {
        Start::Since(t) => Some(t),
        Start::Now { .. } | Start::All => None,
    };
    match stored {
        None => match start {
            Start::Now { .. } => FolderPlan::Baseline(FolderCursor {
                uidvalidity: server.uidvalidity,
                last_uid: server.uid_next.saturating_sub(1),
                highest_modseq: server.highest_modseq,
            }),
            Start::All | Start::Since(_) => FolderPlan::Fetch {
                from_uid: 1,
                since: history_since,
                reset: false,
            },
        },
        // The server renumbered the folder: every UID we know is meaningless. Read it
        // again over the period the mailbox covers; the ingest path's Message-ID
        // dedup keeps what was logged before from being logged twice.
        Some(c) if c.uidvalidity != server.uidvalidity => FolderPlan::Fetch {
            from_uid: 1,
            since: match start {
                Start::Now { connected_at } => Some(connected_at),
                _ => history_since,
            },
            reset: true,
        },
        Some(c) if c.last_uid.saturating_add(1) >= server.uid_next => FolderPlan::UpToDate,
        Some(c) => FolderPlan::Fetch {
            from_uid: c.last_uid + 1,
            since: history_since,
            reset: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Start = Start::Now {
        connected_at: 1_700_000_000,
    };

    fn server(uidvalidity: u32, uid_next: u32, modseq: Option<u64>) -> ServerFolder {
        ServerFolder {
            uidvalidity,
            uid_next,
            highest_modseq: modseq,
        }
    }

    fn cursor(uidvalidity: u32, last_uid: u32, modseq: Option<u64>) -> FolderCursor {
        FolderCursor {
            uidvalidity,
            last_uid,
            highest_modseq: modseq,
        }
    }

    #[test]
    fn going_forward_first_sight_skips_the_past() {
        assert_eq!(
            plan_folder(None, server(7, 101, Some(500)), NOW),
            FolderPlan::Baseline(cursor(7, 100, Some(500)))
        );
        assert_eq!(
            plan_folder(None, server(7, 1, None), NOW),
            FolderPlan::Baseline(cursor(7, 0, None))
        );
    }

    #[test]
    fn history_first_sight_reads_from_the_start() {
        let all = plan_folder(None, server(7, 101, None), Start::All);
        assert_eq!(
            all,
            FolderPlan::Fetch {
                from_uid: 1,
                since: None,
                reset: false
            }
        );
        let since = plan_folder(None, server(7, 101, None), Start::Since(42));
        assert_eq!(
            since,
            FolderPlan::Fetch {
                from_uid: 1,
                since: Some(42),
                reset: false
            }
        );
    }

    #[test]
    fn resumes_after_the_last_committed_uid() {
        assert_eq!(
            plan_folder(Some(cursor(7, 40, None)), server(7, 101, None), NOW),
            FolderPlan::Fetch {
                from_uid: 41,
                since: None,
                reset: false
            }
        );
        // An interrupted "import since" keeps its date filter when it resumes.
        assert_eq!(
            plan_folder(
                Some(cursor(7, 40, None)),
                server(7, 101, None),
                Start::Since(9)
            ),
            FolderPlan::Fetch {
                from_uid: 41,
                since: Some(9),
                reset: false
            }
        );
    }

    #[test]
    fn nothing_new_is_up_to_date() {
        assert_eq!(
            plan_folder(Some(cursor(7, 100, None)), server(7, 101, None), NOW),
            FolderPlan::UpToDate
        );
        // UIDNEXT decides, not HIGHESTMODSEQ: an index rebuild can bring a stored
        // modseq back while new UIDs exist.
        assert_eq!(
            plan_folder(Some(cursor(7, 90, Some(5))), server(7, 101, Some(5)), NOW),
            FolderPlan::Fetch {
                from_uid: 91,
                since: None,
                reset: false
            }
        );
        // A flag change moves HIGHESTMODSEQ but brings no new UID.
        assert_eq!(
            plan_folder(Some(cursor(7, 100, Some(5))), server(7, 101, Some(6)), NOW),
            FolderPlan::UpToDate
        );
    }

    #[test]
    fn uidvalidity_change_rereads_the_covered_period() {
        assert_eq!(
            plan_folder(Some(cursor(7, 100, Some(5))), server(8, 101, Some(5)), NOW),
            FolderPlan::Fetch {
                from_uid: 1,
                since: Some(1_700_000_000),
                reset: true
            }
        );
        assert_eq!(
            plan_folder(Some(cursor(7, 100, None)), server(8, 3, None), Start::All),
            FolderPlan::Fetch {
                from_uid: 1,
                since: None,
                reset: true
            }
        );
    }
}
