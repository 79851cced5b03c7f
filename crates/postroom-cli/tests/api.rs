//! Black-box tests of `postroom serve`: the REST API in the shape of the CATS v3 API,
//! over real HTTP, each test with a fresh data directory and a server of its own.

mod api_support;
mod common;

use api_support::team::{assert_message, ids};
use api_support::{
    add_user, create_key, list_keys, set_access, site_with_admin, Server, ADMIN, SERVE_ENV,
};
use common::Postroom;
use serde_json::{json, Value};
use std::fs;
use std::io::Write;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn assert_rfc3339_recent(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("{v} is not a string"));
    let t = OffsetDateTime::parse(s, &Rfc3339).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    let age = (OffsetDateTime::now_utc() - t).whole_seconds().abs();
    assert!(age < 3600, "{s} is not around now");
}

fn person(first: &str, last: &str, email: &str) -> Value {
    json!({ "first_name": first, "last_name": last, "emails": { "primary": email } })
}

// ---------------------------------------------------------------- auth, request ids

#[test]
fn only_a_live_key_is_let_in() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let invalid = "Invalid credentials.";

    assert_message(&s.req("GET", "/v3/candidates").send(), 401, invalid);
    assert_message(
        &s.req("GET", "/v3/candidates").key("pr_not_a_key").send(),
        401,
        invalid,
    );
    assert_message(
        &s.req("GET", "/v3/candidates")
            .header("Authorization", &key)
            .send(),
        401,
        invalid,
    );
    assert_message(
        &s.req("GET", "/v3/candidates")
            .header("Authorization", &format!("Basic {key}"))
            .send(),
        401,
        invalid,
    );
    // Writes are refused before their body is looked at.
    assert_message(
        &s.req("POST", "/v3/candidates")
            .json(&person("A", "B", "a@b.example"))
            .send(),
        401,
        invalid,
    );

    let ok = s.get(&key, "/v3/candidates");
    assert_eq!(ok.status, 200, "{ok:?}");
    assert_eq!(ok.body["total"], 0);
    let bearer = s
        .req("GET", "/v3/candidates")
        .header("Authorization", &format!("Bearer {key}"))
        .send();
    assert_eq!(bearer.status, 200, "{bearer:?}");

    // Revoked while the server runs: refused at once.
    let keys = list_keys(&p);
    assert_eq!(keys.len(), 1, "{keys:?}");
    let id = keys[0]["id"].as_i64().expect("a key id");
    p.run(&["apikeys", "revoke", &id.to_string()]);
    assert_message(&s.get(&key, "/v3/candidates"), 401, invalid);
    assert_message(&s.get(&key, "/v3/users"), 401, invalid);
    assert_eq!(list_keys(&p)[0]["revoked"], true);
    // Revoking twice is an error.
    p.fail(&["apikeys", "revoke", &id.to_string()]);

    // A new key of the same member works.
    let fresh = create_key(&p, ADMIN);
    assert_eq!(s.get(&fresh, "/v3/candidates").status, 200);
}

#[test]
fn every_response_carries_a_request_id() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let answers = [
        s.req("GET", "/healthz").send(),
        s.req("GET", "/metrics").send(),
        s.req("GET", "/v3/candidates").send(),
        s.get(&key, "/v3/candidates"),
        s.get(&key, "/v3/candidates/12345"),
        s.get(&key, "/no/such/path"),
        s.req("POST", "/v3/candidates")
            .key(&key)
            .body("text/plain", "hi")
            .send(),
    ];
    let expected = [200, 200, 401, 200, 404, 404, 415];
    let mut seen = Vec::new();
    for (r, want) in answers.iter().zip(expected) {
        assert_eq!(r.status, want, "{r:?}");
        let id = r
            .header("x-request-id")
            .unwrap_or_else(|| panic!("no X-Request-Id: {r:?}"));
        assert!(!id.is_empty());
        seen.push(id.to_string());
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        expected.len(),
        "each request its own id: {seen:?}"
    );

    // The client's own id is echoed, on success and on failure alike.
    for r in [
        s.req("GET", "/healthz")
            .header("X-Request-Id", "support-ticket-42")
            .send(),
        s.req("GET", "/v3/candidates")
            .header("X-Request-Id", "support-ticket-42")
            .send(),
        s.req("GET", "/v3/candidates/999")
            .key(&key)
            .header("X-Request-Id", "support-ticket-42")
            .send(),
    ] {
        assert_eq!(r.header("x-request-id"), Some("support-ticket-42"), "{r:?}");
    }
    // One too long to log is replaced by a fresh one.
    let long = "x".repeat(300);
    let r = s
        .req("GET", "/healthz")
        .header("X-Request-Id", &long)
        .send();
    let id = r.header("x-request-id").expect("an X-Request-Id");
    assert_ne!(id, long);
    assert!(!id.is_empty() && id.len() <= 128, "{id:?}");
}

// ------------------------------------------------------------------------- create

