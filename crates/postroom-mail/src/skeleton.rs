//! A message without the bytes of its base64 bodies, for a cheap full parse.
//!
//! mail-parser decodes every part while it parses, a byte at a time, although a
//! logged message only needs the decoded text and HTML bodies: attachments stay
//! inside the stored raw message and are decoded on download. Decoding the
//! attachments was the largest single cost of logging mail (a CV is hundreds of
//! kilobytes of base64, its text body a few hundred bytes).
//!
//! So [`Skeleton::of`] copies the message with each base64 body cut out, keeping
//! the size it decodes to (counted from its base64 characters). A body is cut only where mail-parser's own
//! decoder would read it whole: it follows a `Content-Transfer-Encoding: base64`
//! header block and consists of base64 lines up to a line starting with `--` (the
//! boundary) or the end. [`Skeleton::checked`] then confirms, against the parse of
//! the skeleton, that every cut is exactly the body of one plain part; otherwise the
//! caller parses the original instead. The skeleton's parse is therefore the
//! original's, minus the decoded bytes.

use memchr::memmem;

/// A base64 body cut out of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    /// Where the body was, as an offset into the skeleton (the body is empty there).
    pub at: usize,
    /// The body's range in the original message.
    pub start: usize,
    pub end: usize,
    /// The size of the body once decoded.
    pub decoded: usize,
}

pub(crate) struct Skeleton {
    pub bytes: Vec<u8>,
    /// In message order.
    pub cuts: Vec<Cut>,
}

/// Bodies shorter than this are left in: cutting them saves less than it costs.
pub(crate) const MIN_CUT: usize = 2048;

impl Skeleton {
    /// The skeleton of `raw` without its base64 bodies of `min_cut` bytes or more,
    /// or `None` when it has none.
    pub fn of(raw: &[u8], min_cut: usize) -> Option<Skeleton> {
        let mut bodies: Vec<(usize, usize, usize)> = Vec::new();
        // Searched for from where the last cut body ends: the bodies are most of
        // the bytes, and never hold a header.
        let mut from = 0;
        while let Some(i) = memmem::find(&raw[from..], b"64") {
            let at = from + i;
            from = at + 2;
            if at < 4 || !raw[at - 4..at].eq_ignore_ascii_case(b"base") {
                continue;
            }
            if let Some((start, end, decoded)) = body_after(raw, at - 4) {
                if end - start >= min_cut.max(1) {
                    bodies.push((start, end, decoded));
                    from = end;
                }
            }
        }
        if bodies.is_empty() {
            return None;
        }
        let kept: usize = raw.len() - bodies.iter().map(|(s, e, _)| e - s).sum::<usize>();
        let mut bytes = Vec::with_capacity(kept);
        let mut cuts = Vec::with_capacity(bodies.len());
        let mut copied = 0;
        for (start, end, decoded) in bodies {
            bytes.extend_from_slice(&raw[copied..start]);
            cuts.push(Cut {
                at: bytes.len(),
                start,
                end,
                decoded,
            });
            copied = end;
        }
        bytes.extend_from_slice(&raw[copied..]);
        Some(Skeleton { bytes, cuts })
    }

    /// The cut whose body began at `offset` of the skeleton, if any.
    pub fn cut_at(&self, offset: usize) -> Option<&Cut> {
        self.cuts
            .binary_search_by_key(&offset, |c| c.at)
            .ok()
            .map(|i| &self.cuts[i])
    }

    /// Where `offset` of the skeleton is in the original message.
    pub fn original_offset(&self, offset: usize) -> usize {
        let shift: usize = self
            .cuts
            .iter()
            .take_while(|c| c.at < offset)
            .map(|c| c.end - c.start)
            .sum();
        offset + shift
    }

    /// Where `end` of the skeleton (the end of a range) is in the original message
    /// `raw`: a body cut out right there belongs to the range.
    pub fn original_end(&self, raw: &[u8], end: usize) -> usize {
        // A range that ends at the line break before a boundary, when the body
        // before that boundary was cut: in the skeleton the body's blank line is
        // that line break, so the range seems to end before the body.
        let next = self.cuts.iter().find(|c| c.at > end);
        if let Some(cut) = next.filter(|c| {
            c.at - end <= 2
                && self.bytes[end..c.at]
                    .iter()
                    .all(|b| matches!(b, b'\r' | b'\n'))
        }) {
            let body = &raw[..cut.end];
            let line_break = if body.ends_with(b"\r\n") {
                2
            } else {
                body.ends_with(b"\n") as usize
            };
            return cut.end - line_break;
        }
        let shift: usize = self
            .cuts
            .iter()
            .take_while(|c| c.at <= end)
            .map(|c| c.end - c.start)
            .sum();
        end + shift
    }

