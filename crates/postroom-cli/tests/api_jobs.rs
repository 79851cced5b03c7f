//! Black-box tests of the ATS around the people: companies, jobs with their
//! hiring teams, the statuses of jobs, contacts and companies with their history,
//! who may read and write them, and the events they announce.

mod api_support;
mod common;

use api_support::team::{assert_message, ids, status_moves, team};
use api_support::webhooks::listen;
use api_support::{add_user, set_access, Server};
use serde_json::{json, Value};
use std::time::Duration;

fn total(s: &Server, key: &str, path: &str) -> u64 {
    let r = s.get(key, path);
    assert_eq!(r.status, 200, "{r:?}");
    r.body["total"].as_u64().unwrap_or_else(|| panic!("{r:?}"))
}

/// The status ids of an item's history, oldest first.
fn history(s: &Server, key: &str, item: &str) -> Vec<(Value, i64)> {
    let r = s.get(key, &format!("{item}/status_changes"));
    assert_eq!(r.status, 200, "{r:?}");
    status_moves(&r.body, "status_changes")
}

// ------------------------------------------------------------------------ companies

#[test]
fn companies_are_created_read_updated_and_deleted() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;

    let r = s
        .req("POST", "/v3/companies")
        .key(key)
        .body("text/plain", "name=Acme")
        .send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    let bad = s.post(
        key,
        "/v3/companies",
        &json!({"website": ["x"], "owner_id": 999, "status_id": 1001, "is_hot": "maybe"}),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(
        bad.error_fields(),
        ["name", "website", "is_hot", "owner_id", "status_id"],
        "syntax first, then ids naming nothing (1001 is a job status)"
    );
    assert_eq!(total(&s, key, "/v3/companies"), 0, "nothing was written");

    let body = json!({
        "name": " Acme Corp ", "website": "https://acme.example", "phones": "+44 20 7946 0000",
        "address": {"street": "1 High St", "city": "Leeds", "postal_code": "LS1"},
        "country_code": "GB", "key_technologies": "Rust", "notes": "Big client",
        "owner_id": t.rita_id.to_string(), "is_hot": "true", "status_id": "3002",
    });
    let r = s.post(key, "/v3/companies", &body);
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.text, "", "an empty body");
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(location, s.url(&format!("/v3/companies/{id}")));

    let c = s.get(key, &format!("/v3/companies/{id}")).body;
    assert_eq!(c["name"], "Acme Corp");
    assert_eq!(c["phones"][0]["number"], "+44 20 7946 0000");
    assert_eq!(
        c["address"],
        json!({"street": "1 High St", "city": "Leeds", "state": null, "postal_code": "LS1"})
    );
    assert_eq!(c["country_code"], "GB");
    assert_eq!(c["owner_id"], t.rita_id);
    assert_eq!(c["is_hot"], true);
    assert_eq!(c["status_id"], 3002);
    assert_eq!(
        c["_embedded"]["status"],
        json!({"id": 3002, "title": "Client", "mapping": "client"})
    );
    assert_eq!(c["_links"]["self"]["href"], format!("/companies/{id}"));
    assert_eq!(
        c["_links"]["contacts"]["href"],
        format!("/companies/{id}/contacts")
    );
    assert_eq!(c["_links"]["jobs"]["href"], format!("/companies/{id}/jobs"));
    assert_eq!(c["_links"]["status"]["href"], "/companies/statuses/3002");
    assert!(c["date_created"].is_string() && c["date_modified"].is_string());

    // PUT merges: the address keeps what was not given.
    let url = format!("/v3/companies/{id}");
    let r = s.put(
        key,
        &url,
        &json!({"notes": null, "address": {"city": "York"}, "is_hot": false}),
    );
    assert_eq!(r.status, 204, "{r:?}");
    let c = s.get(key, &url).body;
    assert_eq!(c["name"], "Acme Corp");
    assert_eq!(c["notes"], Value::Null);
    assert_eq!(c["address"]["city"], "York");
    assert_eq!(c["address"]["street"], "1 High St");
    assert_eq!(c["country_code"], "GB");
    assert_eq!(c["is_hot"], false);
    let r = s.put(key, &url, &json!({"name": "", "owner_id": 999}));
    assert_eq!(r.error_fields(), ["name", "owner_id"]);
    let r = s.req("PUT", &url).key(key).send();
    assert_eq!(r.status, 415, "an update needs a JSON body: {r:?}");

    assert_message(
        &s.get(key, "/v3/companies/999"),
        404,
        "The company was not found.",
    );
    assert_message(
        &s.get(key, "/v3/companies/abc"),
        404,
        "The company was not found.",
    );
    assert_eq!(s.put(key, "/v3/companies/999", &json!({})).status, 404);
    assert_eq!(s.delete(key, &url).status, 204);
    assert_eq!(s.get(key, &url).status, 404);
    assert_eq!(s.delete(key, &url).status, 404);
}

