//! mboxrd output: a `From ` separator per message, `>`-escaping of body
//! lines matching `^>*From `, and a blank line between messages.

use std::io::{self, BufWriter, Write};

use memchr::memmem;

use crate::encode::asctime;
use crate::message::stream;
use crate::{Config, Dataset};

/// What [`write_mbox`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MboxStats {
    pub messages: usize,
    /// Bytes written, separators and escapes included.
    pub bytes: u64,
}

/// Write the mailbox as mboxrd, one message at a time. Each message is
/// preceded by `From sender@domain Mon Jan  6 09:14:00 2025` (the date in
/// UTC) and followed by a blank line.
pub fn write_mbox(ds: &Dataset, cfg: &Config, w: impl Write) -> io::Result<MboxStats> {
    let mut w = BufWriter::with_capacity(1 << 20, w);
    let mut stats = MboxStats::default();
    let finder = memmem::Finder::new(b"From ");
    for g in stream(ds, cfg) {
        let sep = format!("From {} {}\n", g.envelope_from, asctime(g.date));
        w.write_all(sep.as_bytes())?;
        stats.bytes += sep.len() as u64;
        stats.bytes += write_escaped(&mut w, &finder, &g.raw)?;
        if !g.raw.ends_with(b"\n") {
            w.write_all(b"\n")?;
            stats.bytes += 1;
        }
        w.write_all(b"\n")?;
        stats.bytes += 1;
        stats.messages += 1;
    }
    w.flush()?;
    Ok(stats)
}

/// Write `msg` with one `>` added to every line matching `^>*From `.
/// Returns the bytes written.
fn write_escaped(w: &mut impl Write, finder: &memmem::Finder, msg: &[u8]) -> io::Result<u64> {
    let mut last = 0;
    let mut written = 0u64;
    for pos in finder.find_iter(msg) {
        let start = msg[..pos]
            .iter()
            .rposition(|&b| b != b'>')
            .map_or(0, |i| i + 1);
        if start == 0 || msg[start - 1] == b'\n' {
            w.write_all(&msg[last..start])?;
            w.write_all(b">")?;
            written += (start - last) as u64 + 1;
            last = start;
        }
    }
    w.write_all(&msg[last..])?;
    Ok(written + (msg.len() - last) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_line_starts() {
        let finder = memmem::Finder::new(b"From ");
        let mut out = Vec::new();
        let msg = b"From x\nSubject: From y\n\nFrom a\n>From b\n>>From c\n> From d\nsay From e\n";
        let n = write_escaped(&mut out, &finder, msg).unwrap();
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            ">From x\nSubject: From y\n\n>From a\n>>From b\n>>>From c\n> From d\nsay From e\n"
        );
        assert_eq!(n as usize, out.len());
    }
}