#[test]
fn create_takes_json_only_and_answers_with_an_absolute_location() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let body = json!({
        "first_name": "Jane",
        "last_name": "Doe",
        "title": "Engineer",
        "current_employer": "Initech",
        "emails": { "primary": "Jane.Doe@Example.COM", "secondary": "jd@home.example" },
        "phones": [{ "number": "+1 555 0100", "type": "mobile" }],
        "is_hot": true,
        "source": "referral",
    });

    for ct in ["text/plain", "application/x-www-form-urlencoded"] {
        let r = s
            .req("POST", "/v3/candidates")
            .key(&key)
            .body(ct, &body.to_string())
            .send();
        assert_message(&r, 415, "Unsupported Content-Type.");
    }
    let r = s.req("POST", "/v3/candidates").key(&key).send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    assert_eq!(
        s.get(&key, "/v3/candidates").body["total"],
        0,
        "nothing made"
    );

    let r = s.post(&key, "/v3/candidates", &body);
    assert_eq!(r.status, 201, "{r:?}");
    assert!(r.text.is_empty(), "201 has an empty body: {r:?}");
    let location = r.header("location").expect("a Location header").to_string();
    let port = s.port();
    let prefix = format!("http://127.0.0.1:{port}/v3/candidates/");
    let id: i64 = location
        .strip_prefix(&prefix)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("Location {location:?} is not {prefix}ID"));

    // `application/json; charset=utf-8` is JSON too.
    let r = s
        .req("POST", "/v3/candidates")
        .key(&key)
        .body(
            "application/json; charset=utf-8",
            &person("Sam", "Roe", "sam@x.example").to_string(),
        )
        .send();
    assert_eq!(r.status, 201, "{r:?}");

    let got = s.get(&key, &location);
    assert_eq!(got.status, 200, "{got:?}");
    assert!(
        got.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{got:?}"
    );
    let c = &got.body;
    assert_eq!(c["id"], id);
    assert_eq!(c["first_name"], "Jane");
    assert_eq!(c["last_name"], "Doe");
    assert_eq!(c["title"], "Engineer");
    assert_eq!(c["current_employer"], "Initech");
    assert_eq!(c["source"], "referral");
    assert_eq!(
        c["emails"],
        json!({ "primary": "jane.doe@example.com", "secondary": "jd@home.example" })
    );
    assert_eq!(
        c["_embedded"]["emails"],
        json!([
            { "email": "jane.doe@example.com", "is_primary": true },
            { "email": "jd@home.example", "is_primary": false },
        ])
    );
    assert_eq!(c["phones"][0]["number"], "+1 555 0100");
    assert_eq!(c["phones"][0]["type"], "mobile");
    assert_eq!(c["is_hot"], true);
    assert_eq!(c["_links"]["self"]["href"], format!("/candidates/{id}"));
    assert_rfc3339_recent(&c["date_created"]);
    assert_rfc3339_recent(&c["date_modified"]);

    // The same record under /emails.
    let emails = s.get(&key, &format!("/v3/candidates/{id}/emails"));
    assert_eq!(emails.status, 200, "{emails:?}");
    assert_eq!(emails.body["total"], 2);
    assert_eq!(emails.body["_embedded"]["emails"], c["_embedded"]["emails"]);

    // A record with a name alone, and is_hot defaulting to false.
    let bare = s.create(
        &key,
        "/v3/candidates",
        &json!({"first_name": "No", "last_name": "Mail"}),
    );
    let b = s.get(&key, &format!("/v3/candidates/{bare}")).body;
    assert_eq!(b["is_hot"], false);
    assert_eq!(b["emails"], json!({ "primary": null, "secondary": null }));
    assert_eq!(b["_embedded"]["emails"], json!([]));
}

#[test]
fn create_reads_the_shapes_real_clients_send() {
    let (p, key) = site_with_admin();
    add_user(&p, "two@team.example", "Two Member");
    add_user(&p, "three@team.example", "Three Member");
    let s = Server::start(&p);

    let listed = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "List",
            "last_name": "Shape",
            "emails": [
                { "email": "other@x.example", "is_primary": false },
                { "email": "Main@X.example", "is_primary": "true" },
            ],
            "is_hot": "true",
            "owner_id": "3",
        }),
    );
    let c = s.get(&key, &format!("/v3/candidates/{listed}")).body;
    assert_eq!(
        c["emails"],
        json!({ "primary": "main@x.example", "secondary": "other@x.example" })
    );
    assert_eq!(c["_embedded"]["emails"][0]["email"], "main@x.example");
    assert_eq!(c["_embedded"]["emails"][0]["is_primary"], true);
    assert_eq!(c["_embedded"]["emails"][1]["is_primary"], false);
    assert_eq!(c["is_hot"], true);
    assert_eq!(c["owner_id"], 3);

    let object = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Object",
            "last_name": "Shape",
            "emails": { "primary": "obj@x.example", "secondary": "obj2@x.example" },
            "is_hot": "0",
            "owner_id": 2,
        }),
    );
    let c = s.get(&key, &format!("/v3/candidates/{object}")).body;
    assert_eq!(
        c["emails"],
        json!({ "primary": "obj@x.example", "secondary": "obj2@x.example" })
    );
    assert_eq!(c["is_hot"], false);
    assert_eq!(c["owner_id"], 2);

    // One address as a plain string, and a list of plain strings.
    let single = s.create(
        &key,
        "/v3/candidates",
        &json!({ "first_name": "One", "last_name": "Address", "email": "one@x.example" }),
    );
    let c = s.get(&key, &format!("/v3/candidates/{single}")).body;
    assert_eq!(c["emails"]["primary"], "one@x.example");
    let strings = s.create(
        &key,
        "/v3/candidates",
        &json!({ "first_name": "Str", "last_name": "List", "emails": ["s1@x.example", "s2@x.example"] }),
    );
    let c = s.get(&key, &format!("/v3/candidates/{strings}")).body;
    assert_eq!(
        c["emails"],
        json!({ "primary": "s1@x.example", "secondary": "s2@x.example" })
    );
}

#[test]
fn create_reports_every_wrong_field_at_once() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);

    let r = s.post(
        &key,
        "/v3/candidates",
        &json!({ "emails": { "primary": "not an address" }, "is_hot": "maybe" }),
    );
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.body["message"], "Validation failed.");
    assert_eq!(
        r.error_fields(),
        ["first_name", "last_name", "emails", "is_hot"],
        "{r:?}"
    );
    for e in r.body["errors"].as_array().unwrap() {
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "each error says what is wrong: {e}"
        );
    }

    let r = s.post(
        &key,
        "/v3/candidates",
        &json!({ "first_name": "", "last_name": 7, "owner_id": "x", "phones": 12, "address": "here" }),
    );
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(
        r.error_fields(),
        ["first_name", "last_name", "phones", "address", "owner_id"],
        "{r:?}"
    );

    // Not JSON at all, or not an object: 400 with a message.
    let r = s
        .req("POST", "/v3/candidates")
        .key(&key)
        .body("application/json", "{\"first_name\": ")
        .send();
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.body["message"].is_string(), "{r:?}");
    let r = s.post(&key, "/v3/candidates", &json!(["Jane", "Doe"]));
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.body["message"].is_string(), "{r:?}");

    assert_eq!(
        s.get(&key, "/v3/candidates").body["total"],
        0,
        "nothing was created"
    );
}

