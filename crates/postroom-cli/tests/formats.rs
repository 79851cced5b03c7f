//! Mail file formats: mbox (mboxrd escaping), Maildir, .eml files and folders of them,
//! detected by content; malformed input never stops an import.

mod common;

use common::{mbox, mbox_raw, write_eml, write_maildir, Msg, Postroom, Tally};
use std::fs;

/// A site where every message sent to or from jane@x.example is logged.
fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Alice", &["me@team.example"]);
    p.people(&["candidate,Jane,Doe,jane@x.example,,,,"]);
    p
}

fn to_jane(id: &str) -> Msg {
    Msg::simple(id, "me@team.example", "jane@x.example")
}

fn logged(n: u64) -> Tally {
    Tally {
        scanned: n,
        logged: n,
        activities: n,
        ..Tally::default()
    }
}

fn stored_ids(p: &Postroom) -> Vec<String> {
    let mut ids: Vec<String> = p
        .activities(&[])
        .into_iter()
        .filter_map(|a| a.message_id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn mbox_messages_are_split_and_from_lines_unescaped() {
    let p = site();
    let body = "Dear Jane,\nFrom now on we talk weekly.\n>From the archive: quoted.\n>>From deeper.\n> From not escaped.\nFrom\n";
    let middle = to_jane("m2@fmt").text(body);
    let path = p.path("inbox.mbox");
    fs::write(
        &path,
        mbox(&[to_jane("m1@fmt"), middle.clone(), to_jane("m3@fmt")]),
    )
    .unwrap();
    // The file on disk carries the mboxrd escapes.
    let on_disk = fs::read_to_string(&path).unwrap();
    assert!(on_disk.contains("\n>From now on"), "{on_disk}");
    assert!(on_disk.contains("\n>>From the archive"), "{on_disk}");

    assert_eq!(p.import(&[&path]), logged(3));
    assert_eq!(stored_ids(&p), ["m1@fmt", "m2@fmt", "m3@fmt"]);
    let m2 = p.message("m2@fmt");
    assert_eq!(
        m2["text"].as_str().unwrap(),
        body,
        "text unescaped exactly once"
    );
    let raw = p.raw(&m2);
    assert_eq!(
        String::from_utf8_lossy(&raw),
        String::from_utf8_lossy(&middle.bytes()),
        "the raw message is the unescaped original"
    );
}

#[test]
fn mbox_with_crlf_line_endings_and_no_final_newline() {
    let p = site();
    let mut bytes = mbox(&[to_jane("c1@fmt").crlf(), to_jane("c2@fmt").crlf()]);
    while bytes.ends_with(b"\r\n") {
        bytes.truncate(bytes.len() - 2);
    }
    let path = p.path("crlf.mbox");
    fs::write(&path, bytes).unwrap();
    assert_eq!(p.import(&[&path]), logged(2));
    assert_eq!(
        p.message("c2@fmt")["text"].as_str().unwrap().trim(),
        "Hello."
    );
}

#[test]
fn format_is_detected_from_content_not_file_name() {
    let p = site();
    // An mbox without an extension, an mbox called .eml, a single message called .mbox.
    let a = p.path("archive");
    fs::write(&a, mbox(&[to_jane("d1@fmt"), to_jane("d2@fmt")])).unwrap();
    let b = p.path("exported.eml");
    fs::write(&b, mbox(&[to_jane("d3@fmt")])).unwrap();
    let c = p.path("lonely.mbox");
    write_eml(&c, &to_jane("d4@fmt"));
    assert_eq!(p.import(&[&a, &b, &c]), logged(4));
    assert_eq!(stored_ids(&p), ["d1@fmt", "d2@fmt", "d3@fmt", "d4@fmt"]);
}

#[test]
fn maildir_reads_cur_and_new_and_subfolders_but_not_tmp() {
    let p = site();
    let dir = p.path("Maildir");
    write_maildir(
        &dir,
        &[
            ("cur", &to_jane("md1@fmt")),
            ("cur", &to_jane("md2@fmt")),
            ("new", &to_jane("md3@fmt")),
        ],
    );
    fs::write(
        dir.join("tmp").join("half-delivered"),
        to_jane("tmp@fmt").bytes(),
    )
    .unwrap();
    // Maildir++ subfolder.
    write_maildir(
        &dir.join(".Sent"),
        &[(
            "cur",
            &Msg::simple("sent1@fmt", "me@team.example", "jane@x.example"),
        )],
    );
    assert_eq!(p.import(&[&dir]), logged(4));
    assert_eq!(
        stored_ids(&p),
        ["md1@fmt", "md2@fmt", "md3@fmt", "sent1@fmt"]
    );
}

#[test]
fn eml_files_and_nested_folders_of_them() {
    let p = site();
    let root = p.path("export");
    write_eml(&root.join("a.eml"), &to_jane("e1@fmt"));
    write_eml(&root.join("2024/b.eml"), &to_jane("e2@fmt"));
    write_eml(&root.join("2024/03/c.eml"), &to_jane("e3@fmt").crlf());
    fs::write(root.join("2024/03/d.mbox"), mbox(&[to_jane("e4@fmt")])).unwrap();
    assert_eq!(p.import(&[&root]), logged(4));
    assert_eq!(stored_ids(&p), ["e1@fmt", "e2@fmt", "e3@fmt", "e4@fmt"]);
}

#[test]
fn several_paths_of_different_formats_in_one_import() {
    let p = site();
    let mb = p.path("one.mbox");
    fs::write(&mb, mbox(&[to_jane("p1@fmt"), to_jane("p2@fmt")])).unwrap();
    let md = p.path("md");
    write_maildir(&md, &[("new", &to_jane("p3@fmt"))]);
    let eml = p.path("x.eml");
    write_eml(&eml, &to_jane("p4@fmt"));
    assert_eq!(p.import(&[&mb, &md, &eml]), logged(4));
}

#[test]
fn a_missing_path_fails_the_import_and_names_it() {
    let p = site();
    let missing = p.path("does-not-exist.mbox");
    let (_, stderr) = p.fail(&["mail", "import", missing.to_str().unwrap()]);
    assert!(stderr.contains("does-not-exist.mbox"), "{stderr}");
}

#[test]
fn malformed_input_never_stops_an_import() {
    let p = site();
    let garbage: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
    let bad: Vec<Vec<u8>> = vec![
        garbage.clone(),
        b"\x00\x01\x02\x03 not a message at all".to_vec(),
        b"this line is not a header\nneither is this\n\nbody\n".to_vec(),
        b"Subject: no participants anywhere\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n\nbody\n"
            .to_vec(),
        b"From: \nTo: <>\nSubject: empty addresses\n\nbody\n".to_vec(),
    ];
    let mut raws = vec![to_jane("ok1@fmt").bytes()];
    raws.extend(bad.iter().cloned());
    raws.push(to_jane("ok2@fmt").bytes());
    let mb = p.path("mixed.mbox");
    fs::write(&mb, mbox_raw(&raws)).unwrap();
    // A folder with a binary file next to good messages.
    let dir = p.path("folder");
    write_eml(&dir.join("a.eml"), &to_jane("ok3@fmt"));
    fs::write(dir.join("b.eml"), &garbage).unwrap();
    write_eml(&dir.join("c.eml"), &to_jane("ok4@fmt"));

    let t = p.import(&[&mb, &dir]);
    assert_eq!(
        t,
        Tally {
            scanned: 4 + bad.len() as u64 + 1,
            logged: 4,
            activities: 4,
            malformed: bad.len() as u64 + 1,
            ..Tally::default()
        }
    );
    assert_eq!(stored_ids(&p), ["ok1@fmt", "ok2@fmt", "ok3@fmt", "ok4@fmt"]);
}

#[test]
fn a_message_with_a_broken_mime_structure_is_still_logged() {
    let p = site();
    let raw = "From: jane@x.example\nTo: me@team.example\nSubject: broken\nMessage-ID: <broken@fmt>\nDate: Mon, 01 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"never-closed\"\n\n--never-closed\nContent-Type: text/plain\n\nStill readable text.\n--never-clo";
    let path = p.path("broken.eml");
    fs::write(&path, raw).unwrap();
    assert_eq!(p.import(&[&path]), logged(1));
    // What can be read is kept: as the text, or as a part of its own.
    let m = p.message("broken@fmt");
    let in_text = m["text"]
        .as_str()
        .unwrap_or("")
        .contains("Still readable text.");
    let in_part = m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| String::from_utf8_lossy(&p.attachment(a)).contains("Still readable text."));
    assert!(in_text || in_part, "{m}");
}

#[test]
fn a_message_larger_than_the_read_buffer_stays_whole_in_an_mbox() {
    let p = site();
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let big = to_jane("big@fmt").attach("big.bin", "application/octet-stream", &data);
    let path = p.path("big.mbox");
    fs::write(
        &path,
        mbox(&[to_jane("before@fmt"), big, to_jane("after@fmt")]),
    )
    .unwrap();
    assert_eq!(p.import(&[&path]), logged(3));
    let m = p.message("big@fmt");
    let att = &m["attachments"][0];
    assert_eq!(att["size"], data.len());
    assert!(p.attachment(att) == data);
}

#[test]
fn headers_in_raw_utf8_are_read() {
    let p = site();
    let raw = "From: Jäne Doe <jane@x.example>\nTo: me@team.example\nSubject: Grüße aus München\nMessage-ID: <utf8@fmt>\nDate: Mon, 01 Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nHallo.\n";
    let path = p.path("utf8.eml");
    fs::write(&path, raw).unwrap();
    assert_eq!(p.import(&[&path]), logged(1));
    let a = &p.activities_of("utf8@fmt")[0];
    assert_eq!(a.subject.as_deref(), Some("Grüße aus München"));
    assert_eq!(p.message("utf8@fmt")["from_name"], "Jäne Doe");
}

#[cfg(unix)]
#[test]
fn an_unreadable_entry_in_a_folder_does_not_stop_the_import() {
    let p = site();
    let dir = p.path("folder");
    write_eml(&dir.join("a.eml"), &to_jane("ok-a@fmt"));
    std::os::unix::fs::symlink(p.path("gone.eml"), dir.join("b.eml")).unwrap();
    write_eml(&dir.join("c.eml"), &to_jane("ok-c@fmt"));
    let out = p.output(&["--json", "mail", "import", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stored_ids(&p), ["ok-a@fmt", "ok-c@fmt"]);
    let summary = common::parse_lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(summary.last().unwrap()["malformed"], 1, "{summary:?}");
}
