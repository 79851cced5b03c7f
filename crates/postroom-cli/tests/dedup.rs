//! Each message is stored once (by Message-ID, or by content without one) and logged
//! once per record, however many copies arrive and whenever they arrive.

mod common;

use common::{mbox, mbox_raw, write_eml, write_maildir, Msg, Postroom, Tally};
use std::fs;

fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Alice", &["me@team.example"]);
    p.users_add("Bob", &["bob@team.example"]);
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,,,,",
        "candidate,Sam,Roe,sam@x.example,,,,",
        "contact,Hr,Person,hr@client.example,,,,",
    ]);
    p.run(&["blocklist", "add", "@blocked.example"]);
    p
}

/// What Alice sent: the To/Cc everyone sees, plus the Bcc only her Sent copy shows.
fn sent_copy() -> Msg {
    Msg::simple("offer@dedup", "Alice <me@team.example>", "jane@x.example")
        .cc("bob@team.example")
        .bcc("sam@x.example")
        .text("The offer is attached in spirit.\n")
}

/// The same message as delivered to Bob: no Bcc, delivery headers added on top.
fn inbox_copy() -> Msg {
    Msg::new()
        .header(
            "Received",
            "from mx.team.example by mail.team.example; Mon, 1 Jan 2024 10:00:01 +0000",
        )
        .header("Delivered-To", "bob@team.example")
        .from("Alice <me@team.example>")
        .to("jane@x.example")
        .cc("bob@team.example")
        .subject("About offer@dedup")
        .id("offer@dedup")
        .text("The offer is attached in spirit.\n")
}

fn records_of(p: &Postroom, id: &str) -> Vec<String> {
    p.records_of(id)
}

#[test]
fn same_message_id_twice_in_one_import_is_stored_once() {
    let p = site();
    let m = Msg::simple("twice@dedup", "jane@x.example", "me@team.example");
    let t = p.import_msgs(&[m.clone(), m]);
    assert_eq!(
        t,
        Tally {
            scanned: 2,
            logged: 1,
            activities: 1,
            duplicates: 1,
            ..Tally::default()
        }
    );
    assert_eq!(p.activities(&[]).len(), 1);
    let threads = p.threads(&[]);
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].messages, 1);
    assert_eq!(p.blob_files().len(), 1, "one raw message blob");
}

#[test]
fn inbox_and_sent_copy_in_one_import_are_stored_once_and_the_bcc_is_logged() {
    let p = site();
    let maildir = p.path("Maildir");
    write_maildir(&maildir, &[("cur", &inbox_copy())]);
    write_maildir(&maildir.join(".Sent"), &[("cur", &sent_copy())]);
    let t = p.import(&[&maildir]);
    assert_eq!(
        t,
        Tally {
            scanned: 2,
            logged: 1,
            duplicates: 1,
            activities: 2,
            ..Tally::default()
        }
    );
    assert_eq!(
        records_of(&p, "offer@dedup"),
        ["candidate:jane@x.example", "candidate:sam@x.example"]
    );
    assert_eq!(p.messages().len(), 1);
}

#[test]
fn inbox_copy_then_sent_copy_in_later_imports_adds_only_the_bcc_activity() {
    let p = site();
    let first = p.import_eml(&inbox_copy());
    assert_eq!((first.logged, first.activities), (1, 1), "{first:?}");
    let second = p.import_with(
        &[&{
            let path = p.path("sent.eml");
            write_eml(&path, &sent_copy());
            path
        }],
        &["--owner", "me@team.example"],
    );
    assert_eq!(
        second,
        Tally {
            scanned: 1,
            duplicates: 1,
            activities: 1,
            ..Tally::default()
        }
    );
    assert_eq!(
        records_of(&p, "offer@dedup"),
        ["candidate:jane@x.example", "candidate:sam@x.example"]
    );
    assert_eq!(p.messages().len(), 1);
    assert!(p.activities(&[]).iter().all(|a| a.direction == "outbound"));
}

#[test]
fn sent_copy_then_inbox_copy_adds_nothing() {
    let p = site();
    let first = p.import_eml(&sent_copy());
    assert_eq!((first.logged, first.activities), (1, 2), "{first:?}");
    let second = p.import_eml(&inbox_copy());
    assert_eq!(
        second,
        Tally {
            scanned: 1,
            duplicates: 1,
            ..Tally::default()
        }
    );
    assert_eq!(p.activities(&[]).len(), 2);
}

#[test]
fn re_running_an_import_adds_nothing() {
    let p = site();
    let path = p.path("all.mbox");
    let mut raws: Vec<Vec<u8>> = vec![
        Msg::simple("r1@dedup", "jane@x.example", "me@team.example").bytes(),
        Msg::simple("r2@dedup", "me@team.example", "hr@client.example")
            .cc("sam@x.example")
            .attach("cv.pdf", "application/pdf", b"%PDF-1.4 cv")
            .bytes(),
        Msg::simple("r3@dedup", "stranger@else.example", "me@team.example").bytes(),
        Msg::simple("r4@dedup", "jane@x.example", "x@blocked.example").bytes(),
        Msg::new()
            .from("jane@x.example")
            .to("me@team.example")
            .subject("no id")
            .bytes(),
    ];
    raws.push(b"\x00\x01 not mail".to_vec());
    fs::write(&path, mbox_raw(&raws)).unwrap();
    let first = p.import(&[&path]);
    assert_eq!(
        first,
        Tally {
            scanned: 6,
            logged: 3,
            activities: 4,
            dismissed: 1,
            blocked: 1,
            malformed: 1,
            ..Tally::default()
        }
    );
    let activities = p.activities(&[]);
    let threads = p.threads(&[]);
    let blobs = p.blob_files();
    let second = p.import(&[&path]);
    assert_eq!(
        second,
        Tally {
            scanned: 6,
            duplicates: 3,
            dismissed: 1,
            blocked: 1,
            malformed: 1,
            ..Tally::default()
        }
    );
    assert_eq!(p.activities(&[]), activities);
    assert_eq!(p.threads(&[]), threads);
    assert_eq!(p.blob_files(), blobs);
}