#[test]
fn duplicates_are_refused() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let first = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": { "primary": "ada@x.example" },
            "phones": [{ "number": "+44 20 7946 0000" }],
        }),
    );
    let checked = "/v3/candidates?check_duplicate=true";

    // Same primary address (in another case), another name.
    let r = s.post(&key, checked, &person("Someone", "Else", "ADA@x.example"));
    assert_eq!(r.status, 409, "{r:?}");
    assert!(
        r.body["message"]
            .as_str()
            .is_some_and(|m| m.contains(&first.to_string())),
        "the message names the record: {r:?}"
    );

    // Same name and phone, another address; the phone written differently.
    for phone in ["+44 20 7946 0000", "+44 (20) 7946-0000"] {
        let r = s.post(
            &key,
            checked,
            &json!({
                "first_name": "ada",
                "last_name": "LOVELACE",
                "emails": { "primary": "countess@x.example" },
                "phones": [{ "number": phone }],
            }),
        );
        assert_eq!(r.status, 409, "{phone}: {r:?}");
        assert!(r.body["message"].is_string());
    }

    // Without the flag the primary address is still unique...
    let r = s.post(
        &key,
        "/v3/candidates",
        &person("Other", "Person", "ada@x.example"),
    );
    assert_eq!(r.status, 409, "{r:?}");
    assert!(r.body["message"].is_string());
    // ...but the same name and phone is another person.
    s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": { "primary": "ada2@x.example" },
            "phones": [{ "number": "+44 20 7946 0000" }],
        }),
    );

    // With the flag: the same name alone, or with another phone, is not a duplicate.
    s.create(&key, checked, &person("Ada", "Lovelace", "ada3@x.example"));
    s.create(
        &key,
        checked,
        &json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": { "primary": "ada4@x.example" },
            "phones": [{ "number": "+1 212 555 0199" }],
        }),
    );
    // A different person.
    s.create(&key, checked, &person("Grace", "Hopper", "grace@x.example"));
    // A secondary address of someone else is not their primary.
    s.create(
        &key,
        checked,
        &json!({ "first_name": "Sec", "last_name": "Ond", "emails": { "primary": "sec@x.example", "secondary": "ada@x.example" } }),
    );

    let list = s.get(&key, "/v3/candidates");
    assert_eq!(list.body["total"], 6, "{list:?}");
}

/// Statuses of `n` POSTs of the same body sent at once, sorted.
fn post_at_once(s: &Server, key: &str, path: &str, body: &Value, n: usize) -> Vec<u16> {
    let barrier = std::sync::Barrier::new(n);
    let mut statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    s.post(key, path, body).status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    statuses.sort();
    statuses
}

#[test]
fn concurrent_creates_of_one_address_make_one_record() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    for path in ["/v3/candidates", "/v3/candidates?check_duplicate=true"] {
        let body = person("Jane", "Doe", &format!("jane{}@x.example", path.len()));
        let statuses = post_at_once(&s, &key, path, &body, 8);
        assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409], "{path}");
    }
    assert_eq!(s.get(&key, "/v3/candidates").body["total"], 2);
}

/// Regression: `check_duplicate` looked for the same name and phone apart from the
/// transaction that creates the record, so requests sent at once all passed it.
#[test]
fn concurrent_checked_creates_of_one_name_and_phone_make_one_record() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let body = json!({ "first_name": "Jane", "last_name": "Doe", "phones": ["+1 555 0100"] });
    let statuses = post_at_once(&s, &key, "/v3/candidates?check_duplicate=true", &body, 8);
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
}

// ------------------------------------------------------------------ update, delete

#[test]
fn update_merges_and_delete_removes() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let id = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Jane",
            "last_name": "Doe",
            "title": "Engineer",
            "emails": { "primary": "jane@x.example", "secondary": "jd@x.example" },
            "is_hot": true,
            "notes": "met at a conference",
        }),
    );
    let other = s.create(
        &key,
        "/v3/candidates",
        &person("Sam", "Roe", "sam@x.example"),
    );
    let url = format!("/v3/candidates/{id}");
    let before = s.get(&key, &url).body;

    let r = s.put(
        &key,
        &url,
        &json!({ "title": "Lead Engineer", "last_name": "Smith" }),
    );
    assert_eq!(r.status, 204, "{r:?}");
    assert!(r.text.is_empty(), "{r:?}");
    let after = s.get(&key, &url).body;
    assert_eq!(after["title"], "Lead Engineer");
    assert_eq!(after["last_name"], "Smith");
    for unchanged in [
        "first_name",
        "emails",
        "is_hot",
        "notes",
        "date_created",
        "id",
    ] {
        assert_eq!(after[unchanged], before[unchanged], "{unchanged} kept");
    }
    assert_eq!(after["_embedded"]["emails"], before["_embedded"]["emails"]);

    // Lenient on update too; clearing a field with null.
    let r = s.put(&key, &url, &json!({ "is_hot": "no", "notes": null }));
    assert_eq!(r.status, 204, "{r:?}");
    let after = s.get(&key, &url).body;
    assert_eq!(after["is_hot"], false);
    assert_eq!(after["notes"], Value::Null);
    assert_eq!(after["title"], "Lead Engineer");

    // New addresses replace the old ones.
    let r = s.put(
        &key,
        &url,
        &json!({ "emails": { "primary": "jane.smith@x.example" } }),
    );
    assert_eq!(r.status, 204, "{r:?}");
    let after = s.get(&key, &url).body;
    assert_eq!(
        after["emails"],
        json!({ "primary": "jane.smith@x.example", "secondary": null })
    );

    // Another record's primary address is taken.
    let r = s.put(
        &key,
        &format!("/v3/candidates/{other}"),
        &json!({ "emails": { "primary": "jane.smith@x.example" } }),
    );
    assert_eq!(r.status, 409, "{r:?}");
    assert_eq!(
        s.get(&key, &format!("/v3/candidates/{other}")).body["emails"]["primary"],
        "sam@x.example"
    );

    // Wrong fields: 422, nothing changed.
    let r = s.put(&key, &url, &json!({ "first_name": "", "is_hot": "maybe" }));
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["first_name", "is_hot"]);
    // An empty body: 400; not JSON: 415.
    let r = s
        .req("PUT", &url)
        .key(&key)
        .body("application/json", "")
        .send();
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.body["message"].is_string(), "{r:?}");
    let r = s
        .req("PUT", &url)
        .key(&key)
        .body("text/plain", "title=x")
        .send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    assert_eq!(s.get(&key, &url).body["first_name"], "Jane");

    // Delete: 204, then gone.
    let r = s.delete(&key, &url);
    assert_eq!(r.status, 204, "{r:?}");
    assert!(r.text.is_empty());
    assert_message(&s.get(&key, &url), 404, "The candidate was not found.");
    assert_message(&s.delete(&key, &url), 404, "The candidate was not found.");
    assert_message(
        &s.put(&key, &url, &json!({ "title": "x" })),
        404,
        "The candidate was not found.",
    );
    let list = s.get(&key, "/v3/candidates").body;
    assert_eq!(ids(&list, "candidates"), [other]);
    // Its primary address is free again.
    s.create(
        &key,
        "/v3/candidates",
        &person("Jane", "Again", "jane.smith@x.example"),
    );
}

