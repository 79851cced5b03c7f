//! Mailbox sync when things go wrong: refused logins, cut connections, kill -9,
//! and the admin commands around them. Against a real Dovecot.

mod common;
mod imap;

use imap::*;
use postroom_testkit::Proxy;
use std::time::Duration;

const BOB: &str = "bob@team.example";
const BOB_PW: &str = "bob-secret-pw-2";

#[test]
fn a_wrong_password_is_refused_at_connect_and_nothing_is_saved() {
    let s = Setup::new();
    let args = s.connect_args(s.dc.port(), "not-the-password", &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, err) = s.p.fail(&args);
    assert!(err.contains("refused the login"), "{err}");
    assert!(!format!("{out}{err}").contains("not-the-password"));
    assert!(s.p.json(&["mailboxes", "list"]).is_empty());
}

#[test]
fn an_unreachable_host_and_plaintext_over_a_network_are_refused() {
    let s = Setup::new();
    let closed = postroom_testkit::free_port();
    let args = s.connect_args(closed, ALICE_PW, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, err) = s.p.fail(&args);
    assert!(
        err.contains(&format!("cannot reach 127.0.0.1:{closed}")),
        "{err}"
    );

    let pw = s.password_file(ALICE_PW);
    let (_, err) = s.p.fail(&[
        "mailboxes",
        "connect",
        ALICE,
        "--host",
        "imap.example.com",
        "--security",
        "none",
        "--password-file",
        &pw,
    ]);
    assert!(
        err.contains("only accepted for a server on this machine"),
        "{err}"
    );

    let (_, err) = s.p.fail(&[
        "mailboxes",
        "connect",
        "stranger@team.example",
        "--host",
        "127.0.0.1",
        "--password-file",
        &pw,
    ]);
    assert!(err.contains("no team member has this address"), "{err}");
    assert!(s.p.json(&["mailboxes", "list"]).is_empty());
}

#[test]
fn passwords_never_appear_in_output_logs_or_the_database() {
    let s = Setup::new();
    let args = s.connect_args(s.dc.port(), ALICE_PW, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out =
        s.p.cmd()
            .env("POSTROOM_LOG", "trace")
            .args(&args)
            .output()
            .unwrap();
    assert!(out.status.success());
    s.append("INBOX", &mail("1@x", JANE, ALICE));
    let sync =
        s.p.cmd()
            .env("POSTROOM_LOG", "trace")
            .args(["sync", "--once"])
            .output()
            .unwrap();
    let status = s.p.run(&["mailboxes", "status"]);
    let list = s.p.run(&["--json", "mailboxes", "list"]);
    for text in [
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&sync.stdout),
        String::from_utf8_lossy(&sync.stderr),
        status.as_str().into(),
        list.as_str().into(),
    ] {
        assert!(!text.contains(ALICE_PW), "the password leaked: {text}");
    }
    for entry in std::fs::read_dir(s.p.data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(ALICE_PW.len())
                    .any(|w| w == ALICE_PW.as_bytes()),
                "the password is in clear in {}",
                path.display()
            );
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = s.p.data_dir().join("secret.key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key file is readable by others");
    }
    // With the key gone, the sealed password cannot be opened: say so.
    std::fs::remove_file(s.p.data_dir().join("secret.key")).unwrap();
    let out = s.p.output(&["sync", "--once"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("secret.key is missing"));
}

