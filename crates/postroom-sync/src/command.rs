//! Running one IMAP command with its tagged status checked.
//!
//! async-imap's FETCH and SEARCH streams end at the tagged reply without looking at
//! it, and end quietly when the connection closes: a `NO`, a `BAD`, or a `BYE`
//! mid-fetch would read as "fewer messages", and a cursor moved on that reading
//! skips mail for good. So the commands whose answers decide what is handled run
//! here instead: every untagged response goes to the caller, and the command only
//! succeeds on its own tagged `OK`.

use crate::connect::ImapSession;
use crate::error::SyncError;
use crate::timeouts::{within, Timeouts};
use async_imap::error::Error as ImapError;
use async_imap::imap_proto::{Response, Status};

pub async fn run_checked(
    session: &mut ImapSession,
    command: &str,
    doing: &str,
    t: &Timeouts,
    mut on_response: impl FnMut(&Response<'_>),
) -> Result<(), SyncError> {
    let fail = |cause: ImapError| SyncError::Imap {
        doing: doing.to_string(),
        cause,
    };
    let tag = within(t.command, doing, session.run_command(command))
        .await?
        .map_err(fail)?;
    loop {
        // The limit is on each response, not the whole command: a long answer that
        // keeps flowing is fine, a server that goes silent is not.
        let Some(response) = within(t.command, doing, session.read_response())
            .await?
            .map_err(|e| fail(ImapError::Io(e)))?
        else {
            return Err(fail(ImapError::ConnectionLost));
        };
        match response.parsed() {
            Response::Done {
                tag: done,
                status,
                outcome,
            } if *done == tag => {
                let said = outcome
                    .information
                    .as_deref()
                    .unwrap_or("no reason given")
                    .to_string();
                return match status {
                    Status::Ok => Ok(()),
                    Status::No => Err(fail(ImapError::No(said))),
                    _ => Err(fail(ImapError::Bad(said))),
                };
            }
            other => on_response(other),
        }
    }
}
