//! Black-box tests of pipelines (a candidate in a job's pipeline), the workflows
//! whose statuses they move through, the events they announce, and what a hiring
//! manager sees of candidates: only those in the pipelines of their jobs.

mod api_support;
mod common;

use api_support::team::{assert_message, ids, status_moves, team};
use api_support::webhooks::{header, listen};
use api_support::Server;
use serde_json::{json, Value};
use std::time::Duration;

fn list(s: &Server, key: &str, path: &str) -> Value {
    let r = s.get(key, path);
    assert_eq!(r.status, 200, "GET {path}: {r:?}");
    r.body
}

/// The values of `field` in a list's `_embedded.<plural>`.
fn column(list: &Value, plural: &str, field: &str) -> Vec<i64> {
    list["_embedded"][plural]
        .as_array()
        .unwrap_or_else(|| panic!("no _embedded.{plural} in {list}"))
        .iter()
        .map(|r| {
            r[field]
                .as_i64()
                .unwrap_or_else(|| panic!("no {field} in {r}"))
        })
        .collect()
}

fn candidate(s: &Server, key: &str, first: &str) -> i64 {
    let email = format!("{}@people.example", first.to_lowercase());
    let body = json!({"first_name": first, "last_name": "Doe", "emails": {"primary": email}});
    s.create(key, "/v3/candidates", &body)
}

fn job(s: &Server, key: &str, title: &str, team: &[i64]) -> i64 {
    s.create(
        key,
        "/v3/jobs",
        &json!({"title": title, "hiring_team": team}),
    )
}

/// Records an activity on a candidate; its id (from `Location`).
fn note(s: &Server, key: &str, candidate: i64, body: &Value) -> i64 {
    let r = s.post(key, &format!("/v3/candidates/{candidate}/activities"), body);
    assert_eq!(r.status, 201, "{r:?}");
    let location = r.header("location").unwrap();
    let id = location.strip_prefix(&s.url("/v3/activities/"));
    id.and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("Location {location:?}"))
}

fn add(s: &Server, key: &str, candidate: i64, job: i64) -> i64 {
    let body = json!({"candidate_id": candidate, "job_id": job});
    s.create(key, "/v3/pipelines", &body)
}

// ------------------------------------------------------------------- add, read, rate

