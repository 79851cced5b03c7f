//! Helpers for the black-box tests of `postroom serve`: a [`Server`] child process
//! on a free port of its own (learned from the `listening on http://ADDR` line it
//! prints once bound), team members and API keys made with the command line, and
//! HTTP requests answered as a [`Resp`] (status, headers, JSON body).
//!
//! Used as `mod common; mod api_support;`: every helper takes the test's
//! [`Postroom`] (its fresh data directory). The usual team and answer checks are
//! in `team.rs`, the webhook receiver in `webhooks.rs`.
#![allow(dead_code)]

pub mod team;
pub mod webhooks;

use crate::common::Postroom;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The environment variables `serve` reads; cleared so the developer's own
/// environment cannot change what a test sees.
pub const SERVE_ENV: [&str; 6] = [
    "POSTROOM_DATA_DIR",
    "POSTROOM_LOG",
    "POSTROOM_LISTEN",
    "POSTROOM_PUBLIC_URL",
    "POSTROOM_RATE_LIMIT",
    "POSTROOM_POLL_INTERVAL",
];

/// How long the server may take to start; generous for a loaded CI machine, and
/// only ever waited in full when something is broken.
const START_LIMIT: Duration = Duration::from_secs(60);

/// How long the server may take to exit after SIGTERM before it is killed.
const STOP_LIMIT: Duration = Duration::from_secs(20);

/// A running `postroom serve`, stopped on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Everything the server wrote to stderr so far.
    log: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
    agent: ureq::Agent,
}

impl Server {
    /// `postroom --data-dir <dir> serve --listen 127.0.0.1:0`.
    pub fn start(p: &Postroom) -> Server {
        Server::start_with(p, &[], &[])
    }