#[test]
fn companies_and_jobs_page_with_links_and_are_searched() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.rita;
    for name in ["Acme", "Globex", "Acme Labs", "Initech", "100%_Pure"] {
        s.create(key, "/v3/companies", &json!({ "name": name }));
        s.create(
            key,
            "/v3/jobs",
            &json!({ "title": format!("{name} Engineer") }),
        );
    }
    for plural in ["companies", "jobs"] {
        let first = s.get(key, &format!("/v3/{plural}?per_page=2"));
        assert_eq!(first.body["total"], 5, "{first:?}");
        assert_eq!(first.body["count"], 2);
        assert_eq!(ids(&first.body, plural), [1, 2]);
        let next = first.body["_links"]["next"]["href"].as_str().unwrap();
        assert_eq!(next, format!("/{plural}?page=2&per_page=2"));
        assert!(first.body["_links"].get("prev").is_none());
        let last = s.get(key, &format!("/v3/{plural}?page=3&per_page=2"));
        assert_eq!(ids(&last.body, plural), [5]);
        assert!(last.body["_links"].get("next").is_none());
        assert_eq!(
            last.body["_links"]["prev"]["href"],
            format!("/{plural}?page=2&per_page=2")
        );
        assert_eq!(
            s.get(key, &format!("/v3/{plural}?per_page=101")).status,
            422
        );
    }

    let found = s.get(key, "/v3/companies/search?query=acme&per_page=1");
    assert_eq!(found.body["total"], 2, "{found:?}");
    assert_eq!(ids(&found.body, "companies"), [1]);
    assert_eq!(
        found.body["_links"]["next"]["href"],
        "/companies/search?query=acme&page=2&per_page=1"
    );
    // The query's own wildcards are literal.
    let pct = s.get(key, "/v3/companies/search?query=%25_");
    assert_eq!(ids(&pct.body, "companies"), [5]);
    let jobs = s.get(key, "/v3/jobs/search?query=LABS%20eng");
    assert_eq!(ids(&jobs.body, "jobs"), [3]);
    assert_eq!(s.get(key, "/v3/jobs/search?query=").status, 422);
    assert_eq!(s.get(key, "/v3/companies/search").status, 422);
}

// ------------------------------------------------------------------------------ jobs