#[test]
fn a_password_changed_later_marks_the_mailbox_for_reconnection_and_others_go_on() {
    let s = Setup::new();
    s.dc.add_user(BOB, BOB_PW);
    s.p.users_add("Bob", &[BOB]);
    s.connect(&[]);
    connect_bob(&s);
    s.dc.set_password(ALICE, "a-new-password");
    s.append("INBOX", &mail("alice@x", JANE, ALICE));
    s.dc.append(BOB, "INBOX", &mail("bob@x", JOHN, BOB).bytes());

    let out = s.p.output(&["--json", "sync", "--once"]);
    assert!(!out.status.success(), "a failed mailbox fails the pass");
    let lines = common::parse_lines(&String::from_utf8_lossy(&out.stdout));
    let bob = lines.iter().find(|l| l["mailbox"] == BOB).unwrap();
    assert_eq!(bob["tally"]["logged"], 1, "Bob's mailbox went on: {bob}");
    let alice = lines.iter().find(|l| l["mailbox"] == ALICE).unwrap();
    assert!(alice["error"]
        .as_str()
        .unwrap()
        .contains("refused the login"));
    let status = s.status();
    assert_eq!(status["needs_reconnect"], true, "{status}");
    let text = s.p.run(&["mailboxes", "status", ALICE]);
    assert!(text.contains("needs reconnection"), "{text}");
    let (_, err) = s.p.fail(&["mailboxes", "resume", ALICE]);
    assert!(err.contains("connect it again"), "{err}");

    // Reconnecting with the new password picks up where the mailbox left off.
    let args = s.connect_args(s.dc.port(), "a-new-password", &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut all = vec!["--json"];
    all.extend(args);
    let c = common::parse_lines(&s.p.run(&all)).pop().unwrap();
    assert_eq!(c["tally"]["logged"], 1, "{c}");
    assert_eq!(s.status()["state"], "active");
    assert_eq!(s.sync_once()["scanned"], 0);
    assert_eq!(s.logged_ids(), ["alice@x", "bob@x"]);
}

#[test]
fn a_connection_cut_in_the_middle_of_a_fetch_resumes_without_loss() {
    let s = Setup::new();
    let proxy = Proxy::start(s.dc.port());
    let args = s.connect_args(proxy.port(), ALICE_PW, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s.p.run(&args);
    let body = "All work and no play makes Jack a dull boy.\n".repeat(700);
    let mut want = Vec::new();
    for i in 0..40 {
        let id = format!("cut{i:02}@x");
        s.append("INBOX", &mail(&id, JANE, ALICE).text(&body));
        want.push(id);
    }
    // The next two connections die part-way through the 1.2 MB of message bodies.
    proxy.cut_after_bytes(300_000);
    proxy.cut_after_bytes(700_000);
    let before = proxy.connections();
    let out =
        s.p.cmd()
            .env("POSTROOM_RETRY_BASE_MS", "20")
            .args(["--json", "sync", "--once"])
            .output()
            .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(proxy.connections() - before >= 3, "two cut, one whole");
    want.sort();
    assert_eq!(s.logged_ids(), want, "every message once");
}

#[test]
fn kill_9_in_the_middle_of_a_large_import_loses_and_duplicates_nothing() {
    let s = Setup::new();
    s.connect(&[]);
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n".repeat(60);
    let mut raws = Vec::new();
    let mut want = Vec::new();
    for i in 0..4000 {
        let id = format!("k{i:04}@x");
        let from = match i % 3 {
            0 => JANE,
            1 => JOHN,
            _ => STRANGER,
        };
        if i % 3 != 2 {
            want.push(id.clone());
        }
        raws.push(mail(&id, from, ALICE).text(&filler).bytes());
    }
    s.dc.append_many(ALICE, "INBOX", &raws);
    let mut sync = s.spawn_sync(3600, &[]);
    wait_for(Duration::from_secs(60), "a first commit", || {
        let n = s.status()["folders"][0]["logged"].as_u64().unwrap_or(0);
        (n > 0).then_some(())
    });
    sync.kill9();
    // More may have committed between that look and the kill: count again.
    let logged_at_kill = s.status()["folders"][0]["logged"].as_u64().unwrap();
    eprintln!("killed after {logged_at_kill} of {} logged", want.len());

    let t = s.sync_once();
    assert_eq!(
        t["logged"].as_u64().unwrap() + logged_at_kill,
        want.len() as u64,
        "the restart logs exactly what the killed run had not: {t}"
    );
    want.sort();
    assert_eq!(s.logged_ids(), want);
    let inbox = &s.status()["folders"][0];
    assert_eq!(inbox["seen"], 4000, "{inbox}");
}

#[test]
fn history_import_for_one_candidate_shows_progress_and_is_safe_to_rerun() {
    let s = Setup::new();
    s.append("INBOX", &mail("j1@x", JANE, ALICE));
    s.append("INBOX", &mail("j2@x", STRANGER, ALICE).cc(JANE));
    s.append("Sent", &mail("j3@x", ALICE, JANE));
    s.append("INBOX", &mail("n1@x", JOHN, ALICE));
    s.append("INBOX", &mail("n2@x", STRANGER, ALICE));
    s.connect(&[]);
    let jane = s.p.record_id("candidates", JANE).to_string();
    let out =
        s.p.output(&["--json", "history", "import", "--candidate", &jane]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{ALICE} INBOX: 2/2 messages")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{ALICE} Sent: 1/1 messages")),
        "{err}"
    );
    let tally = common::parse_lines(&String::from_utf8_lossy(&out.stdout))
        .pop()
        .unwrap();
    assert_eq!(tally["logged"], 3, "{tally}");
    assert_eq!(
        s.logged_ids(),
        ["j1@x", "j2@x", "j3@x"],
        "John's mail stays out"
    );

    let again =
        s.p.json(&["history", "import", "--candidate", &jane])
            .pop()
            .unwrap();
    assert_eq!(again["logged"], 0, "{again}");
    assert_eq!(s.logged_ids(), ["j1@x", "j2@x", "j3@x"]);
}