#[test]
fn unknown_and_malformed_ids_are_404() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    s.create(
        &key,
        "/v3/candidates",
        &person("Jane", "Doe", "jane@x.example"),
    );
    for path in [
        "/v3/candidates/999",
        "/v3/candidates/abc",
        "/v3/candidates/-1",
        "/v3/candidates/1.5",
        "/v3/candidates/999/emails",
    ] {
        let r = s.get(&key, path);
        assert_message(&r, 404, "The candidate was not found.");
    }
    assert_message(
        &s.get(&key, "/v3/contacts/1"),
        404,
        "The contact was not found.",
    );
    assert_message(
        &s.delete(&key, "/v3/candidates/abc"),
        404,
        "The candidate was not found.",
    );
    assert_message(
        &s.put(&key, "/v3/candidates/999", &json!({"title": "x"})),
        404,
        "The candidate was not found.",
    );
    assert_message(
        &s.get(&key, "/v3/users/999"),
        404,
        "The user was not found.",
    );
    assert_message(&s.get(&key, "/v3/users/me"), 404, "The user was not found.");
    assert_message(
        &s.get(&key, "/v3/nothing-here"),
        404,
        "The resource was not found.",
    );
    assert_message(&s.get(&key, "/"), 404, "The resource was not found.");
}

// ------------------------------------------------------------------ list, search

#[test]
fn lists_page_with_totals_and_links() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let made: Vec<i64> = (1..=5)
        .map(|i| {
            s.create(
                &key,
                "/v3/candidates",
                &person(
                    &format!("First{i}"),
                    &format!("Last{i}"),
                    &format!("c{i}@x.example"),
                ),
            )
        })
        .collect();
    assert_eq!(made, [1, 2, 3, 4, 5], "a fresh site numbers from 1");

    let r = s.get(&key, "/v3/candidates?per_page=2&page=2");
    assert_eq!(r.status, 200, "{r:?}");
    let b = &r.body;
    assert_eq!(b["count"], 2);
    assert_eq!(b["total"], 5);
    assert_eq!(ids(b, "candidates"), [3, 4]);
    assert_eq!(b["_embedded"]["candidates"][0]["first_name"], "First3");
    assert_eq!(
        b["_embedded"]["candidates"][0]["emails"]["primary"],
        "c3@x.example"
    );
    assert_eq!(b["_links"]["self"]["href"], "/candidates?page=2&per_page=2");
    assert_eq!(b["_links"]["next"]["href"], "/candidates?page=3&per_page=2");
    assert_eq!(b["_links"]["prev"]["href"], "/candidates?page=1&per_page=2");
    assert_eq!(
        b["_links"]["first"]["href"],
        "/candidates?page=1&per_page=2"
    );
    assert_eq!(b["_links"]["last"]["href"], "/candidates?page=3&per_page=2");

    let last = s.get(&key, "/v3/candidates?per_page=2&page=3").body;
    assert_eq!(last["count"], 1);
    assert_eq!(ids(&last, "candidates"), [5]);
    assert!(last["_links"].get("next").is_none(), "{last}");
    let first = s.get(&key, "/v3/candidates?per_page=2").body;
    assert_eq!(ids(&first, "candidates"), [1, 2]);
    assert!(first["_links"].get("prev").is_none(), "{first}");
    let past = s.get(&key, "/v3/candidates?per_page=2&page=9").body;
    assert_eq!(past["count"], 0);
    assert_eq!(past["total"], 5);
    let all = s.get(&key, "/v3/candidates").body;
    assert_eq!(ids(&all, "candidates"), [1, 2, 3, 4, 5]);
    assert_eq!(
        all["_links"]["self"]["href"],
        "/candidates?page=1&per_page=25"
    );
    let max = s.get(&key, "/v3/candidates?per_page=100");
    assert_eq!(max.status, 200, "{max:?}");

    for (query, field) in [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("page=-1", "page"),
    ] {
        let r = s.get(&key, &format!("/v3/candidates?{query}"));
        assert_eq!(r.status, 422, "{query}: {r:?}");
        assert_eq!(r.error_fields(), [field], "{query}");
    }
}

