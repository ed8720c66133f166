//! Answers remembered for one index generation: what depends only on the index (a word's
//! expansions, a term's statistics) is computed once per searcher generation. A refresh
//! starts afresh; past its capacity the map starts over too (a cheap bound, no LRU
//! bookkeeping on the hot path).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

pub(super) struct Remembered<K, V> {
    capacity: usize,
    inner: Mutex<(u64, HashMap<K, V>)>,
}

impl<K: Hash + Eq, V: Clone> Remembered<K, V> {
    pub(super) fn new(capacity: usize) -> Self {
        Remembered {
            capacity,
            inner: Mutex::new((0, HashMap::new())),
        }
    }

    pub(super) fn get(&self, generation: u64, key: &K) -> Option<V> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.0 == generation)
            .then(|| inner.1.get(key).cloned())
            .flatten()
    }

    pub(super) fn put(&self, generation: u64, key: K, value: V) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.0 != generation || inner.1.len() >= self.capacity {
            inner.0 = generation;
            inner.1.clear();
        }
        inner.1.insert(key, value);
    }

    /// The answer for `key`, computed (without holding the lock) when not known yet.
    pub(super) fn get_or_try<E>(
        &self,
        generation: u64,
        key: &K,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E>
    where
        K: Clone,
    {
        if let Some(v) = self.get(generation, key) {
            return Ok(v);
        }
        let v = compute()?;
        self.put(generation, key.clone(), v.clone());
        Ok(v)
    }
}
