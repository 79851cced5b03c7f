//! `POST /v3/candidates/search` field filters and the phones sub-resource.

mod api_support;
mod common;

use api_support::{site_with_admin, Server};
use serde_json::{json, Value};

fn ids(r: &api_support::Resp) -> Vec<i64> {
    r.body["_embedded"]["candidates"]
        .as_array()
        .unwrap_or_else(|| panic!("{r:?}"))
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn field_filters_combine_and_say_what_is_wrong() {
    let (p, key) = site_with_admin();
    let s = Server::start(&p);
    let ann = s.create(
        &key,
        "/v3/candidates",
        &json!({"first_name": "Ann", "last_name": "Lee",
        "emails": {"primary": "ann@x.example", "secondary": "ann_lee@y.example"},
        "title": "Data Engineer", "phones": ["+44 20 7946 0000"]}),
    );
    let bob = s.create(
        &key,
        "/v3/candidates",
        &json!({"first_name": "Bob", "last_name": "Lee",
        "emails": ["bob@x.example"], "title": "Engineering Manager"}),
    );
    let cy = s.create(
        &key,
        "/v3/candidates",
        &json!({"first_name": "Cy", "last_name": "Ray"}),
    );

    let search = |body: Value| s.post(&key, "/v3/candidates/search", &body);
    assert_eq!(
        ids(&search(
            json!({"field": "last_name", "filter": "exactly", "value": "lee"})
        )),
        [ann, bob]
    );
    assert_eq!(
        ids(&search(json!({"and": [
            {"field": "last_name", "filter": "exactly", "value": "Lee"},
            {"field": "title", "filter": "contains", "value": "data"},
        ]}))),
        [ann]
    );
    // Any address, secondary too; `_` is a plain character.
    assert_eq!(
        ids(&search(
            json!({"field": "email", "filter": "contains", "value": "ann_lee"})
        )),
        [ann]
    );
    assert_eq!(
        ids(&search(json!([{"field": "email", "filter": "is_empty"}]))),
        [cy]
    );
    assert_eq!(
        ids(&search(json!({"field": "phone", "filter": "is_empty"}))),
        [bob, cy]
    );
    let page = search(json!({"field": "title", "filter": "is_empty"}));
    assert_eq!(page.body["total"], 1);

    let bad = search(
        json!([{"field": "salary", "filter": "contains", "value": "1"},
        {"field": "title", "filter": "near"}]),
    );
    assert_eq!(bad.status, 422, "{bad:?}");
    assert_eq!(bad.error_fields(), ["0.field", "1.filter"]);
    let missing = search(json!({"field": "title", "filter": "contains"}));
    assert_eq!(missing.error_fields(), ["value"]);

    let phones = s.get(&key, &format!("/v3/candidates/{ann}/phones"));
    assert_eq!(phones.body["total"], 1, "{phones:?}");
    assert_eq!(
        phones.body["_embedded"]["phones"][0]["number"],
        "+44 20 7946 0000"
    );
}
