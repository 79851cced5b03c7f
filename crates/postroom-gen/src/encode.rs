//! Wire encodings: base64 (fast, line-wrapped), quoted-printable, RFC 2047
//! encoded words, RFC 2231 parameters, header folding and date formats.

use time::{OffsetDateTime, Weekday};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Append the base64 of `input` to `out` with no line breaks.
pub fn b64_append(input: &[u8], out: &mut Vec<u8>) {
    let mut chunks = input.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            B64[(n >> 18) as usize & 63],
            B64[(n >> 12) as usize & 63],
            B64[(n >> 6) as usize & 63],
            B64[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[B64[(n >> 18) as usize], B64[(n >> 12) as usize & 63]]);
            out.extend_from_slice(b"==");
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[
                B64[(n >> 18) as usize],
                B64[(n >> 12) as usize & 63],
                B64[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
}

/// Base64 of `input` as a string with no line breaks.
pub fn b64(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(input.len() * 4 / 3 + 4);
    b64_append(input, &mut out);
    String::from_utf8(out).expect("base64 is ASCII")
}

/// Append base64 of `input` in 76-character lines, each ending in `\n`.
pub fn b64_lines(input: &[u8], out: &mut Vec<u8>) {
    out.reserve(input.len() / 57 * 77 + 80);
    let mut lines = input.chunks_exact(57);
    for line in &mut lines {
        // Full lines go through a stack buffer: one copy per 76 characters.
        let mut buf = [b'\n'; 77];
        for (dst, c) in buf.chunks_exact_mut(4).zip(line.chunks_exact(3)) {
            let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
            dst[0] = B64[(n >> 18) as usize & 63];
            dst[1] = B64[(n >> 12) as usize & 63];
            dst[2] = B64[(n >> 6) as usize & 63];
            dst[3] = B64[n as usize & 63];
        }
        out.extend_from_slice(&buf);
    }
    if !lines.remainder().is_empty() {
        b64_append(lines.remainder(), out);
        out.push(b'\n');
    }
}

/// Quoted-printable (RFC 2045) of `input`, whose `\n` are hard line breaks.
/// Output lines are at most 76 characters; line breaks stay `\n`.
pub fn qp(input: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for (n, line) in input.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for (i, &b) in line.iter().enumerate() {
            let last = i + 1 == line.len();
            let literal =
                (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let width = if literal { 1 } else { 3 };
            if len + width > 75 {
                out.push_str("=\n");
                len = 0;
            }
            if literal {
                out.push(b as char);
            } else {
                out.push('=');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
            len += width;
        }
    }
    out
}

/// Character sets used for encoded words and bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    Latin1,
}

impl Charset {
    pub fn name(self) -> &'static str {
        match self {
            Charset::Utf8 => "UTF-8",
            Charset::Latin1 => "ISO-8859-1",
        }
    }

    /// The bytes of `s` in this charset, or `None` if it cannot be represented.
    pub fn encode(self, s: &str) -> Option<Vec<u8>> {
        match self {
            Charset::Utf8 => Some(s.as_bytes().to_vec()),
            Charset::Latin1 => s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect(),
        }
    }
}

/// RFC 2047 encoded words for `s` (B or Q encoding), split so each word is
/// at most 75 characters and no character is cut. Words are separated by a
/// space. Falls back to UTF-8 if `cs` cannot represent `s`.
pub fn encoded_words(s: &str, b_encoding: bool, cs: Charset) -> String {
    let cs = if cs.encode(s).is_some() {
        cs
    } else {
        Charset::Utf8
    };
    let prefix = format!("=?{}?{}?", cs.name(), if b_encoding { "B" } else { "Q" });
    let budget = 75 - prefix.len() - 2;
    let mut words: Vec<String> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let width = |bytes: &[u8]| -> usize {
        if b_encoding {
            bytes.len().div_ceil(3) * 4
        } else {
            bytes
                .iter()
                .map(|&b| if q_literal(b) { 1 } else { 3 })
                .sum()
        }
    };
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let bytes = cs.encode(c.encode_utf8(&mut buf)).expect("checked above");
        let mut next = cur.clone();
        next.extend_from_slice(&bytes);
        if !cur.is_empty() && width(&next) > budget {
            words.push(finish_word(&prefix, &cur, b_encoding));
            cur = bytes;
        } else {
            cur = next;
        }
    }
    if !cur.is_empty() || words.is_empty() {
        words.push(finish_word(&prefix, &cur, b_encoding));
    }
    words.join(" ")
}

fn q_literal(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'!' | b'*' | b'+' | b'-' | b'/' | b' ')
}

