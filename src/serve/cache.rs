//! Answers of `/api/search` kept for one index snapshot.
//!
//! Each [`Snapshot`](super::live::Snapshot) owns its cache: a refresh that swaps in a new
//! index starts with an empty one, and a request only ever reads and fills the cache of the
//! snapshot it searched, so an answer can never outlive the index it came from. The key is
//! the whole request as validated (query, page, filters, order): two spellings of the same
//! request (`since=2024` and `since=2024-01-01`, parameters in another order) share an
//! entry. Bounded in bytes: entries go to a young map; when it holds half the budget it
//! becomes the old map (the previous old one is dropped) and a hit there moves the entry
//! back to the young one, so what is asked for often stays and memory never passes the
//! budget. `fouille serve --no-cache` turns it off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use serde::Serialize;

/// Default budget of a snapshot's cache.
pub const DEFAULT_BYTES: usize = 32 << 20;

/// One `/api/search` request, parameters validated.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct Key {
    pub q: String,
    pub limit: usize,
    pub offset: usize,
    pub per_article: Option<usize>,
    pub since: Option<u64>,
    pub until: Option<u64>,
    /// `sort=date` (else relevance).
    pub date_order: bool,
}

impl Key {
    fn bytes(&self) -> usize {
        self.q.len() + std::mem::size_of::<Key>()
    }
}

/// What `/api/health` says about the cache of the snapshot answering now.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CacheStats {
    pub enabled: bool,
    pub entries: usize,
    pub bytes: usize,
    pub budget: usize,
    /// Since this snapshot was opened.
    pub hits: u64,
    pub misses: u64,
}

#[derive(Default)]
struct Maps {
    young: HashMap<Key, Bytes>,
    young_bytes: usize,
    old: HashMap<Key, Bytes>,
    old_bytes: usize,
}

pub struct ResponseCache {
    /// 0: off.
    budget: usize,
    maps: Mutex<Maps>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl ResponseCache {
    pub fn new(budget: usize) -> ResponseCache {
        ResponseCache {
            budget,
            maps: Mutex::new(Maps::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Maps> {
        self.maps.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, key: &Key) -> Option<Bytes> {
        if !self.enabled() {
            return None;
        }
        let mut maps = self.lock();
        let found = match maps.young.get(key) {
            Some(body) => Some(body.clone()),
            None => match maps.old.remove_entry(key) {
                Some((key, body)) => {
                    let size = key.bytes() + body.len();
                    maps.old_bytes -= size;
                    self.insert(&mut maps, key, body.clone(), size);
                    Some(body)
                }
                None => None,
            },
        };
        drop(maps);
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    pub fn put(&self, key: Key, body: Bytes) {
        let size = key.bytes() + body.len();
        // One answer never takes more than a sixteenth of the budget.
        if !self.enabled() || size > self.budget / 16 {
            return;
        }
        let mut maps = self.lock();
        if let Some(old) = maps.old.remove(&key) {
            maps.old_bytes -= key.bytes() + old.len();
        }
        self.insert(&mut maps, key, body, size);
    }

    fn insert(&self, maps: &mut Maps, key: Key, body: Bytes, size: usize) {
        // Two requests that missed at once both put their (equal) answer.
        if let Some(previous) = maps.young.remove(&key) {
            maps.young_bytes -= key.bytes() + previous.len();
        }
        if maps.young_bytes + size > self.budget / 2 {
            maps.old = std::mem::take(&mut maps.young);
            maps.old_bytes = std::mem::take(&mut maps.young_bytes);
        }
        maps.young.insert(key, body);
        maps.young_bytes += size;
    }

    pub fn stats(&self) -> CacheStats {
        let maps = self.lock();
        CacheStats {
            enabled: self.enabled(),
            entries: maps.young.len() + maps.old.len(),
            bytes: maps.young_bytes + maps.old_bytes,
            budget: self.budget,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(q: &str) -> Key {
        Key {
            q: q.into(),
            limit: 10,
            offset: 0,
            per_article: None,
            since: None,
            until: None,
            date_order: false,
        }
    }

    fn body(n: usize) -> Bytes {
        Bytes::from(vec![b'x'; n])
    }

    #[test]
    fn answers_what_it_was_given_per_whole_request() {
        let cache = ResponseCache::new(1 << 20);
        assert_eq!(cache.get(&key("a")), None);
        cache.put(key("a"), Bytes::from_static(b"{}"));
        assert_eq!(cache.get(&key("a")), Some(Bytes::from_static(b"{}")));
        let mut other = key("a");
        other.offset = 10;
        assert_eq!(cache.get(&other), None);
        other = key("a");
        other.date_order = true;
        assert_eq!(cache.get(&other), None);
        let s = cache.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 3, 1));
    }

    #[test]
    fn never_passes_its_budget_and_keeps_what_is_asked_for() {
        let budget = 64 * 1024;
        let cache = ResponseCache::new(budget);
        cache.put(key("often"), body(1000));
        for i in 0..1_000 {
            cache.put(key(&format!("q{i}")), body(1000 + i % 7));
            assert!(cache.stats().bytes <= budget, "{:?}", cache.stats());
            // Asked for all along: never dropped.
            assert!(cache.get(&key("often")).is_some(), "{i}");
        }
        assert!(cache.get(&key("q0")).is_none());
        assert!(cache.get(&key("q999")).is_some());
        // Too big for one entry: not kept.
        cache.put(key("big"), body(budget / 8));
        assert!(cache.get(&key("big")).is_none());
        // The same key twice counts once.
        let before = cache.stats().bytes;
        cache.put(key("q999"), body(1000 + 999 % 7));
        assert_eq!(cache.stats().bytes, before);
    }

    #[test]
    fn off_keeps_nothing() {
        let cache = ResponseCache::new(0);
        cache.put(key("a"), body(10));
        assert_eq!(cache.get(&key("a")), None);
        assert!(!cache.stats().enabled);
    }
}
