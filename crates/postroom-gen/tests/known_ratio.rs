//! About a third of the distinct non-team addresses in mail are on records.

use std::collections::HashSet;

use mail_parser::{Address, MessageParser};
use postroom_gen::{dataset, messages, Config};

fn normalize(addr: &str) -> String {
    let lower = addr.to_lowercase();
    let (local, domain) = lower.rsplit_once('@').unwrap();
    format!("{local}@{}", idna::domain_to_ascii(domain).unwrap())
}

fn push(set: &mut HashSet<String>, a: Option<&Address>) {
    for addr in a.into_iter().flat_map(|a| a.iter()) {
        if let Some(x) = addr.address() {
            set.insert(normalize(x));
        }
    }
}

/// (known distinct, all distinct) non-team addresses in the mail.
fn shares(cfg: &Config) -> (usize, usize) {
    let ds = dataset(cfg);
    let team: HashSet<String> = ds
        .team
        .iter()
        .flat_map(|t| t.emails.iter().map(|e| normalize(e)))
        .collect();
    let known: HashSet<String> = ds
        .people
        .iter()
        .flat_map(|p| std::iter::once(&p.email).chain(&p.other_emails))
        .map(|e| normalize(e))
        .collect();
    let outsiders: HashSet<String> = ds.outsiders.iter().map(|e| normalize(e)).collect();
    let parser = MessageParser::default();
    let mut seen = HashSet::new();
    for raw in messages(&ds, cfg) {
        let m = parser.parse(&raw).unwrap();
        push(&mut seen, m.from());
        push(&mut seen, m.to());
        push(&mut seen, m.cc());
        push(&mut seen, m.bcc());
        push(&mut seen, m.reply_to());
    }
    seen.retain(|a| !team.contains(a));
    let k = seen.iter().filter(|a| known.contains(*a)).count();
    let strays: Vec<_> = seen
        .iter()
        .filter(|a| !known.contains(*a) && !outsiders.contains(*a))
        .collect();
    assert!(
        strays.is_empty(),
        "addresses not in the dataset: {strays:?}"
    );
    (k, seen.len())
}

#[test]
fn about_a_third_known() {
    for cfg in [
        Config {
            attachment_ratio: 0.0,
            ..Config::default()
        },
        Config {
            attachment_ratio: 0.0,
            ..Config::realistic(3000, 5)
        },
    ] {
        let (k, n) = shares(&cfg);
        let share = k as f64 / n as f64;
        eprintln!("{} messages: {k}/{n} known = {share:.3}", cfg.messages);
        assert!((0.22..=0.45).contains(&share), "{k}/{n} = {share}");
    }
}

/// The same at benchmark scale (slow in debug builds: run with `--ignored`).
#[test]
#[ignore]
fn about_a_third_known_at_scale() {
    for seed in [1, 2] {
        let cfg = Config {
            attachment_ratio: 0.0,
            ..Config::realistic(20_000, seed)
        };
        let (k, n) = shares(&cfg);
        let share = k as f64 / n as f64;
        eprintln!("20000 messages, seed {seed}: {k}/{n} known = {share:.3}");
        assert!((0.25..=0.42).contains(&share), "{k}/{n} = {share}");
    }
}
