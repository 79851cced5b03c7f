//! What is kept of a logged message and how it is shown: activity fields, decoded
//! headers, text, sanitised HTML, attachments and the raw message in the blob store.

mod common;

use common::{mbox, write_eml, Msg, Postroom};
use std::fs;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Alice", &["me@team.example"]);
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,jane.alt@y.example,,,",
        "candidate,Sam,Roe,sam@x.example,,,,",
        "contact,Hr,Person,hr@client.example,,,,",
    ]);
    p.run(&["blocklist", "add", "@blocked.example"]);
    p
}

#[test]
fn activity_lines_carry_every_field_decoded() {
    let p = site();
    let raw = "From: =?UTF-8?Q?J=C3=A1ne_Doe?= <Jane.Alt@Y.example>\n\
To: Alice <me@team.example>\n\
Subject: =?UTF-8?B?SW50ZXJ2aWV3IGbDvHI=?=\n =?UTF-8?Q?_M=C3=BCnchen?= office\n\
Message-ID:  <CAF+abc.123@mail.example>\n\
Date: Tue, 2 Jan 2024 09:30:00 +0200\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
Hello.\n";
    let path = p.path("one.eml");
    fs::write(&path, raw).unwrap();
    assert_eq!(p.import(&[&path]).logged, 1);
    let lines = p.json(&["activities", "list"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let a = &lines[0];
    let jane = p.record_id("candidates", "jane@x.example");
    let thread = p.threads(&[])[0].id;
    assert!(a["id"].as_i64().is_some_and(|id| id > 0), "{a}");
    assert_eq!(a["kind"], "email");
    assert_eq!(a["record_type"], "candidate");
    assert_eq!(a["record_id"], jane);
    assert_eq!(a["record_email"], "jane@x.example");
    assert_eq!(a["message_id"], "CAF+abc.123@mail.example");
    assert_eq!(a["subject"], "Interview für München office");
    assert_eq!(a["from"], "jane.alt@y.example");
    assert_eq!(a["direction"], "inbound");
    assert_eq!(a["occurred_at"], "2024-01-02T07:30:00Z");
    assert_eq!(a["thread_id"], thread);
}

#[test]
fn occurred_at_is_rfc3339_even_without_a_usable_date() {
    let p = site();
    let before = OffsetDateTime::now_utc().unix_timestamp();
    p.import_msgs(&[
        Msg::simple("nodate@content", "jane@x.example", "me@team.example").set("Date", None),
        Msg::simple("baddate@content", "jane@x.example", "me@team.example")
            .date("sometime last week"),
    ]);
    let after = OffsetDateTime::now_utc().unix_timestamp();
    let acts = p.activities(&[]);
    assert_eq!(acts.len(), 2);
    for a in acts {
        let t = OffsetDateTime::parse(&a.occurred_at, &Rfc3339)
            .unwrap_or_else(|e| panic!("{}: {e}", a.occurred_at))
            .unix_timestamp();
        assert!(
            (before - 5..=after + 5).contains(&t),
            "{a:?}: dated when seen"
        );
    }
}

#[test]
fn thread_show_keeps_text_participants_and_decoded_names() {
    let p = site();
    let m = Msg::simple(
        "show@content",
        "=?UTF-8?Q?Alice_M=C3=BCller?= <me@team.example>",
        "\"Doe, Jane\" <JANE@x.example>",
    )
    .cc("hr@client.example")
    .bcc("Sam <sam@x.example>")
    .reply_to("jobs@team.example")
    .text("Line one.\nLine two.\n");
    p.import_eml(&m);
    let msg = p.message("show@content");
    assert_eq!(msg["text"], "Line one.\nLine two.\n");
    assert_eq!(msg["from"], "me@team.example");
    assert_eq!(msg["from_name"], "Alice Müller");
    assert_eq!(msg["direction"], "outbound");
    assert_eq!(msg["subject"], "About show@content");
    let parts: Vec<(String, String, Option<String>)> = msg["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["role"].as_str().unwrap().to_string(),
                v["address"].as_str().unwrap().to_string(),
                v["name"].as_str().map(String::from),
            )
        })
        .collect();
    let want = [
        ("from", "me@team.example", Some("Alice Müller")),
        ("reply-to", "jobs@team.example", None),
        ("to", "jane@x.example", Some("Doe, Jane")),
        ("cc", "hr@client.example", None),
        ("bcc", "sam@x.example", Some("Sam")),
    ];
    for (role, address, name) in want {
        assert!(
            parts.contains(&(role.into(), address.into(), name.map(String::from))),
            "{role} {address} {name:?} missing from {parts:?}"
        );
    }
}

