//! The API's email side against a real Dovecot: "import email" as a background job
//! with progress, logged email as activities and threads; activities written by
//! clients; webhooks delivered, signed, retried, and kept across a restart.

mod api_support;
mod common;
mod imap;

use api_support::webhooks::{header, receiver};
use api_support::{create_key, Resp, Server};
use imap::*;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::time::Duration;

#[test]
fn email_import_runs_in_the_background_and_shows_progress() {
    let s = Setup::new();
    s.append("INBOX", &mail("j1@x", JANE, ALICE).text("First note.\n"));
    s.append("Sent", &mail("j2@x", ALICE, JANE).in_reply_to("j1@x"));
    s.append("INBOX", &mail("n1@x", JOHN, ALICE));
    s.connect(&[]);
    let key = create_key(&s.p, ALICE);
    let server = Server::start(&s.p);
    let jane = s.p.record_id("candidates", JANE);
    let path = format!("/v3/candidates/{jane}/email_import");

    assert_eq!(server.get(&key, &path).status, 404, "nothing started yet");
    let started = server.post(&key, &path, &json!({}));
    assert_eq!(started.status, 201, "{started:?}");
    assert!(started.header("location").unwrap().ends_with(&path));
    let done = wait_for(Duration::from_secs(30), "the import to finish", || {
        let r = server.get(&key, &path);
        (r.body["state"] == "done").then_some(r.body)
    });
    assert_eq!(done["logged"], 2, "{done}");
    assert_eq!(done["percent"], 100, "{done}");
    assert_eq!(s.logged_ids(), ["j1@x", "j2@x"], "John's mail stays out");

    // The logged mail is on Jane's record as email activities, in one thread.
    let acts = server.get(&key, &format!("/v3/candidates/{jane}/activities"));
    assert_eq!(acts.body["total"], 2, "{acts:?}");
    let first = &acts.body["_embedded"]["activities"][0];
    assert_eq!(first["type"], "email");
    assert_eq!(first["data_item"], json!({"id": jane, "type": "candidate"}));
    let threads = server.get(&key, &format!("/v3/candidates/{jane}/threads"));
    assert_eq!(threads.body["total"], 1, "{threads:?}");
    let thread_id = threads.body["_embedded"]["threads"][0]["id"]
        .as_i64()
        .unwrap();
    let thread = server.get(&key, &format!("/v3/threads/{thread_id}"));
    let messages = thread.body["_embedded"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[0]["text"].as_str().map(str::trim),
        Some("First note.")
    );
}

#[test]
fn activities_written_by_clients_sit_beside_logged_email() {
    let s = Setup::new();
    let key = create_key(&s.p, ALICE);
    let server = Server::start(&s.p);
    let jane = s.p.record_id("candidates", JANE);
    let path = format!("/v3/candidates/{jane}/activities");
    let job = server.create(&key, "/v3/jobs", &json!({"title": "Welder"}));
    let r = server.post(
        &key,
        &path,
        &json!({"type": "call_talked", "notes": "Screened", "date": "2026-11-20T10:00:00Z", "regarding_id": job.to_string()}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    let location = r.header("location").unwrap().to_string();
    let id = location.rsplit('/').next().unwrap();
    let got = server.get(&key, &format!("/v3/activities/{id}"));
    assert_eq!(got.body["type"], "call_talked");
    assert_eq!(got.body["notes"], "Screened");
    assert_eq!(got.body["date"], "2026-11-20T10:00:00Z");
    assert_eq!(got.body["regarding_id"], job);
    assert!(got.body["entered_by_id"].is_i64());

    let bad = server.post(
        &key,
        &path,
        &json!({"type": "telegram", "date": "yesterday", "regarding_id": 999}),
    );
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_fields(), ["type", "date", "regarding_id"]);
    assert_eq!(server.get(&key, &path).body["total"], 1);
}

#[test]
fn webhooks_are_signed_retried_and_survive_a_restart() {
    let s = Setup::new();
    let key = create_key(&s.p, ALICE);
    let env = [("POSTROOM_WEBHOOK_RETRY_BASE_MS", "50")];
    let server = Server::start_with(&s.p, &[], &env);
    // Nothing listens at the target yet: deliveries fail and wait for a retry.
    let port = postroom_testkit::free_port();
    let hook = json!({
        "events": ["candidate.created", "activity.created"],
        "target_url": format!("http://127.0.0.1:{port}/hooks"),
        "secret": "shh",
    });
    assert_eq!(server.post(&key, "/v3/webhooks", &hook).status, 201);
    let bad = server.post(
        &key,
        "/v3/webhooks",
        &json!({"events": ["candidate.exploded"], "target_url": "ftp://x"}),
    );
    assert_eq!(bad.error_fields(), ["events", "target_url", "secret"]);
    let id = server.create(
        &key,
        "/v3/candidates",
        &json!({"first_name": "Web", "last_name": "Hook"}),
    );
    let log = wait_for(Duration::from_secs(20), "a failed attempt", || {
        let r = server.get(&key, "/v3/webhooks/1/deliveries");
        let d = r.body["_embedded"]["deliveries"][0].clone();
        (d["attempts"].as_i64() >= Some(1)).then_some(d)
    });
    assert_eq!(log["state"], "pending", "{log}");
    let (status, _) = server.terminate();
    assert!(status.success());

    // The receiver comes up, so does the server again: the delivery goes through.
    let rx = receiver(TcpListener::bind(("127.0.0.1", port)).unwrap(), 200);
    let server = Server::start_with(&s.p, &[], &env);
    let (headers, body) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the delivery");
    let request_id = header(&headers, "x-request-id");
    assert_eq!(
        header(&headers, "x-signature"),
        postroom_api::signature("shh", body.as_bytes(), request_id)
    );
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["event"], "candidate.created");
    assert_eq!(v["candidate_id"], id);
    assert_eq!(v["_embedded"]["candidate"]["first_name"], "Web");
    assert_eq!(
        v["_links"]["candidate"]["href"],
        format!("/candidates/{id}")
    );

    let r = server.post(
        &key,
        &format!("/v3/candidates/{id}/activities"),
        &json!({"type": "other", "notes": "hi"}),
    );
    assert_eq!(r.status, 201);
    let (_, body) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the activity event");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["event"], "activity.created");
    assert_eq!(v["_embedded"]["activity"]["notes"], "hi");
    let log = server.get(&key, "/v3/webhooks/1/deliveries");
    let states: Vec<&str> = log.body["_embedded"]["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["state"].as_str().unwrap())
        .collect();
    assert!(states.iter().all(|s| *s == "delivered"), "{states:?}");
}

#[test]
fn the_openapi_document_covers_every_route_and_every_route_answers() {
    let s = Setup::new();
    let key = create_key(&s.p, ALICE);
    let server = Server::start(&s.p);
    let doc = server.req("GET", "/v3/openapi.json").send();
    assert_eq!(doc.status, 200, "public, no key needed");
    let paths = doc.body["paths"].as_object().unwrap();
    assert!(paths.len() >= 15, "{}", paths.len());
    let mut checked = 0;
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "1");
            let mut req = server
                .req(&method.to_uppercase(), &format!("/v3{concrete}"))
                .key(&key);
            if method == "post" || method == "put" {
                req = req.json(&json!({}));
            }
            let r = req.send();
            // A route that exists answers; only an unknown path gets the fallback.
            assert_ne!(r.status, 405, "{method} {path}");
            assert_ne!(
                r.body["message"], "The resource was not found.",
                "{method} {path} is documented but not routed"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked}");
    let unknown = server.get(&key, "/v3/nothing-here");
    assert_eq!(unknown.body["message"], "The resource was not found.");
}

