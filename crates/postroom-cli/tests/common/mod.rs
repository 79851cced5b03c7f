//! Shared helpers for the black-box tests of the `postroom` binary.
//!
//! [`Postroom`] owns a fresh temporary directory per test: the data directory lives in
//! `<tmp>/data`, mail and CSV files the test writes live in `<tmp>/in`. [`Msg`] builds
//! RFC 5322 messages, and [`mbox`], [`write_eml`], [`write_maildir`] lay them out in the
//! formats `mail import` reads.
#![allow(dead_code)]

use assert_cmd::Command;
use serde::Deserialize;
use serde_json::Value;
use std::cell::Cell;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The one-line summary `mail import --json` prints last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Tally {
    pub scanned: u64,
    pub logged: u64,
    pub activities: u64,
    pub duplicates: u64,
    pub dismissed: u64,
    pub blocked: u64,
    pub malformed: u64,
}

/// One line of `activities list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub kind: String,
    pub record_type: String,
    pub record_id: i64,
    pub record_email: Option<String>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    pub direction: String,
    pub occurred_at: String,
    pub thread_id: i64,
}

impl Activity {
    /// `candidate:jane@x.com`: the record, named by its primary address.
    pub fn record(&self) -> String {
        format!(
            "{}:{}",
            self.record_type,
            self.record_email.as_deref().unwrap_or("?")
        )
    }
}

/// One line of `threads list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub subject: Option<String>,
    pub messages: i64,
    pub first_at: String,
    pub last_at: String,
}

/// A fresh data directory and a scratch directory for input files.
pub struct Postroom {
    tmp: tempfile::TempDir,
    counter: Cell<u32>,
}

impl Default for Postroom {
    fn default() -> Self {
        Self::new()
    }
}

impl Postroom {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().expect("create a temporary directory");
        fs::create_dir_all(tmp.path().join("in")).unwrap();
        Postroom {
            tmp,
            counter: Cell::new(0),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    /// A path for an input file under the scratch directory (parents created).
    pub fn path(&self, rel: &str) -> PathBuf {
        let p = self.tmp.path().join("in").join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        p
    }

    /// A unique file name under the scratch directory.
    pub fn fresh(&self, stem: &str, ext: &str) -> PathBuf {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        self.path(&format!("{stem}-{n}.{ext}"))
    }

    /// `postroom --data-dir <data> ...`, with the environment cleared of our variables.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("postroom").expect("the postroom binary is built");
        cmd.env_remove("POSTROOM_DATA_DIR")
            .env_remove("POSTROOM_LOG")
            .arg("--data-dir")
            .arg(self.data_dir());
        cmd
    }

    /// Runs and returns the raw output, whatever the exit status.
    pub fn output(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run postroom")
    }

