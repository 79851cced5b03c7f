//! The parse of a skeleton must be the parse of the message: every case is parsed
//! both ways and compared, cutting every base64 body (`Some(0)`), the bodies the
//! ingest path cuts (`MIN_CUT`), and none.

use super::{Skeleton, MIN_CUT};
use crate::content::parse_with;
use crate::envelope::PARSER;

fn same_both_ways(name: &str, raw: &[u8]) {
    let full = parse_with(raw, None);
    for min in [Some(0), Some(MIN_CUT)] {
        assert_eq!(
            parse_with(raw, min),
            full,
            "{name}: cutting bodies of {min:?} bytes changed the parse"
        );
    }
}

/// Whether the skeleton of `raw` (every base64 body cut) is used, not set aside.
fn skeleton_used(raw: &[u8]) -> bool {
    let Some(skeleton) = Skeleton::of(raw, 0) else {
        return false;
    };
    PARSER
        .parse(&skeleton.bytes)
        .is_some_and(|m| skeleton.checked(&m))
}

fn b64_lines(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            out.push(if i <= n {
                ALPHABET[(v >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out.as_bytes()
        .chunks(76)
        .map(|l| format!("{}\r\n", std::str::from_utf8(l).unwrap()))
        .collect()
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 13) as u8).collect()
}

fn with_attachment(body_text: &str, attachment_b64: &str) -> Vec<u8> {
    format!(
        "From: Ana <ana@example.com>\r\nTo: bo@example.org\r\nSubject: CV\r\nMessage-ID: <cv@example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body_text}\r\n\
         --b1\r\nContent-Type: application/pdf; name=\"cv.pdf\"\r\nContent-Disposition: attachment; filename=\"cv.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{attachment_b64}--b1--\r\n"
    )
    .into_bytes()
}

#[test]
fn golden_messages_parse_the_same_from_their_skeleton() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            same_both_ways(&path.display().to_string(), &std::fs::read(&path).unwrap());
            seen += 1;
        }
    }
    assert!(
        seen > 30,
        "only {seen} golden messages found in {}",
        dir.display()
    );
}

#[test]
fn generated_mail_parses_the_same_and_skips_its_attachments() {
    let cfg = postroom_gen::Config::realistic(400, 7);
    let ds = postroom_gen::dataset(&cfg);
    let (mut with_base64, mut used) = (0, 0);
    for (i, raw) in postroom_gen::messages(&ds, &cfg).enumerate() {
        same_both_ways(&format!("generated message {i}"), &raw);
        if Skeleton::of(&raw, MIN_CUT).is_some() {
            with_base64 += 1;
            used += skeleton_used(&raw) as usize;
        }
    }
    assert!(
        with_base64 > 20,
        "only {with_base64} messages with attachments"
    );
    // Falling back to the full parse is correct but slow: it must stay the exception.
    assert_eq!(used, with_base64, "skeletons set aside for generated mail");
}

#[test]
fn attachment_sizes_are_the_decoded_sizes() {
    for len in [3000, 3001, 3002, 3003] {
        let raw = with_attachment("Hello", &b64_lines(&data(len)));
        assert!(skeleton_used(&raw));
        let (_, content) = parse_with(&raw, Some(0)).unwrap();
        assert_eq!(content.attachments[0].size, len);
        assert_eq!(content.text.as_deref(), Some("Hello"));
        same_both_ways(&format!("attachment of {len} bytes"), &raw);
    }
}

#[test]
fn a_base64_html_body_is_decoded_from_the_original() {
    let html = "<p>Caf\u{e9} with <b>Ana</b></p>".repeat(200);
    let raw = format!(
        "From: ana@example.com\r\nTo: bo@example.org\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\
         --alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}--alt--\r\n",
        b64_lines("Caf\u{e9} with Ana ".repeat(300).as_bytes()),
        b64_lines(html.as_bytes())
    )
    .into_bytes();
    assert!(skeleton_used(&raw));
    let (_, content) = parse_with(&raw, Some(0)).unwrap();
    assert!(content.text.unwrap().starts_with("Caf\u{e9} with Ana"));
    assert!(content.html.unwrap().contains("<b>Ana</b>"));
    same_both_ways("base64 alternative bodies", &raw);
}

#[test]
fn a_single_part_base64_message_parses_the_same() {
    let raw = format!(
        "From: ana@example.com\r\nTo: bo@example.org\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\
         Content-Transfer-Encoding: BASE64\r\n\r\n{}",
        b64_lines(&b"Gr\xfc\xdfe aus Wien. ".repeat(400))
    )
    .into_bytes();
    assert!(skeleton_used(&raw));
    let (_, content) = parse_with(&raw, Some(0)).unwrap();
    assert!(content.text.unwrap().starts_with("Grüße aus Wien."));
    same_both_ways("single-part base64", &raw);
}

