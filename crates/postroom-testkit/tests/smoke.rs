//! The testkit against the real thing: each test starts its own Dovecot.

use postroom_testkit::{free_port, Dovecot, ImapClient, Options, Proxy, ALL_MAIL};
use std::io::Read;
use std::net::TcpStream;
use std::thread;
use std::time::Instant;

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Ada <ada@example.org>\r\nTo: Bob <bob@example.org>\r\n\
         Subject: message {n}\r\nMessage-ID: <m{n}@example.org>\r\n\
         Date: Mon, 6 Jan 2025 09:00:00 +0000\r\n\r\nHello number {n}.\r\n"
    )
    .into_bytes()
}

fn connect(dovecot: &Dovecot) -> ImapClient {
    ImapClient::connect(dovecot.host(), dovecot.port()).expect("connect")
}

/// UIDs of every message in `folder`, via `UID SEARCH ALL`.
fn uids(client: &mut ImapClient, folder: &str) -> Vec<u32> {
    client
        .command(&format!("SELECT \"{folder}\""))
        .expect("select");
    let response = client.command("UID SEARCH ALL").expect("search");
    let line = response
        .untagged
        .iter()
        .find_map(|l| l.strip_prefix("SEARCH"))
        .expect("SEARCH response");
    line.split_whitespace()
        .map(|uid| uid.parse().unwrap())
        .collect()
}

#[test]
fn starts_quickly_and_has_the_special_use_folders() {
    let started = Instant::now();
    let dovecot = Dovecot::start();
    eprintln!("Dovecot started in {:?}", started.elapsed());
    assert_eq!(dovecot.host(), "127.0.0.1");
    assert_ne!(dovecot.port(), dovecot.lmtp_port());

    dovecot.add_user("alice", "secret");
    let mut client = connect(&dovecot);
    assert!(
        client.greeting().contains("Dovecot"),
        "{}",
        client.greeting()
    );
    client.login("alice", "secret").expect("login");
    let list = client.command("LSUB \"\" \"*\"").expect("LSUB").untagged;
    for (flag, name) in [
        ("\\Sent", "Sent"),
        ("\\Drafts", "Drafts"),
        ("\\Junk", "Junk"),
        ("\\Trash", "Trash"),
    ] {
        assert!(
            list.iter().any(|l| l.contains(flag) && l.ends_with(name)),
            "{name} with {flag} not subscribed: {list:?}"
        );
    }
    assert!(!list.iter().any(|l| l.contains("\\All")), "{list:?}");
    client.logout();
}

#[test]
fn all_mail_option_adds_a_gmail_style_all_folder() {
    let dovecot = Dovecot::start_with(Options {
        all_mail: true,
        ..Options::default()
    });
    dovecot.add_user("alice", "secret");
    let mut client = dovecot.imap("alice");
    let list = client.command("LIST \"\" \"*\"").expect("LIST").untagged;
    assert!(
        list.iter()
            .any(|l| l.contains("\\All") && l.contains(ALL_MAIL)),
        "{list:?}"
    );
    client.logout();
    assert_eq!(dovecot.append("alice", ALL_MAIL, &message(1)), 1);
}

#[test]
fn capabilities_include_idle_and_condstore_unless_idle_is_off() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let caps = dovecot.imap("alice").capabilities().expect("CAPABILITY");
    for cap in [
        "IDLE",
        "CONDSTORE",
        "QRESYNC",
        "UIDPLUS",
        "MOVE",
        "SPECIAL-USE",
        "LITERAL+",
    ] {
        assert!(caps.iter().any(|c| c == cap), "{cap} missing from {caps:?}");
    }

    let polling = Dovecot::start_with(Options {
        idle: false,
        ..Options::default()
    });
    polling.add_user("alice", "secret");
    let client = connect(&polling);
    assert!(!client.greeting().contains("IDLE"), "{}", client.greeting());
    let caps = polling.imap("alice").capabilities().expect("CAPABILITY");
    assert!(!caps.iter().any(|c| c == "IDLE"), "{caps:?}");
    for cap in ["CONDSTORE", "UIDPLUS", "LITERAL+"] {
        assert!(caps.iter().any(|c| c == cap), "{cap} missing from {caps:?}");
    }
}

#[test]
fn append_returns_increasing_uids() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let first = dovecot.append("alice", "INBOX", &message(1));
    let second = dovecot.append("alice", "INBOX", &message(2));
    let sent = dovecot.append("alice", "Sent", &message(3));
    assert!(first >= 1 && second > first, "{first} then {second}");
    assert_eq!(sent, 1, "UIDs are per folder");
    let status = dovecot
        .imap("alice")
        .status("INBOX", "MESSAGES UIDNEXT")
        .expect("STATUS");
    assert_eq!(status["MESSAGES"], 2);
    assert_eq!(status["UIDNEXT"], u64::from(second) + 1);
}

