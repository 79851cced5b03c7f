//! Plain text from an HTML-only message, for display and search.
//!
//! mail-parser's converter only breaks lines at `<br>` and `</p>`, which glues
//! `<div>` and `<li>` blocks (what most mail clients write) into one line. We mark
//! the end of every block element with a `<br>` first, then tidy the blank lines.

const BLOCKS: [&str; 16] = [
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
];

pub fn html_to_text(html: &str) -> String {
    let marked = mark_block_ends(html);
    let text = mail_parser::decoders::html::html_to_text(&marked);
    tidy(&text)
}

fn mark_block_ends(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = rest.find("</") {
        let after = &rest[i + 2..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        // A closing tag is short ("</div >"): looking further for its '>' would make
        // text full of "</" quadratic.
        let close = if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
            let window = &after.as_bytes()[name_len..after.len().min(name_len + 64)];
            memchr::memchr(b'>', window).map(|j| i + 2 + name_len + j + 1)
        } else {
            None
        };
        match close {
            Some(end) => {
                out.push_str(&rest[..end]);
                out.push_str("<br>");
                rest = &rest[end..];
            }
            _ => {
                out.push_str(&rest[..i + 2]);
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Trims line ends, keeps at most one blank line in a row, trims the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blanks = 0;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blanks += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blanks >= 2 { "\n\n" } else { "\n" });
        }
        blanks = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_full_of_unclosed_tags_is_linear_not_quadratic() {
        let html = "</a".repeat(300_000);
        let started = std::time::Instant::now();
        let _ = html_to_text(&html);
        // Quadratic took over ten seconds on this input; linear takes milliseconds.
        // The bound is loose so that a slow debug build on a busy machine passes.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn blocks_become_lines() {
        let table = [
            (
                "<div>Hi Jane,</div><div>Thanks.</div><ul><li>A</li><li>B</li></ul>",
                "Hi Jane,\nThanks.\nA\nB",
            ),
            ("<p>One</p><p>Two</p>", "One\nTwo"),
            ("a<br>b", "a\nb"),
            ("<b>bold</b> text</x", "bold text"),
        ];
        for (html, want) in table {
            assert_eq!(html_to_text(html), want, "{html}");
        }
    }
}
