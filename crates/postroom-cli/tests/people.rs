//! Team members, people import, records, the blocked list and settings.

mod common;

use common::{Postroom, PEOPLE_HEADER};
use serde_json::json;
use std::fs;

#[test]
fn users_add_stores_every_address_normalised() {
    let p = Postroom::new();
    let out = p.json(&[
        "users",
        "add",
        "Alice@Team.COM",
        "alice.alias@team.com",
        "--name",
        "Alice",
    ]);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["name"], "Alice");
    let users = p.json(&["users", "list"]);
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["name"], "Alice");
    assert_eq!(
        users[0]["emails"],
        json!(["alice.alias@team.com", "alice@team.com"])
    );
}

#[test]
fn users_add_with_a_known_address_adds_to_that_member_and_refuses_to_join_two() {
    let p = Postroom::new();
    p.users_add("Alice", &["alice@team.com"]);
    p.users_add("Bob", &["bob@team.com"]);
    // The first address belongs to Bob: the new one is added to Bob.
    p.users_add("Bob", &["BOB@team.com", "bob.alias@team.com"]);
    // Addresses of two different members cannot be one member.
    let (_, stderr) = p.fail(&[
        "users",
        "add",
        "alice@team.com",
        "bob@team.com",
        "--name",
        "X",
    ]);
    assert!(stderr.contains("bob@team.com"), "{stderr}");
    let users = p.json(&["users", "list"]);
    assert_eq!(users.len(), 2, "{users:?}");
    assert_eq!(users[0]["emails"], json!(["alice@team.com"]));
    assert_eq!(
        users[1]["emails"],
        json!(["bob.alias@team.com", "bob@team.com"])
    );
}

#[test]
fn users_add_rejects_what_is_not_an_address_and_an_empty_name() {
    let p = Postroom::new();
    p.fail(&["users", "add", "not-an-address", "--name", "X"]);
    p.fail(&["users", "add", "x@team.com", "--name", "  "]);
    assert!(p.json(&["users", "list"]).is_empty());
}

#[test]
fn people_import_creates_candidates_and_contacts_with_every_column() {
    let p = Postroom::new();
    let summary = p.people(&[
        "candidate,Jane,Doe,Jane.Doe@Example.com,jd@old.example; JANE@personal.example ,Acme,Engineer,+44 1234",
        "contact,Bob,Lee,bob@client.example,,Client Ltd,CTO,",
    ]);
    assert_eq!(summary["created"], 1 + 1);
    assert_eq!(summary["updated"], 0);

    let candidates = p.records("candidates");
    assert_eq!(candidates.len(), 1, "{candidates:?}");
    let id = candidates[0]["id"].as_i64().unwrap();
    let jane = &p.json(&["candidates", "show", &id.to_string()])[0];
    assert_eq!(jane["first_name"], "Jane");
    assert_eq!(jane["last_name"], "Doe");
    assert_eq!(jane["email"], "jane.doe@example.com");
    assert_eq!(
        jane["other_emails"],
        json!(["jane@personal.example", "jd@old.example"])
    );
    assert_eq!(jane["company"], "Acme");
    assert_eq!(jane["title"], "Engineer");
    assert_eq!(jane["phone"], "+44 1234");
    assert_eq!(jane["activities"], 0);

    let contacts = p.records("contacts");
    assert_eq!(contacts.len(), 1, "{contacts:?}");
    assert_eq!(contacts[0]["email"], "bob@client.example");
    assert_eq!(contacts[0]["company"], "Client Ltd");
    assert_eq!(contacts[0]["phone"], serde_json::Value::Null);
}

