//! Conversations: messages linked by Message-ID, In-Reply-To and References share one
//! thread whatever order they arrive in; subjects never link anything.

mod common;

use common::{Msg, Postroom};
use std::collections::{BTreeMap, BTreeSet};

fn site() -> Postroom {
    let p = Postroom::new();
    p.users_add("Alice", &["me@team.example"]);
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,,,,",
        "candidate,Sam,Roe,sam@x.example,,,,",
        "contact,Hr,Person,hr@client.example,,,,",
    ]);
    p
}

fn date(day: u32) -> String {
    format!("Mon, {day:02} Jan 2024 10:00:00 +0000")
}

/// A message in a conversation between Alice and Jane, on day `day`.
fn msg(id: &str, day: u32) -> Msg {
    let (from, to) = if day % 2 == 1 {
        ("me@team.example", "jane@x.example")
    } else {
        ("jane@x.example", "me@team.example")
    };
    Msg::new()
        .from(from)
        .to(to)
        .subject(if day == 1 {
            "Interview"
        } else {
            "Re: Interview"
        })
        .id(id)
        .date(&date(day))
        .text(&format!("Message {id}.\n"))
}

/// Thread id of each stored message, by Message-ID.
fn thread_of(p: &Postroom) -> BTreeMap<String, i64> {
    p.activities(&[])
        .into_iter()
        .filter_map(|a| a.message_id.map(|m| (m, a.thread_id)))
        .collect()
}

