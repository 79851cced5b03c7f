//! Data and background mail for `bench/api.sh`.
//!
//! ```text
//! bench-api gen --out DIR [--activities 10000] [--people 3000] [--seed 42]
//! bench-api feed --lmtp-port P --to USER --people-csv FILE [--per-second 20] [--seed 42]
//! ```
//!
//! `gen` writes, into DIR: `people.csv` (the `people import` columns; the first row
//! is the benchmark's candidate, Cara Benchmark <cara.benchmark@candidate.bench.example>,
//! then PEOPLE - 1 other candidates and contacts), `mailbox.mbox` (ACTIVITIES plain
//! RFC 5322 messages between Cara and the team member rita@team.bench.example, in
//! both directions, unique Message-IDs, about 2-4 KB each) and prints one JSON line
//! (`candidate_email`, `team_email`, `messages`, `people`, `mbox_bytes`).
//!
//! `feed` delivers, over LMTP to USER, one message every 1/PER_SECOND s from a
//! person picked at random from the CSV (so the sync logs it on that record), until
//! its stdin is closed. It then prints one JSON line: `delivered`, `failed`,
//! `seconds`, `deliver_ms_max`.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

const CANDIDATE: &str = "cara.benchmark@candidate.bench.example";
const TEAM: &str = "rita@team.bench.example";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((sub, rest)) = args.split_first() else {
        return usage();
    };
    let opts = match options(rest) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench-api: {e}");
            return usage();
        }
    };
    let result = match sub.as_str() {
        "gen" => gen(&opts),
        "feed" => feed(&opts),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-api {sub}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: bench-api gen --out DIR [--activities 10000] [--people 3000] [--seed 42]\n       \
         bench-api feed --lmtp-port P --to USER --people-csv FILE [--per-second 20] [--seed 42]"
    );
    ExitCode::from(2)
}

use postroom_bench::opts::{number, options, required, Opts};

/// A small deterministic generator (SplitMix64); no dependency for this.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemi",
    "Luca", "Maya", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Vera",
];
const LAST: &[&str] = &[
    "Adler",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
];
const COMPANIES: &[&str] = &[
    "Initech",
    "Globex",
    "Umbrella Labs",
    "Hooli",
    "Blue Fjord Analytics",
    "Stark Logistics",
];
const WORDS: &[&str] = &[
    "interview",
    "schedule",
    "role",
    "team",
    "offer",
    "salary",
    "notice",
    "period",
    "remote",
    "office",
    "thanks",
    "follow",
    "up",
    "next",
    "week",
    "call",
    "feedback",
    "hiring",
    "manager",
    "position",
    "experience",
    "project",
    "availability",
    "references",
    "start",
];