#[test]
fn jobs_are_created_read_updated_and_deleted() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;
    let acme = s.create(key, "/v3/companies", &json!({"name": "Acme"}));
    let cal = s.create(
        key,
        "/v3/contacts",
        &json!({"first_name": "Cal", "last_name": "Client", "company_id": acme}),
    );

    let bad = s.post(
        key,
        "/v3/jobs",
        &json!({"type": "permanent", "company_id": 999, "openings": -2,
                "start_date": "2026-13-01", "recruiter_id": 998, "status_id": 3001}),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(
        bad.error_fields(),
        [
            "title",
            "type",
            "openings",
            "start_date",
            "company_id",
            "recruiter_id",
            "status_id"
        ]
    );
    assert_eq!(bad.body["message"], "Validation failed.");
    let r = s
        .req("POST", "/v3/jobs")
        .key(key)
        .body("application/xml", "<job/>")
        .send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    assert_eq!(total(&s, key, "/v3/jobs"), 0);

    let body = json!({
        "title": "Senior Welder", "company_id": acme, "contact_id": cal,
        "recruiter_id": t.rita_id, "owner_id": t.rita_id, "description": "Welds.",
        "location": {"city": "Leeds", "state": "West Yorkshire", "postal_code": "LS1"},
        "country_code": "GB", "type": "c2h", "openings": "2", "salary": 40000,
        "max_rate": "50/h", "duration": "6 months", "start_date": "2026-03-01",
        "is_hot": 1, "is_public": "yes",
    });
    let r = s.post(key, "/v3/jobs", &body);
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.text, "");
    let id: i64 = r
        .header("location")
        .unwrap()
        .strip_prefix(&s.url("/v3/jobs/"))
        .unwrap()
        .parse()
        .unwrap();
    let url = format!("/v3/jobs/{id}");
    let j = s.get(key, &url).body;
    assert_eq!(j["title"], "Senior Welder");
    assert_eq!(j["company_id"], acme);
    assert_eq!(j["contact_id"], cal);
    assert_eq!(j["recruiter_id"], t.rita_id);
    assert_eq!(j["workflow_id"], 1, "the default workflow");
    assert_eq!(j["status_id"], 1001, "the default job status");
    assert_eq!(
        j["_embedded"]["status"],
        json!({"id": 1001, "title": "Active", "mapping": "active"})
    );
    assert_eq!(
        j["location"],
        json!({"city": "Leeds", "state": "West Yorkshire", "postal_code": "LS1", "country_code": "GB"})
    );
    assert_eq!(j["type"], "C2H");
    assert_eq!(j["openings"], 2);
    assert_eq!(j["salary"], "40000");
    assert_eq!(j["start_date"], "2026-03-01");
    assert_eq!(
        (j["is_hot"].clone(), j["is_public"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(j["_links"]["self"]["href"], format!("/jobs/{id}"));
    assert_eq!(j["_links"]["company"]["href"], format!("/companies/{acme}"));
    assert_eq!(
        j["_links"]["pipelines"]["href"],
        format!("/jobs/{id}/pipelines")
    );
    assert_eq!(
        j["_links"]["hiring_team"]["href"],
        format!("/jobs/{id}/hiring_team")
    );
    assert_eq!(j["_embedded"]["hiring_team"], json!([]));

    // PUT merges; a job keeps its workflow.
    let r = s.put(
        key,
        &url,
        &json!({"openings": 0, "location": {"city": "York"}, "contact_id": null, "type": "fl"}),
    );
    assert_eq!(r.status, 204, "{r:?}");
    let j = s.get(key, &url).body;
    assert_eq!(j["title"], "Senior Welder");
    assert_eq!(j["openings"], 0);
    assert_eq!(j["location"]["city"], "York");
    assert_eq!(j["location"]["country_code"], "GB");
    assert_eq!(j["contact_id"], Value::Null);
    assert_eq!(j["type"], "FL");
    let r = s.put(
        key,
        &url,
        &json!({"title": null, "workflow_id": 2, "owner_id": 77}),
    );
    assert_eq!(r.error_fields(), ["title", "workflow_id", "owner_id"]);
    assert_eq!(s.get(key, &url).body["owner_id"], t.rita_id, "unchanged");

    assert_message(&s.get(key, "/v3/jobs/999"), 404, "The job was not found.");
    assert_message(&s.get(key, "/v3/jobs/x1"), 404, "The job was not found.");
    assert_eq!(
        s.put(key, "/v3/jobs/999", &json!({"title": "T"})).status,
        404
    );
    assert_eq!(
        s.get(key, &format!("/v3/companies/{acme}/jobs")).body["total"],
        1
    );
    assert_eq!(s.delete(key, &url).status, 204);
    assert_message(&s.get(key, &url), 404, "The job was not found.");
    assert_eq!(s.delete(key, &url).status, 404);
    assert_eq!(
        s.get(key, &format!("/v3/companies/{acme}/jobs")).body["total"],
        0
    );
}

// -------------------------------------------------------------------------- statuses

#[test]
fn statuses_are_listed_and_changes_are_recorded_once() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.rita;

    let jobs = s.get(key, "/v3/jobs/statuses");
    assert_eq!(jobs.status, 200, "{jobs:?}");
    assert_eq!(jobs.body["total"], 7);
    assert_eq!(ids(&jobs.body, "statuses")[..2], [1001, 1002]);
    let first = &jobs.body["_embedded"]["statuses"][0];
    assert_eq!(first["mapping"], "active");
    assert_eq!(first["_links"]["self"]["href"], "/jobs/statuses/1001");
    assert_eq!(
        s.get(key, "/v3/jobs/statuses/1006").body["mapping"],
        "closed"
    );
    assert_eq!(
        s.get(key, "/v3/jobs/statuses/2001").status,
        404,
        "a contact status"
    );
    assert_eq!(total(&s, key, "/v3/contacts/statuses"), 4);
    assert_eq!(total(&s, key, "/v3/companies/statuses?per_page=1"), 4);
    assert_eq!(s.get(&t.hank, "/v3/jobs/statuses").status, 200);

    let job = s.create(key, "/v3/jobs", &json!({"title": "Welder"}));
    let item = format!("/v3/jobs/{job}");
    let r = s.post(
        key,
        &format!("{item}/status"),
        &json!({"status_id": "1004"}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.text, "");
    assert_eq!(r.header("location"), Some(s.url(&item).as_str()));
    assert_eq!(s.get(key, &item).body["status_id"], 1004);
    assert_eq!(history(&s, key, &item), [(json!(1001), 1004)]);
    let change =
        &s.get(key, &format!("{item}/status_changes")).body["_embedded"]["status_changes"][0];
    assert_eq!(change["changed_by_id"], t.rita_id);
    assert_eq!(change["_embedded"]["status"]["mapping"], "on_hold");
    assert!(change["date_created"].is_string());

    // The same status again changes nothing.
    let r = s.post(key, &format!("{item}/status"), &json!({"status_id": 1004}));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(history(&s, key, &item).len(), 1);

    for (body, field) in [
        (json!({"status_id": 2002}), "status_id"),
        (json!({"status_id": 100}), "status_id"),
        (json!({"status_id": 424242}), "status_id"),
        (json!({"status_id": "soon"}), "status_id"),
        (json!({}), "status_id"),
    ] {
        let r = s.post(key, &format!("{item}/status"), &body);
        assert_eq!(r.status, 422, "{body}: {r:?}");
        assert_eq!(r.error_fields(), [field]);
    }
    assert_eq!(s.get(key, &item).body["status_id"], 1004, "unchanged");
    assert_message(
        &s.post(key, "/v3/jobs/999/status", &json!({"status_id": 1002})),
        404,
        "The job was not found.",
    );

    // A status set by an update is recorded the same way.
    assert_eq!(s.put(key, &item, &json!({"status_id": 1006})).status, 204);
    assert_eq!(
        history(&s, key, &item),
        [(json!(1001), 1004), (json!(1004), 1006)]
    );

    // Contacts and companies start with none.
    let contact = s.create(
        key,
        "/v3/contacts",
        &json!({"first_name": "Cal", "last_name": "Client"}),
    );
    let company = s.create(key, "/v3/companies", &json!({"name": "Acme"}));
    for (item, status) in [
        (format!("/v3/contacts/{contact}"), 2003),
        (format!("/v3/companies/{company}"), 3004),
    ] {
        assert_eq!(s.get(key, &item).body["status_id"], Value::Null);
        let r = s.post(
            key,
            &format!("{item}/status"),
            &json!({"status_id": status}),
        );
        assert_eq!(r.status, 201, "{r:?}");
        assert_eq!(s.get(key, &item).body["status_id"], status);
        assert_eq!(history(&s, key, &item), [(Value::Null, status)]);
        let wrong = s.post(key, &format!("{item}/status"), &json!({"status_id": 1001}));
        assert_eq!(wrong.error_fields(), ["status_id"], "a job status");
    }
    assert_eq!(
        s.get(key, &format!("/v3/companies/{company}")).body["_embedded"]["status"]["mapping"],
        "do_not_contact"
    );
    assert_eq!(
        s.post(key, "/v3/contacts/999/status", &json!({"status_id": 2001}))
            .status,
        404
    );
}

// ------------------------------------------------------------ contacts at companies

#[test]
fn contacts_work_at_companies_until_the_company_goes() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;
    let acme = s.create(key, "/v3/companies", &json!({"name": "Acme"}));
    let globex = s.create(key, "/v3/companies", &json!({"name": "Globex"}));

    let bad = s.post(
        key,
        "/v3/contacts",
        &json!({"first_name": "No", "last_name": "Where", "company_id": 999, "owner_id": 998}),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(bad.error_fields(), ["owner_id", "company_id"]);
    let bad = s.post(
        key,
        "/v3/contacts",
        &json!({"first_name": "No", "last_name": "Where", "company_id": "acme"}),
    );
    assert_eq!(bad.error_fields(), ["company_id"]);

    let cal = s.create(
        key,
        "/v3/contacts",
        &json!({"first_name": "Cal", "last_name": "Client", "company_id": acme.to_string()}),
    );
    let dee = s.create(
        key,
        "/v3/contacts",
        &json!({"first_name": "Dee", "last_name": "Client"}),
    );
    let c = s.get(key, &format!("/v3/contacts/{cal}")).body;
    assert_eq!(c["company_id"], acme);
    assert_eq!(c["status_id"], Value::Null);
    assert_eq!(c["_links"]["company"]["href"], format!("/companies/{acme}"));
    let d = s.get(key, &format!("/v3/contacts/{dee}")).body;
    assert_eq!(d["company_id"], Value::Null);
    assert!(d["_links"].get("company").is_none());

    let r = s.put(
        key,
        &format!("/v3/contacts/{dee}"),
        &json!({"company_id": acme}),
    );
    assert_eq!(r.status, 204, "{r:?}");
    let r = s.put(
        key,
        &format!("/v3/contacts/{dee}"),
        &json!({"company_id": 999}),
    );
    assert_eq!(r.error_fields(), ["company_id"]);
    let at_acme = s.get(key, &format!("/v3/companies/{acme}/contacts"));
    assert_eq!(at_acme.status, 200, "{at_acme:?}");
    assert_eq!(ids(&at_acme.body, "contacts"), [cal, dee]);
    assert_eq!(
        at_acme.body["_embedded"]["contacts"][0]["first_name"],
        "Cal"
    );
    assert_eq!(
        total(&s, key, &format!("/v3/companies/{globex}/contacts")),
        0
    );
    assert_eq!(s.get(key, "/v3/companies/999/contacts").status, 404);

    let job = s.create(
        key,
        "/v3/jobs",
        &json!({"title": "Welder", "company_id": acme}),
    );
    assert_eq!(s.delete(key, &format!("/v3/companies/{acme}")).status, 204);
    for id in [cal, dee] {
        let c = s.get(key, &format!("/v3/contacts/{id}"));
        assert_eq!(c.status, 200, "the contact stays: {c:?}");
        assert_eq!(c.body["company_id"], Value::Null);
    }
    let j = s.get(key, &format!("/v3/jobs/{job}"));
    assert_eq!(j.status, 200, "the job stays: {j:?}");
    assert_eq!(j.body["company_id"], Value::Null);
    assert!(j.body["_links"].get("company").is_none());
}

// -------------------------------------------------------------------- hiring teams

#[test]
fn hiring_teams_are_set_replaced_and_checked() {
    let t = team();
    let sam = add_user(&t.p, "sam@team.example", "Sam Smith");
    let s = Server::start(&t.p);
    let key = &t.rita;
    let bad = s.post(
        key,
        "/v3/jobs",
        &json!({"title": "Welder", "hiring_team": [t.hank_id, 404]}),
    );
    assert_eq!(bad.error_fields(), ["hiring_team"]);
    let job = s.create(
        key,
        "/v3/jobs",
        &json!({"title": "Welder", "hiring_team": [t.hank_id.to_string()]}),
    );
    let team_url = format!("/v3/jobs/{job}/hiring_team");
    let team = s.get(key, &team_url);
    assert_eq!(team.status, 200, "{team:?}");
    assert_eq!(ids(&team.body, "users"), [t.hank_id]);
    let hank = &team.body["_embedded"]["users"][0];
    assert_eq!(hank["email"], "hank@team.example");
    assert_eq!(hank["access_level"], "hiring_manager");
    assert_eq!(
        hank["_links"]["self"]["href"],
        format!("/users/{}", t.hank_id)
    );
    let embedded = s.get(key, &format!("/v3/jobs/{job}")).body["_embedded"]["hiring_team"].clone();
    assert_eq!(embedded, json!([hank]));

    let r = s.put(key, &team_url, &json!({"user_ids": [sam, t.rita_id, sam]}));
    assert_eq!(r.status, 204, "{r:?}");
    assert_eq!(ids(&s.get(key, &team_url).body, "users"), [t.rita_id, sam]);

    let r = s.put(key, &team_url, &json!({"user_ids": [sam, 901, 902]}));
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.error_fields(), ["user_ids", "user_ids"]);
    let messages: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("901") && messages[1].contains("902"),
        "{messages:?}"
    );
    assert_eq!(
        ids(&s.get(key, &team_url).body, "users"),
        [t.rita_id, sam],
        "untouched"
    );
    assert_eq!(
        s.put(key, &team_url, &json!({})).error_fields(),
        ["user_ids"]
    );
    assert_eq!(
        s.put(key, &team_url, &json!({"user_ids": "all"}))
            .error_fields(),
        ["user_ids"]
    );
    assert_eq!(
        s.put(key, "/v3/jobs/999/hiring_team", &json!({"user_ids": []}))
            .status,
        404
    );

    // An update may replace it too; an empty list empties it.
    let r = s.put(key, &format!("/v3/jobs/{job}"), &json!({"hiring_team": []}));
    assert_eq!(r.status, 204, "{r:?}");
    assert_eq!(total(&s, key, &team_url), 0);
}