#[test]
fn search_matches_names_and_every_address() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let grace = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Grace",
            "last_name": "Hopper",
            "emails": { "primary": "grace@navy.example", "secondary": "amazing@cobol.example" },
        }),
    );
    let alan = s.create(
        &key,
        "/v3/candidates",
        &person("Alan", "Turing", "alan@bletchley.example"),
    );
    let ada = s.create(
        &key,
        "/v3/candidates",
        &person("Ada", "Lovelace", "ada@engine.example"),
    );
    s.create(
        &key,
        "/v3/contacts",
        &person("Grace", "Contact", "gc@client.example"),
    );

    let search = |q: &str| -> Value {
        let r = s.get(&key, &format!("/v3/candidates/search?query={q}"));
        assert_eq!(r.status, 200, "{q}: {r:?}");
        r.body
    };
    for (q, want) in [
        ("hopper", vec![grace]),
        ("HOPPER", vec![grace]),
        ("Grace%20Hop", vec![grace]),
        ("cobol", vec![grace]),
        ("amazing%40cobol.example", vec![grace]),
        ("navy", vec![grace]),
        ("bletchley", vec![alan]),
        ("a", vec![grace, alan, ada]),
        ("nobody", vec![]),
    ] {
        let b = search(q);
        assert_eq!(ids(&b, "candidates"), want, "query {q}");
        assert_eq!(b["total"], want.len(), "query {q}");
    }
    let paged = search("a&per_page=1&page=2");
    assert_eq!(ids(&paged, "candidates"), [alan]);
    assert_eq!(paged["total"], 3);
    assert_eq!(
        paged["_links"]["next"]["href"],
        "/candidates/search?query=a&page=3&per_page=1"
    );
    let spaced = search("Grace%20Hop");
    assert_eq!(
        spaced["_links"]["self"]["href"],
        "/candidates/search?query=Grace%20Hop&page=1&per_page=25"
    );
    // Contacts are searched apart.
    let contacts = s.get(&key, "/v3/contacts/search?query=grace").body;
    assert_eq!(contacts["total"], 1);
    assert_eq!(contacts["_embedded"]["contacts"][0]["last_name"], "Contact");

    for path in [
        "/v3/candidates/search",
        "/v3/candidates/search?query=",
        "/v3/candidates/search?query=%20",
    ] {
        let r = s.get(&key, path);
        assert_eq!(r.status, 422, "{path}: {r:?}");
        assert_eq!(r.error_fields(), ["query"]);
    }
}

/// Regression: search stripped `_` and `%` instead of escaping them.
#[test]
fn search_finds_addresses_with_underscores() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let id = s.create(
        &key,
        "/v3/candidates",
        &person("John", "Doe", "john_doe@x.example"),
    );
    s.create(
        &key,
        "/v3/candidates",
        &person("Other", "Person", "other@x.example"),
    );
    let b = s.get(&key, "/v3/candidates/search?query=john_doe").body;
    assert_eq!(ids(&b, "candidates"), [id], "{b}");
    // And `%` is a literal, not a wildcard that matches everyone.
    let b = s.get(&key, "/v3/candidates/search?query=%25").body;
    assert_eq!(b["total"], 0, "{b}");
}

/// Regression: a phone that was merely part of a stored phone counted as the same.
#[test]
fn duplicate_phone_must_be_the_whole_number() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": { "primary": "ada@x.example" },
            "phones": [{ "number": "+44 20 7946 0000" }],
        }),
    );
    let r = s.post(
        &key,
        "/v3/candidates?check_duplicate=true",
        &json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": { "primary": "other@x.example" },
            "phones": [{ "number": "0000" }],
        }),
    );
    assert_eq!(r.status, 201, "{r:?}");
}

// ----------------------------------------------------------------------- contacts

#[test]
fn contacts_are_created_read_and_listed() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let r = s
        .req("POST", "/v3/contacts")
        .key(&key)
        .body("text/csv", "a,b")
        .send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    let r = s.post(&key, "/v3/contacts", &json!({ "company_name": "Acme" }));
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["first_name", "last_name"]);

    let r = s.post(
        &key,
        "/v3/contacts",
        &json!({
            "first_name": "Hank",
            "last_name": "Hiring",
            "title": "CTO",
            "company_name": "Acme Corp",
            "emails": [{ "email": "hank@acme.example", "is_primary": true }],
        }),
    );
    assert_eq!(r.status, 201, "{r:?}");
    let location = r.header("location").expect("a Location").to_string();
    let prefix = format!("http://127.0.0.1:{}/v3/contacts/", s.port());
    let id: i64 = location
        .strip_prefix(&prefix)
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(|| panic!("{location:?} is not {prefix}ID"));

    let c = s.get(&key, &location).body;
    assert_eq!(c["id"], id);
    assert_eq!(c["first_name"], "Hank");
    assert_eq!(c["last_name"], "Hiring");
    assert_eq!(c["company_name"], "Acme Corp");
    assert_eq!(c["title"], "CTO");
    assert!(c.get("current_employer").is_none(), "{c}");
    assert_eq!(c["emails"]["primary"], "hank@acme.example");
    assert_eq!(c["_embedded"]["emails"][0]["is_primary"], true);
    assert_eq!(c["_links"]["self"]["href"], format!("/contacts/{id}"));
    assert_rfc3339_recent(&c["date_created"]);
    assert!(c["is_hot"].is_boolean(), "{c}");

    // A contact may share a candidate's address; contacts' own primaries are unique.
    s.create(
        &key,
        "/v3/candidates",
        &person("Hank", "Candidate", "hank@acme.example"),
    );
    let r = s.post(
        &key,
        "/v3/contacts",
        &person("Dup", "Contact", "hank@acme.example"),
    );
    assert_eq!(r.status, 409, "{r:?}");
    let second = s.create(
        &key,
        "/v3/contacts",
        &person("Sue", "Second", "sue@acme.example"),
    );

    let list = s.get(&key, "/v3/contacts").body;
    assert_eq!(list["total"], 2);
    assert_eq!(list["count"], 2);
    assert_eq!(ids(&list, "contacts"), [id, second]);
    assert_eq!(
        list["_links"]["self"]["href"],
        "/contacts?page=1&per_page=25"
    );
    assert_eq!(
        list["_embedded"]["contacts"][0]["company_name"],
        "Acme Corp"
    );
    assert_eq!(s.get(&key, "/v3/candidates").body["total"], 1);

    let r = s.put(&key, &location, &json!({ "company_name": "Acme Inc" }));
    assert_eq!(r.status, 204, "{r:?}");
    assert_eq!(s.get(&key, &location).body["company_name"], "Acme Inc");
    assert_eq!(s.delete(&key, &location).status, 204);
    assert_message(&s.get(&key, &location), 404, "The contact was not found.");
}

// -------------------------------------------------------------------------- users