#[test]
fn email_logged_by_sync_raises_activity_created_even_from_another_process() {
    let s = Setup::new();
    s.connect(&[]);
    let key = create_key(&s.p, ALICE);
    let jane = s.p.record_id("candidates", JANE);
    let port = postroom_testkit::free_port();
    let rx = receiver(TcpListener::bind(("127.0.0.1", port)).unwrap(), 200);
    let server = Server::start(&s.p);
    let hook = json!({
        "events": ["activity.created"],
        "target_url": format!("http://127.0.0.1:{port}/hooks"),
        "secret": "shh",
    });
    assert_eq!(server.post(&key, "/v3/webhooks", &hook).status, 201);
    let (status, _) = server.terminate();
    assert!(status.success());

    // A standalone `sync --once` logs the mail; the event waits in the store for a
    // server to send it.
    s.append("INBOX", &mail("w1@x", JANE, ALICE).text("Hello\n"));
    assert_eq!(s.sync_once()["logged"], 1);
    let server = Server::start(&s.p);
    let (headers, body) = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the event of the mail logged by sync --once");
    assert_eq!(
        header(&headers, "x-signature"),
        postroom_api::signature("shh", body.as_bytes(), header(&headers, "x-request-id"))
    );
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["event"], "activity.created", "{v}");
    let activity = &v["_embedded"]["activity"];
    assert_eq!(activity["type"], "email", "{v}");
    assert_eq!(
        activity["data_item"],
        json!({"id": jane, "type": "candidate"})
    );
    let listed = server.get(&key, &format!("/v3/candidates/{jane}/activities"));
    assert_eq!(
        v["activity_id"],
        listed.body["_embedded"]["activities"][0]["id"]
    );

    // Mail the server's own sync logs raises the event too.
    s.append("INBOX", &mail("w2@x", JANE, ALICE));
    let (_, body) = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the event of the mail logged by the running sync");
    let v: Value = serde_json::from_str(&body).unwrap();
    let message_id_of = |v: &Value| v["_embedded"]["activity"]["email"]["message_id"].to_string();
    assert!(message_id_of(&v).contains("w2@x"), "{v}");
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "each activity is sent once"
    );
}

