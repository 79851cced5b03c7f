//! The bare mail-parser baseline: read an mbox with mail-parser's own mbox iterator
//! and fully parse every message (bodies and attachments decoded), single-threaded,
//! storing nothing. Prints one JSON line: messages, bytes, seconds.

use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::MessageParser;
use std::io::BufReader;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse-baseline FILE.mbox");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot open {path}: {e}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    let parser = MessageParser::default();
    let (mut messages, mut bytes, mut parts) = (0u64, 0u64, 0u64);
    for item in MessageIterator::new(BufReader::with_capacity(1 << 20, file)) {
        let Ok(raw) = item else { continue };
        bytes += raw.contents().len() as u64;
        if let Some(message) = parser.parse(raw.contents()) {
            // Touch the result so the parse cannot be optimised away.
            parts += message.parts.len() as u64;
        }
        messages += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({ "messages": messages, "bytes": bytes, "parts": parts, "seconds": seconds })
    );
}
