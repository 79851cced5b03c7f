//! A private Dovecot for `bench/sync.sh`, and the probe that times IDLE.
//!
//! ```text
//! bench-dovecot serve --user USER --password-file FILE [--maildir DIR]
//! bench-dovecot idle-probe --lmtp-port P --to USER --message FILE --expect TEXT
//!               --postroom BIN --data-dir DIR --email ADDR [--poll-ms 20] [--timeout-s 30]
//! bench-dovecot idle-baseline --imap-port P --lmtp-port P --user USER
//!               --password-file FILE [--runs 5]
//! ```
//!
//! `serve` starts a Dovecot of its own (`postroom-testkit`: IMAP and LMTP on free
//! loopback ports, Maildir storage in a temporary directory under `$TMPDIR`), adds
//! USER with the password on the first line of FILE, copies the Maildir DIR into
//! USER's mailbox and lets Dovecot index it (`doveadm mailbox status`, so neither
//! client timed afterwards pays for the first scan of the folder). It then prints
//! one JSON line (`host`, `imap_port`, `lmtp_port`, `dir`, `messages`,
//! `import_seconds`, `index_seconds`) and keeps the server running until its stdin
//! is closed. If it is killed instead, the testkit's watchdog stops Dovecot and
//! removes its directory.
//!
//! `idle-probe` delivers the message in FILE to USER over LMTP, as an MTA would,
//! then runs `postroom --data-dir DIR --json activities list --email ADDR` every
//! `--poll-ms` until its output contains TEXT. It prints one JSON line:
//! `latency_ms` (from the start of the delivery to the end of the poll that saw the
//! activity), `deliver_ms` (the LMTP exchange), `seen_poll_start_ms` (when that
//! poll started, a lower bound), `polls`, and `poll_ms_median` (the cost of one
//! poll). Exit status 1 when TEXT did not show up within `--timeout-s`.
//!
//! `idle-baseline` measures what the server alone takes: it logs in as USER,
//! selects INBOX, enters IDLE, delivers a message from an address on no record
//! over LMTP, and times the `* N EXISTS` the server then sends; `--runs` times,
//! one JSON line each (`exists_ms`, `deliver_ms`). Dovecot announces new mail in
//! IDLE only after a short delay of its own, which any IDLE client waits for.

use postroom_testkit::Dovecot;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((sub, rest)) = args.split_first() else {
        return usage();
    };
    let opts = match options(rest) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench-dovecot: {e}");
            return usage();
        }
    };
    let result = match sub.as_str() {
        "serve" => serve(&opts),
        "idle-probe" => idle_probe(&opts),
        "idle-baseline" => idle_baseline(&opts),
        _ => return usage(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bench-dovecot {sub}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: bench-dovecot serve --user USER --password-file FILE [--maildir DIR]\n       \
         bench-dovecot idle-probe --lmtp-port P --to USER --message FILE --expect TEXT \
         --postroom BIN --data-dir DIR --email ADDR [--poll-ms 20] [--timeout-s 30]\n       \
         bench-dovecot idle-baseline --imap-port P --lmtp-port P --user USER \
         --password-file FILE [--runs 5]"
    );
    ExitCode::from(2)
}

use postroom_bench::opts::{number, options, required, Opts};

fn serve(o: &Opts) -> Result<ExitCode, String> {
    let user = required(o, "user")?;
    let password_file = required(o, "password-file")?;
    let password = std::fs::read_to_string(password_file)
        .map_err(|e| format!("cannot read {password_file}: {e}"))?;
    let password = password.lines().next().unwrap_or("").to_string();
    if password.is_empty() {
        return Err(format!("{password_file} holds no password"));
    }
    let dovecot = Dovecot::start();
    dovecot.add_user(user, &password);
    let started = Instant::now();
    if let Some(maildir) = o.get("maildir") {
        dovecot.import_maildir(user, &PathBuf::from(maildir));
    }
    let import_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let status = dovecot.doveadm(&[
        "-f", "flow", "mailbox", "status", "-u", user, "messages", "INBOX",
    ]);
    let index_seconds = started.elapsed().as_secs_f64();
    let messages: u64 = status
        .split_whitespace()
        .find_map(|f| f.strip_prefix("messages="))
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no message count in doveadm output {status:?}"))?;
    let line = serde_json::json!({
        "host": dovecot.host(),
        "imap_port": dovecot.port(),
        "lmtp_port": dovecot.lmtp_port(),
        "dir": dovecot.dir(),
        "messages": messages,
        "import_seconds": import_seconds,
        "index_seconds": index_seconds,
    });
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{line}").map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| e.to_string())?;
    drop(stdout);
    // Serve until our stdin closes.
    let mut sink = Vec::new();
    let _ = io::stdin().lock().read_to_end(&mut sink);
    drop(dovecot);
    Ok(ExitCode::SUCCESS)
}