#[test]
fn the_same_message_in_a_later_import_from_another_format_is_a_duplicate() {
    let p = site();
    let m = Msg::simple("fmt@dedup", "jane@x.example", "me@team.example")
        .text("From the start,\nthis line began with From.\n");
    let mb = p.path("a.mbox");
    fs::write(&mb, mbox(std::slice::from_ref(&m))).unwrap();
    assert_eq!(p.import(&[&mb]).logged, 1);
    let md = p.path("md");
    write_maildir(&md, &[("new", &m)]);
    let eml = p.path("b.eml");
    write_eml(&eml, &m);
    let t = p.import(&[&md, &eml]);
    assert_eq!(
        t,
        Tally {
            scanned: 2,
            duplicates: 2,
            ..Tally::default()
        }
    );
}

#[test]
fn same_content_without_message_id_is_stored_once() {
    let p = site();
    let m = Msg::new()
        .from("jane@x.example")
        .to("me@team.example")
        .subject("no Message-ID")
        .text("From my phone,\nJane\n");
    let first = p.import_msgs(&[m.clone(), m.clone()]);
    assert_eq!(
        (first.logged, first.duplicates, first.activities),
        (1, 1, 1),
        "{first:?}"
    );
    // The same bytes again, as an .eml (unescaped) in a later import.
    let eml = p.path("copy.eml");
    write_eml(&eml, &m);
    let second = p.import(&[&eml]);
    assert_eq!(
        (second.logged, second.duplicates, second.activities),
        (0, 1, 0),
        "{second:?}"
    );
    let acts = p.activities(&[]);
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0].message_id, None, "no Message-ID is null");
}

#[test]
fn different_messages_without_message_id_are_kept_apart() {
    let p = site();
    let m = |body: &str| {
        Msg::new()
            .from("jane@x.example")
            .to("me@team.example")
            .subject("Same subject")
            .text(body)
    };
    let t = p.import_msgs(&[m("one\n"), m("two\n")]);
    assert_eq!((t.logged, t.activities), (2, 2), "{t:?}");
    assert_eq!(p.messages().len(), 2);
}

#[test]
fn message_id_spelling_does_not_make_a_different_message() {
    let p = site();
    let a = Msg::simple("spelled@dedup", "jane@x.example", "me@team.example");
    let b = a
        .clone()
        .set("Message-ID", Some("   <spelled@dedup>  "))
        .text("the same message, re-encoded\n");
    let t = p.import_msgs(&[a, b]);
    assert_eq!((t.logged, t.duplicates), (1, 1), "{t:?}");
}

#[test]
fn duplicates_across_batches_of_a_large_import_are_stored_once() {
    let p = site();
    let n = 1500;
    let msgs: Vec<Msg> = (0..n)
        .map(|i| {
            // The last 300 repeat the first 300, in the next batch.
            let id = format!("bulk-{}@dedup", if i >= 1200 { i - 1200 } else { i });
            Msg::simple(&id, "jane@x.example", "me@team.example")
        })
        .collect();
    let t = p.import_msgs(&msgs);
    assert_eq!(
        t,
        Tally {
            scanned: n as u64,
            logged: 1200,
            activities: 1200,
            duplicates: 300,
            ..Tally::default()
        }
    );
    assert_eq!(p.activities(&[]).len(), 1200);
}

#[test]
fn same_content_without_message_id_as_inbox_and_sent_copy_is_stored_once() {
    let p = site();
    let sent = Msg::new()
        .from("Alice <me@team.example>")
        .to("jane@x.example")
        .cc("bob@team.example")
        .subject("Call tomorrow?")
        .text("Does 10:00 work for you?\n");
    // What Bob's mailbox holds: the same message with the headers added in transit.
    let mut inbox = Msg::new()
        .header("Return-Path", "<me@team.example>")
        .header("Delivered-To", "bob@team.example")
        .header(
            "Received",
            "from mail.team.example by mx.team.example; Mon, 1 Jan 2024 10:00:02 +0000",
        );
    inbox = inbox
        .from("Alice <me@team.example>")
        .to("jane@x.example")
        .cc("bob@team.example")
        .subject("Call tomorrow?")
        .text("Does 10:00 work for you?\n");
    let maildir = p.path("Maildir");
    write_maildir(&maildir, &[("cur", &inbox)]);
    write_maildir(&maildir.join(".Sent"), &[("cur", &sent)]);
    let t = p.import(&[&maildir]);
    assert_eq!(
        t,
        Tally {
            scanned: 2,
            logged: 1,
            duplicates: 1,
            activities: 1,
            ..Tally::default()
        }
    );
    assert_eq!(
        p.activities(&[]).len(),
        1,
        "one activity per record per message"
    );
}