    /// Starts with extra arguments to `serve` and extra environment variables, and
    /// returns once the server said where it listens.
    pub fn start_with(p: &Postroom, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("postroom"));
        for var in SERVE_ENV {
            cmd.env_remove(var);
        }
        cmd.arg("--data-dir")
            .arg(p.data_dir())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start postroom serve");
        let stderr = child.stderr.take().expect("a stderr pipe");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel::<String>();
        // Drains stderr for the whole life of the child (so it never blocks on a
        // full pipe), handing over the address as soon as it is printed.
        let reader = {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let mut tx = Some(tx);
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(addr) = line.trim().strip_prefix("listening on ") {
                        if let Some(tx) = tx.take() {
                            let _ = tx.send(addr.to_string());
                        }
                    }
                    let mut l = log.lock().unwrap_or_else(|e| e.into_inner());
                    l.push_str(&line);
                    l.push('\n');
                }
                // Dropping `tx` here tells a waiting `start` that the child is gone.
            })
        };
        let base = match rx.recv_timeout(START_LIMIT) {
            Ok(addr) => addr,
            Err(e) => {
                let _ = child.kill();
                let status = child.wait();
                let _ = reader.join();
                panic!(
                    "postroom serve did not say where it listens ({e}); exit {status:?}; stderr:\n{}",
                    log.lock().unwrap_or_else(|e| e.into_inner())
                );
            }
        };
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "unexpected address {base:?}"
        );
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(30))
            .redirects(0)
            .build();
        Server {
            child,
            base,
            log,
            reader: Some(reader),
            agent,
        }
    }

    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the address")
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request to `path`, to be completed and sent.
    pub fn req(&self, method: &str, path: &str) -> Req<'_> {
        Req {
            server: self,
            method: method.to_string(),
            url: if path.starts_with("http") {
                path.to_string()
            } else {
                self.url(path)
            },
            headers: Vec::new(),
            body: None,
        }
    }

    /// `GET path` with this key.
    pub fn get(&self, key: &str, path: &str) -> Resp {
        self.req("GET", path).key(key).send()
    }

    /// `POST path` with this key and a JSON body.
    pub fn post(&self, key: &str, path: &str, body: &Value) -> Resp {
        self.req("POST", path).key(key).json(body).send()
    }

    /// `PUT path` with this key and a JSON body.
    pub fn put(&self, key: &str, path: &str, body: &Value) -> Resp {
        self.req("PUT", path).key(key).json(body).send()
    }

    pub fn delete(&self, key: &str, path: &str) -> Resp {
        self.req("DELETE", path).key(key).send()
    }

    /// Creates a record (`/v3/candidates` or `/v3/contacts`), asserts 201, and
    /// returns its id (from `Location`).
    pub fn create(&self, key: &str, collection: &str, body: &Value) -> i64 {
        let r = self.post(key, collection, body);
        assert_eq!(r.status, 201, "POST {collection} {body}: {r:?}");
        let location = r.header("location").expect("a Location header");
        let path = collection.split('?').next().unwrap_or(collection);
        let prefix = self.url(&format!("{path}/"));
        location
            .strip_prefix(&prefix)
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("Location {location:?} is not {prefix}ID"))
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// SIGTERM, then the exit status and everything it logged.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let status = self.stop();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status, self.log())
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `limit` for the server to exit on its own (after a signal the
    /// test sent itself); `None` when it was still running, and then killed.
    pub fn wait_exit(mut self, limit: Duration) -> (Option<ExitStatus>, String) {
        let status = self.wait_for(limit);
        if status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        (status, self.log())
    }

    fn wait_for(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGTERM, then a bounded wait: a server that ignores the signal is killed
    /// (and the status says so) rather than hanging the test run.
    fn stop(&mut self) -> ExitStatus {
        if let Ok(Some(status)) = self.child.try_wait() {
            return status;
        }
        let sent = StdCommand::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        if sent.is_ok_and(|s| s.success()) {
            if let Some(status) = self.wait_for(STOP_LIMIT) {
                return status;
            }
            let mut l = self.log.lock().unwrap_or_else(|e| e.into_inner());
            l.push_str(&format!(
                "[test] still running {STOP_LIMIT:?} after SIGTERM: killed\n"
            ));
        }
        let _ = self.child.kill();
        self.child.wait().expect("wait for postroom serve")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// A request being built.
pub struct Req<'a> {
    server: &'a Server,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Req<'_> {
    /// `Authorization: Token <key>`.
    pub fn key(self, key: &str) -> Self {
        self.header("Authorization", &format!("Token {key}"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// A JSON body, sent as `application/json`.
    pub fn json(self, body: &Value) -> Self {
        self.body("application/json", &body.to_string())
    }

    /// A body of this content type.
    pub fn body(mut self, content_type: &str, body: &str) -> Self {
        self.body = Some(body.to_string());
        self.header("Content-Type", content_type)
    }

    pub fn send(self) -> Resp {
        let mut r = self.server.agent.request(&self.method, &self.url);
        for (n, v) in &self.headers {
            r = r.set(n, v);
        }
        let what = format!("{} {}", self.method, self.url);
        let result = match &self.body {
            Some(b) => r.send_string(b),
            None => r.call(),
        };
        let response = match result {
            Ok(resp) | Err(ureq::Error::Status(_, resp)) => resp,
            Err(e) => panic!("{what}: {e}"),
        };
        Resp::read(response, &what)
    }
}

/// An answer: status, headers (names lowercased), and the body.
#[derive(Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: BTreeMap<String, Vec<String>>,
    /// The body's bytes, and as text (lossily).
    pub bytes: Vec<u8>,
    pub text: String,
    /// The body parsed as JSON; `Null` when it is empty.
    pub body: Value,
}

impl Resp {
    fn read(r: ureq::Response, what: &str) -> Resp {
        let status = r.status();
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in r.headers_names() {
            let values = r.all(&name).iter().map(|v| v.to_string()).collect();
            headers.insert(name.to_ascii_lowercase(), values);
        }
        let is_json = r.content_type().contains("json");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut r.into_reader(), &mut bytes)
            .unwrap_or_else(|e| panic!("{what}: reading the body: {e}"));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = if text.trim().is_empty() {
            Value::Null
        } else if is_json {
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{what}: body is not JSON ({e}): {text:?}"))
        } else {
            Value::String(text.clone())
        };
        Resp {
            status,
            headers,
            bytes,
            text,
            body,
        }
    }

    /// The (first) value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// A header that must be there, as a number.
    pub fn header_num(&self, name: &str) -> u64 {
        let v = self
            .header(name)
            .unwrap_or_else(|| panic!("no {name} header: {self:?}"));
        v.parse()
            .unwrap_or_else(|_| panic!("{name}: {v:?} is not a number"))
    }

    /// The `field`s named in a 422's `errors[]`, in order.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors[] in {self:?}"))
            .iter()
            .map(|e| e["field"].as_str().unwrap_or("?").to_string())
            .collect()
    }
}

impl std::fmt::Debug for Resp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?} {}", self.status, self.headers, self.text)
    }
}

/// `postroom users add EMAIL --name NAME`; returns the new team member's id.
pub fn add_user(p: &Postroom, email: &str, name: &str) -> i64 {
    let out = p.json(&["users", "add", email, "--name", name]);
    out.last()
        .and_then(|v| v["id"].as_i64())
        .unwrap_or_else(|| panic!("users add printed no id: {out:?}"))
}

/// `postroom users access EMAIL LEVEL`.
pub fn set_access(p: &Postroom, email: &str, level: &str) {
    p.run(&["users", "access", email, level]);
}

/// `postroom apikeys create --user EMAIL`; returns the key (the last stdout line).
pub fn create_key(p: &Postroom, email: &str) -> String {
    let out = p.run(&["apikeys", "create", "--user", email]);
    let last = out
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_else(|| panic!("apikeys create printed nothing: {out:?}"));
    last.trim().to_string()
}

/// `postroom --json apikeys list`.
pub fn list_keys(p: &Postroom) -> Vec<Value> {
    p.json(&["apikeys", "list"])
}

/// A fresh data directory with one administrator (`admin@team.example`) and a key
/// of theirs.
pub fn site_with_admin() -> (Postroom, String) {
    let p = Postroom::new();
    add_user(&p, ADMIN, "Ada Admin");
    let key = create_key(&p, ADMIN);
    (p, key)
}

pub const ADMIN: &str = "admin@team.example";