#[test]
fn users_are_listed_with_their_access_level() {
    let (p, key) = site_with_admin();
    let rita = add_user(&p, "rita@team.example", "Rita Recruiter");
    let hank = add_user(&p, "hank@team.example", "Hank Manager");
    set_access(&p, "rita@team.example", "recruiter");
    set_access(&p, "hank@team.example", "hiring_manager");
    let s = Server::start(&p);

    let r = s.get(&key, "/v3/users");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["total"], 3);
    assert_eq!(r.body["count"], 3);
    let users = r.body["_embedded"]["users"].as_array().expect("users");
    let by_email = |e: &str| {
        users
            .iter()
            .find(|u| u["email"] == e)
            .unwrap_or_else(|| panic!("no user {e} in {users:?}"))
            .clone()
    };
    let admin = by_email(ADMIN);
    assert_eq!(admin["access_level"], "administrator");
    assert_eq!(admin["first_name"], "Ada");
    assert_eq!(admin["last_name"], "Admin");
    let r_user = by_email("rita@team.example");
    assert_eq!(r_user["id"], rita);
    assert_eq!(r_user["access_level"], "recruiter");
    assert_eq!(
        by_email("hank@team.example")["access_level"],
        "hiring_manager"
    );

    let one = s.get(&key, &format!("/v3/users/{hank}"));
    assert_eq!(one.status, 200, "{one:?}");
    assert_eq!(one.body["id"], hank);
    assert_eq!(one.body["access_level"], "hiring_manager");
    assert_eq!(one.body["emails"], json!(["hank@team.example"]));
    assert_eq!(one.body["_links"]["self"]["href"], format!("/users/{hank}"));

    let paged = s.get(&key, "/v3/users?per_page=1&page=2").body;
    assert_eq!(paged["count"], 1);
    assert_eq!(paged["total"], 3);
    assert_eq!(s.get(&key, "/v3/users?per_page=500").status, 422);

    // A change of level shows at once, and a hiring manager may list users too.
    set_access(&p, "rita@team.example", "administrator");
    assert_eq!(
        s.get(&key, &format!("/v3/users/{rita}")).body["access_level"],
        "administrator"
    );
    let hank_key = create_key(&p, "hank@team.example");
    assert_eq!(s.get(&hank_key, "/v3/users").body["total"], 3);
    p.fail(&["users", "access", "hank@team.example", "overlord"]);
}

#[test]
fn a_hiring_manager_sees_no_candidates_outside_their_hiring_teams() {
    let (p, admin_key) = site_with_admin();
    add_user(&p, "hank@team.example", "Hank Manager");
    add_user(&p, "rita@team.example", "Rita Recruiter");
    set_access(&p, "hank@team.example", "hiring_manager");
    set_access(&p, "rita@team.example", "recruiter");
    let hank = create_key(&p, "hank@team.example");
    let rita = create_key(&p, "rita@team.example");
    let s = Server::start(&p);

    let jane = s.create(
        &admin_key,
        "/v3/candidates",
        &person("Jane", "Doe", "jane@x.example"),
    );
    let contact = s.create(
        &admin_key,
        "/v3/contacts",
        &person("Cal", "Contact", "cal@client.example"),
    );
    let url = format!("/v3/candidates/{jane}");

    let list = s.get(&hank, "/v3/candidates");
    assert_eq!(list.status, 200, "{list:?}");
    assert_eq!(list.body["total"], 0);
    assert_eq!(list.body["count"], 0);
    assert_eq!(ids(&list.body, "candidates"), Vec::<i64>::new());
    assert_message(&s.get(&hank, &url), 404, "The candidate was not found.");
    assert_message(
        &s.get(&hank, &format!("{url}/emails")),
        404,
        "The candidate was not found.",
    );
    assert_eq!(
        s.get(&hank, "/v3/candidates/search?query=jane").body["total"],
        0
    );
    assert_message(
        &s.put(&hank, &url, &json!({ "title": "changed" })),
        404,
        "The candidate was not found.",
    );
    assert_message(&s.delete(&hank, &url), 404, "The candidate was not found.");
    let r = s.post(
        &hank,
        "/v3/candidates",
        &person("New", "One", "new@x.example"),
    );
    assert_eq!(r.status, 403, "{r:?}");

    // Untouched, and seen by those who see everything.
    for key in [&admin_key, &rita] {
        let list = s.get(key, "/v3/candidates").body;
        assert_eq!(ids(&list, "candidates"), [jane]);
        let c = s.get(key, &url);
        assert_eq!(c.status, 200, "{c:?}");
        assert_eq!(c.body["title"], Value::Null);
    }
    // Contacts are not restricted.
    assert_eq!(s.get(&hank, "/v3/contacts").body["total"], 1);
    assert_eq!(s.get(&hank, &format!("/v3/contacts/{contact}")).status, 200);

    // The level is read at each request: promoted, Hank sees Jane at once.
    set_access(&p, "hank@team.example", "recruiter");
    assert_eq!(s.get(&hank, &url).status, 200);
}

// --------------------------------------------------------------------- rate limit

#[test]
fn each_key_has_its_own_hourly_quota() {
    let (p, key) = site_with_admin();
    let s = Server::start_with(&p, &[], &[("POSTROOM_RATE_LIMIT", "3")]);

    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = s.get(&key, "/v3/users");
        assert_eq!(r.status, 200, "{r:?}");
        assert_eq!(r.header_num("x-rate-limit-limit"), 3);
        remaining.push(r.header_num("x-rate-limit-remaining"));
    }
    assert_eq!(remaining, [2, 1, 0]);

    let r = s.get(&key, "/v3/candidates");
    assert_message(&r, 429, "Rate limit exceeded.");
    let retry = r.header_num("retry-after");
    assert!((1..=3600).contains(&retry), "Retry-After {retry}");
    assert_eq!(r.header_num("x-rate-limit-limit"), 3);
    assert_eq!(r.header_num("x-rate-limit-remaining"), 0);
    assert!(r.header("x-request-id").is_some());
    // Refused writes do nothing.
    let r = s.post(
        &key,
        "/v3/candidates",
        &person("Too", "Many", "too@x.example"),
    );
    assert_eq!(r.status, 429, "{r:?}");

    // Another key of the same member counts on its own.
    let other = create_key(&p, ADMIN);
    let r = s.get(&other, "/v3/candidates");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["total"], 0, "the refused POST created nothing");
    assert_eq!(r.header_num("x-rate-limit-remaining"), 2);

    // Requests without a valid key, and health checks, use no one's quota.
    assert_eq!(s.req("GET", "/v3/users").key("pr_wrong").send().status, 401);
    assert_eq!(s.req("GET", "/healthz").send().status, 200);
    assert_eq!(
        s.get(&other, "/v3/users")
            .header_num("x-rate-limit-remaining"),
        1
    );
}

