//! Rendered pages of a record's activities, reused while the record's activity
//! version (kept by the store's triggers) has not moved.
//!
//! A record's timeline is read far more often than it changes (recruiters open the
//! same records all day, integrations poll them), and rendering a page of 100
//! activities costs a hundred rows and their JSON. Serving it again costs one
//! primary-key lookup. Access is checked before the cache is consulted, and a
//! page's content does not depend on who asks, so one entry serves every caller.

use axum::body::Bytes;
use postroom_domain::RecordRef;
use std::collections::HashMap;
use std::sync::Mutex;

/// Entries kept; past this the cache starts over (pages are cheap to rebuild, and a
/// bound keeps memory flat whatever clients page through).
const MAX_ENTRIES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub record: RecordRef,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<PageKey, (i64, Bytes)>>,
}

impl PageCache {
    /// The page rendered at `version`, if that is what is cached.
    pub fn get(&self, key: &PageKey, version: i64) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, body)| body.clone())
    }

    /// Keeps a page rendered from data read at or after `version` was read: a page
    /// newer than its version is only ever replaced, never served stale, because
    /// versions only grow.
    pub fn put(&self, key: PageKey, version: i64, body: Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (version, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postroom_domain::RecordType;

    fn key(id: i64) -> PageKey {
        PageKey {
            record: RecordRef {
                record_type: RecordType::Candidate,
                id,
            },
            page: 1,
            per_page: 100,
        }
    }

    #[test]
    fn a_page_is_served_only_at_its_version() {
        let cache = PageCache::default();
        cache.put(key(1), 3, Bytes::from_static(b"v3"));
        assert_eq!(cache.get(&key(1), 3).as_deref(), Some(&b"v3"[..]));
        assert_eq!(cache.get(&key(1), 4), None);
        assert_eq!(cache.get(&key(2), 3), None);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = PageCache::default();
        for id in 0..(MAX_ENTRIES as i64 * 3) {
            cache.put(key(id), 1, Bytes::from_static(b"x"));
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
