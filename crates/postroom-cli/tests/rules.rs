//! The rules that decide which message lands on which record: participants, team
//! addresses, the blocked list, match-on, direction.

mod common;

use common::{Msg, Postroom, Tally};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Stored, with one activity per listed record.
    Logged(&'static str),
    Dismissed,
    Blocked,
}

struct Case {
    name: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    expect: Expect,
    /// `type:primary address` of every record the message must be logged on.
    records: Vec<&'static str>,
}

fn case(
    name: &'static str,
    headers: &[(&'static str, &'static str)],
    expect: Expect,
    records: &[&'static str],
) -> Case {
    Case {
        name,
        headers: headers.to_vec(),
        expect,
        records: records.to_vec(),
    }
}

const JANE: &str = "candidate:jane@x.example";
const SAM: &str = "candidate:sam@x.example";
const RAJ: &str = "candidate:raj@xn--bcher-kva.example";
const MEI: &str = "candidate:mei@xn--mnchen-3ya.example";
const HR: &str = "contact:hr@client.example";
const PAT: &str = "contact:jobs@shared.example";

/// A site with a team, candidates and contacts (some sharing addresses, some having
/// team addresses) and a blocked list.
fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Alice", &["me@team.example", "Alias@Team.example"]);
    p.users_add("Bob", &["bob@team.example"]);
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,jane.alt@y.example,,,",
        "candidate,Sam,Roe,sam@x.example,jobs@shared.example,,,",
        "candidate,Raj,Iyer,raj@bücher.example,,,,",
        "candidate,Mei,Lin,mei@xn--mnchen-3ya.example,,,,",
        // Records that carry team addresses: these must never match.
        "candidate,Imposter,One,imp@x.example,me@team.example,,,",
        "candidate,Imposter,Two,alias@team.example,,,,",
        "contact,Hr,Person,hr@client.example,,,,",
        "contact,Pat,Shared,jobs@shared.example,,,,",
        "contact,Kim,Near,kim@notblocked.example,,,,",
    ]);
    for entry in [
        "@blocked.example",
        "spammer@x.example",
        "@bücher-spam.example",
        "@xn--socit-esab.example",
    ] {
        p.run(&["blocklist", "add", entry]);
    }
    p
}

fn expected_tally(expect: Expect, records: usize) -> Tally {
    let mut t = Tally {
        scanned: 1,
        ..Tally::default()
    };
    match expect {
        Expect::Logged(_) => {
            t.logged = 1;
            t.activities = records as u64;
        }
        Expect::Dismissed => t.dismissed = 1,
        Expect::Blocked => t.blocked = 1,
    }
    t
}