#[test]
fn a_new_address_on_a_record_picks_up_its_past_mail() {
    let s = Setup::new();
    s.append("INBOX", &mail("alt@x", "jane.alt@cand.example", ALICE));
    s.append("INBOX", &mail("new-person@x", "newbie@cand.example", ALICE));
    s.connect(&[]);
    assert_eq!(
        s.sync_once()["logged"],
        0,
        "going forward: the past stays out"
    );
    s.p.people(&[
        &format!("candidate,Jane,Doe,{JANE},jane.alt@cand.example,,,"),
        "candidate,New,Bie,newbie@cand.example,,,,",
    ]);
    let t = s.sync_once();
    assert_eq!(t["logged"], 2, "{t}");
    assert_eq!(s.logged_ids(), ["alt@x", "new-person@x"]);
    assert_eq!(s.sync_once()["scanned"], 0, "the searches ran once");
}

#[test]
fn pause_resume_and_disconnect() {
    let s = Setup::new();
    s.connect(&[]);
    s.p.run(&["mailboxes", "pause", ALICE]);
    s.append("INBOX", &mail("p@x", JANE, ALICE));
    assert!(
        s.p.json(&["sync", "--once"]).is_empty(),
        "a paused mailbox is skipped"
    );
    assert_eq!(s.status()["state"], "paused");
    s.p.run(&["mailboxes", "resume", ALICE]);
    assert_eq!(s.sync_once()["logged"], 1);
    s.p.run(&["mailboxes", "disconnect", ALICE]);
    assert!(s.p.json(&["mailboxes", "list"]).is_empty());
    assert_eq!(s.logged_ids(), ["p@x"], "what was logged stays");
    let (_, err) = s.p.fail(&["mailboxes", "status", ALICE]);
    assert!(err.contains("cannot find a connected mailbox"), "{err}");
}

#[test]
fn the_service_takes_on_new_mailboxes_and_marks_a_refused_one_while_others_go_on() {
    let s = Setup::new();
    s.dc.add_user(BOB, BOB_PW);
    s.p.users_add("Bob", &[BOB]);
    s.connect(&[]);
    let sync = s.spawn_sync(3600, &[]);
    wait_for(Duration::from_secs(20), "Alice's first pass", || {
        s.status()["last_sync"].is_string().then_some(())
    });
    // Bob connects while the service runs: it starts watching his mailbox too.
    connect_bob(&s);
    // Alice's password changes and her sessions are dropped: the service cannot log
    // back in.
    s.dc.set_password(ALICE, "changed-behind-our-back");
    s.dc.doveadm(&["kick", ALICE]);
    wait_for(
        Duration::from_secs(20),
        "Alice's mailbox to need reconnection",
        || (s.status()["needs_reconnect"] == true).then_some(()),
    );
    s.dc.deliver_lmtp(BOB, &mail("to-bob@x", JOHN, BOB).bytes());
    wait_for(Duration::from_secs(20), "Bob's new mail", || {
        (s.logged_ids() == ["to-bob@x"]).then_some(())
    });
    let (status, log) = sync.terminate();
    assert!(status.success(), "{log}");
    assert!(log.contains("needs reconnecting"), "{log}");
    assert!(!log.contains("changed-behind-our-back"));
}

#[test]
fn mail_that_concerns_nobody_is_never_downloaded_whole() {
    let s = Setup::new();
    let proxy = Proxy::start(s.dc.port());
    let args = s.connect_args(proxy.port(), ALICE_PW, &[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s.p.run(&args);
    // 20 MB of newsletters, and one short note from a candidate.
    let big = "x".repeat(1_000_000);
    let raws: Vec<Vec<u8>> = (0..20)
        .map(|i| {
            mail(&format!("news{i}@x"), STRANGER, ALICE)
                .text(&big)
                .bytes()
        })
        .collect();
    s.dc.append_many(ALICE, "INBOX", &raws);
    s.append("INBOX", &mail("note@x", JANE, ALICE));
    // Any connection that carries more than 2 MB to Postroom is cut: a sync that
    // downloaded the newsletters could never finish.
    proxy.cut_every_after_bytes(2_000_000);
    let out =
        s.p.cmd()
            .env("POSTROOM_RETRY_BASE_MS", "20")
            .args(["--json", "sync", "--once"])
            .output()
            .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tally = common::parse_lines(&String::from_utf8_lossy(&out.stdout))
        .pop()
        .unwrap();
    assert_eq!(tally["tally"]["scanned"], 21, "{tally}");
    assert_eq!(tally["tally"]["dismissed"], 20, "{tally}");
    assert_eq!(s.logged_ids(), ["note@x"]);
}

/// Connects Bob's mailbox (Bob must be a Dovecot user and a team member).
fn connect_bob(s: &Setup) {
    let bob_pw = s.password_file(BOB_PW);
    let port = s.dc.port().to_string();
    s.p.run(&[
        "mailboxes",
        "connect",
        BOB,
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "none",
        "--password-file",
        &bob_pw,
    ]);
}
