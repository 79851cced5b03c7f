//! Mailbox sync against a real Dovecot: connecting, going forward, history,
//! incremental passes, folders, IDLE.

mod common;
mod imap;

use imap::*;
use postroom_testkit::{Dovecot, Options, ALL_MAIL};
use std::time::{Duration, Instant};

#[test]
fn going_forward_is_the_default_and_logs_only_new_mail() {
    let s = Setup::new();
    s.append("INBOX", &mail("old@x", JANE, ALICE));
    let connected = s.connect(&[]);
    assert_eq!(connected["folders"], serde_json::json!(["INBOX", "Sent"]));
    assert_eq!(connected["tally"]["logged"], 0);
    s.append("INBOX", &mail("new@x", JANE, ALICE));
    s.append("INBOX", &mail("noise@x", STRANGER, ALICE));
    let tally = s.sync_once();
    assert_eq!(tally["logged"], 1, "{tally}");
    assert_eq!(tally["dismissed"], 1, "{tally}");
    assert_eq!(s.logged_ids(), ["new@x"]);

    let status = s.status();
    assert_eq!(status["state"], "active");
    let inbox = &status["folders"][0];
    assert_eq!(inbox["folder"], "INBOX");
    assert_eq!(inbox["seen"], 2, "{status}");
    assert_eq!(inbox["logged"], 1);
    assert_eq!(inbox["dismissed"], 1);
    assert!(inbox["last_sync"].is_string());
}

#[test]
fn import_old_logs_the_history_and_since_limits_it() {
    let s = Setup::new();
    s.append("INBOX", &mail("a@x", JANE, ALICE));
    s.append("Sent", &mail("b@x", ALICE, JOHN));
    s.append("INBOX", &mail("c@x", STRANGER, ALICE));
    // Everything was delivered today: a --since two days ahead takes none of it.
    let ahead = date_from_today(2);
    let c = s.connect(&["--import-old", "--since", &ahead]);
    assert_eq!(c["tally"]["logged"], 0, "{c}");
    assert!(s.logged_ids().is_empty());
    // A --since in the past, and then the whole history, take all of it, once.
    let c = s.connect(&["--import-old", "--since", &date_from_today(-2)]);
    assert_eq!(c["tally"]["logged"], 2, "{c}");
    let c = s.connect(&["--import-old"]);
    assert_eq!(c["tally"]["logged"], 0, "{c}");
    assert_eq!(c["tally"]["duplicates"], 2, "{c}");
    assert_eq!(s.logged_ids(), ["a@x", "b@x"]);
    // Sent mail is outbound.
    let sent = s.p.activities_of("b@x");
    assert_eq!(sent[0].direction, "outbound");
}

#[test]
fn incremental_passes_fetch_only_what_is_new() {
    let s = Setup::new();
    s.connect(&[]);
    assert_eq!(s.sync_once()["scanned"], 0);
    s.append("INBOX", &mail("1@x", JANE, ALICE));
    assert_eq!(s.sync_once()["logged"], 1);
    assert_eq!(
        s.sync_once()["scanned"],
        0,
        "a second pass sees nothing new"
    );
    s.append("Sent", &mail("2@x", ALICE, JOHN).in_reply_to("1@x"));
    let t = s.sync_once();
    assert_eq!(
        (t["scanned"].as_u64(), t["logged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(s.logged_ids(), ["1@x", "2@x"]);
}

#[test]
fn junk_trash_and_drafts_are_never_read() {
    let s = Setup::new();
    s.connect(&["--import-old"]);
    for folder in ["Junk", "Trash", "Drafts"] {
        s.append(folder, &mail(&format!("{folder}@x"), JANE, ALICE));
    }
    assert_eq!(s.sync_once()["scanned"], 0);
    assert!(s.logged_ids().is_empty());
}

#[test]
fn all_mail_copies_are_logged_once() {
    let s = Setup::with(Dovecot::start_with(Options {
        all_mail: true,
        ..Options::default()
    }));
    let c = s.connect(&[]);
    assert_eq!(
        c["folders"],
        serde_json::json!(["INBOX", "Sent", ALL_MAIL]),
        "{c}"
    );
    let m = mail("both@x", JANE, ALICE);
    s.append("INBOX", &m);
    s.append(ALL_MAIL, &m);
    let t = s.sync_once();
    assert_eq!(t["logged"], 1, "{t}");
    assert_eq!(s.logged_ids(), ["both@x"]);
}

#[test]
fn a_uidvalidity_change_resyncs_without_duplicates() {
    let s = Setup::new();
    s.connect(&[]);
    s.append("INBOX", &mail("1@x", JANE, ALICE));
    s.append("INBOX", &mail("2@x", JOHN, ALICE));
    s.sync_once();
    let before = s.status()["folders"][0]["uidvalidity"].as_u64().unwrap();
    let after = s.dc.reset_uidvalidity(ALICE, "INBOX");
    assert_ne!(before, after as u64);
    s.append("INBOX", &mail("3@x", JANE, ALICE));
    let t = s.sync_once();
    assert_eq!(t["logged"], 1, "only the new message is new: {t}");
    assert_eq!(s.logged_ids(), ["1@x", "2@x", "3@x"]);
    assert_eq!(
        s.status()["folders"][0]["uidvalidity"].as_u64(),
        Some(after as u64)
    );
}

#[test]
fn idle_logs_new_mail_within_seconds() {
    let s = Setup::new();
    s.connect(&[]);
    // Polling every hour: only IDLE can bring the message in time.
    let sync = s.spawn_sync(3600, &[]);
    // Wait until the service is idling on INBOX: one pass is done when the folder
    // has a last_sync at or after the service started.
    wait_for(Duration::from_secs(20), "the first pass", || {
        s.status()["last_sync"].is_string().then_some(())
    });
    let delivered = Instant::now();
    s.dc.deliver_lmtp(ALICE, &mail("idle@x", JANE, ALICE).bytes());
    wait_for(Duration::from_secs(10), "the message to be logged", || {
        (s.logged_ids() == ["idle@x"]).then_some(())
    });
    let took = delivered.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let (status, log) = sync.terminate();
    assert!(status.success(), "sync exited with {status:?}\n{log}");
}

#[test]
fn without_idle_the_service_polls() {
    let s = Setup::with(Dovecot::start_with(Options {
        idle: false,
        ..Options::default()
    }));
    s.connect(&[]);
    let _sync = s.spawn_sync(1, &[]);
    s.append("INBOX", &mail("polled@x", JANE, ALICE));
    wait_for(Duration::from_secs(15), "the polled message", || {
        (s.logged_ids() == ["polled@x"]).then_some(())
    });
}

/// `YYYY-MM-DD`, `days` from today (UTC).
fn date_from_today(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let day = now.div_euclid(86_400) + days;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