#[test]
fn bad_rows_are_reported_with_line_and_reason_and_the_others_imported() {
    // (row, the words the reason must contain)
    let bad: Vec<(&str, &[&str])> = vec![
        ("robot,Ann,Bee,ann@x.example,,,,", &["robot"]),
        (
            "candidate,,,nobody@x.example,,,,",
            &["first_name", "last_name"],
        ),
        ("candidate,Carl,Dee,,,,,", &["email"]),
        ("candidate,Dan,Eve,not-an-address,,,,", &["not-an-address"]),
        ("contact,Eve,Fox,eve@x.example,oops;also bad,,,", &["oops"]),
    ];
    let p = Postroom::new();
    let mut rows = vec!["candidate,Good,One,good1@x.example,,,,"];
    rows.extend(bad.iter().map(|(r, _)| *r));
    rows.push("contact,Good,Two,good2@x.example,,,,");
    let path = p.people_csv(&rows);
    let out = p.output(&["--json", "people", "import", path.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "a failed row makes the exit code non-zero"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stderr_lines: Vec<&str> = stderr.lines().collect();
    for (i, (row, words)) in bad.iter().enumerate() {
        // Header is line 1, the first good row line 2, so bad row i is on line i + 3.
        let line = format!("line {}", i + 3);
        let reported = stderr_lines
            .iter()
            .find(|l| l.contains(&format!("{line}:")))
            .unwrap_or_else(|| panic!("{row:?} not reported as {line}:\n{stderr}"));
        for w in *words {
            assert!(reported.contains(w), "{row:?}: {reported:?} lacks {w:?}");
        }
    }
    let summary = common::parse_lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(summary[0]["created"], 2, "{summary:?}");
    assert_eq!(summary[0]["failed"], bad.len(), "{summary:?}");
    let emails: Vec<String> = p
        .records("candidates")
        .iter()
        .chain(p.records("contacts").iter())
        .map(|r| r["email"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(emails, ["good1@x.example", "good2@x.example"]);
}

#[test]
fn bad_row_line_number_counts_physical_lines_of_quoted_fields() {
    let p = Postroom::new();
    let path = p.path("multiline.csv");
    fs::write(
        &path,
        format!(
            "{PEOPLE_HEADER}\ncandidate,Ann,Bee,ann@x.example,,\"Acme\nLondon\",,\nrobot,Bad,Row,bad@x.example,,,,\n"
        ),
    )
    .unwrap();
    let (_, stderr) = p.fail(&["people", "import", path.to_str().unwrap()]);
    assert!(stderr.contains("line 4"), "{stderr}");
    assert_eq!(p.records("candidates")[0]["company"], "Acme\nLondon");
}

#[test]
fn a_missing_required_column_is_refused_and_nothing_imported() {
    let p = Postroom::new();
    let path = p.path("noemail.csv");
    fs::write(&path, "kind,first_name,last_name\ncandidate,Ann,Bee\n").unwrap();
    let (_, stderr) = p.fail(&["people", "import", path.to_str().unwrap()]);
    assert!(stderr.contains("email"), "{stderr}");
    assert!(p.records("candidates").is_empty());
}

#[test]
fn optional_columns_may_be_absent_and_in_any_order_with_a_bom() {
    let p = Postroom::new();
    let path = p.path("minimal.csv");
    fs::write(
        &path,
        "\u{feff}email,last_name,first_name,kind\nann@x.example,Bee,Ann,Candidate\n",
    )
    .unwrap();
    p.run(&["people", "import", path.to_str().unwrap()]);
    let c = p.records("candidates");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["first_name"], "Ann");
    assert_eq!(c[0]["email"], "ann@x.example");
}

#[test]
fn importing_again_updates_the_record_with_the_same_primary_address_instead_of_duplicating() {
    let p = Postroom::new();
    p.people(&["candidate,Jane,Doe,jane@x.example,old@x.example,Acme,Engineer,1"]);
    let id = p.record_id("candidates", "jane@x.example");
    let second = p.people(&["candidate,Janet,Doe,JANE@X.example,new@x.example,Beta,Lead,2"]);
    assert_eq!(second["created"], 0, "{second}");
    assert_eq!(second["updated"], 1, "{second}");
    let all = p.records("candidates");
    assert_eq!(all.len(), 1, "{all:?}");
    let jane = &p.json(&["candidates", "show", &id.to_string()])[0];
    assert_eq!(jane["first_name"], "Janet");
    assert_eq!(jane["company"], "Beta");
    assert_eq!(jane["title"], "Lead");
    assert_eq!(jane["other_emails"], json!(["new@x.example"]));
}

#[test]
fn an_address_that_is_no_longer_on_the_record_stops_matching_after_reimport() {
    let p = Postroom::new();
    p.people(&["candidate,Jane,Doe,jane@x.example,old@x.example,,,"]);
    p.people(&["candidate,Jane,Doe,jane@x.example,,,,"]);
    let t = p.import_msgs(&[common::Msg::simple(
        "m1@x",
        "old@x.example",
        "someone@else.example",
    )]);
    assert_eq!(t.dismissed, 1, "{t:?}");
}

#[test]
fn the_same_row_twice_in_one_file_makes_one_record() {
    let p = Postroom::new();
    let summary = p.people(&[
        "candidate,Jane,Doe,jane@x.example,,,,",
        "candidate,Jane,Doe,jane@x.example,,Acme,,",
    ]);
    assert_eq!(summary["created"], 1, "{summary}");
    assert_eq!(summary["updated"], 1, "{summary}");
    let c = p.records("candidates");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["company"], "Acme");
}

#[test]
fn a_candidate_and_a_contact_with_the_same_address_are_two_records() {
    let p = Postroom::new();
    p.people(&[
        "candidate,Jane,Doe,jane@x.example,,,,",
        "contact,Jane,Doe,jane@x.example,,,,",
    ]);
    assert_eq!(p.records("candidates").len(), 1);
    assert_eq!(p.records("contacts").len(), 1);
}

#[test]
fn a_large_file_imports_across_transaction_chunks_with_failures_at_the_edges() {
    let p = Postroom::new();
    let n = 4500;
    let bad_at = [1usize, 2000, 2001, 4000, 4500];
    let rows: Vec<String> = (1..=n)
        .map(|i| {
            if bad_at.contains(&i) {
                format!("candidate,Bad,Row{i},no-at-sign-{i},,,,")
            } else {
                format!("candidate,Person,N{i},p{i}@x.example,,,,")
            }
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let path = p.people_csv(&refs);
    let out = p.output(&["--json", "people", "import", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let summary = &common::parse_lines(&String::from_utf8_lossy(&out.stdout))[0];
    assert_eq!(summary["created"], n - bad_at.len(), "{summary}");
    assert_eq!(summary["failed"], bad_at.len(), "{summary}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for i in bad_at {
        assert!(stderr.contains(&format!("line {}:", i + 1)), "row {i}");
    }
    assert_eq!(p.records("candidates").len(), n - bad_at.len());
    // Importing the same file again updates every good row and creates nothing.
    let again = p.output(&["--json", "people", "import", path.to_str().unwrap()]);
    let summary = &common::parse_lines(&String::from_utf8_lossy(&again.stdout))[0];
    assert_eq!(summary["created"], 0, "{summary}");
    assert_eq!(summary["updated"], n - bad_at.len(), "{summary}");
}

#[test]
fn show_of_an_unknown_or_invalid_id_fails() {
    let p = Postroom::new();
    p.people(&["candidate,Jane,Doe,jane@x.example,,,,"]);
    p.fail(&["candidates", "show", "99"]);
    p.fail(&["candidates", "show", "abc"]);
    p.fail(&["contacts", "show", "1"]);
    p.run(&["candidates", "show", "1"]);
}

#[test]
fn blocklist_add_list_remove() {
    let p = Postroom::new();
    let added = p.json(&["blocklist", "add", "Spammer@Bad.Example"]);
    assert_eq!(added[0]["entry"], "spammer@bad.example");
    assert_eq!(added[0]["status"], "blocked");
    p.run(&["blocklist", "add", "@Agency.Example"]);
    p.run(&["blocklist", "add", "@bücher.example"]);
    let again = p.json(&["blocklist", "add", "@agency.example"]);
    assert_eq!(again[0]["status"], "already blocked");
    let list: Vec<String> = p
        .json(&["blocklist", "list"])
        .iter()
        .map(|v| v["entry"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        list,
        [
            "@agency.example",
            "@xn--bcher-kva.example",
            "spammer@bad.example"
        ]
    );
    p.run(&["blocklist", "remove", "@AGENCY.example"]);
    p.fail(&["blocklist", "remove", "@agency.example"]);
    p.fail(&["blocklist", "add", "not an entry"]);
    p.fail(&["blocklist", "add", "@"]);
    let list = p.json(&["blocklist", "list"]);
    assert_eq!(list.len(), 2, "{list:?}");
}

#[test]
fn settings_match_on_defaults_to_all_and_can_be_set() {
    let p = Postroom::new();
    assert_eq!(p.json(&["settings", "get"]), [json!({"match-on": "all"})]);
    p.run(&["settings", "set", "match-on", "primary"]);
    assert_eq!(
        p.json(&["settings", "get"]),
        [json!({"match-on": "primary"})]
    );
    p.fail(&["settings", "set", "match-on", "sometimes"]);
    p.fail(&["settings", "set", "colour", "blue"]);
    assert_eq!(
        p.json(&["settings", "get"]),
        [json!({"match-on": "primary"})]
    );
    p.run(&["settings", "set", "match-on", "all"]);
    assert_eq!(p.json(&["settings", "get"]), [json!({"match-on": "all"})]);
}

#[test]
fn data_dir_can_come_from_the_environment() {
    let p = Postroom::new();
    let mut cmd = assert_cmd::Command::cargo_bin("postroom").unwrap();
    cmd.env("POSTROOM_DATA_DIR", p.data_dir())
        .args(["users", "add", "me@team.example", "--name", "Me"])
        .assert()
        .success();
    let users = p.json(&["users", "list"]);
    assert_eq!(
        users.len(),
        1,
        "the env data dir is the one --data-dir names"
    );
}

#[test]
fn a_row_that_is_not_utf8_is_reported_and_skipped() {
    let p = Postroom::new();
    let path = p.path("latin1.csv");
    let mut bytes = format!("{PEOPLE_HEADER}\n").into_bytes();
    bytes.extend_from_slice(b"candidate,Ann,B\xe9e,ann@x.example,,,,\n");
    bytes.extend_from_slice(b"candidate,Bob,Cee,bob@x.example,,,,\n");
    fs::write(&path, bytes).unwrap();
    let (_, stderr) = p.fail(&["people", "import", path.to_str().unwrap()]);
    assert!(stderr.contains("line 2"), "{stderr}");
    let c = p.records("candidates");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0]["email"], "bob@x.example");
}

#[test]
fn reimport_recognises_the_primary_address_in_unicode_or_punycode() {
    let p = Postroom::new();
    p.people(&["candidate,Raj,Iyer,raj@bücher.example,,,,"]);
    let again = p.people(&["candidate,Raj,Iyer,RAJ@xn--BCHER-kva.example,,Acme,,"]);
    assert_eq!(again["updated"], 1, "{again}");
    let c = p.records("candidates");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0]["email"], "raj@xn--bcher-kva.example");
    assert_eq!(c[0]["company"], "Acme");
}
