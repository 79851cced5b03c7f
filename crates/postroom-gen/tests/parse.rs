//! Every message parses with mail-parser, has a From, and the mailbox shows
//! the variety the importer's rules depend on.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use postroom_gen::{dataset, messages, Config};

fn cfg() -> Config {
    Config {
        seed: 11,
        messages: 1500,
        attachment_ratio: 0.15,
        attachment_min: 3_000,
        attachment_max: 9_000,
        ..Config::realistic(1500, 11)
    }
}

fn contains(raw: &[u8], needle: &str) -> bool {
    raw.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn every_message_parses_with_a_from() {
    let cfg = cfg();
    let ds = dataset(&cfg);
    let parser = MessageParser::default();
    let mut n = 0;
    for raw in messages(&ds, &cfg) {
        let msg = parser.parse(&raw).expect("parses");
        let from = msg.from().and_then(|f| f.first()).expect("has From");
        assert!(
            from.address().is_some_and(|a| a.contains('@')),
            "{}",
            String::from_utf8_lossy(&raw[..raw.len().min(2000)])
        );
        assert!(msg.date().is_some());
        assert!(msg.subject().is_some_and(|s| !s.is_empty()));
        assert!(msg.body_text(0).is_some_and(|t| t.len() > 50));
        n += 1;
    }
    assert_eq!(n, cfg.messages);
}

#[test]
fn variety_is_present() {
    let cfg = cfg();
    let ds = dataset(&cfg);
    let parser = MessageParser::default();
    let team: Vec<String> = ds.team.iter().flat_map(|t| t.emails.clone()).collect();
    let total = cfg.messages as f64;
    let (mut replies, mut threaded, mut no_id, mut outbound, mut jobboard, mut attachments) =
        (0, 0, 0, 0, 0, 0);
    let features = [
        "=?UTF-8?B?",
        "=?UTF-8?Q?",
        "=?ISO-8859-1?",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Transfer-Encoding: base64",
        "charset=iso-8859-1",
        "charset=\"iso-8859-1\"",
        "multipart/alternative",
        "<script",
        "onclick=",
        "<img src=\"http://",
        "\nFrom ",
        "\n>From ",
        "Recruiting: ",
        "(Work)",
        "xn--",
        "\nBcc: ",
        "\nCc: ",
        "\" <",
        "filename*=UTF-8''",
        "\n ",
    ];
    let mut hits = vec![0usize; features.len()];
    let mut idn_utf8 = 0;
    let mut ids = std::collections::HashSet::new();
    for raw in messages(&ds, &cfg) {
        for (i, f) in features.iter().enumerate() {
            if contains(&raw, f) {
                hits[i] += 1;
            }
        }
        if contains(&raw, "ü") && contains(&raw, "@") {
            let s = String::from_utf8_lossy(&raw);
            if s.lines().any(|l| {
                l.contains(".example")
                    && (l.contains("@bücher")
                        || l.contains("@zürich")
                        || l.contains("@münchen")
                        || l.contains("@café"))
            }) {
                idn_utf8 += 1;
            }
        }
        let msg = parser.parse(&raw).unwrap();
        if msg
            .subject()
            .unwrap_or("")
            .to_lowercase()
            .starts_with("re: ")
        {
            replies += 1;
        }
        if !matches!(msg.in_reply_to(), HeaderValue::Empty) {
            threaded += 1;
        }
        match msg.message_id() {
            Some(id) => assert!(ids.insert(id.to_string()), "duplicate Message-ID {id}"),
            None => no_id += 1,
        }
        let from = msg
            .from()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_lowercase();
        if team.contains(&from) {
            outbound += 1;
        }
        if from.starts_with("noreply@") {
            jobboard += 1;
            assert!(msg.reply_to().is_some(), "job-board mail has Reply-To");
        }
        for a in msg.attachments() {
            attachments += 1;
            let size = a.contents().len();
            assert!(
                (cfg.attachment_min..=cfg.attachment_max).contains(&size),
                "{size}"
            );
            assert!(a.attachment_name().is_some_and(|n| n.contains('.')));
        }
    }
    eprintln!("replies {replies} threaded {threaded} no_id {no_id} outbound {outbound} jobboard {jobboard} attachments {attachments} idn_utf8 {idn_utf8} of {total}");
    for (f, h) in features.iter().zip(&hits) {
        eprintln!("{f:?}: {h}");
        assert!(*h > 0, "no message contains {f:?}");
    }
    assert!(idn_utf8 > 0, "no UTF-8 internationalised domain");
    let share = |n: usize| n as f64 / total;
    assert!(share(replies) > 0.3, "replies {replies}");
    assert!(share(threaded) > 0.3, "threaded {threaded}");
    assert!((0.005..0.05).contains(&share(no_id)), "no id {no_id}");
    assert!(
        (0.35..0.65).contains(&share(outbound)),
        "outbound {outbound}"
    );
    assert!(share(jobboard) > 0.03, "job board {jobboard}");
    assert!(
        (0.1..0.2).contains(&share(attachments)),
        "attachments {attachments}"
    );
}

#[test]
fn default_attachments_are_large_and_messages_typical_size() {
    let cfg = Config::default();
    let ds = dataset(&cfg);
    let parser = MessageParser::default();
    let mut plain_sizes = Vec::new();
    for raw in messages(&ds, &cfg) {
        let msg = parser.parse(&raw).unwrap();
        let first = msg.attachments().next().map(|a| {
            (
                a.contents().len(),
                a.attachment_name().unwrap_or("").to_string(),
            )
        });
        match first {
            Some((n, name)) => {
                assert!((100 * 1024..=1024 * 1024).contains(&n), "{n}");
                assert!(name.ends_with(".pdf") || name.ends_with(".docx"), "{name}");
            }
            None => plain_sizes.push(raw.len()),
        }
    }
    plain_sizes.sort_unstable();
    let median = plain_sizes[plain_sizes.len() / 2];
    eprintln!(
        "sizes without attachment: p10 {} median {median} p90 {}",
        plain_sizes[plain_sizes.len() / 10],
        plain_sizes[plain_sizes.len() * 9 / 10]
    );
    assert!((2_000..=6_000).contains(&median), "median {median}");
}