    /// Runs, asserts success, returns stdout.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "postroom {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs, asserts failure, returns (stdout, stderr).
    pub fn fail(&self, args: &[&str]) -> (String, String) {
        let out = self.output(args);
        assert!(
            !out.status.success(),
            "postroom {args:?} should have failed\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs with `--json`, asserts success, parses every stdout line.
    pub fn json(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        parse_lines(&self.run(&all))
    }

    pub fn users_add(&self, name: &str, emails: &[&str]) {
        let mut args = vec!["users", "add"];
        args.extend_from_slice(emails);
        args.extend_from_slice(&["--name", name]);
        self.run(&args);
    }

    /// Writes a people CSV (the standard header plus `rows`) and returns its path.
    pub fn people_csv(&self, rows: &[&str]) -> PathBuf {
        let path = self.fresh("people", "csv");
        let mut text = String::from(PEOPLE_HEADER);
        text.push('\n');
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        fs::write(&path, text).unwrap();
        path
    }

    /// Imports people rows (after the standard header), asserting every row imports.
    pub fn people(&self, rows: &[&str]) -> Value {
        let path = self.people_csv(rows);
        let out = self.json(&["people", "import", path.to_str().unwrap()]);
        let summary = out.last().cloned().expect("a summary line");
        assert_eq!(summary["failed"], 0, "{summary}");
        summary
    }

    /// `candidates list --json` / `contacts list --json`.
    pub fn records(&self, kind: &str) -> Vec<Value> {
        self.json(&[kind, "list"])
    }

    /// The id of the record of this kind (`candidates`/`contacts`) with this primary address.
    pub fn record_id(&self, kind: &str, email: &str) -> i64 {
        self.records(kind)
            .iter()
            .find(|r| r["email"] == email)
            .and_then(|r| r["id"].as_i64())
            .unwrap_or_else(|| panic!("no {kind} with primary address {email}"))
    }

    /// Runs `mail import --json` on these paths and returns the summary line.
    pub fn import(&self, paths: &[&Path]) -> Tally {
        self.import_with(paths, &[])
    }

    pub fn import_with(&self, paths: &[&Path], extra: &[&str]) -> Tally {
        let mut args = vec!["--json", "mail", "import"];
        let strs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        args.extend(strs.iter().map(String::as_str));
        args.extend_from_slice(extra);
        let stdout = self.run(&args);
        let last = stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_else(|| panic!("no summary line on stdout: {stdout:?}"));
        serde_json::from_str(last).unwrap_or_else(|e| panic!("summary {last:?}: {e}"))
    }

    /// Writes these messages into a fresh mbox file and imports it.
    pub fn import_msgs(&self, msgs: &[Msg]) -> Tally {
        let path = self.fresh("mail", "mbox");
        fs::write(&path, mbox(msgs)).unwrap();
        self.import(&[&path])
    }

    /// Writes one message into a fresh .eml file and imports it.
    pub fn import_eml(&self, msg: &Msg) -> Tally {
        let path = self.fresh("message", "eml");
        write_eml(&path, msg);
        self.import(&[&path])
    }

    /// `activities list --json` with optional filter arguments.
    pub fn activities(&self, filter: &[&str]) -> Vec<Activity> {
        let mut args = vec!["activities", "list"];
        args.extend_from_slice(filter);
        self.json(&args)
            .into_iter()
            .map(|v| serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}")))
            .collect()
    }

    /// Activities of one message (by Message-ID, without brackets).
    pub fn activities_of(&self, message_id: &str) -> Vec<Activity> {
        self.activities(&[])
            .into_iter()
            .filter(|a| a.message_id.as_deref() == Some(message_id))
            .collect()
    }

    /// The records (as `type:primary`) a message is logged on, sorted.
    pub fn records_of(&self, message_id: &str) -> Vec<String> {
        let set: BTreeSet<String> = self
            .activities_of(message_id)
            .iter()
            .map(Activity::record)
            .collect();
        set.into_iter().collect()
    }

    pub fn threads(&self, filter: &[&str]) -> Vec<ThreadSummary> {
        let mut args = vec!["threads", "list"];
        args.extend_from_slice(filter);
        self.json(&args)
            .into_iter()
            .map(|v| serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}")))
            .collect()
    }

    /// `threads show ID --json`.
    pub fn thread(&self, id: i64) -> Value {
        let lines = self.json(&["threads", "show", &id.to_string()]);
        assert_eq!(lines.len(), 1, "one JSON object: {lines:?}");
        lines.into_iter().next().unwrap()
    }

    /// Every stored message (across all threads), in thread order.
    pub fn messages(&self) -> Vec<Value> {
        self.threads(&[])
            .iter()
            .flat_map(|t| {
                self.thread(t.id)["messages"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The stored message with this Message-ID.
    pub fn message(&self, message_id: &str) -> Value {
        self.messages()
            .into_iter()
            .find(|m| m["message_id"] == message_id)
            .unwrap_or_else(|| panic!("no stored message {message_id}"))
    }

    /// Every regular file under `<data>/blobs` (temporary files included).
    pub fn blob_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        walk_files(&self.data_dir().join("blobs"), &mut out);
        out.sort();
        out
    }

    /// The blob files named after this hash.
    pub fn blobs_named(&self, hash: &str) -> Vec<PathBuf> {
        self.blob_files()
            .into_iter()
            .filter(|p| p.file_name().and_then(|n| n.to_str()) == Some(hash))
            .collect()
    }

    /// `messages raw ID` for a message object of `threads show --json`.
    pub fn raw(&self, message: &Value) -> Vec<u8> {
        let id = message["id"].as_i64().expect("a message id").to_string();
        let out = self.output(&["messages", "raw", &id]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// `messages attachment ID` for an attachment object of `threads show --json`:
    /// its decoded bytes, as a download returns them.
    pub fn attachment(&self, attachment: &Value) -> Vec<u8> {
        let id = attachment["id"]
            .as_i64()
            .expect("an attachment id")
            .to_string();
        let out = self.output(&["messages", "attachment", &id]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// The content of the one blob file named after this hash.
    pub fn blob(&self, hash: &str) -> Vec<u8> {
        let found = self.blobs_named(hash);
        assert_eq!(found.len(), 1, "exactly one blob named {hash}: {found:?}");
        fs::read(&found[0]).unwrap()
    }
}

fn walk_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

pub fn parse_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

pub const PEOPLE_HEADER: &str = "kind,first_name,last_name,email,other_emails,company,title,phone";

/// A MIME part beyond the main body.
#[derive(Debug, Clone)]
struct Attachment {
    name: String,
    content_type: String,
    data: Vec<u8>,
}

/// A small builder of RFC 5322 messages.
///
/// Headers are written in the order they are added. The body is text/plain unless
/// HTML or attachments are added, in which case a multipart body is built.
#[derive(Debug, Clone, Default)]
pub struct Msg {
    headers: Vec<(String, String)>,
    text: Option<String>,
    html: Option<String>,
    attachments: Vec<Attachment>,
    crlf: bool,
}

pub const DEFAULT_DATE: &str = "Mon, 01 Jan 2024 10:00:00 +0000";

impl Msg {
    /// A message with a Date header and a short text body, and nothing else.
    pub fn new() -> Self {
        Msg {
            text: Some("Hello.\n".into()),
            ..Msg::default()
        }
        .header("Date", DEFAULT_DATE)
    }

    /// A message from `from` to `to` with this Message-ID.
    pub fn simple(id: &str, from: &str, to: &str) -> Self {
        Msg::new()
            .from(from)
            .to(to)
            .subject(&format!("About {id}"))
            .id(id)
    }

    /// Appends a header (several with the same name are kept).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces every header of this name by one (or removes them with `None`).
    pub fn set(mut self, name: &str, value: Option<&str>) -> Self {
        let pos = self
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name));
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(v) = value {
            let at = pos.unwrap_or(self.headers.len()).min(self.headers.len());
            self.headers.insert(at, (name.into(), v.into()));
        }
        self
    }

    pub fn from(self, v: &str) -> Self {
        self.header("From", v)
    }
    pub fn to(self, v: &str) -> Self {
        self.header("To", v)
    }
    pub fn cc(self, v: &str) -> Self {
        self.header("Cc", v)
    }
    pub fn bcc(self, v: &str) -> Self {
        self.header("Bcc", v)
    }
    pub fn reply_to(self, v: &str) -> Self {
        self.header("Reply-To", v)
    }
    pub fn subject(self, v: &str) -> Self {
        self.set("Subject", Some(v))
    }
    pub fn date(self, v: &str) -> Self {
        self.set("Date", Some(v))
    }
    /// Sets the Message-ID (`id` without brackets).
    pub fn id(self, id: &str) -> Self {
        self.set("Message-ID", Some(&format!("<{id}>")))
    }
    pub fn in_reply_to(self, id: &str) -> Self {
        self.set("In-Reply-To", Some(&format!("<{id}>")))
    }
    pub fn references(self, ids: &[&str]) -> Self {
        let v: Vec<String> = ids.iter().map(|i| format!("<{i}>")).collect();
        self.set("References", Some(&v.join(" ")))
    }
    pub fn text(mut self, body: &str) -> Self {
        self.text = Some(body.into());
        self
    }
    pub fn no_text(mut self) -> Self {
        self.text = None;
        self
    }
    pub fn html(mut self, body: &str) -> Self {
        self.html = Some(body.into());
        self
    }
    pub fn attach(mut self, name: &str, content_type: &str, data: &[u8]) -> Self {
        self.attachments.push(Attachment {
            name: name.into(),
            content_type: content_type.into(),
            data: data.to_vec(),
        });
        self
    }
    /// Write with CRLF line endings instead of LF.
    pub fn crlf(mut self) -> Self {
        self.crlf = true;
        self
    }

    /// The message as LF-separated text.
    fn render(&self) -> String {
        let mut out = String::new();
        for (n, v) in &self.headers {
            out.push_str(&format!("{n}: {v}\n"));
        }
        out.push_str("MIME-Version: 1.0\n");
        let simple = self.attachments.is_empty() && self.html.is_none();
        if simple {
            out.push_str("Content-Type: text/plain; charset=utf-8\n");
            out.push_str("Content-Transfer-Encoding: 8bit\n\n");
            out.push_str(self.text.as_deref().unwrap_or(""));
            return out;
        }
        let alternative = self.alternative_part();
        if self.attachments.is_empty() {
            out.push_str(&alternative);
            return out;
        }
        let boundary = "=_mixed_boundary_7d3f";
        out.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\nThis is a MIME message.\n"
        ));
        if self.text.is_some() || self.html.is_some() {
            out.push_str(&format!("--{boundary}\n{alternative}\n"));
        }
        for a in &self.attachments {
            out.push_str(&format!(
                "--{boundary}\nContent-Type: {}; name=\"{}\"\nContent-Disposition: attachment; filename=\"{}\"\nContent-Transfer-Encoding: base64\n\n{}\n",
                a.content_type,
                a.name,
                a.name,
                base64(&a.data)
            ));
        }
        out.push_str(&format!("--{boundary}--\n"));
        out
    }

    /// The text and/or HTML body as one part (headers included).
    fn alternative_part(&self) -> String {
        let text_part = |t: &str| {
            format!(
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{t}"
            )
        };
        let html_part = |h: &str| {
            format!(
                "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{h}"
            )
        };
        match (&self.text, &self.html) {
            (Some(t), Some(h)) => {
                let b = "=_alt_boundary_91c2";
                format!(
                    "Content-Type: multipart/alternative; boundary=\"{b}\"\n\n--{b}\n{}\n--{b}\n{}\n--{b}--\n",
                    text_part(t),
                    html_part(h)
                )
            }
            (None, Some(h)) => html_part(h),
            (Some(t), None) => text_part(t),
            (None, None) => text_part(""),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        let text = self.render();
        if self.crlf {
            text.replace('\n', "\r\n").into_bytes()
        } else {
            text.into_bytes()
        }
    }
}

/// Standard base64 with 76-character lines.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    let mut wrapped = String::with_capacity(out.len() + out.len() / 76 + 1);
    for (i, c) in out.chars().enumerate() {
        if i > 0 && i % 76 == 0 {
            wrapped.push('\n');
        }
        wrapped.push(c);
    }
    wrapped
}

/// mboxrd: a `From ` separator line before each message, body lines matching
/// `^>*From ` escaped with one more `>`, and a blank line after each message.
pub fn mbox(msgs: &[Msg]) -> Vec<u8> {
    mbox_raw(&msgs.iter().map(Msg::bytes).collect::<Vec<_>>())
}

/// mboxrd from raw messages.
pub fn mbox_raw(raws: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for raw in raws {
        let crlf = raw.windows(2).any(|w| w == b"\r\n");
        let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        out.extend_from_slice(b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024");
        out.extend_from_slice(nl);
        out.extend_from_slice(&escape_from_lines(raw));
        if !raw.ends_with(b"\n") {
            out.extend_from_slice(nl);
        }
        out.extend_from_slice(nl);
    }
    out
}

/// Adds one `>` to every line matching `^>*From `.
pub fn escape_from_lines(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    for line in raw.split_inclusive(|b| *b == b'\n') {
        let stripped = line.iter().position(|b| *b != b'>').unwrap_or(line.len());
        if line[stripped..].starts_with(b"From ") {
            out.push(b'>');
        }
        out.extend_from_slice(line);
    }
    out
}

pub fn write_eml(path: &Path, msg: &Msg) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, msg.bytes()).unwrap();
}

/// A Maildir at `dir` (cur, new and tmp), with each message in the given subfolder
/// (`"cur"` or `"new"`).
pub fn write_maildir(dir: &Path, msgs: &[(&str, &Msg)]) {
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for (i, (sub, msg)) in msgs.iter().enumerate() {
        let suffix = if *sub == "cur" { ":2,S" } else { "" };
        let name = format!("17040672{i:02}.M{i}P42.testhost{suffix}");
        fs::write(dir.join(sub).join(name), msg.bytes()).unwrap();
    }
}