#[test]
fn an_attachment_downloads_byte_for_byte_from_the_stored_message() {
    let s = Setup::new();
    let pdf: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    s.append(
        "INBOX",
        &mail("cv@x", JANE, ALICE)
            .text("My CV, and a note.\n")
            .attach("note.txt", "text/plain", b"second")
            .attach("cv final.pdf", "application/pdf", &pdf),
    );
    s.connect(&["--import-old"]);
    let key = create_key(&s.p, ALICE);
    let server = Server::start(&s.p);
    let jane = s.p.record_id("candidates", JANE);
    let threads = server.get(&key, &format!("/v3/candidates/{jane}/threads"));
    let thread_id = threads.body["_embedded"]["threads"][0]["id"]
        .as_i64()
        .unwrap();
    let thread = server.get(&key, &format!("/v3/threads/{thread_id}"));
    let listed = &thread.body["_embedded"]["messages"][0]["attachments"];
    assert_eq!(listed[1]["filename"], "cv final.pdf", "{thread:?}");
    assert_eq!(listed[1]["size"], pdf.len(), "{thread:?}");
    let href = listed[1]["_links"]["download"]["href"].as_str().unwrap();
    let r = server.req("GET", &format!("/v3{href}")).key(&key).send();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"cv final.pdf\"")
    );
    assert_eq!(r.bytes, pdf, "the second attachment, decoded");
    let first = listed[0]["_links"]["download"]["href"].as_str().unwrap();
    let r = server.req("GET", &format!("/v3{first}")).key(&key).send();
    assert_eq!(r.bytes, b"second");
    assert_eq!(server.get(&key, "/v3/attachments/999/download").status, 404);
}

/// Pages of activities are served from a cache while nothing they show changes:
/// a new activity, and a thread merge caused by mail on someone else's record,
/// must both show at once.
#[test]
fn a_page_of_activities_shows_every_change_to_what_it_lists() {
    let s = Setup::new();
    s.append("INBOX", &mail("a2@x", JANE, ALICE).in_reply_to("a1@x"));
    s.append("INBOX", &mail("c2@x", JANE, ALICE).in_reply_to("c1@x"));
    s.connect(&["--import-old"]);
    let key = create_key(&s.p, ALICE);
    let server = Server::start(&s.p);
    let jane = s.p.record_id("candidates", JANE);
    let path = format!("/v3/candidates/{jane}/activities");
    let threads_on = |page: &Resp| -> Vec<Value> {
        page.body["_embedded"]["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["email"]["thread_id"].clone())
            .collect()
    };
    let first = server.get(&key, &path);
    assert_eq!(first.body["total"], 2, "{first:?}");
    let before = threads_on(&first);
    assert_ne!(before[0], before[1], "two conversations so far");
    assert_eq!(
        server.get(&key, &path).body,
        first.body,
        "the same page again"
    );

    let r = server.post(&key, &path, &json!({"type": "other", "notes": "Called"}));
    assert_eq!(r.status, 201);
    let after_note = server.get(&key, &path);
    assert_eq!(after_note.body["total"], 3, "{after_note:?}");

    // John's reply quotes both conversations: they become one, and Jane's page
    // shows it although no activity of hers was added.
    s.append(
        "INBOX",
        &mail("j1@x", JOHN, ALICE).references(&["a1@x", "c1@x"]),
    );
    let john = s.p.record_id("candidates", JOHN);
    wait_for(Duration::from_secs(30), "John's mail to be logged", || {
        let r = server.get(&key, &format!("/v3/candidates/{john}/activities"));
        (r.body["total"] == 1).then_some(())
    });
    let merged = threads_on(&server.get(&key, &path));
    assert_eq!(merged[0], merged[1], "one conversation now: {merged:?}");
}

/// Team members are added and given access on the command line, by a process that
/// delivers no webhooks: the events wait in the store for the server.
#[test]
fn team_members_added_on_the_command_line_are_announced_by_the_server() {
    let s = Setup::new();
    let key = create_key(&s.p, ALICE);
    let (port, rx) = api_support::webhooks::listen();
    let server = Server::start(&s.p);
    let hook = json!({
        "events": ["user.created", "user.updated"],
        "target_url": format!("http://127.0.0.1:{port}/hooks"),
        "secret": "shh",
    });
    assert_eq!(server.post(&key, "/v3/webhooks", &hook).status, 201);

    let bob = api_support::add_user(&s.p, "bob@team.example", "Bob Hiring");
    api_support::set_access(&s.p, "bob@team.example", "hiring_manager");
    let mut seen = Vec::new();
    for _ in 0..2 {
        let (headers, body) = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a user event");
        assert_eq!(
            header(&headers, "x-signature"),
            postroom_api::signature("shh", body.as_bytes(), header(&headers, "x-request-id"))
        );
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["user_id"], bob, "{v}");
        assert_eq!(v["_links"]["user"]["href"], format!("/users/{bob}"));
        seen.push((
            v["event"].as_str().unwrap().to_string(),
            v["_embedded"]["user"]["access_level"].clone(),
        ));
    }
    // The embedded user is the user as the server sends the event: the first may
    // already show the access change, the second must.
    assert_eq!(seen[0].0, "user.created");
    assert!(
        seen[0].1 == "administrator" || seen[0].1 == "hiring_manager",
        "{seen:?}"
    );
    assert_eq!(
        seen[1],
        ("user.updated".to_string(), json!("hiring_manager"))
    );
}