// ---------------------------------------------------------------- config, process

#[test]
fn a_bad_configuration_is_reported_whole_and_nothing_starts() {
    let p = Postroom::new();
    let config = p.path("postroom.toml");
    fs::write(
        &config,
        "listen = \"nowhere\"\nrate_limit_per_hour = 0\ncolour = \"blue\"\n",
    )
    .unwrap();
    let mut cmd = p.cmd();
    for var in SERVE_ENV {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(["serve", "--config", config.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run postroom serve");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve started: {stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for needle in [
        "3 problem",
        "listen = \"nowhere\"",
        "rate_limit_per_hour = \"0\"",
        "unknown setting \"colour\"",
    ] {
        assert!(stderr.contains(needle), "no {needle:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("listening on"), "{stderr}");

    // The environment is checked too, and overrides a good file.
    fs::write(&config, "rate_limit_per_hour = 10\n").unwrap();
    let mut cmd = p.cmd();
    for var in SERVE_ENV {
        cmd.env_remove(var);
    }
    let out = cmd
        .env("POSTROOM_RATE_LIMIT", "lots")
        .env("POSTROOM_PUBLIC_URL", "example.com")
        .args(["serve", "--config", config.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run postroom serve");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2 problem"), "{stderr}");
    assert!(stderr.contains("$POSTROOM_RATE_LIMIT"), "{stderr}");
    assert!(stderr.contains("$POSTROOM_PUBLIC_URL"), "{stderr}");

    // A missing file, and a bad --listen.
    let (_, stderr) = p.fail(&["serve", "--config", "/nonexistent/postroom.toml"]);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let (_, stderr) = p.fail(&["serve", "--listen", "localhost"]);
    assert!(stderr.contains("--listen"), "{stderr}");
}

#[test]
fn a_config_file_sets_the_rate_limit_and_public_url() {
    let (p, key) = site_with_admin();
    let config = p.path("postroom.toml");
    fs::write(
        &config,
        "rate_limit_per_hour = 7\npublic_url = \"https://ats.example/\"\n",
    )
    .unwrap();
    let s = Server::start_with(&p, &["--config", config.to_str().unwrap()], &[]);
    let r = s.post(
        &key,
        "/v3/candidates",
        &person("Jane", "Doe", "jane@x.example"),
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.header_num("x-rate-limit-limit"), 7);
    assert_eq!(
        r.header("location"),
        Some("https://ats.example/v3/candidates/1")
    );
}

#[test]
fn health_and_metrics_need_no_key() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let r = s.req("GET", "/healthz").send();
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body, json!({ "status": "ok" }));

    s.get(&key, "/v3/candidates");
    s.get(&key, "/v3/candidates/77");
    let r = s.req("GET", "/metrics").send();
    assert_eq!(r.status, 200, "{r:?}");
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("text/plain")),
        "{r:?}"
    );
    for needle in [
        "# TYPE postroom_http_requests_total counter",
        "postroom_http_requests_total{method=\"GET\",status=\"200\"}",
        "postroom_http_requests_total{method=\"GET\",status=\"404\"} 1",
        "postroom_http_request_duration_seconds_count",
        "postroom_messages_logged 0",
    ] {
        assert!(r.text.contains(needle), "no {needle:?} in:\n{}", r.text);
    }
}

