//! Import order never changes what is logged: the same messages in any order, in any
//! batch sizes, give the same activities and the same thread partition; importing
//! them again adds nothing.

use postroom_domain::{BlockEntry, EmailAddress, RecordType};
use postroom_ingest::{Ingestor, Outcome};
use postroom_mail::{Origin, RawMessage};
use postroom_store::{ActivityFilter, PersonInput, Store};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const PEOPLE: [&str; 4] = [
    "ann@cand.example",
    "bob@cand.example",
    "cy@client.example",
    "shared@jobs.example",
];
const OUTSIDERS: [&str; 2] = ["news@letters.example", "vendor@tools.example"];
const TEAM: &str = "rita@team.example";

#[derive(Debug, Clone)]
struct Spec {
    /// Index of the message this one replies to, if any.
    parent: Option<usize>,
    /// Whether References carries the whole chain or only the parent.
    full_refs: bool,
    has_id: bool,
    outbound: bool,
    other: usize,
    bcc: Option<usize>,
}

fn correspondents() -> Vec<&'static str> {
    PEOPLE.iter().chain(OUTSIDERS.iter()).copied().collect()
}

fn render(specs: &[Spec]) -> Vec<Vec<u8>> {
    let who = correspondents();
    let chain = |mut i: usize| {
        let mut ids = vec![];
        while let Some(p) = specs[i].parent {
            ids.push(p);
            i = p;
        }
        ids.reverse();
        ids
    };
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let other = who[s.other % who.len()];
            let (from, to) = if s.outbound { (TEAM, other) } else { (other, TEAM) };
            let mut m = format!("From: {from}\nTo: {to}\nSubject: msg-{i}\nDate: Mon, 06 Jan 2025 09:{:02}:00 +0000\n", i % 60);
            if let Some(b) = s.bcc {
                m.push_str(&format!("Bcc: {}\n", who[b % who.len()]));
            }
            if s.has_id {
                m.push_str(&format!("Message-ID: <m{i}@test>\n"));
            }
            if let Some(p) = s.parent {
                m.push_str(&format!("In-Reply-To: <m{p}@test>\n"));
                let refs: Vec<usize> = if s.full_refs { chain(i) } else { vec![p] };
                let refs: Vec<String> = refs.iter().map(|r| format!("<m{r}@test>")).collect();
                m.push_str(&format!("References: {}\n", refs.join(" ")));
            }
            m.push_str(&format!("\nbody {i}\n"));
            m.into_bytes()
        })
        .collect()
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<bool>(),
            prop::bool::weighted(0.85),
            any::<bool>(),
            0usize..6,
            prop::option::weighted(0.2, 0usize..6),
            prop::bool::weighted(0.7),
        ),
        1..24,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(i, (parent, full_refs, has_id, outbound, other, bcc, is_reply))| Spec {
                    parent: (i > 0 && is_reply).then(|| parent.index(i)),
                    full_refs,
                    has_id,
                    outbound,
                    other,
                    bcc,
                },
            )
            .collect()
    })
}

/// What an import leaves behind, in order-free form: activities as (record, subject),
/// threads as the set of subject sets.
type Snapshot = (
    BTreeSet<(RecordType, i64, String)>,
    BTreeSet<BTreeSet<String>>,
);

async fn run(messages: &[Vec<u8>], order: &[usize], batch: usize, twice: bool) -> Snapshot {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    store
        .add_user("Rita", &[EmailAddress::parse(TEAM).unwrap()])
        .await
        .unwrap();
    // Mail with the newsletter sender is kept out, and so is every other copy of it.
    store
        .block_add(&BlockEntry::parse("@letters.example").unwrap())
        .await
        .unwrap();
    let people: Vec<PersonInput> = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, e)| PersonInput {
            record_type: if i == 2 {
                RecordType::Contact
            } else {
                RecordType::Candidate
            },
            first_name: format!("P{i}"),
            last_name: "X".into(),
            email: EmailAddress::parse(e).unwrap(),
            other_emails: None,
            company: None,
            title: None,
            phone: None,
        })
        .collect();
    store.upsert_people(&people).await.unwrap();
    // The shared address is also on a second record: it must log on both.
    let mut also = people[3].clone();
    also.record_type = RecordType::Contact;
    store.upsert_people(&[also]).await.unwrap();

    let ingestor = Ingestor::new(store.clone(), None).await.unwrap();
    let rounds = if twice { 2 } else { 1 };
    for round in 0..rounds {
        for chunk in order.chunks(batch.max(1)) {
            let raws = chunk
                .iter()
                .map(|&i| RawMessage {
                    bytes: messages[i].clone(),
                    too_large: false,
                    headers_only: false,
                    origin: Origin {
                        path: "test".into(),
                        offset: i as u64,
                    },
                    source_bytes: 0,
                })
                .collect();
            let outcomes = ingestor.ingest_batch(raws).await.unwrap();
            if round == 1 {
                for o in outcomes {
                    assert!(
                        matches!(
                            o,
                            Outcome::Duplicate { activities: 0 }
                                | Outcome::Dismissed
                                | Outcome::Blocked
                        ),
                        "second import changed something: {o:?}"
                    );
                }
            }
        }
    }
    let activities = store.activities(&ActivityFilter::default()).await.unwrap();
    let mut threads: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    let mut acts = BTreeSet::new();
    for a in activities {
        let subject = a.subject.clone().unwrap();
        threads
            .entry(a.thread_id)
            .or_default()
            .insert(subject.clone());
        acts.insert((a.record_type, a.record_id, subject));
    }
    store.close().await;
    (acts, threads.into_values().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn import_order_never_changes_activities_or_threads(
        specs in specs(),
        seed in any::<u64>(),
        batch in 1usize..8,
        dup in any::<prop::sample::Index>(),
        sent in any::<prop::sample::Index>(),
        bcc in 0usize..6,
    ) {
        let mut messages = render(&specs);
        // The same message twice in one import.
        let d = dup.index(messages.len());
        messages.push(messages[d].clone());
        // The sender's copy of another message, revealing a Bcc (maybe blocked).
        let s = sent.index(messages.len() - 1);
        let mut copy = format!("Bcc: {}\n", correspondents()[bcc]).into_bytes();
        copy.extend_from_slice(&messages[s]);
        messages.push(copy);
        let forward: Vec<usize> = (0..messages.len()).collect();
        let mut shuffled = forward.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let rt = tokio::runtime::Runtime::new().unwrap();
        let a = rt.block_on(run(&messages, &forward, 1000, false));
        let b = rt.block_on(run(&messages, &shuffled, batch, true));
        prop_assert_eq!(a, b);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reply_imported_before_its_parent_joins_the_parents_thread() {
    let specs = vec![
        Spec {
            parent: None,
            full_refs: true,
            has_id: true,
            outbound: true,
            other: 0,
            bcc: None,
        },
        Spec {
            parent: Some(0),
            full_refs: false,
            has_id: true,
            outbound: false,
            other: 0,
            bcc: None,
        },
        Spec {
            parent: Some(1),
            full_refs: false,
            has_id: true,
            outbound: true,
            other: 0,
            bcc: None,
        },
    ];
    let messages = render(&specs);
    // Grandchild first, then child, then root: one thread in the end.
    let (acts, threads) = run(&messages, &[2, 0, 1], 1, false).await;
    assert_eq!(acts.len(), 3);
    assert_eq!(threads.len(), 1, "{threads:?}");
    // Grandchild and root only: they share no id, so two threads until the child comes.
    let (_, threads) = run(&messages, &[2, 0], 1, false).await;
    assert_eq!(threads.len(), 2, "{threads:?}");
}