/// (what, HTML body, lowercase substrings that must be gone, substrings that must stay)
type HtmlCase = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn html_is_sanitised_no_script_event_handler_or_remote_content() {
    let cases: Vec<HtmlCase> = vec![
        (
            "script element",
            "<p>Kept text</p><script>alert('x')</script>",
            &["<script", "alert("],
            &["Kept text"],
        ),
        (
            "event handlers",
            "<div onclick=\"steal()\" onmouseover=\"steal()\">Hover</div><img src=\"cid:a@b\" onerror=\"steal()\"><a href=\"https://ok.example/\" onfocus=\"steal()\">ok</a>",
            &["onclick", "onmouseover", "onerror", "onfocus", "steal("],
            &["Hover", "ok"],
        ),
        (
            "remote image",
            "<p>Hi</p><img src=\"https://tracker.example/pixel.gif?u=1\" width=\"1\">",
            &["tracker.example"],
            &["Hi"],
        ),
        (
            "remote image in upper case",
            "<IMG SRC=\"HTTPS://TRACKER.EXAMPLE/X.GIF\">Hi",
            &["tracker.example"],
            &["Hi"],
        ),
        (
            "protocol-relative image",
            "<img src=\"//tracker.example/p.gif\">Hi",
            &["tracker.example"],
            &["Hi"],
        ),
        (
            "srcset",
            "<img src=\"cid:x@y\" srcset=\"https://tracker.example/a.png 1x, https://tracker.example/b.png 2x\">Hi",
            &["tracker.example"],
            &["Hi"],
        ),
        (
            "background attributes",
            "<table background=\"https://tracker.example/bg.png\"><tr><td background=\"http://tracker.example/td.png\">Cell</td></tr></table>",
            &["tracker.example"],
            &["Cell"],
        ),
        (
            "inline style url",
            "<div style=\"background-image:url(https://tracker.example/s.png)\">Styled</div>",
            &["tracker.example"],
            &["Styled"],
        ),
        (
            "style element with imports",
            "<style>@import url(https://tracker.example/s.css); p{background:url(https://tracker.example/x.png)}</style><p>After style</p>",
            &["tracker.example"],
            &["After style"],
        ),
        (
            "stylesheet link",
            "<link rel=\"stylesheet\" href=\"https://tracker.example/s.css\"><p>Linked</p>",
            &["tracker.example"],
            &["Linked"],
        ),
        (
            "frames, objects and media",
            "<iframe src=\"https://tracker.example/f\"></iframe><object data=\"https://tracker.example/o\"></object><embed src=\"https://tracker.example/e\"><video poster=\"https://tracker.example/p.png\" src=\"https://tracker.example/v.mp4\"></video><audio src=\"https://tracker.example/a.mp3\"></audio><p>Media</p>",
            &["tracker.example", "<iframe", "<object", "<embed"],
            &["Media"],
        ),
        (
            "svg with script and remote image",
            "<svg><script>alert(1)</script><image href=\"https://tracker.example/i.png\"/></svg><p>Svg</p>",
            &["tracker.example", "alert("],
            &["Svg"],
        ),
        (
            "meta refresh",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://tracker.example/\"><p>Meta</p>",
            &["tracker.example", "<meta"],
            &["Meta"],
        ),
        (
            "image input and link ping",
            "<input type=\"image\" src=\"https://tracker.example/i.png\"><a href=\"https://ok.example/\" ping=\"https://tracker.example/ping\">Pinged</a>",
            &["tracker.example"],
            &["Pinged"],
        ),
        (
            "javascript link",
            "<a href=\"javascript:alert(1)\">Js</a><a href=\" JaVaScRiPt:alert(2)\">Js2</a>",
            &["javascript:", "alert("],
            &["Js"],
        ),
        (
            "embedded images stay",
            "<img src=\"cid:logo@company\" alt=\"logo\"><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\">",
            &[],
            &["cid:logo@company", "data:image/png;base64,iVBORw0KGgo="],
        ),
    ];
    let p = site();
    let msgs: Vec<Msg> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, html, _, _))| {
            Msg::simple(
                &format!("h{i}@content"),
                "jane@x.example",
                "me@team.example",
            )
            .text("plain part\n")
            .html(html)
        })
        .collect();
    assert_eq!(p.import_msgs(&msgs).logged, cases.len() as u64);
    let stored = p.messages();
    let mut failures = Vec::new();
    for (i, (what, _, gone, stay)) in cases.iter().enumerate() {
        let id = format!("h{i}@content");
        let m = stored
            .iter()
            .find(|m| m["message_id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} not stored"));
        let html = m["html"].as_str().unwrap_or_default().to_string();
        let lower = html.to_lowercase();
        for g in *gone {
            if lower.contains(g) {
                failures.push(format!("{what}: {g:?} survived in {html:?}"));
            }
        }
        for s in *stay {
            if !html.contains(s) {
                failures.push(format!("{what}: {s:?} lost from {html:?}"));
            }
        }
        if m["text"] != "plain part\n" {
            failures.push(format!("{what}: text part {:?}", m["text"]));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn links_keep_no_scriptable_data_url() {
    let p = site();
    p.import_eml(
        &Msg::simple("data-link@content", "jane@x.example", "me@team.example").html(
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">Open</a><p>Body</p>",
        ),
    );
    let html = p.message("data-link@content")["html"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(html.contains("body"), "{html}");
    assert!(!html.contains("data:text/html"), "{html}");
}

#[test]
fn an_html_only_message_gets_a_text_version() {
    let p = site();
    p.import_eml(
        &Msg::simple("htmlonly@content", "jane@x.example", "me@team.example")
            .no_text()
            .html("<html><body><p>Looking <b>forward</b> to it.</p><script>x()</script></body></html>"),
    );
    let m = p.message("htmlonly@content");
    let text = m["text"].as_str().expect("a text version");
    assert!(
        text.contains("Looking") && text.contains("forward"),
        "{text}"
    );
    assert!(!text.contains("<p>") && !text.contains("x()"), "{text}");
    assert!(
        m["html"].as_str().unwrap().contains("<b>forward</b>"),
        "{m}"
    );
}

#[test]
fn attachments_are_listed_and_read_back_from_the_stored_message() {
    let p = site();
    let cv = b"%PDF-1.4\n% a CV\n".repeat(100);
    let photo: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 256) as u8).collect();
    let first = Msg::simple("att1@content", "jane@x.example", "me@team.example")
        .attach("cv.pdf", "application/pdf", &cv)
        .attach("photo.PNG", "Image/PNG", &photo);
    // The same CV, under another name, on another person's message.
    let second = Msg::simple("att2@content", "me@team.example", "hr@client.example").attach(
        "jane-doe-resume.pdf",
        "application/pdf",
        &cv,
    );
    assert_eq!(p.import_msgs(&[first, second]).logged, 2);

    let m1 = p.message("att1@content");
    let atts = m1["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 2, "{m1}");
    assert_eq!(atts[0]["name"], "cv.pdf");
    assert_eq!(atts[0]["content_type"], "application/pdf");
    assert_eq!(atts[0]["size"], cv.len());
    assert_eq!(atts[1]["name"], "photo.PNG");
    assert_eq!(atts[1]["content_type"], "image/png");
    assert_eq!(atts[1]["size"], photo.len());
    assert_eq!(p.attachment(&atts[0]), cv);
    assert_eq!(p.attachment(&atts[1]), photo);

    let m2 = p.message("att2@content");
    assert_eq!(m2["attachments"][0]["name"], "jane-doe-resume.pdf");
    assert_eq!(p.attachment(&m2["attachments"][0]), cv);
    // Attachments live inside the raw messages: two blobs, nothing else.
    assert_eq!(p.blob_files().len(), 2, "{:?}", p.blob_files());
}

#[test]
fn attachment_names_and_types_are_decoded() {
    let p = site();
    let raw = "From: jane@x.example\n\
To: me@team.example\n\
Subject: files\n\
Message-ID: <names@content>\n\
Date: Mon, 01 Jan 2024 10:00:00 +0000\n\
MIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"b1\"\n\
\n\
--b1\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
See attached.\n\
--b1\n\
Content-Type: application/pdf\n\
Content-Disposition: attachment; filename*=UTF-8''CV%20L%C3%A9a%20Dupr%C3%A9.pdf\n\
Content-Transfer-Encoding: base64\n\
\n\
JVBERi0xLjQK\n\
--b1\n\
Content-Type: text/plain; name=\"=?UTF-8?B?Tm90aXrDvGJlcnNpY2h0LnR4dA==?=\"\n\
Content-Disposition: attachment\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Gr=C3=BC=C3=9Fe\n\
--b1--\n";
    let path = p.path("names.eml");
    fs::write(&path, raw).unwrap();
    assert_eq!(p.import(&[&path]).logged, 1);
    let m = p.message("names@content");
    let atts = m["attachments"].as_array().unwrap();
    assert_eq!(atts.len(), 2, "{m}");
    assert_eq!(atts[0]["name"], "CV Léa Dupré.pdf");
    assert_eq!(atts[0]["size"], 9, "decoded size of %PDF-1.4\\n");
    assert_eq!(p.attachment(&atts[0]), b"%PDF-1.4\n");
    assert_eq!(atts[1]["name"], "Notizübersicht.txt");
    assert_eq!(atts[1]["content_type"], "text/plain");
    assert_eq!(p.attachment(&atts[1]), "Grüße".as_bytes());
    assert_eq!(m["text"].as_str().unwrap().trim(), "See attached.");
}

#[test]
fn the_raw_message_is_kept_byte_for_byte_with_all_its_headers() {
    let p = site();
    let m = Msg::new()
        .header(
            "Received",
            "from mx.example by mail.team.example;\n\tMon, 1 Jan 2024 10:00:01 +0000",
        )
        .header("X-Recruiter-Note", "keep me")
        .from("jane@x.example")
        .to("me@team.example")
        .subject("raw")
        .id("raw@content")
        .attach("a.txt", "text/plain", b"attached")
        .crlf();
    let path = p.path("raw.eml");
    write_eml(&path, &m);
    p.import(&[&path]);
    let msg = p.message("raw@content");
    let raw = p.raw(&msg);
    assert!(
        raw == fs::read(&path).unwrap(),
        "raw blob differs from the file"
    );
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("X-Recruiter-Note: keep me\r\n"), "{text}");
    assert!(text.contains("Received: from mx.example"), "{text}");
}

#[test]
fn nothing_is_stored_for_dismissed_or_blocked_mail() {
    let p = site();
    let path = p.path("nothing.mbox");
    fs::write(
        &path,
        mbox(&[
            Msg::simple(
                "dismissed@content",
                "stranger@else.example",
                "me@team.example",
            )
            .attach("cv.pdf", "application/pdf", b"%PDF stranger"),
            Msg::simple("blocked@content", "jane@x.example", "me@team.example")
                .cc("spy@blocked.example")
                .attach("cv.pdf", "application/pdf", b"%PDF jane"),
            Msg::simple("internal@content", "me@team.example", "me@team.example"),
        ]),
    )
    .unwrap();
    let t = p.import(&[&path]);
    assert_eq!((t.dismissed, t.blocked, t.logged), (2, 1, 0), "{t:?}");
    assert!(p.activities(&[]).is_empty());
    assert!(p.threads(&[]).is_empty());
    assert!(p.blob_files().is_empty(), "{:?}", p.blob_files());
}

#[test]
fn record_show_counts_activities_and_threads() {
    let p = site();
    p.import_msgs(&[
        Msg::simple("c1@content", "me@team.example", "jane@x.example"),
        Msg::simple("c2@content", "jane@x.example", "me@team.example").in_reply_to("c1@content"),
        Msg::simple("c3@content", "jane.alt@y.example", "me@team.example"),
    ]);
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let shown = &p.json(&["candidates", "show", &jane])[0];
    assert_eq!(shown["activities"], 3, "{shown}");
    assert_eq!(shown["threads"], 2, "{shown}");
    let sam = p.record_id("candidates", "sam@x.example").to_string();
    let shown = &p.json(&["candidates", "show", &sam])[0];
    assert_eq!(shown["activities"], 0, "{shown}");
}

#[test]
fn import_summary_is_the_last_json_line_with_exactly_the_counters() {
    let p = site();
    let path = p.path("one.eml");
    write_eml(
        &path,
        &Msg::simple("sum@content", "jane@x.example", "me@team.example"),
    );
    let out = p.json(&["mail", "import", path.to_str().unwrap()]);
    let last = out.last().unwrap().as_object().unwrap();
    let mut keys: Vec<&str> = last.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "activities",
            "blocked",
            "dismissed",
            "duplicates",
            "logged",
            "malformed",
            "scanned"
        ]
    );
    assert_eq!(last["scanned"], 1);
    assert_eq!(last["logged"], 1);
}