fn finish_word(prefix: &str, bytes: &[u8], b_encoding: bool) -> String {
    let mut w = String::from(prefix);
    if b_encoding {
        w.push_str(&b64(bytes));
    } else {
        for &b in bytes {
            match b {
                b' ' => w.push('_'),
                b if q_literal(b) => w.push(b as char),
                b => w.push_str(&format!("={b:02X}")),
            }
        }
    }
    w.push_str("?=");
    w
}

/// RFC 2231 extended value: `UTF-8''CV_Jos%C3%A9.pdf`.
pub fn rfc2231_value(s: &str) -> String {
    let mut out = String::from("UTF-8''");
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Append the header `name: value` to `out`, folded at spaces so lines stay
/// within 78 characters where possible, ending in `\n`.
pub fn header(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.push(b':');
    let mut len = name.len() + 1;
    for (i, tok) in value.split(' ').enumerate() {
        if i > 0 && !tok.is_empty() && len + 1 + tok.len() > 78 && len > name.len() + 1 {
            out.push(b'\n');
            len = 0;
        }
        out.push(b' ');
        out.extend_from_slice(tok.as_bytes());
        len += 1 + tok.len();
    }
    out.push(b'\n');
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn day_name(w: Weekday) -> &'static str {
    DAYS[usize::from(w.number_days_from_monday())]
}

/// RFC 2822 date: `Mon, 06 Jan 2025 09:14:00 +0000`.
pub fn rfc2822(t: OffsetDateTime) -> String {
    let off = t.offset();
    let (sign, mins) = if off.whole_minutes() < 0 {
        ('-', -off.whole_minutes())
    } else {
        ('+', off.whole_minutes())
    };
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        day_name(t.weekday()),
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute(),
        t.second(),
        mins / 60,
        mins % 60
    )
}

/// asctime-style date for mbox separators, in UTC: `Mon Jan  6 09:14:00 2025`.
pub fn asctime(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} {}",
        day_name(t.weekday()),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn base64_known() {
        assert_eq!(b64(b""), "");
        assert_eq!(b64(b"f"), "Zg==");
        assert_eq!(b64(b"fo"), "Zm8=");
        assert_eq!(b64(b"foo"), "Zm9v");
        assert_eq!(b64("José".as_bytes()), "Sm9zw6k=");
        let mut v = Vec::new();
        b64_lines(&[0u8; 100], &mut v);
        let s = String::from_utf8(v).unwrap();
        let lines: Vec<_> = s.lines().collect();
        assert_eq!(lines[0].len(), 76);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn qp_lines() {
        let s = qp("Jos\u{e9} = x \nnext".as_bytes());
        assert_eq!(s, "Jos=C3=A9 =3D x=20\nnext");
        let long = qp(&[b'a'; 200]);
        assert!(long.lines().all(|l| l.len() <= 76));
        assert_eq!(long.replace("=\n", ""), "a".repeat(200));
    }

    #[test]
    fn words() {
        assert_eq!(
            encoded_words("José Müller", false, Charset::Utf8),
            "=?UTF-8?Q?Jos=C3=A9_M=C3=BCller?="
        );
        assert_eq!(
            encoded_words("José", false, Charset::Latin1),
            "=?ISO-8859-1?Q?Jos=E9?="
        );
        assert_eq!(
            encoded_words("Łukasz", false, Charset::Latin1),
            "=?UTF-8?Q?=C5=81ukasz?="
        );
        let long = encoded_words(&"é".repeat(80), true, Charset::Utf8);
        assert!(long.split(' ').all(|w| w.len() <= 75));
        assert!(long.split(' ').count() > 1);
    }

    #[test]
    fn dates() {
        let t = datetime!(2025-01-06 09:14:00 UTC);
        assert_eq!(rfc2822(t), "Mon, 06 Jan 2025 09:14:00 +0000");
        assert_eq!(asctime(t), "Mon Jan  6 09:14:00 2025");
        let t = t.to_offset(time::macros::offset!(-5:00));
        assert_eq!(rfc2822(t), "Mon, 06 Jan 2025 04:14:00 -0500");
    }

    #[test]
    fn folding() {
        let mut v = Vec::new();
        let refs: Vec<String> = (0..6)
            .map(|i| format!("<{i}.abcdef0123@x.example>"))
            .collect();
        header(&mut v, "References", &refs.join(" "));
        let s = String::from_utf8(v).unwrap();
        assert!(s.lines().all(|l| l.len() <= 78), "{s}");
        assert!(s.lines().skip(1).all(|l| l.starts_with(' ')));
        assert_eq!(
            s.replace("\n ", " "),
            format!("References: {}\n", refs.join(" "))
        );
    }
}
