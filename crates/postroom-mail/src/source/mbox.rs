//! A streaming mbox reader (mboxrd).
//!
//! Every line that begins with `From ` starts a message; writers escape such lines in
//! bodies as `>From `, and mboxrd escapes `>From ` as `>>From `, so reading removes
//! one `>` from every line matching `^>+From `. The reader keeps only the message
//! being assembled in memory, whatever the size of the file.

use memchr::memmem;
use std::io::{self, Read};

const CHUNK: usize = 1 << 20;

/// Larger than what mail providers accept (Gmail takes 50 MB with encoding, most
/// take less); a bigger "message" is not mail worth logging, and keeping it would
/// break the import's memory budget.
pub const MAX_MESSAGE_BYTES: usize = 40 << 20;

pub struct MboxReader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    /// File offset of `buf[0]`.
    buf_offset: u64,
    eof: bool,
    /// Whether leading blank lines before the first separator were skipped.
    started: bool,
}

impl<R: Read> MboxReader<R> {
    pub fn new(inner: R) -> Self {
        MboxReader {
            inner,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            buf_offset: 0,
            eof: false,
            started: false,
        }
    }

    /// Reads more input; returns false at end of file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.buf_offset += self.pos as u64;
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let n = loop {
            match self.inner.read(&mut self.buf[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(start + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// The next message, or `None` at the end.
    pub fn next_message(&mut self) -> io::Result<Option<MboxMessage>> {
        if !self.started {
            // Some tools write blank lines before the first separator.
            loop {
                let skip = self.buf[self.pos..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                self.pos += skip;
                if self.pos < self.buf.len() || !self.fill()? {
                    break;
                }
            }
            self.started = true;
        }
        // Skip the From_ separator line.
        let body_start = loop {
            if let Some(nl) = memchr::memchr(b'\n', &self.buf[self.pos..]) {
                break self.pos + nl + 1;
            }
            if !self.fill()? {
                if self.pos >= self.buf.len()
                    || self.buf[self.pos..].iter().all(u8::is_ascii_whitespace)
                {
                    return Ok(None);
                }
                break self.buf.len();
            }
        };
        let offset = self.buf_offset + body_start as u64;
        // Offsets below are relative to `self.pos`, because fill() moves the data.
        let rel_start = body_start - self.pos;
        let mut scan_from = rel_start.saturating_sub(1);
        let mut dropped = 0u64;
        let rel_end = loop {
            let abs = self.pos + scan_from;
            if let Some(i) = memmem::find(&self.buf[abs..], b"\nFrom ") {
                break scan_from + i + 1;
            }
            // Rescan the tail: a separator may straddle the chunk boundary.
            scan_from = (self.buf.len() - self.pos).saturating_sub(5).max(scan_from);
            if self.buf.len() - self.pos - rel_start > MAX_MESSAGE_BYTES {
                // Too large to keep: drop what we have (but the tail, which may hold
                // the start of a separator) and keep looking for the end.
                let from = self.pos + rel_start;
                let to = self.buf.len() - 5;
                self.buf.drain(from..to);
                dropped += (to - from) as u64;
                self.buf_offset += (to - from) as u64;
                scan_from = rel_start.saturating_sub(1);
            }
            if !self.fill()? {
                break self.buf.len() - self.pos;
            }
        };
        let body_start = self.pos + rel_start;
        let end = self.pos + rel_end;
        let consumed = (end - self.pos) as u64 + dropped;
        self.pos = end;
        if dropped > 0 {
            return Ok(Some(MboxMessage {
                offset,
                bytes: None,
                consumed,
            }));
        }
        let mut message = &self.buf[body_start.min(end)..end];
        // The blank line before the next separator belongs to the mbox, not the message.
        if let Some(stripped) = message.strip_suffix(b"\r\n\r\n") {
            message = &message[..stripped.len() + 2];
        } else if let Some(stripped) = message.strip_suffix(b"\n\n") {
            message = &message[..stripped.len() + 1];
        }
        let bytes = Some(unescape(message));
        // Give back the memory a very large message needed.
        if self.buf.capacity() > 4 * CHUNK && self.buf.len() - self.pos < CHUNK {
            self.buf.drain(..self.pos);
            self.buf_offset += self.pos as u64;
            self.pos = 0;
            self.buf.shrink_to(2 * CHUNK);
        }
        Ok(Some(MboxMessage {
            offset,
            bytes,
            consumed,
        }))
    }
}

/// One message read from an mbox.
#[derive(Debug)]
pub struct MboxMessage {
    /// File offset of its first byte.
    pub offset: u64,
    /// Its bytes, unescaped; `None` when it is over [`MAX_MESSAGE_BYTES`].
    pub bytes: Option<Vec<u8>>,
    /// Source bytes it accounts for, separator included.
    pub consumed: u64,
}

/// Removes one `>` from each line matching `^>+From `.
fn unescape(message: &[u8]) -> Vec<u8> {
    let mut cuts = Vec::new();
    for hit in memmem::find_iter(message, b">From ") {
        let mut start = hit;
        while start > 0 && message[start - 1] == b'>' {
            start -= 1;
        }
        if start == 0 || message[start - 1] == b'\n' {
            cuts.push(start);
        }
    }
    if cuts.is_empty() {
        return message.to_vec();
    }
    let mut out = Vec::with_capacity(message.len());
    let mut last = 0;
    for cut in cuts {
        out.extend_from_slice(&message[last..cut]);
        last = cut + 1;
    }
    out.extend_from_slice(&message[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> Vec<(u64, Vec<u8>)> {
        let mut reader = MboxReader::new(input);
        let mut out = Vec::new();
        while let Some(m) = reader.next_message().unwrap() {
            out.push((m.offset, m.bytes.unwrap_or_default()));
        }
        out
    }

    #[test]
    fn splits_and_unescapes() {
        let mbox = b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nhello\n>From here\n>>From there\n> From not\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSubject: two\n\nbye\n";
        let got = read_all(mbox);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 34);
        assert_eq!(
            String::from_utf8_lossy(&got[0].1),
            "Subject: one\n\nhello\nFrom here\n>From there\n> From not\n"
        );
        assert_eq!(String::from_utf8_lossy(&got[1].1), "Subject: two\n\nbye\n");
    }

    #[test]
    fn blank_lines_before_the_first_separator_are_skipped() {
        let got = read_all(b"\n\r\nFrom a\nSubject: x\n\nbody\n\nFrom b\nSubject: y\n\nend\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, b"Subject: x\n\nbody\n");
    }

    #[test]
    fn crlf_and_empty_and_no_trailing_newline() {
        assert!(read_all(b"").is_empty());
        let got =
            read_all(b"From a\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b\r\nSubject: y\r\n\r\nend");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1, b"Subject: x\r\n\r\nbody\r\n");
        assert_eq!(got[1].1, b"Subject: y\r\n\r\nend");
    }

    #[test]
    fn a_message_over_the_limit_is_skipped_and_the_next_one_read() {
        let huge = "y".repeat(MAX_MESSAGE_BYTES + 3 * CHUNK);
        let mbox = format!("From a\nSubject: huge\n\n{huge}\n\nFrom b\nSubject: small\n\nok\n");
        let mut reader = MboxReader::new(mbox.as_bytes());
        let first = reader.next_message().unwrap().unwrap();
        assert_eq!((first.offset, first.bytes.is_none()), (7, true));
        let second = reader.next_message().unwrap().unwrap();
        assert_eq!(
            second.bytes.as_deref(),
            Some(&b"Subject: small\n\nok\n"[..])
        );
        assert_eq!(second.offset as usize, mbox.find("Subject: small").unwrap());
        assert_eq!(first.consumed + second.consumed, mbox.len() as u64);
        assert!(reader.buf.capacity() < MAX_MESSAGE_BYTES + 4 * CHUNK);
    }

    #[test]
    fn messages_larger_than_the_read_chunk_stay_whole() {
        let big = "x".repeat(3 * CHUNK + 17);
        let mbox = format!("From a\nSubject: big\n\n{big}\n\nFrom b\nSubject: small\n\nok\n");
        let got = read_all(mbox.as_bytes());
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.len(), "Subject: big\n\n".len() + big.len() + 1);
        assert_eq!(got[1].0 as usize, mbox.find("Subject: small").unwrap());
    }
}
