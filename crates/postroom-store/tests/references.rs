//! Regression: a contact whose company was deleted between the API's check of
//! `company_id` and the write failed with an internal error (HTTP 500). The store
//! now says which kind of failure it is, and the API answers 409.

use postroom_domain::RecordType;
use postroom_store::{RecordFields, Store, StoreError};

#[tokio::test]
async fn a_reference_deleted_before_the_write_is_a_missing_reference() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let fields = RecordFields {
        first_name: Some("Hana".into()),
        company_id: Some(Some(4242)),
        ..RecordFields::default()
    };
    let err = store
        .create_record(RecordType::Contact, &fields, false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::MissingReference(_)),
        "got {err:?}"
    );
    assert!(err
        .to_string()
        .starts_with("cannot write: an item it refers to no longer exists"));
}
