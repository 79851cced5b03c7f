//! # postroom-testkit: a real mail server for Postroom's tests
//!
//! Postroom syncs mailboxes over IMAP. A hand-written fake server only ever
//! behaves the way its author imagined IMAP behaves; the bugs that matter
//! (UIDVALIDITY changes, CONDSTORE and IDLE quirks, literals, connections that
//! die in the middle of a FETCH) show up against a real server. So the tests
//! run against **real Dovecot** (Debian's `dovecot-imapd` and `dovecot-lmtpd`,
//! installed by `scripts/test`).
//!
//! ## One private server per test
//!
//! [`Dovecot::start`] launches a Dovecot of its own in a fresh temporary
//! directory: its own config file, `base_dir`, `state_dir`, log, user database
//! and Maildir storage, IMAP and LMTP on free `127.0.0.1` ports. Nothing is
//! shared with the system's Dovecot (which need not run) or with another test,
//! so `cargo test` can run many instances in parallel, and a test can do
//! anything to its server (change a password, reset a UIDVALIDITY) without
//! disturbing the others. Dropping the [`Dovecot`] stops the server and
//! removes its directory; a watchdog process stops it as well if the test
//! process dies without dropping it.
//!
//! Start-up takes a fraction of a second, so a test starts the server it needs
//! rather than sharing one.
//!
//! ## What is in the box
//!
//! * [`Dovecot`]: users ([`Dovecot::add_user`], [`Dovecot::set_password`]),
//!   mail in ([`Dovecot::append`], [`Dovecot::append_many`],
//!   [`Dovecot::deliver_lmtp`], [`Dovecot::import_maildir`]), server-side
//!   events ([`Dovecot::reset_uidvalidity`]) and `doveadm` for the rest.
//! * [`ImapClient`]: a minimal blocking IMAP client, enough to seed and inspect
//!   a mailbox from a test. It is not Postroom's client and not meant to be one.
//! * [`Proxy`]: a TCP proxy in front of a server that can cut every connection
//!   at once, or cut one after a number of bytes (a connection dying in the
//!   middle of a FETCH).
//!
//! Everything is synchronous `std` code: call it from a plain `#[test]`, or
//! from `spawn_blocking` in an async test. Failures panic with the server's
//! log, since this is test support.

mod config;
mod dovecot;
mod imap_client;
mod lmtp;
mod proxy;
mod system;
mod users;

pub use dovecot::{Dovecot, Options, ALL_MAIL};
pub use imap_client::{ImapClient, Response};
pub use lmtp::deliver as lmtp_deliver;
pub use proxy::Proxy;

use std::collections::HashSet;
use std::net::TcpListener;
use std::sync::Mutex;

/// A free TCP port on `127.0.0.1`.
///
/// The port is free when returned (the kernel picked it for a listener that
/// is then closed), and this process never hands out the same port twice, so
/// parallel tests in one binary do not collide with each other.
pub fn free_port() -> u16 {
    static HANDED_OUT: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let mut guard = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
    let handed_out = guard.get_or_insert_with(HashSet::new);
    loop {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free loopback port");
        let port = listener.local_addr().expect("local address").port();
        if handed_out.insert(port) {
            return port;
        }
    }
}