#[test]
fn a_hiring_manager_reads_only_their_jobs_and_writes_none() {
    let t = team();
    let s = Server::start(&t.p);
    let acme = s.create(&t.rita, "/v3/companies", &json!({"name": "Acme"}));
    let theirs = s.create(
        &t.rita,
        "/v3/jobs",
        &json!({"title": "Welder", "company_id": acme, "hiring_team": [t.hank_id]}),
    );
    let other = s.create(
        &t.admin,
        "/v3/jobs",
        &json!({"title": "Welder's mate", "company_id": acme}),
    );
    let hank = &t.hank;

    let list = s.get(hank, "/v3/jobs");
    assert_eq!(list.status, 200, "{list:?}");
    assert_eq!(list.body["total"], 1);
    assert_eq!(ids(&list.body, "jobs"), [theirs]);
    assert_eq!(
        ids(&s.get(hank, "/v3/jobs/search?query=welder").body, "jobs"),
        [theirs]
    );
    assert_eq!(
        ids(
            &s.get(hank, &format!("/v3/companies/{acme}/jobs")).body,
            "jobs"
        ),
        [theirs]
    );
    assert_eq!(s.get(hank, &format!("/v3/jobs/{theirs}")).status, 200);
    assert_eq!(
        s.get(hank, &format!("/v3/jobs/{theirs}/hiring_team"))
            .status,
        200
    );
    let not_found = "The job was not found.";
    for path in [
        format!("/v3/jobs/{other}"),
        format!("/v3/jobs/{other}/hiring_team"),
        format!("/v3/jobs/{other}/status_changes"),
    ] {
        assert_message(&s.get(hank, &path), 404, not_found);
    }

    // Companies are theirs to read, not to write; jobs neither.
    assert_eq!(s.get(hank, "/v3/companies").body["total"], 1);
    assert_eq!(s.get(hank, &format!("/v3/companies/{acme}")).status, 200);
    let forbidden = "You do not have access to this resource.";
    let job = format!("/v3/jobs/{theirs}");
    let company = format!("/v3/companies/{acme}");
    for r in [
        s.post(hank, "/v3/jobs", &json!({"title": "Mine"})),
        s.put(hank, &job, &json!({"title": "Changed"})),
        s.delete(hank, &job),
        s.put(
            hank,
            &format!("{job}/hiring_team"),
            &json!({"user_ids": []}),
        ),
        s.post(hank, &format!("{job}/status"), &json!({"status_id": 1006})),
        s.post(hank, "/v3/companies", &json!({"name": "Mine"})),
        s.put(hank, &company, &json!({"name": "Changed"})),
        s.delete(hank, &company),
        s.post(
            hank,
            &format!("{company}/status"),
            &json!({"status_id": 3002}),
        ),
    ] {
        assert_message(&r, 403, forbidden);
    }
    let j = s.get(&t.admin, &job).body;
    assert_eq!(
        (j["title"].clone(), j["status_id"].clone()),
        (json!("Welder"), json!(1001))
    );
    assert_eq!(s.get(&t.admin, &company).body["name"], "Acme");
    assert_eq!(total(&s, &t.admin, "/v3/jobs"), 2);

    // Recruiters and administrators see and do everything.
    assert_eq!(total(&s, &t.rita, "/v3/jobs"), 2);
    assert_eq!(s.get(&t.rita, &format!("/v3/jobs/{other}")).status, 200);
    assert_eq!(s.delete(&t.rita, &format!("/v3/jobs/{other}")).status, 204);

    // Off the team, off the job: the level and the team are read at each request.
    let r = s.put(
        &t.admin,
        &format!("{job}/hiring_team"),
        &json!({"user_ids": []}),
    );
    assert_eq!(r.status, 204);
    assert_eq!(total(&s, hank, "/v3/jobs"), 0);
    set_access(&t.p, "hank@team.example", "recruiter");
    assert_eq!(total(&s, hank, "/v3/jobs"), 1);
}