#[test]
fn a_candidate_is_added_to_a_pipeline_once_and_the_addition_is_noted() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.rita;
    let jane = candidate(&s, key, "Jane");
    let bob = candidate(&s, key, "Bob");
    let welder = job(&s, key, "Welder", &[]);

    let r = s.post(
        key,
        "/v3/pipelines?create_activity=true",
        &json!({"candidate_id": jane.to_string(), "job_id": welder, "rating": "3"}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.text, "", "an empty body");
    let location = r.header("location").unwrap();
    let id: i64 = location
        .strip_prefix(&s.url("/v3/pipelines/"))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an absolute Location: {location}"));

    let p = s.get(key, &format!("/v3/pipelines/{id}"));
    assert_eq!(p.status, 200, "{p:?}");
    let p = p.body;
    assert_eq!(p["id"], id);
    assert_eq!(p["candidate_id"], jane);
    assert_eq!(p["job_id"], welder);
    assert_eq!(p["status_id"], 100, "the workflow's default status");
    assert_eq!(p["rating"], 3);
    assert_eq!(p["workflow_id"], 1);
    assert!(p["date_created"].is_string() && p["date_modified"].is_string());
    assert_eq!(
        p["_embedded"]["status"],
        json!({"id": 100, "title": "No Contact", "mapping": "no_contact"})
    );
    let links = &p["_links"];
    assert_eq!(links["self"]["href"], format!("/pipelines/{id}"));
    assert_eq!(links["candidate"]["href"], format!("/candidates/{jane}"));
    assert_eq!(links["job"]["href"], format!("/jobs/{welder}"));
    assert_eq!(
        links["statuses"]["href"],
        format!("/pipelines/{id}/statuses")
    );
    assert_eq!(
        links["status"]["href"], "/pipelines/workflows/1/statuses/100",
        "a link that answers (tested with the workflows)"
    );

    // The addition is noted on the candidate, regarding the job.
    let acts = list(&s, key, &format!("/v3/candidates/{jane}/activities"));
    assert_eq!(acts["total"], 1, "{acts}");
    let a = &acts["_embedded"]["activities"][0];
    assert_eq!(a["type"], "other");
    assert_eq!(a["notes"], "Added candidate to pipeline: No Contact");
    assert_eq!(a["regarding_id"], welder);
    assert_eq!(a["data_item"], json!({"id": jane, "type": "candidate"}));
    assert_eq!(a["entered_by_id"], t.rita_id);

    // Once per candidate and job; the refused add writes nothing, not even a note.
    let again = s.post(
        key,
        "/v3/pipelines?create_activity=true",
        &json!({"candidate_id": jane, "job_id": welder}),
    );
    assert_eq!(again.status, 409, "{again:?}");
    assert!(
        again.body["message"].as_str().unwrap().contains("already"),
        "{again:?}"
    );
    assert_eq!(
        list(&s, key, &format!("/v3/candidates/{jane}/activities"))["total"],
        1
    );

    // Without create_activity, no note; the rating defaults to unrated.
    let bobs = add(&s, key, bob, welder);
    assert_eq!(
        list(&s, key, &format!("/v3/candidates/{bob}/activities"))["total"],
        0
    );
    assert_eq!(
        s.get(key, &format!("/v3/pipelines/{bobs}")).body["rating"],
        0
    );

    // Every wrong field at once: syntax, then ids naming nothing.
    for (body, fields) in [
        (
            json!({"candidate_id": 999, "job_id": "998"}),
            vec!["candidate_id", "job_id"],
        ),
        (
            json!({"candidate_id": "x", "job_id": 998, "rating": 9}),
            vec!["candidate_id", "rating", "job_id"],
        ),
        (
            json!({"candidate_id": bob, "job_id": welder, "rating": -1}),
            vec!["rating"],
        ),
        (json!({}), vec!["candidate_id", "job_id"]),
    ] {
        let r = s.post(key, "/v3/pipelines", &body);
        assert_eq!(r.status, 422, "{body}: {r:?}");
        assert_eq!(r.error_fields(), fields, "{body}");
    }
    let r = s.post(
        key,
        "/v3/pipelines",
        &json!({"candidate_id": 999, "job_id": 998}),
    );
    let messages: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["no candidate has id 999", "no job has id 998"]);
    let r = s
        .req("POST", "/v3/pipelines")
        .key(key)
        .body("text/plain", "candidate_id=1")
        .send();
    assert_message(&r, 415, "Unsupported Content-Type.");
    assert_eq!(
        list(&s, key, "/v3/pipelines")["total"],
        2,
        "nothing else written"
    );

    // PUT rates it (and merges: without a rating nothing changes).
    let url = format!("/v3/pipelines/{id}");
    assert_eq!(s.put(key, &url, &json!({"rating": 5})).status, 204);
    assert_eq!(s.get(key, &url).body["rating"], 5);
    for bad in [
        json!({"rating": 6}),
        json!({"rating": "lots"}),
        json!({"rating": 2.5}),
    ] {
        let r = s.put(key, &url, &bad);
        assert_eq!(r.error_fields(), ["rating"], "{bad}");
    }
    assert_eq!(s.put(key, &url, &json!({"rating": "2"})).status, 204);
    assert_eq!(s.put(key, &url, &json!({})).status, 204);
    assert_eq!(s.get(key, &url).body["rating"], 2);
    assert_message(
        &s.put(key, "/v3/pipelines/999", &json!({"rating": 1})),
        404,
        "The pipeline was not found.",
    );

    // Removed, it is gone, and the candidate may be added again.
    assert_eq!(s.delete(key, &url).status, 204);
    assert_message(&s.get(key, &url), 404, "The pipeline was not found.");
    assert_eq!(s.delete(key, &url).status, 404);
    assert_message(
        &s.get(key, "/v3/pipelines/abc"),
        404,
        "The pipeline was not found.",
    );
    let back = add(&s, key, jane, welder);
    assert_eq!(
        s.get(key, &format!("/v3/pipelines/{back}")).body["status_id"],
        100
    );
}

