//! Regression tests, one per bug found in review, each named after the bug.

mod common;

use common::{mbox, write_eml, Msg, Postroom};
use std::fs;

fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Me", &["me@team.example"]);
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,,,,",
        "candidate,Bob,Roe,bob@x.example,,,,",
    ]);
    p
}

#[test]
fn a_message_with_forty_thousand_references_does_not_stop_the_import() {
    let p = site();
    let refs: Vec<String> = (0..40_000).map(|i| format!("r{i}@old.example")).collect();
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    let hostile = Msg::simple("hostile@x", "jane@x.example", "me@team.example").references(&refs);
    let fine = Msg::simple("fine@x", "bob@x.example", "me@team.example");
    let t = p.import_msgs(&[hostile, fine]);
    assert_eq!((t.logged, t.malformed), (2, 0), "{t:?}");
}

#[test]
fn two_imports_at_once_into_one_data_dir_both_succeed() {
    let p = site();
    let a: Vec<Msg> = (0..300)
        .map(|i| Msg::simple(&format!("a{i}@x"), "jane@x.example", "me@team.example"))
        .collect();
    let b: Vec<Msg> = (0..300)
        .map(|i| Msg::simple(&format!("b{i}@x"), "bob@x.example", "me@team.example"))
        .collect();
    let (pa, pb) = (p.fresh("a", "mbox"), p.fresh("b", "mbox"));
    fs::write(&pa, mbox(&a)).unwrap();
    fs::write(&pb, mbox(&b)).unwrap();
    let spawn = |path: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_postroom"))
            .arg("--data-dir")
            .arg(p.data_dir())
            .args(["--json", "mail", "import"])
            .arg(path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (ca, cb) = (spawn(&pa), spawn(&pb));
    for child in [ca, cb] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(p.activities(&[]).len(), 600);
}

/// The inbox copy has no Bcc; the sender's copy reveals a blocked Bcc.
fn copies() -> (Msg, Msg) {
    let inbox = Msg::simple("x@deal", "me@team.example", "jane@x.example");
    let sent = inbox.clone().bcc("partner@evil.example");
    (inbox, sent)
}

#[test]
fn removing_a_blocklist_entry_lets_its_messages_in_again() {
    let p = site();
    p.run(&["blocklist", "add", "@evil.example"]);
    let (inbox, sent) = copies();
    let t = p.import_msgs(&[sent.clone(), inbox.clone()]);
    assert_eq!((t.logged, t.blocked), (0, 2), "{t:?}");
    p.run(&["blocklist", "remove", "@evil.example"]);
    let t = p.import_msgs(&[sent, inbox]);
    assert_eq!(t.logged, 1, "{t:?}");
    assert_eq!(p.activities(&[]).len(), 1);
}

#[test]
fn a_blocked_copy_arriving_later_removes_the_logged_message_and_its_blobs() {
    let p = site();
    p.run(&["blocklist", "add", "@evil.example"]);
    let (inbox, sent) = copies();
    let inbox = inbox.attach(
        "contract.pdf",
        "application/pdf",
        b"secret terms of the deal",
    );
    let sent = sent.attach(
        "contract.pdf",
        "application/pdf",
        b"secret terms of the deal",
    );
    assert_eq!(p.import_eml(&inbox).logged, 1);
    assert!(!p.blob_files().is_empty());
    assert_eq!(p.import_eml(&sent).blocked, 1);
    assert!(p.activities(&[]).is_empty());
    assert!(p.messages().is_empty());
    assert_eq!(
        p.blob_files(),
        Vec::<std::path::PathBuf>::new(),
        "content of a blocked message stayed on disk"
    );
}

#[test]
fn a_blocked_message_links_threads_the_same_whatever_the_order() {
    // A (Jane) <- X (blocked copy + clean copy) <- Y (Bob, replies to X only).
    let a = Msg::simple("a@t", "jane@x.example", "me@team.example");
    let x_clean = Msg::simple("x@t", "me@team.example", "jane@x.example").in_reply_to("a@t");
    let x_blocked = x_clean.clone().bcc("partner@evil.example");
    let y = Msg::simple("y@t", "bob@x.example", "me@team.example").in_reply_to("x@t");
    let orders: [Vec<&Msg>; 2] = [
        vec![&a, &x_clean, &x_blocked, &y],
        vec![&x_blocked, &x_clean, &a, &y],
    ];
    let mut partitions = Vec::new();
    for order in orders {
        let p = site();
        p.run(&["blocklist", "add", "@evil.example"]);
        for m in order {
            p.import_eml(m);
        }
        partitions.push(
            p.threads(&[])
                .iter()
                .map(|t| t.messages)
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(partitions[0], partitions[1]);
    assert_eq!(partitions[0], vec![2], "A and Y share a thread through X");
}

#[test]
fn reimport_without_optional_columns_keeps_other_emails_company_and_title() {
    let p = site();
    p.people(&["candidate,Ann,Lee,ann@x.example,ann@home.example;a.lee@x.example,Acme,CTO,555"]);
    let csv = p.fresh("minimal", "csv");
    fs::write(
        &csv,
        "kind,first_name,last_name,email\ncandidate,Ann,Lee-Smith,ann@x.example\n",
    )
    .unwrap();
    p.run(&["people", "import", csv.to_str().unwrap()]);
    let id = p.record_id("candidates", "ann@x.example").to_string();
    let shown = &p.json(&["candidates", "show", &id])[0];
    assert_eq!(shown["last_name"], "Lee-Smith");
    assert_eq!(shown["company"], "Acme");
    assert_eq!(shown["title"], "CTO");
    assert_eq!(shown["phone"], "555");
    assert_eq!(
        shown["other_emails"].as_array().unwrap().len(),
        2,
        "{shown}"
    );
}

#[test]
fn a_file_larger_than_any_mail_is_counted_malformed_without_being_read() {
    let p = site();
    let dir = p.path("mixed");
    fs::create_dir_all(&dir).unwrap();
    write_eml(
        &dir.join("ok.eml"),
        &Msg::simple("ok@x", "jane@x.example", "me@team.example"),
    );
    let big = fs::File::create(dir.join("video.bin")).unwrap();
    big.set_len(64 << 20).unwrap(); // sparse: costs no disk
    let t = p.import(&[&dir]);
    assert_eq!((t.logged, t.malformed), (1, 1), "{t:?}");
}

#[test]
fn listing_more_activities_than_one_page_returns_each_once_in_order() {
    let p = site();
    // Same Date on every message: the page boundary falls inside one timestamp.
    let msgs: Vec<Msg> = (0..2500)
        .map(|i| Msg::simple(&format!("m{i}@page"), "jane@x.example", "me@team.example"))
        .collect();
    assert_eq!(p.import_msgs(&msgs).logged, 2500);
    let listed = p.activities(&["--email", "jane@x.example"]);
    let mut ids: Vec<i64> = listed.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), 2500);
    let in_order = ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2500, "an activity was listed twice");
    assert_eq!(in_order, ids, "not in (date, id) order");
}