#[test]
fn a_forwarded_message_keeps_its_size_and_attachments() {
    let inner = String::from_utf8(with_attachment("Inner", &b64_lines(&data(5000)))).unwrap();
    let raw = format!(
        "From: bo@example.org\r\nTo: cy@example.net\r\nSubject: Fwd: CV\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nSee below\r\n\
         --out\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--out\r\n\
         Content-Type: image/png; name=\"a.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}--out--\r\n",
        b64_lines(&data(4000))
    )
    .into_bytes();
    assert!(skeleton_used(&raw));
    let (_, content) = parse_with(&raw, Some(0)).unwrap();
    let sizes: Vec<usize> = content.attachments.iter().map(|a| a.size).collect();
    // The forwarded message is listed with its own length, not the outer message's.
    assert_eq!(sizes, [inner.len(), 4000]);
    same_both_ways("forwarded message", &raw);
}

#[test]
fn malformed_base64_bodies_parse_the_same() {
    let good = b64_lines(&data(3000));
    let cases = [
        // Not base64 at all (an encoding problem for mail-parser).
        (
            "a character outside the alphabet",
            good.replacen('A', "!", 1),
        ),
        ("a lone dash", good.replacen("\r\n", "-\r\n", 1)),
        (
            "data after the padding",
            format!("{}QUJD\r\n", b64_lines(&data(3001))),
        ),
        ("no padding", good.replace('=', "")),
        ("blank lines inside", good.replacen("\r\n", "\r\n\r\n", 3)),
        ("spaces inside", good.replacen("\r\n", " \t\r\n", 5)),
    ];
    for (name, body) in cases {
        same_both_ways(name, &with_attachment("Hi", &body));
    }
    // The closing boundary missing, or another one in its place.
    let raw = with_attachment("Hi", &good);
    let cut = raw.len() - "--b1--\r\n".len();
    same_both_ways("no closing boundary", &raw[..cut]);
    let mut other = raw[..cut].to_vec();
    other.extend_from_slice(b"--zz--\r\n");
    same_both_ways("a boundary of another part", &other);
    // A header quoted in a text body, followed by base64-looking lines.
    let quoted = format!(
        "From: ana@example.com\r\nTo: bo@example.org\r\n\r\nAs requested:\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{good}-- \r\nAna\r\n"
    );
    same_both_ways("a quoted header", quoted.as_bytes());
    // A folded header value and a multipart that claims base64.
    same_both_ways(
        "a folded value",
        &with_attachment("Hi", &good).replace_bytes(
            "Content-Transfer-Encoding: base64\r\n",
            "Content-Transfer-Encoding:\r\n base64\r\n",
        ),
    );
}

trait ReplaceBytes {
    fn replace_bytes(&self, from: &str, to: &str) -> Vec<u8>;
}

impl ReplaceBytes for Vec<u8> {
    fn replace_bytes(&self, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8(self.clone())
            .unwrap()
            .replace(from, to)
            .into_bytes()
    }
}

/// Regression: a text attachment (here Latin-1 CSV) was listed with its decoded
/// byte count, where the full parse lists its size once decoded to UTF-8.
#[test]
fn a_cut_text_attachment_has_its_utf8_size() {
    let raw = with_attachment("Hi", &b64_lines(&b"caf\xe9;na\xefve\r\n".repeat(300)))
        .replace_bytes(
            "application/pdf; name=\"cv.pdf\"",
            "text/csv; charset=iso-8859-1",
        );
    assert!(skeleton_used(&raw));
    let (_, content) = parse_with(&raw, Some(0)).unwrap();
    assert_eq!(
        content.attachments[0].size,
        "caf\u{e9};na\u{ef}ve\r\n".len() * 300
    );
    same_both_ways("a Latin-1 CSV attachment", &raw);
}

/// Regression: a forwarded message whose own body is one base64 part ended, in the
/// skeleton, before that body, and was listed a few hundred bytes long.
#[test]
fn a_forwarded_single_part_message_keeps_its_size() {
    let inner = format!(
        "From: x@example.com\r\nTo: y@example.com\r\nContent-Type: application/pdf\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}",
        b64_lines(&data(3000))
    );
    let raw = format!(
        "From: bo@example.org\r\nTo: cy@example.net\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\n\
         See below\r\n--out\r\nContent-Type: message/rfc822\r\n\r\n{inner}--out--\r\n"
    )
    .into_bytes();
    assert!(skeleton_used(&raw));
    let (_, content) = parse_with(&raw, Some(0)).unwrap();
    assert_eq!(content.attachments[0].size, inner.len() - 2);
    same_both_ways("a forwarded single-part message", &raw);
}

