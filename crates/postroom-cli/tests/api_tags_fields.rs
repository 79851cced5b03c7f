//! Black-box tests of tags and custom fields: defined on the command line, read and
//! written over the REST API of `postroom serve`, each test with a fresh data
//! directory and a server of its own.

mod api_support;
mod common;

use api_support::team::{assert_message, ids};
use api_support::{add_user, create_key, set_access, site_with_admin, Resp, Server};
use common::Postroom;
use serde_json::{json, Value};

fn assert_no_content(r: &Resp) {
    assert_eq!(r.status, 204, "{r:?}");
    assert_eq!(r.text, "", "a 204 has no body");
}

fn person(first: &str, last: &str) -> Value {
    json!({ "first_name": first, "last_name": last })
}

/// `postroom --json tags add TITLE [--parent ID]`; the new tag's id.
fn add_tag(p: &Postroom, title: &str, parent: Option<i64>) -> i64 {
    let parent = parent.map(|id| id.to_string());
    let mut args = vec!["tags", "add", title];
    if let Some(parent) = &parent {
        args.extend(["--parent", parent]);
    }
    let out = p.json(&args);
    out[0]["id"].as_i64().unwrap_or_else(|| panic!("{out:?}"))
}

/// The arguments of `postroom custom-fields add --for ITEM --name NAME --type TYPE
/// [--option X]...`.
fn field_args<'a>(
    item: &'a str,
    name: &'a str,
    kind: &'a str,
    options: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "custom-fields",
        "add",
        "--for",
        item,
        "--name",
        name,
        "--type",
        kind,
    ];
    for o in options {
        args.extend(["--option", o]);
    }
    args
}

/// `postroom --json custom-fields add ...`; the new field's id.
fn add_field(p: &Postroom, item: &str, name: &str, kind: &str, options: &[&str]) -> i64 {
    let out = p.json(&field_args(item, name, kind, options));
    assert_eq!(out.len(), 1, "{out:?}");
    out[0]["id"].as_i64().unwrap_or_else(|| panic!("{out:?}"))
}

/// `custom-fields add` fails, and its message says all of `says`.
fn refused(p: &Postroom, item: &str, name: &str, kind: &str, options: &[&str], says: &[&str]) {
    let (_, err) = p.fail(&field_args(item, name, kind, options));
    assert!(says.iter().all(|s| err.contains(s)), "{name}: {err}");
}

/// A team member of this access level and a key of theirs.
fn member(p: &Postroom, email: &str, level: &str) -> String {
    add_user(p, email, "Some One");
    set_access(p, email, level);
    create_key(p, email)
}

fn tag_ids(s: &Server, key: &str, path: &str) -> Vec<i64> {
    let r = s.get(key, path);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["total"], r.body["count"], "{r:?}");
    ids(&r.body, "tags")
}