#[test]
fn pipelines_are_listed_paged_and_go_with_their_job_or_candidate() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;
    let (ann, ben, cat) = (
        candidate(&s, key, "Ann"),
        candidate(&s, key, "Ben"),
        candidate(&s, key, "Cat"),
    );
    let (welder, fitter) = (job(&s, key, "Welder", &[]), job(&s, key, "Fitter", &[]));
    let made = [
        add(&s, key, ann, welder),
        add(&s, key, ben, welder),
        add(&s, key, cat, welder),
        add(&s, key, ann, fitter),
    ];

    let first = list(&s, key, "/v3/pipelines?per_page=3");
    assert_eq!(
        (first["total"].clone(), first["count"].clone()),
        (json!(4), json!(3))
    );
    assert_eq!(ids(&first, "pipelines"), made[..3]);
    assert_eq!(
        first["_links"]["next"]["href"],
        "/pipelines?page=2&per_page=3"
    );
    assert!(first["_links"].get("prev").is_none());
    let second = list(&s, key, "/v3/pipelines?page=2&per_page=3");
    assert_eq!(ids(&second, "pipelines"), made[3..]);
    assert!(second["_links"].get("next").is_none());
    assert_eq!(second["_embedded"]["pipelines"][0]["job_id"], fitter);
    assert_eq!(s.get(key, "/v3/pipelines?per_page=101").status, 422);

    // A candidate's pipelines: the link on the candidate answers.
    let link = s.get(key, &format!("/v3/candidates/{ann}")).body["_links"]["pipelines"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(link, format!("/candidates/{ann}/pipelines"));
    let anns = list(&s, key, &format!("/v3{link}"));
    assert_eq!(column(&anns, "pipelines", "job_id"), [welder, fitter]);
    let welders = list(&s, key, &format!("/v3/jobs/{welder}/pipelines?per_page=2"));
    assert_eq!(welders["total"], 3);
    assert_eq!(column(&welders, "pipelines", "candidate_id"), [ann, ben]);
    assert_eq!(
        welders["_links"]["next"]["href"],
        format!("/jobs/{welder}/pipelines?page=2&per_page=2")
    );
    assert_message(
        &s.get(key, "/v3/jobs/999/pipelines"),
        404,
        "The job was not found.",
    );
    assert_message(
        &s.get(key, "/v3/candidates/999/pipelines"),
        404,
        "The candidate was not found.",
    );

    // A job's pipelines go with it, a candidate's with the candidate.
    assert_eq!(s.delete(key, &format!("/v3/jobs/{fitter}")).status, 204);
    let anns = list(&s, key, &format!("/v3/candidates/{ann}/pipelines"));
    assert_eq!(column(&anns, "pipelines", "job_id"), [welder]);
    assert_eq!(
        s.get(key, &format!("/v3/pipelines/{}", made[3])).status,
        404
    );
    assert_eq!(s.delete(key, &format!("/v3/candidates/{cat}")).status, 204);
    let welders = list(&s, key, &format!("/v3/jobs/{welder}/pipelines"));
    assert_eq!(column(&welders, "pipelines", "candidate_id"), [ann, ben]);
    assert_eq!(list(&s, key, "/v3/pipelines")["total"], 2);
}

// ------------------------------------------------------------------ statuses, workflows

/// The (previous, new) status ids of a pipeline's history, oldest first.
fn history(s: &Server, key: &str, pipeline: i64) -> Vec<(Value, i64)> {
    let h = list(
        s,
        key,
        &format!("/v3/pipelines/{pipeline}/statuses?per_page=100"),
    );
    status_moves(&h, "statuses")
}