/// Regression: the parts of a nested message that came quoted-printable have offsets
/// of their own decoded bytes; one of them could pass for a cut of the outer message.
#[test]
fn parts_of_an_encoded_forwarded_message_never_vouch_for_a_cut() {
    let head = "From: bo@example.org\r\nTo: cy@example.net\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n--out\r\nContent-Type: message/rfc822\r\n\
        Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    let inner_head = "From: x@example.com\r\nTo: y@example.com\r\n\
        Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n--in\r\n\
        Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    let second = "--in\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nX-Pad: ";
    // The second (empty) part's body, counted in the decoded inner message, lands
    // where the first part's body was cut in the skeleton of the outer one.
    let pad = head.len() - second.len() - 4;
    let inner = format!(
        "{inner_head}{}{second}{}\r\n\r\n--in--\r\n",
        b64_lines(&data(3000)),
        "a".repeat(pad)
    );
    let raw = format!("{head}{inner}--out--\r\n").into_bytes();
    assert!(
        !skeleton_used(&raw),
        "the check vouched for a cut it cannot see"
    );
    same_both_ways("a quoted-printable forwarded message", &raw);
}

/// Random MIME trees (nested and prefix boundaries, digests, forwarded messages with
/// and without an encoding, charsets, CRLF or LF, malformed or unclosed base64)
/// parse the same from their skeleton.
#[test]
fn random_mime_trees_parse_the_same_from_their_skeleton() {
    let mut rng = Rng(0x1234_5678);
    let mut compared = 0;
    for case in 0..3000 {
        let nl = if rng.below(2) == 0 { "\r\n" } else { "\n" };
        let mut boundaries = 0;
        let body = random_part(&mut rng, 0, nl, &mut boundaries, None);
        let raw = format!(
            "From: a@example.com{nl}To: b@example.org{nl}Subject: t{nl}MIME-Version: 1.0{nl}{body}"
        );
        // mail-parser's own debug assertions fire on a few such trees, whichever way
        // they are parsed: those are not ours to compare.
        let Ok(full) = std::panic::catch_unwind(|| parse_with(raw.as_bytes(), None)) else {
            continue;
        };
        for min in [Some(0), Some(MIN_CUT)] {
            let cut = std::panic::catch_unwind(|| parse_with(raw.as_bytes(), min));
            assert!(
                cut.as_ref().is_ok_and(|c| *c == full),
                "case {case}, cutting {min:?}: {cut:?} differs from {full:?} for\n{raw}"
            );
        }
        compared += 1;
    }
    assert!(compared > 2900, "only {compared} cases compared");
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

fn random_part(
    rng: &mut Rng,
    depth: usize,
    nl: &str,
    boundaries: &mut usize,
    parent: Option<&str>,
) -> String {
    let kind = rng.below(if depth > 2 { 5 } else { 8 });
    let lines = |s: String| s.replace('\n', nl);
    match kind {
        0..=4 => {
            let cte = rng.pick(&["base64", "BASE64", "base64 ", "quoted-printable", "7bit"]);
            let ctype = rng.pick(&[
                "text/plain; charset=utf-8",
                "text/plain; charset=iso-8859-1",
                "text/html; charset=windows-1252",
                "application/pdf; name=a.pdf",
                "image/png",
                "text/csv",
                "text/plain",
                "text/calendar; charset=utf-16",
            ]);
            let disposition = rng.pick(&[
                "",
                "Content-Disposition: attachment; filename=x\n",
                "Content-Disposition: inline\n",
            ]);
            let len = [0, 10, 1500, 3000, 3001, 3002][rng.below(6)];
            let bytes: Vec<u8> = (0..len)
                .map(|i| match rng.below(4) {
                    0 => b'a' + (i % 26) as u8,
                    1 => 0xe9,
                    2 => b'\n',
                    _ => (i * 31) as u8,
                })
                .collect();
            let mut b64 = b64_lines(&bytes).replace("\r\n", nl);
            match rng.below(12) {
                0 => b64 = b64.replace('=', ""),
                1 => b64.push_str(&format!("QUJD{nl}")),
                2 => b64 = b64.trim_end().to_string(),
                _ => {}
            }
            lines(format!(
                "Content-Type: {ctype}\n{disposition}Content-Transfer-Encoding: {cte}\n\n"
            )) + &b64
        }
        5 | 6 => {
            *boundaries += 1;
            // Sometimes a boundary that starts with its parent's.
            let b = if rng.below(3) == 0 {
                format!("{}x", parent.unwrap_or("b"))
            } else {
                format!("b{boundaries}")
            };
            let sub = rng.pick(&["mixed", "alternative", "related", "digest"]);
            let mut s = lines(format!(
                "Content-Type: multipart/{sub}; boundary=\"{b}\"\n\n"
            ));
            if rng.below(2) == 0 {
                s += &lines("preamble\n".into());
            }
            for _ in 0..1 + rng.below(3) {
                s += &format!("--{b}{nl}");
                s += &random_part(rng, depth + 1, nl, boundaries, Some(&b));
                if !s.ends_with('\n') {
                    s += nl;
                }
            }
            if rng.below(6) != 0 {
                s += &format!("--{b}--{nl}");
            }
            s
        }
        _ => {
            let encoding = rng.pick(&["", "Content-Transfer-Encoding: 7bit\n"]);
            lines(format!(
                "Content-Type: message/rfc822\n{encoding}\nFrom: z@example.com\nTo: q@example.com\nSubject: inner\n"
            )) + &random_part(rng, depth + 1, nl, boundaries, parent)
        }
    }
}