    /// Whether the parse of the skeleton has each cut exactly where one part's
    /// base64 body is, an empty one read without trouble by a part that is not a
    /// container (a nested message or a multipart would have needed its body).
    /// Parts of forwarded messages count where they share the outer message's
    /// offsets.
    pub fn checked(&self, message: &mail_parser::Message<'_>) -> bool {
        let mut parts = Vec::new();
        all_parts(message, &mut parts);
        self.cuts.iter().all(|cut| {
            parts.iter().any(|part| {
                part.offset_body as usize == cut.at
                    && part.offset_end as usize == cut.at
                    && part.encoding == mail_parser::Encoding::Base64
                    && !part.is_encoding_problem
                    && matches!(
                        part.body,
                        mail_parser::PartType::Binary(_)
                            | mail_parser::PartType::InlineBinary(_)
                            | mail_parser::PartType::Text(_)
                            | mail_parser::PartType::Html(_)
                    )
            })
        })
    }
}

fn all_parts<'m, 'x>(
    message: &'m mail_parser::Message<'x>,
    out: &mut Vec<&'m mail_parser::MessagePart<'x>>,
) {
    for part in &message.parts {
        out.push(part);
        // A nested message that came encoded was parsed from its decoded bytes,
        // whose offsets are its own.
        if let (mail_parser::PartType::Message(nested), mail_parser::Encoding::None) =
            (&part.body, part.encoding)
        {
            all_parts(nested, out);
        }
    }
}

/// When `at` is the value of a `Content-Transfer-Encoding: base64` header line,
/// the base64 body of that header block: its range and decoded size.
fn body_after(raw: &[u8], at: usize) -> Option<(usize, usize, usize)> {
    let line_start = memchr::memrchr(b'\n', &raw[..at]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &raw[at..]).map_or(raw.len(), |i| at + i);
    if !is_cte_base64(&raw[line_start..line_end]) {
        return None;
    }
    // The header block goes on to the first empty line; a folded value (a line
    // starting with white space) is left to mail-parser.
    let mut pos = line_end + 1;
    loop {
        let line = line_at(raw, pos)?;
        let content = trim_cr(line);
        if content.is_empty() {
            pos += line.len();
            break;
        }
        if pos == line_end + 1 && matches!(content[0], b' ' | b'\t') {
            return None;
        }
        pos += line.len();
    }
    let start = pos;
    // The body ends where a line starts with `--`: a boundary, or the end.
    let end = memmem::find(&raw[start - 1..], b"\n--").map_or(raw.len(), |i| start + i);
    let body = &raw[start..end];
    let (letters, clean) = classify(body);
    if !clean {
        return None;
    }
    // After padding, mail-parser starts a new group of four: data there would not
    // decode to what this count says.
    let padding = memchr::memchr(b'=', body);
    if let Some(p) = padding {
        if classify(&body[p..]).0 > 0 {
            return None;
        }
    }
    Some((start, end, decoded_size(letters, padding.is_some())))
}

/// What mail-parser's decoder makes of `alphabet` base64 characters: three bytes
/// per four, and a last partial group only when padding (`=`) ends it.
fn decoded_size(alphabet: usize, padded: bool) -> usize {
    let tail = match (alphabet % 4, padded) {
        (0, _) | (_, false) => 0,
        (1 | 2, true) => 1,
        _ => 2,
    };
    alphabet / 4 * 3 + tail
}

/// The line starting at `pos`, with its newline; `None` at the end of `raw`.
fn line_at(raw: &[u8], pos: usize) -> Option<&[u8]> {
    if pos >= raw.len() {
        return None;
    }
    Some(match memchr::memchr(b'\n', &raw[pos..]) {
        Some(i) => &raw[pos..pos + i + 1],
        None => &raw[pos..],
    })
}

fn trim_cr(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn is_cte_base64(line: &[u8]) -> bool {
    const NAME: &[u8] = b"content-transfer-encoding:";
    let line = trim_cr(line);
    line.len() > NAME.len()
        && line[..NAME.len()].eq_ignore_ascii_case(NAME)
        && line[NAME.len()..]
            .trim_ascii()
            .eq_ignore_ascii_case(b"base64")
}

/// The number of base64 alphabet characters in `body`, and whether it holds only
/// those, padding (`=`) and line breaks or blanks: anything else may make
/// mail-parser's decoder report an encoding problem, which the original parse must
/// show.
fn classify(body: &[u8]) -> (usize, bool) {
    let (mut letters, mut bad) = (0usize, 0u8);
    // Blocks with small counters and no early exit, so that the compiler
    // vectorises the loop: this runs over every byte of every attachment.
    for block in body.chunks(128) {
        let (mut l, mut b) = (0u8, 0u8);
        for &c in block {
            let letter = (c.wrapping_sub(b'A') < 26)
                | (c.wrapping_sub(b'a') < 26)
                | (c.wrapping_sub(b'0') < 10)
                | (c == b'+')
                | (c == b'/');
            let blank = (c == b'=') | (c == b'\r') | (c == b'\n') | (c == b' ') | (c == b'\t');
            l += letter as u8;
            b |= !(letter | blank) as u8;
        }
        letters += l as usize;
        bad |= b;
    }
    (letters, bad == 0)
}

#[cfg(test)]
#[path = "skeleton_tests.rs"]
mod tests;