/// Imports each case as its own .eml with its own Message-ID, then checks the summary,
/// the records it was logged on (exactly one activity each) and the direction.
fn run_table(p: &Postroom, cases: &[Case]) {
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let mid = format!("case-{i}@rules.test");
        let mut msg = Msg::new().id(&mid).subject(c.name);
        for (n, v) in &c.headers {
            msg = msg.header(n, v);
        }
        let tally = p.import_eml(&msg);
        let want = expected_tally(c.expect, c.records.len());
        if tally != want {
            failures.push(format!("{}: summary {tally:?}, want {want:?}", c.name));
            continue;
        }
        let acts = p.activities_of(&mid);
        let mut got: Vec<String> = acts.iter().map(|a| a.record()).collect();
        got.sort();
        let mut want: Vec<String> = c.records.iter().map(|s| s.to_string()).collect();
        want.sort();
        if got != want {
            failures.push(format!("{}: logged on {got:?}, want {want:?}", c.name));
        }
        if let Expect::Logged(direction) = c.expect {
            if let Some(a) = acts.iter().find(|a| a.direction != direction) {
                failures.push(format!(
                    "{}: direction {}, want {direction}",
                    c.name, a.direction
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const IN: Expect = Expect::Logged("inbound");
const OUT: Expect = Expect::Logged("outbound");

#[test]
fn participants_are_from_reply_to_to_cc_and_bcc_in_any_header_syntax() {
    let p = site();
    let cases = vec![
        case(
            "inbound from a candidate",
            &[("From", "Jane <jane@x.example>"), ("To", "me@team.example")],
            IN,
            &[JANE],
        ),
        case(
            "outbound to a candidate",
            &[
                ("From", "Alice <me@team.example>"),
                ("To", "jane@x.example"),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "reply-to counts",
            &[
                ("From", "noreply@board.example"),
                ("Reply-To", "jane@x.example"),
                ("To", "me@team.example"),
            ],
            IN,
            &[JANE],
        ),
        case(
            "cc counts",
            &[
                ("From", "me@team.example"),
                ("To", "someone@else.example"),
                ("Cc", "hr@client.example"),
            ],
            OUT,
            &[HR],
        ),
        case(
            "bcc counts",
            &[
                ("From", "me@team.example"),
                ("To", "someone@else.example"),
                ("Bcc", "hr@client.example"),
            ],
            OUT,
            &[HR],
        ),
        case(
            "every To header counts",
            &[
                ("From", "me@team.example"),
                ("To", "someone@else.example"),
                ("To", "jane@x.example"),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "group syntax",
            &[
                ("From", "me@team.example"),
                (
                    "To",
                    "Shortlist: jane@x.example, \"H R\" <hr@client.example>;",
                ),
            ],
            OUT,
            &[JANE, HR],
        ),
        case(
            "an empty group next to a real recipient",
            &[
                ("From", "me@team.example"),
                ("To", "undisclosed-recipients:;"),
                ("Cc", "jane@x.example"),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "RFC 2047 encoded display name containing a comma",
            &[
                ("From", "me@team.example"),
                ("To", "=?UTF-8?Q?Doe=2C_J=C3=A1ne?= <jane@x.example>"),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "quoted display name with a comma and an address-like text",
            &[
                ("From", "me@team.example"),
                ("To", "\"Doe, Jane (hr@client.example)\" <jane@x.example>"),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "comment after the address",
            &[
                ("From", "jane@x.example (Jane Doe, at home)"),
                ("To", "me@team.example"),
            ],
            IN,
            &[JANE],
        ),
        case(
            "folded To header",
            &[
                ("From", "me@team.example"),
                (
                    "To",
                    "someone@else.example,\n\t\"Jane Doe\"\n <jane@x.example>",
                ),
            ],
            OUT,
            &[JANE],
        ),
        case(
            "addresses compare case-insensitively",
            &[("From", "JANE@X.EXAMPLE"), ("To", "me@team.example")],
            IN,
            &[JANE],
        ),
        case(
            "any address of a record matches under match-on all",
            &[("From", "Jane.Alt@Y.example"), ("To", "me@team.example")],
            IN,
            &[JANE],
        ),
        case(
            "a Unicode domain matches the record stored from Unicode",
            &[("From", "raj@BÜCHER.example"), ("To", "me@team.example")],
            IN,
            &[RAJ],
        ),
        case(
            "a punycode domain matches the record stored from Unicode",
            &[
                ("From", "raj@xn--bcher-kva.example"),
                ("To", "me@team.example"),
            ],
            IN,
            &[RAJ],
        ),
        case(
            "a Unicode domain matches the record stored as punycode",
            &[
                ("From", "Mei <mei@münchen.example>"),
                ("To", "me@team.example"),
            ],
            IN,
            &[MEI],
        ),
        case(
            "an address shared by a candidate and a contact logs on each",
            &[("From", "jobs@shared.example"), ("To", "bob@team.example")],
            IN,
            &[SAM, PAT],
        ),
        case(
            "several addresses of one record make one activity",
            &[
                ("From", "jane@x.example"),
                ("To", "me@team.example"),
                ("Cc", "jane.alt@y.example, JANE@x.example"),
                ("Bcc", "jane@x.example"),
            ],
            IN,
            &[JANE],
        ),
        case(
            "several records on one message each get one activity",
            &[
                ("From", "hr@client.example"),
                ("To", "jane@x.example, me@team.example"),
                ("Cc", "sam@x.example"),
            ],
            IN,
            &[JANE, SAM, HR],
        ),
        case(
            "a display name that looks like a team address does not make it outbound",
            &[
                ("From", "\"me@team.example\" <jane@x.example>"),
                ("To", "bob@team.example"),
            ],
            IN,
            &[JANE],
        ),
        case(
            "no From at all is inbound",
            &[("To", "jane@x.example")],
            IN,
            &[JANE],
        ),
        case(
            "Sender, Delivered-To and Return-Path are not participants",
            &[
                ("From", "someone@else.example"),
                ("To", "other@else.example"),
                ("Sender", "jane@x.example"),
                ("Delivered-To", "hr@client.example"),
                ("Return-Path", "<sam@x.example>"),
            ],
            Expect::Dismissed,
            &[],
        ),
        case(
            "an address inside a comment is not a participant",
            &[
                ("From", "stranger@else.example (jane@x.example)"),
                ("To", "me@team.example"),
            ],
            Expect::Dismissed,
            &[],
        ),
        case(
            "an encoded display name that decodes to an address is not a participant",
            &[
                (
                    "From",
                    "=?UTF-8?Q?jane=40x.example?= <stranger@else.example>",
                ),
                ("To", "me@team.example"),
            ],
            Expect::Dismissed,
            &[],
        ),
        case(
            "a message matching nobody is dismissed",
            &[("From", "someone@else.example"), ("To", "me@team.example")],
            Expect::Dismissed,
            &[],
        ),
        case(
            "mail between team members only is dismissed",
            &[("From", "me@team.example"), ("To", "bob@team.example")],
            Expect::Dismissed,
            &[],
        ),
    ];
    run_table(&p, &cases);
}

#[test]
fn team_address_never_matches_even_if_a_candidate_has_it() {
    let p = site();
    let cases = vec![
        case(
            "a team address that is another address of a candidate",
            &[("From", "me@team.example"), ("To", "someone@else.example")],
            Expect::Dismissed,
            &[],
        ),
        case(
            "a team address that is the primary address of a candidate",
            &[
                ("From", "someone@else.example"),
                ("To", "alias@team.example"),
            ],
            Expect::Dismissed,
            &[],
        ),
        case(
            "a team address in another case",
            &[("From", "ME@TEAM.EXAMPLE"), ("Cc", "Alias@TEAM.example")],
            Expect::Dismissed,
            &[],
        ),
        case(
            "outbound from a second team address logs only on the real candidate",
            &[("From", "ALIAS@team.example"), ("To", "jane@x.example")],
            OUT,
            &[JANE],
        ),
        case(
            "inbound to a team address logs only on the sender",
            &[
                ("From", "hr@client.example"),
                ("To", "me@team.example, alias@team.example"),
            ],
            IN,
            &[HR],
        ),
    ];
    run_table(&p, &cases);
    assert_eq!(
        p.activities(&["--email", "imp@x.example"]),
        vec![],
        "the imposter candidate got nothing"
    );
}

#[test]
fn a_message_with_any_blocked_participant_is_not_logged_at_all() {
    let p = site();
    let cases = vec![
        case(
            "blocked exact address as sender",
            &[("From", "spammer@x.example"), ("To", "jane@x.example")],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked exact address in another case",
            &[("From", "SPAMMER@X.Example"), ("To", "jane@x.example")],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked address only in Reply-To",
            &[
                ("From", "jane@x.example"),
                ("Reply-To", "spammer@x.example"),
                ("To", "me@team.example"),
            ],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked domain only in Bcc",
            &[
                ("From", "me@team.example"),
                ("To", "jane@x.example"),
                ("Bcc", "anyone@blocked.example"),
            ],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked domain covers subdomains",
            &[
                ("From", "jane@x.example"),
                ("To", "me@team.example"),
                ("Cc", "a@mail.sub.BLOCKED.example"),
            ],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked address inside a group",
            &[
                ("From", "me@team.example"),
                ("To", "List: jane@x.example, x@blocked.example;"),
            ],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked Unicode domain, message in punycode",
            &[
                ("From", "jane@x.example"),
                ("Cc", "x@xn--bcher-spam-9db.example"),
            ],
            Expect::Blocked,
            &[],
        ),
        case(
            "blocked punycode domain, message in Unicode",
            &[("From", "jane@x.example"), ("Cc", "x@société.example")],
            Expect::Blocked,
            &[],
        ),
        case(
            "a domain block is not a suffix match",
            &[
                ("From", "jane@x.example"),
                ("Cc", "kim@notblocked.example, z@blocked.example.org"),
            ],
            IN,
            &[JANE, "contact:kim@notblocked.example"],
        ),
        case(
            "an address block does not cover its domain",
            &[
                ("From", "jane@x.example"),
                ("Cc", "other@x.example, spammer2@x.example"),
            ],
            IN,
            &[JANE],
        ),
    ];
    run_table(&p, &cases);
    let blocked_ids: Vec<String> = (0..8).map(|i| format!("case-{i}@rules.test")).collect();
    for a in p.activities(&[]) {
        assert!(
            !blocked_ids.contains(a.message_id.as_ref().unwrap()),
            "blocked message logged: {a:?}"
        );
    }
    assert_eq!(
        p.threads(&[]).len(),
        2,
        "only the two allowed messages stored"
    );
}

#[test]
fn match_on_primary_ignores_other_addresses() {
    let p = site();
    p.run(&["settings", "set", "match-on", "primary"]);
    let cases = vec![
        case(
            "primary address matches",
            &[("From", "Jane@X.example"), ("To", "me@team.example")],
            IN,
            &[JANE],
        ),
        case(
            "another address does not",
            &[("From", "jane.alt@y.example"), ("To", "me@team.example")],
            Expect::Dismissed,
            &[],
        ),
        case(
            "a shared address matches only where it is primary",
            &[("From", "jobs@shared.example"), ("To", "me@team.example")],
            IN,
            &[PAT],
        ),
        case(
            "a record reached through primary and other address gets one activity",
            &[("From", "jane@x.example"), ("Cc", "jane.alt@y.example")],
            IN,
            &[JANE],
        ),
    ];
    run_table(&p, &cases);
    p.run(&["settings", "set", "match-on", "all"]);
    let t = p.import_eml(&Msg::simple(
        "after-switch@rules.test",
        "jane.alt@y.example",
        "me@team.example",
    ));
    assert_eq!(t.logged, 1, "match-on all again: {t:?}");
}

#[test]
fn blocklist_changes_apply_to_the_next_import() {
    let p = site();
    let msg = |id: &str| {
        Msg::simple(id, "jane@x.example", "me@team.example").cc("friend@newly-blocked.example")
    };
    assert_eq!(p.import_eml(&msg("b1@rules.test")).logged, 1);
    p.run(&["blocklist", "add", "@newly-blocked.example"]);
    assert_eq!(p.import_eml(&msg("b2@rules.test")).blocked, 1);
    p.run(&["blocklist", "remove", "@newly-blocked.example"]);
    assert_eq!(p.import_eml(&msg("b3@rules.test")).logged, 1);
    assert!(p.activities_of("b2@rules.test").is_empty());
}

#[test]
fn a_team_member_added_later_makes_their_mail_outbound_and_unmatched() {
    let p = site();
    p.people(&["candidate,Neil,New,neil@x.example,,,,"]);
    p.users_add("Neil", &["neil@x.example"]);
    let t = p.import_eml(&Msg::simple(
        "n1@rules.test",
        "neil@x.example",
        "jane@x.example",
    ));
    assert_eq!(t.activities, 1, "{t:?}");
    assert_eq!(p.records_of("n1@rules.test"), [JANE]);
    assert_eq!(p.activities_of("n1@rules.test")[0].direction, "outbound");
}

#[test]
fn import_owner_must_be_a_team_member() {
    let p = site();
    let path = p.path("owner.eml");
    common::write_eml(
        &path,
        &Msg::simple("o1@rules.test", "jane@x.example", "me@team.example"),
    );
    let (_, stderr) = p.fail(&[
        "mail",
        "import",
        path.to_str().unwrap(),
        "--owner",
        "stranger@else.example",
    ]);
    assert!(stderr.contains("stranger@else.example"), "{stderr}");
    assert!(p.activities(&[]).is_empty(), "nothing imported");
    let t = p.import_with(&[&path], &["--owner", "ME@team.example"]);
    assert_eq!(t.logged, 1, "{t:?}");
}

#[test]
fn activities_filter_by_candidate_contact_and_email() {
    let p = site();
    p.import_msgs(&[
        Msg::simple("f1@rules.test", "jane@x.example", "me@team.example"),
        Msg::simple("f2@rules.test", "me@team.example", "hr@client.example"),
        Msg::simple("f3@rules.test", "jobs@shared.example", "me@team.example"),
    ]);
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let sam = p.record_id("candidates", "sam@x.example").to_string();
    let pat = p.record_id("contacts", "jobs@shared.example").to_string();
    let ids = |acts: Vec<common::Activity>| -> Vec<String> {
        acts.into_iter().filter_map(|a| a.message_id).collect()
    };
    assert_eq!(
        ids(p.activities(&["--candidate", &jane])),
        ["f1@rules.test"]
    );
    assert_eq!(ids(p.activities(&["--candidate", &sam])), ["f3@rules.test"]);
    assert_eq!(ids(p.activities(&["--contact", &pat])), ["f3@rules.test"]);
    // --email finds activities on every record that has the address, in any case.
    let by_email = p.activities(&["--email", "JOBS@Shared.example"]);
    let mut records: Vec<String> = by_email.iter().map(|a| a.record()).collect();
    records.sort();
    assert_eq!(records, [SAM, PAT]);
    assert_eq!(
        ids(p.activities(&["--email", "jane.alt@y.example"])),
        ["f1@rules.test"]
    );
    assert_eq!(p.activities(&[]).len(), 4);
    p.fail(&["activities", "list", "--candidate", "1", "--contact", "1"]);
    p.fail(&["activities", "list", "--email", "nope"]);
}

/// Bob's inbox copy shows only Jane; Alice's sent copy also shows a blocked Bcc.
/// They are one message (same Message-ID), and it has a blocked participant.
fn copies_with_blocked_bcc() -> (Msg, Msg) {
    let inbox = Msg::simple("bccblock@rules.test", "me@team.example", "jane@x.example")
        .cc("bob@team.example");
    let sent = inbox.clone().bcc("partner@blocked.example");
    (inbox, sent)
}

#[test]
fn a_blocked_bcc_seen_only_in_the_sent_copy_keeps_the_message_out() {
    for sent_first in [false, true] {
        let p = site();
        let (inbox, sent) = copies_with_blocked_bcc();
        let msgs = if sent_first {
            [sent, inbox]
        } else {
            [inbox, sent]
        };
        p.import_msgs(&msgs);
        assert!(
            p.activities(&[]).is_empty(),
            "sent copy first: {sent_first}: {:?}",
            p.activities(&[])
        );
        assert!(p.threads(&[]).is_empty(), "sent copy first: {sent_first}");
    }
}