#[test]
fn a_reply_chain_is_one_thread_in_date_order() {
    let p = site();
    let a = msg("a@thr", 1);
    let b = msg("b@thr", 2).in_reply_to("a@thr").references(&["a@thr"]);
    let c = msg("c@thr", 3)
        .in_reply_to("b@thr")
        .references(&["a@thr", "b@thr"]);
    let t = p.import_msgs(&[a, b, c]);
    assert_eq!(t.logged, 3, "{t:?}");
    let threads = p.threads(&[]);
    assert_eq!(threads.len(), 1, "{threads:?}");
    let th = &threads[0];
    assert_eq!(th.messages, 3);
    assert_eq!(th.subject.as_deref(), Some("Interview"));
    assert_eq!(th.first_at, "2024-01-01T10:00:00Z");
    assert_eq!(th.last_at, "2024-01-03T10:00:00Z");
    let shown = p.thread(th.id);
    assert_eq!(shown["id"], th.id);
    let ids: Vec<&str> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a@thr", "b@thr", "c@thr"]);
    let directions: Vec<&str> = shown["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["direction"].as_str().unwrap())
        .collect();
    assert_eq!(directions, ["outbound", "inbound", "outbound"]);
    assert!(thread_of(&p).values().all(|t| *t == th.id));
}

#[test]
fn a_reply_imported_before_its_parent_joins_the_parents_thread_when_it_comes() {
    let p = site();
    let reply = msg("reply@thr", 2).in_reply_to("parent@thr");
    assert_eq!(p.import_eml(&reply).logged, 1);
    assert_eq!(p.import_eml(&msg("parent@thr", 1)).logged, 1);
    let threads = p.threads(&[]);
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(threads[0].messages, 2);
    assert_eq!(threads[0].subject.as_deref(), Some("Interview"));
    let by_msg = thread_of(&p);
    assert_eq!(by_msg["reply@thr"], by_msg["parent@thr"]);
}

#[test]
fn a_late_message_merges_the_threads_it_links() {
    let p = site();
    // Two replies to different (not yet seen) messages: two threads.
    p.import_eml(&msg("r1@thr", 4).in_reply_to("x@thr"));
    p.import_eml(&msg("r2@thr", 6).in_reply_to("y@thr"));
    assert_eq!(p.threads(&[]).len(), 2);
    // y is a reply to x: everything is one conversation.
    p.import_eml(&msg("y@thr", 3).in_reply_to("x@thr"));
    let threads = p.threads(&[]);
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(threads[0].messages, 3);
    let by_msg = thread_of(&p);
    let ids: BTreeSet<i64> = by_msg.values().copied().collect();
    assert_eq!(ids.len(), 1, "{by_msg:?}");
    assert_eq!(
        p.thread(threads[0].id)["messages"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let shown = p.json(&["candidates", "show", &jane]);
    assert_eq!(shown[0]["threads"], 1, "{shown:?}");
    assert_eq!(shown[0]["activities"], 3, "{shown:?}");
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

/// a <- b <- c <- d linked only by In-Reply-To (no References), plus e replying to a
/// by References only: the weakest links, so every arrival order is a test of merging.
fn conversation(prefix: &str) -> Vec<Msg> {
    let id = |s: &str| format!("{prefix}-{s}@thr");
    vec![
        msg(&id("a"), 1),
        msg(&id("b"), 2).in_reply_to(&id("a")),
        msg(&id("c"), 3).in_reply_to(&id("b")),
        msg(&id("d"), 5).in_reply_to(&id("c")),
        msg(&id("e"), 7).references(&[&id("a")]),
    ]
}

#[test]
fn threading_does_not_depend_on_arrival_order() {
    let p = site();
    let perms = permutations(&[0, 1, 2, 3, 4]);
    // Every order, each conversation with its own ids, in one import...
    let mut msgs = Vec::new();
    for (n, order) in perms.iter().enumerate() {
        let convo = conversation(&format!("p{n}"));
        msgs.extend(order.iter().map(|i| convo[*i].clone()));
    }
    assert_eq!(p.import_msgs(&msgs).logged, msgs.len() as u64);
    // ...and a few orders as separate imports, one message each.
    for (n, order) in [[4, 3, 2, 1, 0], [3, 1, 4, 0, 2]].iter().enumerate() {
        let convo = conversation(&format!("s{n}"));
        for i in order {
            assert_eq!(p.import_eml(&convo[*i]).logged, 1);
        }
    }
    let mut by_convo: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    for (mid, thread) in thread_of(&p) {
        let convo = mid.split('-').next().unwrap().to_string();
        by_convo.entry(convo).or_default().insert(thread);
    }
    assert_eq!(by_convo.len(), perms.len() + 2);
    let split: Vec<_> = by_convo.iter().filter(|(_, t)| t.len() != 1).collect();
    assert!(
        split.is_empty(),
        "conversations split over threads: {split:?}"
    );
    let distinct: BTreeSet<i64> = by_convo.values().flatten().copied().collect();
    assert_eq!(
        distinct.len(),
        by_convo.len(),
        "conversations merged together"
    );
    assert_eq!(p.threads(&[]).len(), by_convo.len());
    assert!(p.threads(&[]).iter().all(|t| t.messages == 5));
}

#[test]
fn subject_alone_never_merges_threads_of_different_people() {
    let p = site();
    let subject = "Interview for Senior Engineer";
    let t = p.import_msgs(&[
        Msg::simple("to-jane@thr", "me@team.example", "jane@x.example").subject(subject),
        Msg::simple("to-sam@thr", "me@team.example", "sam@x.example").subject(subject),
        Msg::simple("from-sam@thr", "sam@x.example", "me@team.example")
            .subject(&format!("Re: {subject}")),
    ]);
    assert_eq!(t.logged, 3);
    let by_msg = thread_of(&p);
    assert_ne!(by_msg["to-jane@thr"], by_msg["to-sam@thr"]);
    assert_ne!(by_msg["to-jane@thr"], by_msg["from-sam@thr"]);
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let janes = p.threads(&["--candidate", &jane]);
    assert_eq!(janes.len(), 1, "{janes:?}");
    assert_eq!(janes[0].messages, 1);
}

#[test]
fn threads_list_filters_by_record() {
    let p = site();
    p.import_msgs(&[
        Msg::simple("j@thr", "me@team.example", "jane@x.example").date(&date(1)),
        Msg::simple("h@thr", "hr@client.example", "me@team.example").date(&date(2)),
        Msg::simple("both@thr", "me@team.example", "jane@x.example")
            .cc("hr@client.example")
            .date(&date(3)),
    ]);
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let sam = p.record_id("candidates", "sam@x.example").to_string();
    let hr = p.record_id("contacts", "hr@client.example").to_string();
    let subjects = |threads: Vec<common::ThreadSummary>| -> Vec<String> {
        threads.into_iter().filter_map(|t| t.subject).collect()
    };
    assert_eq!(
        subjects(p.threads(&["--candidate", &jane])),
        ["About j@thr", "About both@thr"]
    );
    assert_eq!(
        subjects(p.threads(&["--contact", &hr])),
        ["About h@thr", "About both@thr"]
    );
    assert!(p.threads(&["--candidate", &sam]).is_empty());
    assert_eq!(p.threads(&[]).len(), 3);
    p.fail(&["threads", "list", "--candidate", "1", "--contact", "1"]);
}

#[test]
fn a_message_logged_on_two_records_is_in_one_thread_for_both() {
    let p = site();
    p.import_eml(
        &Msg::simple("shared@thr", "me@team.example", "jane@x.example").cc("sam@x.example"),
    );
    let acts = p.activities(&[]);
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0].thread_id, acts[1].thread_id);
    let jane = p.record_id("candidates", "jane@x.example").to_string();
    let sam = p.record_id("candidates", "sam@x.example").to_string();
    assert_eq!(
        p.threads(&["--candidate", &jane]),
        p.threads(&["--candidate", &sam])
    );
}

#[test]
fn folded_references_and_commented_in_reply_to_are_understood() {
    let p = site();
    p.import_eml(&msg("root@thr", 1));
    let folded = msg("deep@thr", 9).set(
        "References",
        Some("<root@thr>\n <unknown-1@thr>\n\t<unknown-2@thr> <unknown-3@thr>"),
    );
    let commented = msg("commented@thr", 10).set(
        "In-Reply-To",
        Some("<unknown-3@thr> (Jane Doe's message of Mon, 1 Jan 2024)"),
    );
    p.import_msgs(&[folded, commented]);
    let threads = p.threads(&[]);
    assert_eq!(threads.len(), 1, "{threads:?}");
    assert_eq!(threads[0].messages, 3);
}

#[test]
fn messages_without_links_are_threads_of_their_own() {
    let p = site();
    p.import_msgs(&[
        msg("solo1@thr", 1),
        msg("solo2@thr", 2),
        Msg::new()
            .from("jane@x.example")
            .to("me@team.example")
            .subject("Re: Interview")
            .text("no id at all\n"),
    ]);
    assert_eq!(p.threads(&[]).len(), 3);
}

#[test]
fn threads_show_of_an_unknown_or_invalid_id_fails() {
    let p = site();
    p.import_eml(&msg("only@thr", 1));
    p.fail(&["threads", "show", "999"]);
    p.fail(&["threads", "show", "zero"]);
    let id = p.threads(&[])[0].id;
    assert_eq!(p.thread(id)["messages"][0]["message_id"], "only@thr");
}
