//! Threading by Message-ID links, independent of arrival order.
//!
//! A thread is a connected component of the graph whose edges join a message to its
//! own Message-ID and to every id in its In-Reply-To and References. The store keeps,
//! for every id it has seen, the thread it belongs to; when a message links ids that
//! belong to different threads (a parent arriving after two of its replies), those
//! threads merge. Connected components do not depend on the order edges are added in,
//! so the partition is the same whatever order mail is imported in. Subjects are never
//! used: "Interview for Senior Engineer" is sent to many different people.

use crate::envelope::Envelope;
use crate::ids::{MessageId, ThreadId};

/// References lists a message's whole ancestry; its first ids (the root) and its
/// last ones (the nearest parents) are enough to connect it. Keeping at most this
/// many bounds the work a hostile header with thousands of ids can cause. The
/// choice depends only on the message itself, so threads stay order-independent.
const FIRST_REFERENCES: usize = 10;
const LAST_REFERENCES: usize = 40;
const MAX_IN_REPLY_TO: usize = 5;

/// The ids that tie a message to its thread: its own, then its parents'.
pub fn thread_keys(envelope: &Envelope) -> Vec<MessageId> {
    let refs = &envelope.references;
    let (head, tail) = if refs.len() > FIRST_REFERENCES + LAST_REFERENCES {
        (
            &refs[..FIRST_REFERENCES],
            &refs[refs.len() - LAST_REFERENCES..],
        )
    } else {
        (&refs[..], &refs[..0])
    };
    let all = envelope
        .message_id
        .iter()
        .chain(envelope.in_reply_to.iter().take(MAX_IN_REPLY_TO))
        .chain(head)
        .chain(tail);
    let mut seen = std::collections::HashSet::new();
    all.filter(|id| seen.insert(*id)).cloned().collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadPlan {
    /// None of the keys is known: start a thread.
    New,
    /// Exactly one existing thread.
    Join(ThreadId),
    /// Several threads turn out to be one: keep the oldest, fold the others into it.
    Merge { into: ThreadId, from: Vec<ThreadId> },
}

/// Decides where a message goes, given the threads its keys already belong to.
pub fn plan_thread(existing: &[ThreadId]) -> ThreadPlan {
    let mut ids: Vec<ThreadId> = existing.to_vec();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [] => ThreadPlan::New,
        [one] => ThreadPlan::Join(*one),
        [first, rest @ ..] => ThreadPlan::Merge {
            into: *first,
            from: rest.to_vec(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mid(s: &str) -> MessageId {
        MessageId::parse(s).unwrap()
    }

    #[test]
    fn keys_are_own_id_then_parents_without_repeats() {
        let envelope = Envelope {
            message_id: Some(mid("c@x")),
            in_reply_to: vec![mid("b@x")],
            references: vec![mid("a@x"), mid("b@x")],
            ..Envelope::default()
        };
        assert_eq!(
            thread_keys(&envelope),
            vec![mid("c@x"), mid("b@x"), mid("a@x")]
        );
        assert!(thread_keys(&Envelope::default()).is_empty());
    }

    #[test]
    fn a_hostile_references_header_is_capped() {
        let refs: Vec<MessageId> = (0..40_000).map(|i| mid(&format!("r{i}@x"))).collect();
        let envelope = Envelope {
            message_id: Some(mid("own@x")),
            references: refs,
            ..Envelope::default()
        };
        let keys = thread_keys(&envelope);
        assert_eq!(keys.len(), 1 + FIRST_REFERENCES + LAST_REFERENCES);
        assert_eq!(keys[1], mid("r0@x"));
        assert_eq!(keys.last(), Some(&mid("r39999@x")));
    }

    #[test]
    fn plans() {
        let t = ThreadId;
        assert_eq!(plan_thread(&[]), ThreadPlan::New);
        assert_eq!(plan_thread(&[t(4), t(4)]), ThreadPlan::Join(t(4)));
        assert_eq!(
            plan_thread(&[t(9), t(4), t(7), t(4)]),
            ThreadPlan::Merge {
                into: t(4),
                from: vec![t(7), t(9)]
            }
        );
    }
}