/// The value of custom field `field` on the item at `item` (`/v3/candidates/1`).
fn value(s: &Server, key: &str, item: &str, field: i64) -> Value {
    let r = s.get(key, &format!("{item}/custom_fields/{field}"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["id"], field, "{r:?}");
    r.body["value"].clone()
}

// ---------------------------------------------------------------- tags

#[test]
fn tags_are_listed_read_and_created_by_administrators_only() {
    let (p, key) = site_with_admin();
    let skills = add_tag(&p, "Skills", None);
    let rust = add_tag(&p, "Rust", Some(skills));
    let rita = member(&p, "rita@team.example", "recruiter");
    let s = Server::start(&p);

    let list = s.get(&key, "/v3/tags");
    assert_eq!(list.status, 200, "{list:?}");
    assert_eq!(list.body["total"], 2);
    assert_eq!(
        list.body["_embedded"]["tags"],
        json!([
            { "id": skills, "title": "Skills", "parent_id": null,
              "_links": { "self": { "href": format!("/tags/{skills}") } } },
            { "id": rust, "title": "Rust", "parent_id": skills,
              "_links": { "self": { "href": format!("/tags/{rust}") },
                          "parent": { "href": format!("/tags/{skills}") } } },
        ])
    );
    let one = s.get(&rita, &format!("/v3/tags/{rust}"));
    assert_eq!(one.status, 200, "{one:?}");
    assert_eq!(one.body, list.body["_embedded"]["tags"][1]);
    assert_message(&s.get(&key, "/v3/tags/999"), 404, "The tag was not found.");
    assert_message(&s.get(&key, "/v3/tags/abc"), 404, "The tag was not found.");

    // Created under a parent, the parent given as a numeric string.
    let created = s.post(
        &key,
        "/v3/tags",
        &json!({ "title": " Go ", "parent_id": skills.to_string() }),
    );
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(created.text, "");
    let location = created.header("location").expect("a Location").to_string();
    let go = location
        .strip_prefix(&s.url("/v3/tags/"))
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("Location {location}"));
    let got = s.get(&key, &format!("/v3/tags/{go}"));
    assert_eq!(got.body["title"], "Go");
    assert_eq!(got.body["parent_id"], skills);

    // The same title under the same parent (any case) is a conflict; elsewhere it is not.
    let again = s.post(
        &key,
        "/v3/tags",
        &json!({ "title": "rust", "parent_id": skills }),
    );
    assert_eq!(again.status, 409, "{again:?}");
    assert!(
        again.body["message"].as_str().unwrap().contains("rust"),
        "{again:?}"
    );
    let top = s.post(&key, "/v3/tags", &json!({ "title": "Rust" }));
    assert_eq!(top.status, 201, "another parent (none): {top:?}");
    assert_eq!(
        s.post(
            &key,
            "/v3/tags",
            &json!({ "title": "SKILLS", "parent_id": null })
        )
        .status,
        409
    );

    let bad = s.post(
        &key,
        "/v3/tags",
        &json!({ "title": "  ", "parent_id": "x" }),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(bad.error_fields(), ["title", "parent_id"]);
    let orphan = s.post(
        &key,
        "/v3/tags",
        &json!({ "title": "Orphan", "parent_id": 999 }),
    );
    assert_eq!(orphan.status, 422, "{orphan:?}");
    assert_eq!(orphan.error_fields(), ["parent_id"]);

    // Recruiters read tags but do not make them.
    assert_message(
        &s.post(&rita, "/v3/tags", &json!({ "title": "Mine" })),
        403,
        "You do not have access to this resource.",
    );
    let after = s.get(&rita, "/v3/tags?per_page=2&page=2");
    assert_eq!(after.status, 200, "{after:?}");
    assert_eq!(after.body["total"], 4, "nothing made by the refused calls");
    assert_eq!(after.body["count"], 2);
    assert_eq!(ids(&after.body, "tags"), [go, go + 1]);
    assert_eq!(
        after.body["_links"]["prev"]["href"],
        "/tags?page=1&per_page=2"
    );

    // The command line sees what the API made.
    let titles: Vec<Value> = p
        .json(&["tags", "list"])
        .iter()
        .map(|t| t["title"].clone())
        .collect();
    assert_eq!(titles, ["Skills", "Rust", "Go", "Rust"]);
    let (_, err) = p.fail(&["tags", "add", "Go", "--parent", &skills.to_string()]);
    assert!(err.contains("same parent"), "{err}");
    let (_, err) = p.fail(&["tags", "add", "Go", "--parent", "999"]);
    assert!(err.contains("no tag has id 999"), "{err}");
}

#[test]
fn tags_are_attached_replaced_and_detached_on_people() {
    let (p, key) = site_with_admin();
    let skills = add_tag(&p, "Skills", None);
    let rust = add_tag(&p, "Rust", Some(skills));
    let go = add_tag(&p, "Go", Some(skills));
    let remote = add_tag(&p, "Remote", None);
    let hank = member(&p, "hank@team.example", "hiring_manager");
    let s = Server::start(&p);
    let hook = json!({
        "events": ["candidate.updated"],
        "target_url": "http://127.0.0.1:9/hook",
        "secret": "s3cret",
    });
    assert_eq!(s.post(&key, "/v3/webhooks", &hook).status, 201);

    let c = s.create(&key, "/v3/candidates", &person("Cora", "Lee"));
    let tags = format!("/v3/candidates/{c}/tags");
    let record = s.get(&key, &format!("/v3/candidates/{c}"));
    assert_eq!(
        record.body["_links"]["tags"]["href"],
        format!("/candidates/{c}/tags")
    );
    assert_eq!(
        record.body["_links"]["custom_fields"]["href"],
        format!("/candidates/{c}/custom_fields")
    );
    let empty = s.get(&key, &tags);
    assert_eq!(empty.status, 200, "{empty:?}");
    assert_eq!(empty.body["total"], 0);
    assert_eq!(empty.body["_embedded"]["tags"], json!([]));

    // Attach: ids as numbers, numeric strings or bare; twice is the same as once.
    let attach = json!({ "tags": [{ "id": rust }, { "id": remote.to_string() }] });
    assert_no_content(&s.post(&key, &tags, &attach));
    assert_no_content(&s.post(&key, &tags, &attach));
    assert_no_content(&s.post(&key, &tags, &json!({ "tags": [rust] })));
    assert_eq!(tag_ids(&s, &key, &tags), [rust, remote]);
    let listed = s.get(&key, &tags);
    assert_eq!(listed.body["_embedded"]["tags"][0]["title"], "Rust");
    assert_eq!(listed.body["_embedded"]["tags"][0]["parent_id"], skills);
    assert_eq!(
        listed.body["_links"]["self"]["href"],
        format!("/candidates/{c}/tags?page=1&per_page=2")
    );

    // A tag change is a change to the candidate.
    let log = s.get(&key, "/v3/webhooks/1/deliveries");
    let events: Vec<&Value> = log.body["_embedded"]["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["event"])
        .collect();
    assert_eq!(
        events,
        ["candidate.updated"],
        "one event for one change: {log:?}"
    );

    // Replace the whole set.
    assert_no_content(&s.put(
        &key,
        &tags,
        &json!({ "tags": [{ "id": go }, { "id": remote }] }),
    ));
    assert_eq!(tag_ids(&s, &key, &tags), [go, remote]);

    // Detach one; detaching it again finds nothing to detach.
    assert_no_content(&s.delete(&key, &format!("{tags}/{go}")));
    assert_eq!(tag_ids(&s, &key, &tags), [remote]);
    assert_message(
        &s.delete(&key, &format!("{tags}/{go}")),
        404,
        "The tag was not found.",
    );
    assert_message(
        &s.delete(&key, &format!("{tags}/999")),
        404,
        "The tag was not found.",
    );

    // Unknown tags are each named, and nothing is written.
    for method in ["POST", "PUT"] {
        let body = json!({ "tags": [{ "id": rust }, { "id": 998 }, { "id": "999" }] });
        let r = s.req(method, &tags).key(&key).json(&body).send();
        assert_eq!(r.status, 422, "{method}: {r:?}");
        assert_eq!(r.error_fields(), ["tags[1].id", "tags[2].id"], "{method}");
        assert!(
            r.body["errors"][1]["message"]
                .as_str()
                .unwrap()
                .contains("999"),
            "{r:?}"
        );
        assert_eq!(tag_ids(&s, &key, &tags), [remote], "{method} wrote nothing");
    }
    let r = s.post(&key, &tags, &json!({ "tags": "rust" }));
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["tags"]);
    let r = s.post(
        &key,
        &tags,
        &json!({ "tags": [{ "title": "Rust" }, { "id": rust }] }),
    );
    assert_eq!(r.error_fields(), ["tags[0].id"]);
    assert_eq!(
        s.req("POST", &tags)
            .key(&key)
            .body("text/plain", "x")
            .send()
            .status,
        415
    );

    // An empty set clears.
    assert_no_content(&s.put(&key, &tags, &json!({ "tags": [] })));
    assert_eq!(tag_ids(&s, &key, &tags), Vec::<i64>::new());

    // Unknown items.
    let gone = "The candidate was not found.";
    assert_message(&s.get(&key, "/v3/candidates/999/tags"), 404, gone);
    assert_message(&s.post(&key, "/v3/candidates/999/tags", &attach), 404, gone);
    assert_message(&s.put(&key, "/v3/candidates/999/tags", &attach), 404, gone);
    assert_message(
        &s.delete(&key, &format!("/v3/candidates/999/tags/{rust}")),
        404,
        gone,
    );
    assert_message(
        &s.get(&key, "/v3/companies/1/tags"),
        404,
        "The company was not found.",
    );
    assert_message(
        &s.post(&key, "/v3/jobs/1/tags", &attach),
        404,
        "The job was not found.",
    );
    assert_message(
        &s.get(&key, "/v3/contacts/1/tags"),
        404,
        "The contact was not found.",
    );
    // A hiring manager cannot see this candidate, so cannot reach its tags either.
    assert_message(&s.get(&hank, &tags), 404, gone);
    assert_message(&s.post(&hank, &tags, &attach), 404, gone);

    // Contacts carry tags the same way, apart from candidates with the same id.
    let k = s.create(&key, "/v3/contacts", &person("Kit", "Moss"));
    let contact_tags = format!("/v3/contacts/{k}/tags");
    assert_no_content(&s.post(&key, &contact_tags, &json!({ "tags": [{ "id": go }] })));
    assert_eq!(tag_ids(&s, &key, &contact_tags), [go]);
    assert_eq!(tag_ids(&s, &key, &tags), Vec::<i64>::new());
}

#[test]
fn a_deleted_record_leaves_no_tags_or_values_to_a_new_one_with_its_id() {
    let (p, key) = site_with_admin();
    let remote = add_tag(&p, "Remote", None);
    let level = add_field(&p, "candidate", "Level", "text", &[]);
    let s = Server::start(&p);

    let c = s.create(&key, "/v3/candidates", &person("Old", "One"));
    let item = format!("/v3/candidates/{c}");
    assert_no_content(&s.post(&key, &format!("{item}/tags"), &json!({ "tags": [remote] })));
    assert_no_content(&s.put(
        &key,
        &format!("{item}/custom_fields/{level}"),
        &json!({ "value": "Lead" }),
    ));
    assert_no_content(&s.delete(&key, &item));
    let again = s.create(&key, "/v3/candidates", &person("New", "One"));
    assert_eq!(again, c, "SQLite reuses the highest id");
    assert_eq!(
        tag_ids(&s, &key, &format!("{item}/tags")),
        Vec::<i64>::new()
    );
    assert_eq!(value(&s, &key, &item, level), Value::Null);
}

// ---------------------------------------------------------------- custom fields

#[test]
fn custom_fields_are_defined_on_the_command_line_and_read_over_the_api() {
    let (p, key) = site_with_admin();
    let level = add_field(&p, "candidate", "Level", "dropdown", &["Junior", "Senior"]);
    let salary = add_field(&p, "candidates", "Salary", "number", &[]);
    let budget = add_field(&p, "job", "Budget", "number", &[]);
    let region = add_field(&p, "contact", "Region", "text", &[]);

    refused(
        &p,
        "candidate",
        "Skills",
        "multiselect",
        &[],
        &["without options", "--option"],
    );
    refused(
        &p,
        "candidate",
        "level",
        "text",
        &[],
        &["already have one of that name"],
    );
    refused(&p, "candidate", "X", "select", &[], &["field type"]);
    refused(&p, "candidate", "X", "text", &["a"], &["options"]);
    refused(&p, "pipeline", "X", "text", &[], &["item type"]);
    // The same name on another item type is another field.
    let contact_level = add_field(&p, "contact", "Level", "text", &[]);

    let listed = p.json(&["custom-fields", "list", "--for", "candidate"]);
    assert_eq!(
        listed,
        [
            json!({ "id": level, "for": "candidate", "name": "Level", "type": "dropdown", "options": ["Junior", "Senior"] }),
            json!({ "id": salary, "for": "candidate", "name": "Salary", "type": "number", "options": [] }),
        ]
    );
    assert_eq!(p.json(&["custom-fields", "list"]).len(), 5);
    let text = p.run(&["custom-fields", "list", "--for", "job"]);
    assert_eq!(text, format!("{budget}\tjob\tBudget\tnumber\t\n"));

    let s = Server::start(&p);
    let r = s.get(&key, "/v3/candidates/custom_fields");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["total"], 2);
    assert_eq!(
        r.body["_embedded"]["custom_fields"][0],
        json!({
            "id": level, "name": "Level", "type": "dropdown", "options": ["Junior", "Senior"],
            "_links": { "self": { "href": format!("/candidates/custom_fields/{level}") } },
        })
    );
    let one = s.get(&key, &format!("/v3/candidates/custom_fields/{salary}"));
    assert_eq!(one.status, 200, "{one:?}");
    assert_eq!(one.body["name"], "Salary");
    assert_eq!(
        ids(
            &s.get(&key, "/v3/contacts/custom_fields").body,
            "custom_fields"
        ),
        [region, contact_level]
    );
    assert_eq!(
        ids(&s.get(&key, "/v3/jobs/custom_fields").body, "custom_fields"),
        [budget]
    );
    assert_eq!(s.get(&key, "/v3/companies/custom_fields").body["total"], 0);
    let page = s.get(&key, "/v3/candidates/custom_fields?per_page=1&page=2");
    assert_eq!(ids(&page.body, "custom_fields"), [salary]);
    // A field of another item type is not one of these.
    let wrong = s.get(&key, &format!("/v3/candidates/custom_fields/{region}"));
    assert_message(&wrong, 404, "The custom field was not found.");
    assert_message(
        &s.get(&key, "/v3/jobs/custom_fields/x"),
        404,
        "The custom field was not found.",
    );
}

