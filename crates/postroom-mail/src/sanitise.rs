//! HTML bodies are shown to recruiters in a browser, so what we keep must be inert:
//! no scripts, no event handlers, and no remote content (a remote image is a tracking
//! pixel that tells the sender when a recruiter opened the record).

use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_url_schemes(["cid", "data"]);
        // A <title> is not part of what the sender wrote to the reader.
        b.add_clean_content_tags(["title"]);
        b.attribute_filter(|element, attribute, value| {
            let loads_remote = matches!(attribute, "src" | "srcset" | "background" | "poster")
                || (element == "img" && attribute == "lowsrc");
            if loads_remote {
                let v = value.trim_start().to_ascii_lowercase();
                if v.starts_with("cid:") || v.starts_with("data:image/") {
                    return Some(value.into());
                }
                return None;
            }
            // data: URLs are allowed for inline images only; a data: link can carry
            // a whole scriptable page.
            if value
                .trim_start()
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
            {
                return None;
            }
            Some(value.into())
        });
        b
    })
}

pub fn sanitise_html(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_active_or_remote_survives() {
        let table = [
            ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
            (
                "<a href=\"https://x.com\" onclick=\"evil()\">x</a>",
                "<a href=\"https://x.com\" rel=\"noopener noreferrer\">x</a>",
            ),
            (
                "<img src=\"http://tracker.example/p.gif\" alt=\"t\">",
                "<img alt=\"t\">",
            ),
            ("<img src=\"cid:logo@x\">", "<img src=\"cid:logo@x\">"),
            (
                "<div style=\"background:url(http://x/y)\">a</div>",
                "<div>a</div>",
            ),
            ("<iframe src=\"http://x\"></iframe>ok", "ok"),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a rel=\"noopener noreferrer\">x</a>",
            ),
        ];
        for (input, want) in table {
            assert_eq!(sanitise_html(input), want, "{input}");
        }
    }
}