// -------------------------------------------------------------------------- webhooks

#[test]
fn job_creation_and_status_changes_are_announced() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;
    let (port, rx) = listen();
    let hook = json!({
        "events": ["job.created", "job.status_changed", "company.deleted"],
        "target_url": format!("http://127.0.0.1:{port}/hooks"),
        "secret": "shh",
    });
    assert_eq!(s.post(key, "/v3/webhooks", &hook).status, 201);
    let next = || {
        let (_, body) = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a delivery");
        serde_json::from_str::<Value>(&body).unwrap()
    };

    let job = s.create(key, "/v3/jobs", &json!({"title": "Welder"}));
    let v = next();
    assert_eq!(v["event"], "job.created");
    assert_eq!(v["job_id"], job);
    assert_eq!(v["_links"]["job"]["href"], format!("/jobs/{job}"));
    assert_eq!(v["_embedded"]["job"]["title"], "Welder");
    assert_eq!(v["_embedded"]["job"]["status_id"], 1001);

    let status = format!("/v3/jobs/{job}/status");
    assert_eq!(
        s.post(key, &status, &json!({"status_id": 1004})).status,
        201
    );
    // The same status again announces nothing: the next delivery is the next
    // real change.
    assert_eq!(
        s.post(key, &status, &json!({"status_id": 1004})).status,
        201
    );
    assert_eq!(
        s.post(key, &status, &json!({"status_id": 1006})).status,
        201
    );
    let company = s.create(key, "/v3/companies", &json!({"name": "Acme"}));
    assert_eq!(
        s.delete(key, &format!("/v3/companies/{company}")).status,
        204
    );

    let events: Vec<(Value, Value)> = (0..3)
        .map(|_| next())
        .map(|v| (v["event"].clone(), v["_embedded"].clone()))
        .collect();
    assert_eq!(events[0].0, "job.status_changed");
    assert_eq!(events[0].1["job"]["status_id"], 1004);
    assert_eq!(
        events[0].1["job"]["_embedded"]["status"]["mapping"],
        "on_hold"
    );
    assert_eq!(events[1].0, "job.status_changed");
    assert_eq!(events[1].1["job"]["status_id"], 1006);
    assert_eq!(events[2].0, "company.deleted");
    assert_eq!(events[2].1["company"]["name"], "Acme");
}