#[test]
fn custom_field_values_are_checked_by_type_set_read_and_cleared() {
    let (p, key) = site_with_admin();
    let f =
        |name: &str, kind: &str, options: &[&str]| add_field(&p, "candidate", name, kind, options);
    let headline = f("Headline", "text", &[]);
    let summary = f("Summary", "textarea", &[]);
    let salary = f("Salary", "number", &[]);
    let start = f("Start", "date", &[]);
    let relocate = f("Relocate", "checkbox", &[]);
    let level = f("Level", "dropdown", &["Junior", "Senior"]);
    let skills = f("Skills", "multiselect", &["Rust", "Go", "SQL"]);
    let site = f("Site", "url", &[]);
    let region = add_field(&p, "contact", "Region", "text", &[]);
    let s = Server::start(&p);
    let c = s.create(&key, "/v3/candidates", &person("Val", "Ues"));
    let item = format!("/v3/candidates/{c}");

    let all = s.get(&key, &format!("{item}/custom_fields"));
    assert_eq!(all.status, 200, "{all:?}");
    assert_eq!(all.body["total"], 8);
    assert_eq!(
        all.body["_embedded"]["custom_fields"][0],
        json!({
            "id": headline, "name": "Headline", "type": "text", "value": null,
            "_links": {
                "self": { "href": format!("/candidates/{c}/custom_fields/{headline}") },
                "custom_field": { "href": format!("/candidates/custom_fields/{headline}") },
            },
        })
    );

    let long = "x".repeat(256);
    // (field, name, accepted as sent, read back, refused, what the refusal says)
    let cases: Vec<(i64, &str, Value, Value, Value, &str)> = vec![
        (
            headline,
            "Headline",
            json!("  Staff engineer "),
            json!("Staff engineer"),
            json!(long),
            "at most 255",
        ),
        (
            summary,
            "Summary",
            json!("line 1\nline 2"),
            json!("line 1\nline 2"),
            json!({ "a": 1 }),
            "must be text",
        ),
        (
            salary,
            "Salary",
            json!("120000"),
            json!(120000),
            json!("12k"),
            "must be a number",
        ),
        (
            start,
            "Start",
            json!("2024-02-29"),
            json!("2024-02-29"),
            json!("2023-02-29"),
            "YYYY-MM-DD",
        ),
        (
            relocate,
            "Relocate",
            json!("1"),
            json!(true),
            json!("maybe"),
            "true or false",
        ),
        (
            level,
            "Level",
            json!("senior"),
            json!("Senior"),
            json!("CTO"),
            "one of: Junior, Senior",
        ),
        (
            skills,
            "Skills",
            json!(["SQL", "rust"]),
            json!(["Rust", "SQL"]),
            json!(["Rust", "COBOL"]),
            "Rust, Go, SQL",
        ),
        (
            site,
            "Site",
            json!("https://example.com/cv"),
            json!("https://example.com/cv"),
            json!("ftp://example.com"),
            "http:// or https://",
        ),
    ];
    for (field, name, good, stored, bad, expected) in &cases {
        let path = format!("{item}/custom_fields/{field}");
        assert_no_content(&s.put(&key, &path, &json!({ "value": good })));
        assert_eq!(&value(&s, &key, &item, *field), stored, "{name}");
        let r = s.put(&key, &path, &json!({ "value": bad }));
        assert_eq!(r.status, 422, "{name} {bad}: {r:?}");
        assert_eq!(r.error_fields(), ["value"], "{name}");
        let message = r.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(name) && message.contains(expected),
            "{name}: {message}"
        );
        assert_eq!(
            &value(&s, &key, &item, *field),
            stored,
            "{name}: the refused value was not written"
        );
    }
    // More spellings clients send.
    let put = |field: i64, v: Value| {
        s.put(
            &key,
            &format!("{item}/custom_fields/{field}"),
            &json!({ "value": v }),
        )
    };
    assert_no_content(&put(salary, json!(1.5)));
    assert_eq!(value(&s, &key, &item, salary), json!(1.5));
    assert_no_content(&put(relocate, json!("false")));
    assert_eq!(
        value(&s, &key, &item, relocate),
        json!(false),
        "false is a value"
    );
    assert_no_content(&put(skills, json!("Go")));
    assert_eq!(value(&s, &key, &item, skills), json!(["Go"]));

    // Every field with its value.
    let all = s.get(&key, &format!("{item}/custom_fields"));
    let values: Vec<&Value> = all.body["_embedded"]["custom_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["value"])
        .collect();
    assert_eq!(
        values,
        [
            &json!("Staff engineer"),
            &json!("line 1\nline 2"),
            &json!(1.5),
            &json!("2024-02-29"),
            &json!(false),
            &json!("Senior"),
            &json!(["Go"]),
            &json!("https://example.com/cv"),
        ]
    );

    // null (or an empty string) clears.
    assert_no_content(&put(level, Value::Null));
    assert_eq!(value(&s, &key, &item, level), Value::Null);
    assert_no_content(&put(headline, json!("")));
    assert_eq!(value(&s, &key, &item, headline), Value::Null);

    let r = s.put(&key, &format!("{item}/custom_fields/{level}"), &json!({}));
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["value"]);
    let field_gone = "The custom field was not found.";
    assert_message(&put(999, json!("x")), 404, field_gone);
    assert_message(&put(region, json!("x")), 404, field_gone);
    assert_message(
        &s.get(&key, &format!("{item}/custom_fields/{region}")),
        404,
        field_gone,
    );
    let gone = "The candidate was not found.";
    assert_message(&s.get(&key, "/v3/candidates/999/custom_fields"), 404, gone);
    assert_message(
        &s.put(
            &key,
            &format!("/v3/candidates/999/custom_fields/{level}"),
            &json!({ "value": "CTO" }),
        ),
        404,
        gone,
    );
    assert_message(
        &s.get(&key, "/v3/jobs/7/custom_fields"),
        404,
        "The job was not found.",
    );
    assert_message(
        &s.get(&key, "/v3/companies/7/custom_fields/1"),
        404,
        "The company was not found.",
    );
}