#[test]
fn append_many_handles_thousands() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let messages: Vec<Vec<u8>> = (0..3000).map(message).collect();
    let started = Instant::now();
    dovecot.append_many("alice", "INBOX", &messages);
    eprintln!("appended 3000 messages in {:?}", started.elapsed());
    let status = dovecot
        .imap("alice")
        .status("INBOX", "MESSAGES")
        .expect("STATUS");
    assert_eq!(status["MESSAGES"], 3000);
}

#[test]
fn lmtp_delivery_lands_in_inbox() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    dovecot.add_user("bob@example.org", "hunter2");
    let raw =
        b"From: Ada <ada@example.org>\nSubject: delivered\n\nfirst line\n.leading dot\nlast\n";
    dovecot.deliver_lmtp("alice", raw);
    dovecot.deliver_lmtp("bob@example.org", raw);

    let mut client = dovecot.imap("alice");
    client.command("SELECT INBOX").expect("SELECT");
    let fetched = client
        .command("FETCH 1 BODY.PEEK[TEXT]")
        .expect("FETCH")
        .untagged
        .join("\n");
    assert!(
        fetched.contains("\r\n.leading dot\r\n"),
        "dot-stuffing undone: {fetched}"
    );
    client.logout();

    let status = dovecot.doveadm(&[
        "-f",
        "flow",
        "mailbox",
        "status",
        "-u",
        "bob@example.org",
        "messages",
        "INBOX",
    ]);
    assert!(status.contains("messages=1"), "{status}");
}

#[test]
fn set_password_takes_effect_at_once() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "old");
    let mut session = dovecot.imap("alice");
    for round in 0..3 {
        let (old, new) = if round % 2 == 0 {
            ("old", "new")
        } else {
            ("new", "old")
        };
        connect(&dovecot)
            .login("alice", old)
            .expect("old password before the change");
        dovecot.set_password("alice", new);
        let err = connect(&dovecot)
            .login("alice", old)
            .expect_err("old password after the change");
        assert!(err.to_string().contains("AUTHENTICATIONFAILED"), "{err}");
        connect(&dovecot).login("alice", new).expect("new password");
    }
    // An open session is not thrown out by the change.
    session.command("NOOP").expect("NOOP");
}

#[test]
fn reset_uidvalidity_keeps_messages_and_renumbers_them() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    for folder in ["INBOX", "Sent"] {
        dovecot.append_many("alice", folder, &[message(1), message(2), message(3)]);
        let mut client = dovecot.imap("alice");
        let before = client
            .status(folder, "MESSAGES UIDVALIDITY UIDNEXT")
            .expect("STATUS");
        let old_uids = uids(&mut client, folder);
        client.logout();

        let mut selected = dovecot.imap("alice");
        selected
            .command(&format!("SELECT \"{folder}\""))
            .expect("SELECT");

        let new_validity = dovecot.reset_uidvalidity("alice", folder);

        assert!(
            selected.command("NOOP").is_err(),
            "Dovecot keeps sessions on a reset folder"
        );

        let mut client = dovecot.imap("alice");
        let after = client
            .status(folder, "MESSAGES UIDVALIDITY")
            .expect("STATUS");
        assert_ne!(after["UIDVALIDITY"], before["UIDVALIDITY"]);
        assert_eq!(after["UIDVALIDITY"], u64::from(new_validity));
        assert_eq!(after["MESSAGES"], before["MESSAGES"]);
        let new_uids = uids(&mut client, folder);
        assert!(
            new_uids
                .iter()
                .all(|uid| u64::from(*uid) >= before["UIDNEXT"]),
            "{old_uids:?} -> {new_uids:?}"
        );
        let fetched = client
            .command("FETCH 1:* BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
            .expect("FETCH");
        let subjects: Vec<&String> = fetched
            .untagged
            .iter()
            .filter(|l| l.contains("Subject:"))
            .collect();
        assert_eq!(subjects.len(), 3);
        for (n, line) in subjects.iter().enumerate() {
            assert!(
                line.contains(&format!("Subject: message {}", n + 1)),
                "{line}"
            );
        }
        client.logout();
    }
}