fn gen(o: &Opts) -> Result<(), String> {
    let out = PathBuf::from(required(o, "out")?);
    let activities: usize = number(o, "activities", 10_000)?;
    let people: usize = number(o, "people", 3000)?;
    let seed: u64 = number(o, "seed", 42)?;
    if people == 0 {
        return Err("--people must be at least 1 (the benchmark's candidate)".into());
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut rng = Rng(seed);
    let io_err = |e: io::Error| e.to_string();

    let mut csv = BufWriter::new(File::create(out.join("people.csv")).map_err(io_err)?);
    writeln!(
        csv,
        "kind,first_name,last_name,email,other_emails,company,title,phone"
    )
    .map_err(io_err)?;
    writeln!(
        csv,
        "candidate,Cara,Benchmark,{CANDIDATE},,Initech,Senior Engineer,+1 202-555-0100"
    )
    .map_err(io_err)?;
    for i in 1..people {
        let kind = if i % 5 == 0 { "contact" } else { "candidate" };
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        writeln!(
            csv,
            "{kind},{first},{last},{}.{}.{i}@people.bench.example,,{},Engineer,+1 202-555-{:04}",
            first.to_lowercase(),
            last.to_lowercase(),
            rng.pick(COMPANIES),
            i % 10_000
        )
        .map_err(io_err)?;
    }
    csv.flush().map_err(io_err)?;

    let mut mbox = BufWriter::new(File::create(out.join("mailbox.mbox")).map_err(io_err)?);
    let mut bytes = 0u64;
    // 2020-01-01T00:00:00Z, one message every 90 minutes.
    let start = 1_577_836_800i64;
    for n in 0..activities {
        let (from, to) = if n % 2 == 0 {
            (
                format!("Cara Benchmark <{CANDIDATE}>"),
                format!("Rita Recruiter <{TEAM}>"),
            )
        } else {
            (
                format!("Rita Recruiter <{TEAM}>"),
                format!("Cara Benchmark <{CANDIDATE}>"),
            )
        };
        let date = rfc2822(start + n as i64 * 5400);
        let mut body = String::new();
        let target = 2000 + rng.below(2000);
        let mut line = String::new();
        while body.len() < target {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(rng.pick(WORDS));
            if line.len() > 70 {
                body.push_str(&line);
                body.push_str("\r\n");
                line.clear();
            }
        }
        body.push_str(&line);
        body.push_str("\r\n");
        let mut msg = String::new();
        let sender = if n % 2 == 0 { CANDIDATE } else { TEAM };
        let _ = writeln!(msg, "From {sender} Wed Jan  1 00:00:00 2020");
        let _ = write!(
            msg,
            "From: {from}\r\nTo: {to}\r\nSubject: Senior Engineer role, note {n}\r\n\
             Date: {date}\r\nMessage-ID: <api-bench-{seed}-{n}@bench.postroom.example>\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{body}\n"
        );
        bytes += msg.len() as u64;
        mbox.write_all(msg.as_bytes()).map_err(io_err)?;
    }
    mbox.flush().map_err(io_err)?;
    let line = serde_json::json!({
        "candidate_email": CANDIDATE,
        "team_email": TEAM,
        "messages": activities,
        "people": people,
        "mbox_bytes": bytes,
    });
    println!("{line}");
    Ok(())
}

/// `Wed, 01 Jan 2020 00:00:00 +0000` for a Unix time (UTC).
fn rfc2822(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} +0000",
        WD[days.rem_euclid(7) as usize],
        d,
        MON[(m - 1) as usize],
        y,
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn feed(o: &Opts) -> Result<(), String> {
    let port: u16 = number(o, "lmtp-port", 0)?;
    let to = required(o, "to")?.to_string();
    let csv = required(o, "people-csv")?;
    let per_second: f64 = number(o, "per-second", 20.0)?;
    let seed: u64 = number(o, "seed", 42)?;
    if per_second <= 0.0 {
        return Err("--per-second must be positive".into());
    }
    let file = File::open(csv).map_err(|e| format!("cannot read {csv}: {e}"))?;
    let mut senders = Vec::new();
    for line in BufReader::new(file).lines().skip(1) {
        let line = line.map_err(|e| e.to_string())?;
        let f: Vec<&str> = line.split(',').collect();
        // Not the benchmark's candidate: its activity count stays at ACTIVITIES.
        if f.len() > 3 && f[3] != CANDIDATE {
            senders.push((format!("{} {}", f[1], f[2]), f[3].to_string()));
        }
    }
    if senders.is_empty() {
        return Err(format!("{csv} names no sender"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = io::stdin().lock().read_to_end(&mut sink);
            stop.store(true, Ordering::SeqCst);
        });
    }
    let interval = Duration::from_secs_f64(1.0 / per_second);
    let mut rng = Rng(seed ^ 0xFEED);
    let started = Instant::now();
    let (mut delivered, mut failed, mut max_ms) = (0u64, 0u64, 0f64);
    let mut next = Instant::now();
    let pid = std::process::id();
    while !stop.load(Ordering::SeqCst) {
        let (name, email) = &senders[rng.below(senders.len())];
        let n = delivered + failed;
        let raw = format!(
            "From: {name} <{email}>\r\nTo: Rita Recruiter <{to}>\r\n\
             Subject: Re: the role ({n})\r\nDate: {}\r\n\
             Message-ID: <api-feed-{pid}-{n}@bench.postroom.example>\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n\
             Hello Rita, following up on the role. Message {n} of the load window.\r\n",
            rfc2822(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0)
            )
        );
        let t0 = Instant::now();
        match postroom_testkit::lmtp_deliver("127.0.0.1", port, &to, raw.as_bytes()) {
            Ok(()) => delivered += 1,
            Err(e) => {
                failed += 1;
                if failed <= 3 {
                    eprintln!("bench-api feed: LMTP delivery failed: {e}");
                }
            }
        }
        max_ms = f64::max(max_ms, t0.elapsed().as_secs_f64() * 1000.0);
        next += interval;
        let now = Instant::now();
        if next > now {
            thread::sleep(next - now);
        } else {
            next = now;
        }
    }
    let line = serde_json::json!({
        "delivered": delivered,
        "failed": failed,
        "seconds": started.elapsed().as_secs_f64(),
        "deliver_ms_max": (max_ms * 10.0).round() / 10.0,
    });
    println!("{line}");
    Ok(())
}
