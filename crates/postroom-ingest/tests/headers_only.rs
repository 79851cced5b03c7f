//! Header-first sources (IMAP) hand over headers only for messages they did not
//! download. Regression: a header-only copy that matched someone added to a record
//! after the source's triage was stored without its body, and the body was never
//! fetched. Now the ingest path sends it back instead of storing it.

use postroom_domain::{EmailAddress, RecordType};
use postroom_ingest::{Ingestor, Outcome};
use postroom_mail::{Origin, RawMessage};
use postroom_store::{PersonInput, Store};

const HEADERS: &str = "From: ann@cand.example\r\nTo: rita@team.example\r\n\
    Subject: Hello\r\nMessage-ID: <h1@test>\r\nDate: Mon, 06 Jan 2025 09:00:00 +0000\r\n\r\n";

fn raw(bytes: &str, headers_only: bool) -> RawMessage {
    RawMessage {
        bytes: bytes.as_bytes().to_vec(),
        too_large: false,
        headers_only,
        origin: Origin::imap("imap://rita@mail.example/INBOX", 7),
        source_bytes: bytes.len() as u64,
    }
}

#[tokio::test]
async fn a_header_only_copy_is_never_stored_as_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let ingestor = Ingestor::new(store.clone(), None).await.unwrap();
    // Nobody on record yet: the triage says "no body needed".
    assert_eq!(
        ingestor.needs_body(&[raw(HEADERS, true)]).await.unwrap(),
        [false]
    );
    // Ann becomes a candidate before the batch is ingested.
    store
        .upsert_people(&[PersonInput {
            record_type: RecordType::Candidate,
            first_name: "Ann".into(),
            last_name: "X".into(),
            email: EmailAddress::parse("ann@cand.example").unwrap(),
            other_emails: None,
            company: None,
            title: None,
            phone: None,
        }])
        .await
        .unwrap();
    let prepared = ingestor.prepare(vec![raw(HEADERS, true)]).await.unwrap();
    assert_eq!(prepared.needing_body(), [0]);
    let out = ingestor.commit(prepared).await.unwrap();
    assert_eq!(out, [Outcome::NeedsBody]);
    assert!(store
        .stored_keys(&["mid:h1@test"])
        .await
        .unwrap()
        .is_empty());

    let whole = format!("{HEADERS}The body.\r\n");
    let out = ingestor.ingest(raw(&whole, false)).await.unwrap();
    assert_eq!(out, Outcome::Logged { activities: 1 });
    // Once stored, a header-only copy is recognised without its body.
    let out = ingestor.ingest(raw(HEADERS, true)).await.unwrap();
    assert_eq!(out, Outcome::Duplicate { activities: 0 });
}