#[test]
fn import_maildir_makes_files_visible() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let src = tempfile::tempdir().unwrap();
    for sub in [
        "cur",
        "new",
        "tmp",
        ".Archive/cur",
        ".Archive/new",
        ".Archive/tmp",
    ] {
        std::fs::create_dir_all(src.path().join(sub)).unwrap();
    }
    std::fs::write(src.path().join("new/1.host"), message(1)).unwrap();
    std::fs::write(src.path().join("cur/2.host:2,S"), message(2)).unwrap();
    std::fs::write(src.path().join(".Archive/cur/3.host:2,S"), message(3)).unwrap();
    dovecot.import_maildir("alice", src.path());
    assert!(dovecot.maildir("alice").join("cur").is_dir());

    let mut client = dovecot.imap("alice");
    assert_eq!(client.status("INBOX", "MESSAGES").unwrap()["MESSAGES"], 2);
    assert_eq!(client.status("Archive", "MESSAGES").unwrap()["MESSAGES"], 1);
    // Dovecot can write there (flags, moving new/ to cur/).
    client.command("SELECT INBOX").unwrap();
    client.command("STORE 1:* +FLAGS (\\Flagged)").unwrap();
}

#[test]
fn instances_run_in_parallel_and_clean_up() {
    let servers: Vec<Dovecot> = (0..3)
        .map(|_| thread::spawn(Dovecot::start))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    for (n, dovecot) in servers.iter().enumerate() {
        dovecot.add_user(&format!("user{n}"), "pw");
    }
    for (n, dovecot) in servers.iter().enumerate() {
        assert_eq!(dovecot.append(&format!("user{n}"), "INBOX", &message(n)), 1);
        let other = format!("user{}", (n + 1) % servers.len());
        assert!(
            connect(dovecot).login(&other, "pw").is_err(),
            "users leak between instances"
        );
    }
    let (dir, port) = (servers[0].dir().to_owned(), servers[0].port());
    drop(servers);
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still listening"
    );
}

#[test]
fn proxy_forwards_and_cut_breaks_connections() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let proxy = Proxy::start(dovecot.port());
    assert_ne!(proxy.port(), dovecot.port());

    let mut a = ImapClient::connect("127.0.0.1", proxy.port()).expect("via proxy");
    let mut b = ImapClient::connect("127.0.0.1", proxy.port()).expect("via proxy");
    a.login("alice", "secret").expect("login via proxy");
    b.login("alice", "secret").expect("login via proxy");
    a.command("NOOP").expect("NOOP");
    assert_eq!(proxy.connections(), 2);

    proxy.cut();
    assert!(a.command("NOOP").is_err(), "connection a survived the cut");
    assert!(b.command("NOOP").is_err(), "connection b survived the cut");
    assert_eq!(proxy.open_connections(), 0);

    let mut c = ImapClient::connect("127.0.0.1", proxy.port()).expect("reconnect");
    c.login("alice", "secret").expect("login after cut");
    assert_eq!(proxy.connections(), 3);
}

#[test]
fn proxy_cuts_after_bytes_in_the_middle_of_a_fetch() {
    let dovecot = Dovecot::start();
    dovecot.add_user("alice", "secret");
    let mut big = message(1);
    big.extend(
        std::iter::repeat_n(
            b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n".as_slice(),
            4000,
        )
        .flatten(),
    );
    dovecot.append("alice", "INBOX", &big);
    let proxy = Proxy::start(dovecot.port());

    // Exactly n bytes, then the end.
    proxy.cut_after_bytes(10);
    let mut raw = TcpStream::connect(("127.0.0.1", proxy.port())).unwrap();
    let mut got = Vec::new();
    let _ = raw.read_to_end(&mut got);
    assert_eq!(got, b"* OK [CAPA");

    // One armed connection dies inside the FETCH literal; the next is healthy.
    proxy.cut_after_bytes(100_000);
    for attempt in 0..2 {
        let mut client = ImapClient::connect("127.0.0.1", proxy.port()).unwrap();
        client.login("alice", "secret").unwrap();
        client.command("SELECT INBOX").unwrap();
        let fetched = client.command("FETCH 1 BODY.PEEK[]");
        match attempt {
            0 => assert!(fetched.is_err(), "FETCH survived the cut"),
            _ => assert!(fetched.unwrap().untagged[0].len() > big.len()),
        }
    }

    // Every connection, until healed.
    proxy.cut_every_after_bytes(5);
    for _ in 0..2 {
        assert!(ImapClient::connect("127.0.0.1", proxy.port()).is_err());
    }
    proxy.heal();
    ImapClient::connect("127.0.0.1", proxy.port()).expect("healed");
}

#[test]
fn handles_can_be_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Dovecot>();
    send_sync::<Proxy>();
}

#[test]
fn free_ports_are_distinct() {
    let ports: std::collections::HashSet<u16> = (0..50).map(|_| free_port()).collect();
    assert_eq!(ports.len(), 50);
}

#[test]
#[should_panic(expected = "Dovecot did not start")]
fn a_broken_config_fails_with_the_log() {
    Dovecot::start_with(Options {
        extra_config: "no_such_setting = 1".into(),
        ..Options::default()
    });
}