#[test]
fn a_key_is_shown_once_and_never_listed() {
    let p = Postroom::new();
    add_user(&p, ADMIN, "Ada Admin");
    let out = p.output(&["apikeys", "create", "--user", ADMIN, "--name", "zapier"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let key = stdout.lines().last().expect("a line").to_string();
    assert!(key.starts_with("pr_") && key.len() > 20, "{stdout:?}");
    assert!(
        !key.contains(' ') && !key.contains('\t'),
        "alone on its line: {key:?}"
    );
    assert!(stdout.ends_with(&format!("{key}\n")), "{stdout:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(&key), "{stderr}");

    let second = create_key(&p, ADMIN);
    assert_ne!(key, second);
    let (_, stderr) = p.fail(&["apikeys", "create", "--user", "nobody@team.example"]);
    assert!(stderr.contains("nobody@team.example"), "{stderr}");

    let plain = p.run(&["apikeys", "list"]);
    let json = list_keys(&p);
    assert_eq!(json.len(), 2, "{json:?}");
    assert_eq!(json[0]["name"], "zapier");
    assert_eq!(json[0]["revoked"], false);
    assert!(key.starts_with(json[0]["prefix"].as_str().expect("a prefix")));
    let json_text = p.run(&["--json", "apikeys", "list"]);
    for k in [&key, &second] {
        assert!(!plain.contains(k.as_str()), "{plain}");
        assert!(!json_text.contains(k.as_str()), "{json_text}");
        // Not even most of it.
        assert!(!plain.contains(&k[..20]) && !json_text.contains(&k[..20]));
    }
    // And not in the database file either, only its hash.
    for entry in fs::read_dir(p.data_dir()).unwrap().flatten() {
        if entry.path().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(&key), "{:?} holds the key", entry.path());
        }
    }

    // The key works against a server.
    let s = Server::start(&p);
    assert_eq!(s.get(&key, "/v3/users").status, 200);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    s.create(
        &key,
        "/v3/candidates",
        &person("Jane", "Doe", "jane@x.example"),
    );
    let base = s.base.clone();
    let (status, log) = s.terminate();
    assert!(status.success(), "exit {status:?}; stderr:\n{log}");
    assert_eq!(status.code(), Some(0));
    // Nothing listens any more.
    let gone = ureq::get(&format!("{base}/healthz")).call();
    assert!(
        matches!(gone, Err(ureq::Error::Transport(_))),
        "still answering: {gone:?}"
    );
    // What it wrote is kept.
    let list = p.json(&["candidates", "list"]);
    assert_eq!(list.len(), 1, "{list:?}");
}

/// Scripts wait for the `listening on` line and may stop the server at once: by
/// then SIGTERM must already be handled (and not kill the process, or be lost).
#[test]
fn sigterm_right_after_start_exits_zero() {
    for _ in 0..3 {
        let p = Postroom::new();
        // A shell already running, so the signal goes out the moment it has the pid.
        let mut killer = std::process::Command::new("sh")
            .args(["-c", "read pid && kill -TERM \"$pid\""])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("start sh");
        let s = Server::start(&p);
        {
            let mut stdin = killer.stdin.take().expect("a stdin pipe");
            writeln!(stdin, "{}", s.pid()).expect("hand over the pid");
        }
        assert!(killer.wait().expect("wait for sh").success());
        let (status, log) = s.wait_exit(std::time::Duration::from_secs(10));
        assert_eq!(
            status.and_then(|s| s.code()),
            Some(0),
            "exit {status:?} (None: still running 10 s after SIGTERM); stderr:\n{log}"
        );
    }
}

// ------------------------------------------------ the API and the rest of Postroom

#[test]
fn imported_people_and_api_records_are_the_same_records() {
    let (p, key) = site_with_admin();
    p.people(&["candidate,Jane,Doe,jane@x.example,jd@home.example;j.doe@x.example,Initech,Engineer,+1 555 0100"]);
    let s = Server::start(&p);

    let list = s.get(&key, "/v3/candidates").body;
    assert_eq!(list["total"], 1, "{list}");
    let c = &list["_embedded"]["candidates"][0];
    assert_eq!(c["first_name"], "Jane");
    assert_eq!(c["current_employer"], "Initech");
    assert_eq!(c["title"], "Engineer");
    assert_eq!(c["emails"]["primary"], "jane@x.example");
    assert_eq!(
        c["_embedded"]["emails"].as_array().map(Vec::len),
        Some(3),
        "{c}"
    );
    assert_eq!(c["phones"][0]["number"], "+1 555 0100");
    assert_eq!(c["is_hot"], false);
    assert_rfc3339_recent(&c["date_created"]);

    // Its primary address is taken for the API, and so are its name and phone.
    let r = s.post(
        &key,
        "/v3/candidates",
        &person("Janet", "Other", "jane@x.example"),
    );
    assert_eq!(r.status, 409, "{r:?}");
    let r = s.post(
        &key,
        "/v3/candidates?check_duplicate=true",
        &json!({ "first_name": "Jane", "last_name": "Doe", "phones": ["+1 (555) 0100"] }),
    );
    assert_eq!(r.status, 409, "{r:?}");

    // Records made through the API, with an address or none, are listed by the CLI.
    let api = s.create(
        &key,
        "/v3/candidates",
        &person("Sam", "Roe", "sam@x.example"),
    );
    let bare = s.create(
        &key,
        "/v3/candidates",
        &json!({ "first_name": "No", "last_name": "Mail" }),
    );
    let cli = p.records("candidates");
    assert_eq!(cli.len(), 3, "{cli:?}");
    assert!(
        cli.iter()
            .any(|r| r["id"] == api && r["email"] == "sam@x.example"),
        "{cli:?}"
    );
    assert!(
        cli.iter().any(|r| r["id"] == bare && r["email"].is_null()),
        "{cli:?}"
    );
    p.run(&["candidates", "show", &bare.to_string()]);
}

#[test]
fn mail_is_logged_on_records_made_through_the_api() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let id = s.create(
        &key,
        "/v3/candidates",
        &json!({
            "first_name": "Jane",
            "last_name": "Doe",
            "emails": { "primary": "jane@x.example", "secondary": "jd@home.example" },
        }),
    );
    let t = p.import_msgs(&[
        common::Msg::simple("m1@x", "jane@x.example", ADMIN),
        common::Msg::simple("m2@x", ADMIN, "jd@home.example"),
        common::Msg::simple("m3@x", "stranger@else.example", ADMIN),
    ]);
    assert_eq!(t.activities, 2, "{t:?}");
    let on_jane = p.activities(&["--candidate", &id.to_string()]);
    assert_eq!(on_jane.len(), 2, "{on_jane:?}");

    // A new secondary address added through the API is matched from then on.
    let r = s.put(
        &key,
        &format!("/v3/candidates/{id}"),
        &json!({ "emails": ["jane@x.example", "jane@work.example"] }),
    );
    assert_eq!(r.status, 204, "{r:?}");
    let t = p.import_msgs(&[common::Msg::simple("m4@x", "jane@work.example", ADMIN)]);
    assert_eq!(t.activities, 1, "{t:?}");

    // Deleting the record through the API takes its activities with it.
    assert_eq!(s.delete(&key, &format!("/v3/candidates/{id}")).status, 204);
    assert!(p.activities(&[]).is_empty(), "{:?}", p.activities(&[]));
}

/// Regression: the framework's own 405 and path rejections had no JSON body.
#[test]
fn every_error_is_json_with_a_message() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let r = s
        .req("PATCH", "/v3/candidates/1")
        .key(&key)
        .json(&json!({}))
        .send();
    assert_eq!(r.status, 405, "{r:?}");
    assert!(r.body["message"].is_string(), "{r:?}");
    // A path parameter that is not even text is a bad request, still in JSON.
    let r = s.get(&key, "/v3/candidates/%FF");
    assert_eq!(r.status, 400, "{r:?}");
    assert!(r.body["message"].is_string(), "{r:?}");
}

/// Regression: an `owner_id` naming nobody was stored as given.
#[test]
fn owner_id_must_name_a_team_member() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let r = s.post(
        &key,
        "/v3/candidates",
        &json!({ "first_name": "No", "last_name": "Owner", "owner_id": 99 }),
    );
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["owner_id"]);
}
