//! Helpers for the mailbox sync tests: a real Dovecot per test (postroom-testkit),
//! a team member whose mailbox it holds, and `postroom sync` as a child process.
#![allow(dead_code)]

use crate::common::{parse_lines, Msg, Postroom};
use postroom_testkit::Dovecot;
use serde_json::Value;
use std::io::Read;
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

pub const ALICE: &str = "alice@team.example";
pub const ALICE_PW: &str = "alice-secret-pw-1";
pub const JANE: &str = "jane@cand.example";
pub const JOHN: &str = "john@cand.example";
pub const STRANGER: &str = "nobody@elsewhere.example";

/// A Dovecot with Alice's mailbox, and a Postroom where Alice is a team member and
/// Jane and John are candidates.
pub struct Setup {
    pub dc: Dovecot,
    pub p: Postroom,
}

impl Setup {
    pub fn new() -> Setup {
        Setup::with(Dovecot::start())
    }

    pub fn with(dc: Dovecot) -> Setup {
        dc.add_user(ALICE, ALICE_PW);
        let p = Postroom::new();
        p.users_add("Alice", &[ALICE]);
        p.people(&[
            &format!("candidate,Jane,Doe,{JANE},,,,"),
            &format!("candidate,John,Roe,{JOHN},,,,"),
        ]);
        Setup { dc, p }
    }

    pub fn password_file(&self, password: &str) -> String {
        let path = self.p.fresh("password", "txt");
        std::fs::write(&path, format!("{password}\n")).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// `mailboxes connect` args for Alice on `port` with this password.
    pub fn connect_args(&self, port: u16, password: &str, extra: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "mailboxes",
            "connect",
            ALICE,
            "--host",
            "127.0.0.1",
            "--security",
            "none",
            "--port",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(port.to_string());
        args.push("--password-file".into());
        args.push(self.password_file(password));
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    /// Connects Alice's mailbox (going forward unless `extra` says otherwise).
    pub fn connect(&self, extra: &[&str]) -> Value {
        let args = self.connect_args(self.dc.port(), ALICE_PW, extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut all = vec!["--json"];
        all.extend(args);
        parse_lines(&self.p.run(&all))
            .pop()
            .expect("a summary line")
    }

    pub fn append(&self, folder: &str, msg: &Msg) -> u32 {
        self.dc.append(ALICE, folder, &msg.bytes())
    }

    /// `sync --once --json`: the tally of Alice's mailbox.
    pub fn sync_once(&self) -> Value {
        let out = self.p.json(&["sync", "--once"]);
        out.into_iter()
            .find(|l| l["mailbox"] == ALICE)
            .map(|l| l["tally"].clone())
            .expect("a line for Alice's mailbox")
    }

    /// Message-IDs logged on any record, sorted (one entry per activity).
    pub fn logged_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .p
            .activities(&[])
            .into_iter()
            .filter_map(|a| a.message_id)
            .collect();
        ids.sort();
        ids
    }

    /// `mailboxes status --json` for Alice.
    pub fn status(&self) -> Value {
        self.p
            .json(&["mailboxes", "status", ALICE])
            .pop()
            .expect("a status line")
    }

    /// Starts `postroom sync` (continuous, polling every `poll_secs`), logs at info
    /// to a pipe.
    pub fn spawn_sync(&self, poll_secs: u64, extra_env: &[(&str, &str)]) -> SyncProcess {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("postroom"));
        cmd.arg("--data-dir")
            .arg(self.p.data_dir())
            .args(["sync", "--poll-interval", &poll_secs.to_string()])
            .env("POSTROOM_LOG", "info")
            .env("POSTROOM_RESCAN_SECS", "1")
            .env("POSTROOM_RETRY_BASE_MS", "50")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        SyncProcess {
            child: cmd.spawn().expect("start postroom sync"),
        }
    }
}

/// A running `postroom sync`, killed on drop.
pub struct SyncProcess {
    pub child: Child,
}

impl SyncProcess {
    pub fn kill9(&mut self) {
        let _ = self.child.kill(); // SIGKILL
        let _ = self.child.wait();
    }

    /// SIGTERM, then the exit status and everything it logged.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        StdCommand::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("send SIGTERM");
        let status = self.child.wait().expect("wait for postroom sync");
        let mut log = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut log);
        }
        (status, log)
    }
}

impl Drop for SyncProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it returns `Some`, failing the test after `limit`.
pub fn wait_for<T>(limit: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A message between `from` and `to` with this Message-ID.
pub fn mail(id: &str, from: &str, to: &str) -> Msg {
    Msg::simple(id, from, to)
}