fn idle_probe(o: &Opts) -> Result<ExitCode, String> {
    let port: u16 = number(o, "lmtp-port", 0)?;
    let to = required(o, "to")?;
    let message_file = required(o, "message")?;
    let expect = required(o, "expect")?;
    let postroom = required(o, "postroom")?;
    let data_dir = required(o, "data-dir")?;
    let email = required(o, "email")?;
    let poll = Duration::from_millis(number(o, "poll-ms", 20)?);
    let timeout = Duration::from_secs(number(o, "timeout-s", 30)?);
    let raw =
        std::fs::read(message_file).map_err(|e| format!("cannot read {message_file}: {e}"))?;

    let poll_once = || -> Result<bool, String> {
        let out = Command::new(postroom)
            .args([
                "--data-dir",
                data_dir,
                "--json",
                "activities",
                "list",
                "--email",
                email,
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run {postroom}: {e}"))?;
        if !out.status.success() {
            return Err(format!("postroom activities list failed: {}", out.status));
        }
        Ok(String::from_utf8_lossy(&out.stdout).contains(expect))
    };
    if poll_once()? {
        return Err(format!("{expect:?} is already logged for {email}"));
    }

    let start = Instant::now();
    deliver(port, to, &raw).map_err(|e| format!("LMTP delivery to {to}: {e}"))?;
    let deliver_ms = ms(start.elapsed());
    let mut polls = 0u32;
    let mut costs = Vec::new();
    loop {
        let poll_start = Instant::now();
        let seen = poll_once()?;
        polls += 1;
        costs.push(ms(poll_start.elapsed()));
        if seen {
            costs.sort_by(f64::total_cmp);
            let line = serde_json::json!({
                "latency_ms": ms(start.elapsed()),
                "deliver_ms": deliver_ms,
                "seen_poll_start_ms": ms(poll_start - start),
                "polls": polls,
                "poll_ms_median": costs[costs.len() / 2],
            });
            println!("{line}");
            return Ok(ExitCode::SUCCESS);
        }
        if start.elapsed() > timeout {
            eprintln!(
                "bench-dovecot idle-probe: {expect:?} not logged for {email} after {:.1} s",
                start.elapsed().as_secs_f64()
            );
            println!(
                "{}",
                serde_json::json!({ "latency_ms": null, "deliver_ms": deliver_ms, "polls": polls })
            );
            return Ok(ExitCode::FAILURE);
        }
        if let Some(rest) = poll.checked_sub(poll_start.elapsed()) {
            thread::sleep(rest);
        }
    }
}

fn idle_baseline(o: &Opts) -> Result<ExitCode, String> {
    let imap_port: u16 = number(o, "imap-port", 0)?;
    let lmtp_port: u16 = number(o, "lmtp-port", 0)?;
    let user = required(o, "user")?;
    let password_file = required(o, "password-file")?;
    let runs: u32 = number(o, "runs", 5)?;
    let password = std::fs::read_to_string(password_file)
        .map_err(|e| format!("cannot read {password_file}: {e}"))?;
    let password = password.lines().next().unwrap_or("").to_string();
    let mut imap = RawImap::connect(imap_port).map_err(|e| format!("IMAP: {e}"))?;
    let run = |imap: &mut RawImap| -> io::Result<()> {
        imap.until("* OK")?;
        let login = imap.command(
            "a",
            &format!("LOGIN {} {}", quoted(user), quoted(&password)),
        )?;
        if !login.starts_with("a OK") {
            return Err(io::Error::other(format!(
                "LOGIN refused: {}",
                login.trim_end()
            )));
        }
        imap.command("b", "SELECT INBOX")?;
        for n in 1..=runs {
            imap.send("c IDLE")?;
            imap.until("+")?;
            thread::sleep(Duration::from_millis(300));
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let raw = format!(
                "From: IDLE baseline <idle-baseline@outsider.bench.example>\r\n\
                 To: <{user}>\r\n\
                 Subject: IDLE baseline {n}\r\n\
                 Message-ID: <idle-baseline-{nanos}-{n}@bench.postroom.example>\r\n\
                 MIME-Version: 1.0\r\n\
                 Content-Type: text/plain; charset=us-ascii\r\n\
                 \r\n\
                 Timing the server's own IDLE notification.\r\n"
            );
            let start = Instant::now();
            deliver(lmtp_port, user, raw.as_bytes())?;
            let deliver_ms = ms(start.elapsed());
            imap.until_contains(" EXISTS")?;
            let exists_ms = ms(start.elapsed());
            println!(
                "{}",
                serde_json::json!({ "exists_ms": exists_ms, "deliver_ms": deliver_ms })
            );
            imap.send("DONE")?;
            imap.until("c ")?;
        }
        imap.command("d", "LOGOUT")?;
        Ok(())
    };
    run(&mut imap).map_err(|e| format!("IMAP IDLE baseline: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Just enough IMAP for the IDLE baseline: lines out, lines in.
struct RawImap {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl RawImap {
    fn connect(port: u16) -> io::Result<RawImap> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_nodelay(true)?;
        Ok(RawImap {
            writer: stream.try_clone()?,
            reader: BufReader::new(stream),
        })
    }

    fn send(&mut self, line: &str) -> io::Result<()> {
        self.writer.write_all(format!("{line}\r\n").as_bytes())
    }

    /// Sends `tag command`; returns the tagged reply.
    fn command(&mut self, tag: &str, command: &str) -> io::Result<String> {
        self.send(&format!("{tag} {command}"))?;
        self.until(&format!("{tag} "))
    }

    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::other("the IMAP server closed the connection"));
        }
        Ok(line)
    }

    /// Reads lines until one starts with `prefix`; returns it.
    fn until(&mut self, prefix: &str) -> io::Result<String> {
        loop {
            let line = self.line()?;
            if line.starts_with(prefix) {
                return Ok(line);
            }
        }
    }

    fn until_contains(&mut self, needle: &str) -> io::Result<String> {
        loop {
            let line = self.line()?;
            if line.contains(needle) {
                return Ok(line);
            }
        }
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// Delivers `raw` to `recipient` over LMTP (RFC 2033) on 127.0.0.1.
fn deliver(port: u16, recipient: &str, raw: &[u8]) -> io::Result<()> {
    postroom_testkit::lmtp_deliver("127.0.0.1", port, recipient, raw)
}