#[test]
fn a_pipeline_moves_through_its_workflow_and_each_move_is_recorded_once() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.rita;
    let jane = candidate(&s, key, "Jane");
    let welder = job(&s, key, "Welder", &[]);
    let p = add(&s, key, jane, welder);
    let item = format!("/v3/pipelines/{p}");
    let activities = format!("/v3/candidates/{jane}/activities");
    assert!(
        history(&s, key, p).is_empty(),
        "the first status is no move"
    );

    let r = s.post(
        key,
        &format!("{item}/status?create_activity=true"),
        &json!({"status_id": "200", "triggers": []}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.text, "");
    assert_eq!(r.header("location"), Some(s.url(&item).as_str()));
    let got = s.get(key, &item).body;
    assert_eq!(got["status_id"], 200);
    assert_eq!(got["_embedded"]["status"]["mapping"], "contacted");
    assert_eq!(history(&s, key, p), [(json!(100), 200)]);
    let h = list(&s, key, &format!("{item}/statuses"));
    let change = &h["_embedded"]["statuses"][0];
    assert_eq!(change["changed_by_id"], t.rita_id);
    assert!(change["date_created"].is_string());
    assert_eq!(
        change["_embedded"]["status"],
        json!({"id": 200, "title": "Contacted", "mapping": "contacted"})
    );
    assert_eq!(
        change["_embedded"]["previous_status"]["mapping"],
        "no_contact"
    );
    let acts = list(&s, key, &activities);
    assert_eq!(acts["total"], 1, "{acts}");
    let note = &acts["_embedded"]["activities"][0];
    assert_eq!(note["notes"], "Status changed: Contacted");
    assert_eq!(note["regarding_id"], welder);
    assert_eq!(note["type"], "other");

    // The same status again changes nothing: no history, no note.
    let r = s.post(
        key,
        &format!("{item}/status?create_activity=true"),
        &json!({"status_id": 200}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(history(&s, key, p).len(), 1);
    assert_eq!(list(&s, key, &activities)["total"], 1);

    // Only a status of the job's workflow.
    for body in [
        json!({"status_id": 1001}),
        json!({"status_id": 2001}),
        json!({"status_id": 424242}),
        json!({"status_id": "soon"}),
        json!({}),
    ] {
        let r = s.post(key, &format!("{item}/status"), &body);
        assert_eq!(r.status, 422, "{body}: {r:?}");
        assert_eq!(r.error_fields(), ["status_id"], "{body}");
    }
    assert_eq!(s.get(key, &item).body["status_id"], 200, "unchanged");
    assert_message(
        &s.post(key, "/v3/pipelines/999/status", &json!({"status_id": 200})),
        404,
        "The pipeline was not found.",
    );

    // Without create_activity, moves are recorded but not noted; the history pages.
    for status in [300, 400, 500] {
        let r = s.post(
            key,
            &format!("{item}/status"),
            &json!({"status_id": status}),
        );
        assert_eq!(r.status, 201, "{r:?}");
    }
    assert_eq!(list(&s, key, &activities)["total"], 1);
    assert_eq!(
        history(&s, key, p),
        [
            (json!(100), 200),
            (json!(200), 300),
            (json!(300), 400),
            (json!(400), 500)
        ]
    );
    let page = list(&s, key, &format!("{item}/statuses?page=2&per_page=3"));
    assert_eq!(
        (page["total"].clone(), page["count"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(column(&page, "statuses", "status_id"), [500]);
    assert_eq!(
        page["_links"]["prev"]["href"],
        format!("/pipelines/{p}/statuses?page=1&per_page=3")
    );
    // Under the name the other items' histories have too.
    let same = list(&s, key, &format!("{item}/status_changes"));
    assert_eq!(
        column(&same, "status_changes", "status_id"),
        [200, 300, 400, 500]
    );

    // Removing the pipeline removes its history; a new one starts afresh.
    assert_eq!(s.delete(key, &item).status, 204);
    assert_eq!(s.get(key, &format!("{item}/statuses")).status, 404);
    let again = add(&s, key, jane, welder);
    assert!(history(&s, key, again).is_empty());
}

#[test]
fn workflows_and_their_statuses_are_listed_with_their_mapping() {
    let t = team();
    let s = Server::start(&t.p);
    for key in [&t.rita, &t.hank] {
        let all = list(&s, key, "/v3/pipelines/workflows");
        assert_eq!(all["total"], 1, "{all}");
        let w = &all["_embedded"]["workflows"][0];
        assert_eq!(
            (w["id"].clone(), w["title"].clone(), w["is_default"].clone()),
            (json!(1), json!("Default"), json!(true))
        );
        assert_eq!(w["_links"]["self"]["href"], "/pipelines/workflows/1");
        assert_eq!(
            w["_links"]["statuses"]["href"],
            "/pipelines/workflows/1/statuses"
        );
        assert_eq!(&list(&s, key, "/v3/pipelines/workflows/1"), w);
    }
    let key = &t.rita;
    let statuses = list(&s, key, "/v3/pipelines/workflows/1/statuses");
    assert_eq!(statuses["total"], 10);
    assert_eq!(
        ids(&statuses, "statuses"),
        [100, 200, 250, 300, 400, 500, 600, 650, 700, 800],
        "in the workflow's order"
    );
    let first = &statuses["_embedded"]["statuses"][0];
    assert_eq!(
        (first["title"].clone(), first["mapping"].clone()),
        (json!("No Contact"), json!("no_contact"))
    );
    assert_eq!(
        first["_links"]["self"]["href"],
        "/pipelines/workflows/1/statuses/100"
    );
    let page = list(
        &s,
        key,
        "/v3/pipelines/workflows/1/statuses?page=2&per_page=3",
    );
    assert_eq!(ids(&page, "statuses"), [300, 400, 500]);
    let placed = list(&s, key, "/v3/pipelines/workflows/1/statuses/800");
    assert_eq!(
        (placed["title"].clone(), placed["mapping"].clone()),
        (json!("Placed"), json!("placed"))
    );

    let missing_status = "The status was not found.";
    for path in [
        "/v3/pipelines/workflows/1/statuses/1001",
        "/v3/pipelines/workflows/1/statuses/x",
        "/v3/pipelines/workflows/1/statuses/999",
    ] {
        assert_message(&s.get(key, path), 404, missing_status);
    }
    let missing_workflow = "The workflow was not found.";
    for path in [
        "/v3/pipelines/workflows/2",
        "/v3/pipelines/workflows/2/statuses",
        "/v3/pipelines/workflows/2/statuses/100",
    ] {
        assert_message(&s.get(key, path), 404, missing_workflow);
    }
}

// ---------------------------------------------------------------------------- events

#[test]
fn pipeline_changes_are_announced_signed_and_once() {
    let t = team();
    let s = Server::start(&t.p);
    let key = &t.admin;
    let (port, rx) = listen();
    let hook = json!({
        "events": ["pipeline.created", "pipeline.status_changed", "pipeline.deleted",
                   "activity.created"],
        "target_url": format!("http://127.0.0.1:{port}/hooks"),
        "secret": "shh",
    });
    assert_eq!(s.post(key, "/v3/webhooks", &hook).status, 201);
    // Each delivery, checked to be signed with the secret.
    let next = || {
        let (headers, body) = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a delivery");
        let expected =
            postroom_api::signature("shh", body.as_bytes(), header(&headers, "x-request-id"));
        assert_eq!(header(&headers, "x-signature"), expected, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()
    };

    let jane = candidate(&s, key, "Jane");
    let welder = job(&s, key, "Welder", &[]);
    let r = s.post(
        key,
        "/v3/pipelines?create_activity=1",
        &json!({"candidate_id": jane, "job_id": welder}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    let p: i64 = r
        .header("location")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let v = next();
    assert_eq!(v["event"], "pipeline.created");
    assert_eq!(v["pipeline_id"], p);
    assert_eq!(v["_links"]["pipeline"]["href"], format!("/pipelines/{p}"));
    assert_eq!(v["_embedded"]["pipeline"]["candidate_id"], jane);
    assert_eq!(v["_embedded"]["pipeline"]["status_id"], 100);
    let v = next();
    assert_eq!(v["event"], "activity.created");
    assert_eq!(
        v["_embedded"]["activity"]["notes"],
        "Added candidate to pipeline: No Contact"
    );

    let status = format!("/v3/pipelines/{p}/status");
    for id in [200, 200, 300] {
        let r = s.post(key, &status, &json!({"status_id": id}));
        assert_eq!(r.status, 201, "{r:?}");
    }
    assert_eq!(s.delete(key, &format!("/v3/pipelines/{p}")).status, 204);
    // The repeated status announced nothing: the next delivery is the next change.
    let v = next();
    assert_eq!(v["event"], "pipeline.status_changed");
    assert_eq!(v["_embedded"]["pipeline"]["status_id"], 200);
    assert_eq!(
        v["_embedded"]["pipeline"]["_embedded"]["status"]["mapping"],
        "contacted"
    );
    let v = next();
    assert_eq!(v["event"], "pipeline.status_changed");
    assert_eq!(v["_embedded"]["pipeline"]["status_id"], 300);
    let v = next();
    assert_eq!(v["event"], "pipeline.deleted");
    assert_eq!(v["_embedded"]["pipeline"]["id"], p);
    assert_eq!(v["_embedded"]["pipeline"]["status_id"], 300);

    // Regression: deleting a job took its pipelines without a word.
    let again = add(&s, key, jane, welder);
    assert_eq!(next()["event"], "pipeline.created");
    assert_eq!(s.delete(key, &format!("/v3/jobs/{welder}")).status, 204);
    let v = next();
    assert_eq!(v["event"], "pipeline.deleted");
    assert_eq!(v["pipeline_id"], again);
    assert_eq!(v["_embedded"]["pipeline"]["job_id"], welder);
    assert_eq!(v["_embedded"]["pipeline"]["candidate_id"], jane);
}

// -------------------------------------------------------------------- hiring managers

#[test]
fn a_hiring_manager_sees_only_the_candidates_in_their_jobs_pipelines() {
    let t = team();
    let s = Server::start(&t.p);
    let admin = &t.admin;
    let ours = job(&s, admin, "Welder", &[t.hank_id]);
    let theirs = job(&s, admin, "Fitter", &[t.rita_id]);
    let jane = candidate(&s, admin, "Jane");
    let john = candidate(&s, admin, "John");
    let jill = candidate(&s, admin, "Jill");
    let zed = candidate(&s, admin, "Zed");
    let janes = add(&s, admin, jane, ours);
    let johns = add(&s, admin, john, theirs);
    let jills = add(&s, admin, jill, ours);
    let jills_other = add(&s, admin, jill, theirs);
    let screened = json!({"type": "call_talked", "notes": "Screened"});
    let on_jane = note(&s, admin, jane, &screened);
    let on_john = note(&s, admin, john, &screened);
    let hank = &t.hank;

    // Lists, searches and filters count only Jane and Jill, paged.
    let all = list(&s, hank, "/v3/candidates");
    assert_eq!(all["total"], 2, "{all}");
    assert_eq!(ids(&all, "candidates"), [jane, jill]);
    let first = list(&s, hank, "/v3/candidates?per_page=1");
    assert_eq!(
        (first["total"].clone(), first["count"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        first["_links"]["next"]["href"],
        "/candidates?page=2&per_page=1"
    );
    assert_eq!(
        ids(
            &list(&s, hank, "/v3/candidates?page=2&per_page=1"),
            "candidates"
        ),
        [jill]
    );
    let found = list(&s, hank, "/v3/candidates/search?query=doe");
    assert_eq!(
        (found["total"].clone(), ids(&found, "candidates")),
        (json!(2), vec![jane, jill])
    );
    assert_eq!(
        list(&s, hank, "/v3/candidates/search?query=john")["total"],
        0
    );
    let filter = json!({"field": "last_name", "filter": "exactly", "value": "Doe"});
    let filtered = s.post(hank, "/v3/candidates/search", &filter);
    assert_eq!(filtered.status, 200, "{filtered:?}");
    assert_eq!(filtered.body["total"], 2);
    assert_eq!(ids(&filtered.body, "candidates"), [jane, jill]);
    assert_eq!(
        list(&s, &t.rita, "/v3/candidates")["total"],
        4,
        "recruiters see all"
    );
    assert_eq!(
        s.post(&t.rita, "/v3/candidates/search", &filter).body["total"],
        4
    );

    // Jane is theirs to read, with her activities; John and Zed do not exist.
    assert_eq!(s.get(hank, &format!("/v3/candidates/{jane}")).status, 200);
    assert_eq!(
        s.get(hank, &format!("/v3/candidates/{jane}/emails")).status,
        200
    );
    let acts = list(&s, hank, &format!("/v3/candidates/{jane}/activities"));
    assert_eq!(ids(&acts, "activities"), [on_jane]);
    assert_eq!(
        s.get(hank, &format!("/v3/activities/{on_jane}")).status,
        200
    );
    assert_eq!(
        s.get(hank, &format!("/v3/candidates/{jane}/threads"))
            .status,
        200
    );
    let gone = "The candidate was not found.";
    for who in [john, zed] {
        for tail in [
            "",
            "/emails",
            "/phones",
            "/activities",
            "/threads",
            "/pipelines",
            "/tags",
            "/custom_fields",
        ] {
            assert_message(
                &s.get(hank, &format!("/v3/candidates/{who}{tail}")),
                404,
                gone,
            );
        }
    }
    assert_message(
        &s.get(hank, &format!("/v3/activities/{on_john}")),
        404,
        "The activity was not found.",
    );
    assert_eq!(
        s.get(admin, &format!("/v3/activities/{on_john}")).status,
        200
    );

    // They note activities on the candidates they see, and write nothing else of them.
    let interviewed = json!({"type": "meeting", "notes": "Interviewed"});
    let theirs_to_note = note(&s, hank, jane, &interviewed);
    assert_eq!(
        s.get(admin, &format!("/v3/activities/{theirs_to_note}"))
            .body["entered_by_id"],
        t.hank_id
    );
    let r = s.post(
        hank,
        &format!("/v3/candidates/{john}/activities"),
        &interviewed,
    );
    assert_message(&r, 404, gone);
    let forbidden = "You do not have access to this resource.";
    let jane_url = format!("/v3/candidates/{jane}");
    for r in [
        s.post(
            hank,
            "/v3/candidates",
            &json!({"first_name": "New", "last_name": "One"}),
        ),
        s.put(hank, &jane_url, &json!({"title": "Changed"})),
        s.delete(hank, &jane_url),
        s.post(
            hank,
            "/v3/pipelines",
            &json!({"candidate_id": zed, "job_id": ours}),
        ),
        s.put(
            hank,
            &format!("/v3/pipelines/{janes}"),
            &json!({"rating": 5}),
        ),
        s.delete(hank, &format!("/v3/pipelines/{janes}")),
        // Tags and custom field values are part of the record.
        s.put(hank, &format!("{jane_url}/tags"), &json!({"tags": []})),
        s.post(hank, &format!("{jane_url}/tags"), &json!({"tags": []})),
        s.delete(hank, &format!("{jane_url}/tags/1")),
        s.put(
            hank,
            &format!("{jane_url}/custom_fields/1"),
            &json!({"value": "x"}),
        ),
        s.put(hank, &format!("/v3/jobs/{ours}/tags"), &json!({"tags": []})),
    ] {
        assert_message(&r, 403, forbidden);
    }
    assert_eq!(s.get(hank, &format!("{jane_url}/tags")).status, 200);
    assert_eq!(s.get(hank, &format!("/v3/jobs/{ours}/tags")).status, 200);
    assert_message(
        &s.get(hank, &format!("/v3/jobs/{theirs}/tags")),
        404,
        "The job was not found.",
    );
    assert_message(
        &s.put(
            hank,
            &format!("/v3/candidates/{john}"),
            &json!({"title": "x"}),
        ),
        404,
        gone,
    );
    assert_eq!(
        s.get(admin, &jane_url).body["title"],
        Value::Null,
        "untouched"
    );
    assert_eq!(list(&s, admin, "/v3/candidates")["total"], 4);

    // Pipelines: only their job's, which they move through the stages.
    let theirs_only = list(&s, hank, "/v3/pipelines");
    assert_eq!(ids(&theirs_only, "pipelines"), [janes, jills]);
    let jill_in = list(&s, hank, &format!("/v3/candidates/{jill}/pipelines"));
    assert_eq!(ids(&jill_in, "pipelines"), [jills], "not Jill's other job");
    assert_eq!(
        ids(
            &list(&s, hank, &format!("/v3/jobs/{ours}/pipelines")),
            "pipelines"
        ),
        [janes, jills]
    );
    assert_message(
        &s.get(hank, &format!("/v3/jobs/{theirs}/pipelines")),
        404,
        "The job was not found.",
    );
    let r = s.post(
        hank,
        &format!("/v3/pipelines/{janes}/status"),
        &json!({"status_id": 500}),
    );
    assert_eq!(r.status, 201, "{r:?}");
    let h = list(&s, hank, &format!("/v3/pipelines/{janes}/statuses"));
    assert_eq!(column(&h, "statuses", "changed_by_id"), [t.hank_id]);
    let not_theirs = "The pipeline was not found.";
    for p in [johns, jills_other] {
        let r = s.post(
            hank,
            &format!("/v3/pipelines/{p}/status"),
            &json!({"status_id": 500}),
        );
        assert_message(&r, 404, not_theirs);
        assert_message(&s.get(hank, &format!("/v3/pipelines/{p}")), 404, not_theirs);
        assert_message(
            &s.get(hank, &format!("/v3/pipelines/{p}/statuses")),
            404,
            not_theirs,
        );
        assert_eq!(
            s.get(admin, &format!("/v3/pipelines/{p}")).body["status_id"],
            100
        );
    }

    // Off the team, off the candidates: the team is read at each request.
    let team = format!("/v3/jobs/{ours}/hiring_team");
    assert_eq!(s.put(admin, &team, &json!({"user_ids": []})).status, 204);
    assert_eq!(list(&s, hank, "/v3/candidates")["total"], 0);
    assert_message(&s.get(hank, &jane_url), 404, gone);
    assert_eq!(list(&s, hank, "/v3/pipelines")["total"], 0);
    // On the other job's team, the candidates of that one.
    let team = format!("/v3/jobs/{theirs}/hiring_team");
    assert_eq!(
        s.put(admin, &team, &json!({"user_ids": [t.hank_id]}))
            .status,
        204
    );
    assert_eq!(
        ids(&list(&s, hank, "/v3/candidates"), "candidates"),
        [john, jill]
    );
}

#[test]
fn a_hiring_manager_reads_mail_only_on_the_candidates_they_see() {
    let t = team();
    let s = Server::start(&t.p);
    let admin = &t.admin;
    let ours = job(&s, admin, "Welder", &[t.hank_id]);
    let jane = candidate(&s, admin, "Jane");
    let john = candidate(&s, admin, "John");
    add(&s, admin, jane, ours);
    let imported = t.p.import_msgs(&[
        common::Msg::simple("jane1@x", "jane@people.example", api_support::ADMIN).attach(
            "jane.txt",
            "text/plain",
            b"Jane's CV",
        ),
        common::Msg::simple("john1@x", "john@people.example", api_support::ADMIN).attach(
            "john.txt",
            "text/plain",
            b"John's CV",
        ),
    ]);
    assert_eq!(imported.activities, 2, "{imported:?}");
    // The thread and attachment of each, as someone who sees everything finds them.
    let mail_of = |who: i64| {
        let threads = list(&s, admin, &format!("/v3/candidates/{who}/threads"));
        let thread = threads["_embedded"]["threads"][0]["id"].as_i64().unwrap();
        let t = list(&s, admin, &format!("/v3/threads/{thread}"));
        let download = t["_embedded"]["messages"][0]["attachments"][0]["_links"]["download"]
            ["href"]
            .as_str()
            .unwrap()
            .to_string();
        (thread, format!("/v3{download}"))
    };
    let (janes_thread, janes_cv) = mail_of(jane);
    let (johns_thread, johns_cv) = mail_of(john);
    let hank = &t.hank;

    let threads = list(&s, hank, &format!("/v3/candidates/{jane}/threads"));
    assert_eq!(ids(&threads, "threads"), [janes_thread]);
    assert_eq!(
        s.get(hank, &format!("/v3/threads/{janes_thread}")).status,
        200
    );
    let cv = s.get(hank, &janes_cv);
    assert_eq!((cv.status, cv.bytes.as_slice()), (200, &b"Jane's CV"[..]));
    let acts = list(&s, hank, &format!("/v3/candidates/{jane}/activities"));
    assert_eq!(acts["_embedded"]["activities"][0]["type"], "email");

    assert_message(
        &s.get(hank, &format!("/v3/threads/{johns_thread}")),
        404,
        "The thread was not found.",
    );
    assert_message(
        &s.get(hank, &johns_cv),
        404,
        "The attachment was not found.",
    );
    assert_eq!(s.get(admin, &johns_cv).bytes, b"John's CV");
}