#[test]
fn custom_fields_are_written_with_a_candidates_create_and_update() {
    let (p, key) = site_with_admin();
    let salary = add_field(&p, "candidate", "Salary", "number", &[]);
    let level = add_field(&p, "candidate", "Level", "dropdown", &["Junior", "Senior"]);
    let region = add_field(&p, "contact", "Region", "text", &[]);
    let s = Server::start(&p);

    let mut body = person("Cy", "Field");
    body["custom_fields"] =
        json!([{ "id": salary, "value": "90000" }, { "id": level.to_string(), "value": "Senior" }]);
    let c = s.create(&key, "/v3/candidates", &body);
    let item = format!("/v3/candidates/{c}");
    assert_eq!(value(&s, &key, &item, salary), json!(90000));
    assert_eq!(value(&s, &key, &item, level), json!("Senior"));

    // Wrong custom fields are reported with every other wrong field, and nothing is made.
    let bad = json!({
        "first_name": "",
        "last_name": "Nope",
        "custom_fields": [
            { "id": salary, "value": "lots" },
            { "id": region, "value": "North" },
            { "value": 1 },
            { "id": level },
        ],
    });
    let r = s.post(&key, "/v3/candidates", &bad);
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(
        r.error_fields(),
        [
            "first_name",
            "custom_fields[0].value",
            "custom_fields[1].id",
            "custom_fields[2].id",
            "custom_fields[3].value"
        ]
    );
    assert!(
        r.body["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("Salary"),
        "{r:?}"
    );
    // Only the custom fields wrong: still nothing made.
    let mut only_custom = person("Al", "Most");
    only_custom["custom_fields"] = json!([{ "id": level, "value": "CTO" }]);
    let r = s.post(&key, "/v3/candidates", &only_custom);
    assert_eq!(r.error_fields(), ["custom_fields[0].value"]);
    let mut not_a_list = person("Al", "Most");
    not_a_list["custom_fields"] = json!({ "id": level });
    assert_eq!(
        s.post(&key, "/v3/candidates", &not_a_list).error_fields(),
        ["custom_fields"]
    );
    assert_eq!(
        s.get(&key, "/v3/candidates").body["total"],
        1,
        "no candidate was made"
    );

    // Update: merges, and null clears.
    let update = json!({ "title": "CTO", "custom_fields": [{ "id": level, "value": null }] });
    assert_no_content(&s.put(&key, &item, &update));
    assert_eq!(s.get(&key, &item).body["title"], "CTO");
    assert_eq!(value(&s, &key, &item, level), Value::Null);
    assert_eq!(
        value(&s, &key, &item, salary),
        json!(90000),
        "not named, not touched"
    );

    let bad_update = json!({
        "title": "CEO",
        "is_hot": "maybe",
        "custom_fields": [{ "id": salary, "value": 100000 }, { "id": level, "value": "CTO" }],
    });
    let r = s.put(&key, &item, &bad_update);
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["is_hot", "custom_fields[1].value"]);
    assert_eq!(
        s.get(&key, &item).body["title"],
        "CTO",
        "nothing was written"
    );
    assert_eq!(
        value(&s, &key, &item, salary),
        json!(90000),
        "nothing was written"
    );

    // Contacts take their own fields.
    let mut contact = person("Con", "Tact");
    contact["custom_fields"] = json!([{ "id": region, "value": "North" }]);
    let k = s.create(&key, "/v3/contacts", &contact);
    assert_eq!(
        value(&s, &key, &format!("/v3/contacts/{k}"), region),
        json!("North")
    );
}
