//! The mbox writer escapes `From ` lines so a reader gets every message back.

use mail_parser::mailbox::mbox::MessageIterator;
use postroom_gen::{dataset, messages, write_mbox, Config};

#[test]
fn mbox_round_trips_through_a_reader() {
    let cfg = Config {
        messages: 400,
        attachment_min: 1_000,
        attachment_max: 4_000,
        ..Config::default()
    };
    let ds = dataset(&cfg);
    let mut out = Vec::new();
    let stats = write_mbox(&ds, &cfg, &mut out).unwrap();
    assert_eq!(stats.messages, 400);
    assert_eq!(stats.bytes, out.len() as u64);

    // Every separator is a well-formed mboxrd From_ line.
    let text = String::from_utf8_lossy(&out);
    let seps: Vec<&str> = text.lines().filter(|l| l.starts_with("From ")).collect();
    assert_eq!(seps.len(), 400);
    for s in &seps {
        let parts: Vec<&str> = s.split_whitespace().collect();
        assert!(parts[1].contains('@') && s.is_ascii(), "{s}");
        assert_eq!(parts.len(), 7, "{s}");
    }
    assert!(text.contains("\n>From "), "escaping exercised");

    let originals: Vec<Vec<u8>> = messages(&ds, &cfg).collect();
    let read: Vec<Vec<u8>> = MessageIterator::new(&out[..])
        .map(|m| m.unwrap().unwrap_contents())
        .collect();
    assert_eq!(read.len(), originals.len());
    let mut escaped_any = false;
    for (r, o) in read.iter().zip(&originals) {
        // The reader keeps the blank line that separates messages.
        let r = r.strip_suffix(b"\n").unwrap_or(r);
        assert_eq!(r, &o[..]);
        escaped_any |= o.windows(6).any(|w| w == b"\nFrom ");
    }
    assert!(escaped_any);
}
