//! A short memory of household-list pages, so a war room where everyone opens the same district
//! lists does not repeat the same queries.
//!
//! A page is reused only while no data has changed in this process (every write of households,
//! members, problems, assistance or stage history calls [`ListCache::data_changed`]) and for at
//! most the configured time (`list_cache_ms`), which bounds how long another instance's or
//! another process's writes can go unseen. Case files are never cached: they are always read
//! fresh and every view is audited.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::api::households::HouseholdPage;
use crate::domain::access::Scope;
use crate::domain::household_filter::HouseholdFilter;

/// More entries than this and the oldest half is dropped.
const MAX_ENTRIES: usize = 1_000;

struct Entry {
    at: Instant,
    generation: u64,
    page: Arc<HouseholdPage>,
}

#[derive(Clone)]
pub struct ListCache {
    ttl: Duration,
    generation: Arc<AtomicU64>,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl ListCache {
    /// A cache keeping pages for `ttl`; a zero `ttl` keeps nothing.
    pub fn new(ttl: Duration) -> Self {
        ListCache { ttl, generation: Arc::default(), entries: Arc::default() }
    }

    /// The key of a page: whose view (the scope) and which filter, normalised.
    pub fn key(scope: &Scope, filter: &HouseholdFilter) -> String {
        format!("{scope:?}|{}", filter.to_query_string())
    }

    /// Forgets every page: call after any write to the data lists show.
    pub fn data_changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut map) = self.entries.lock() {
            map.clear();
        }
    }

    pub fn get(&self, key: &str) -> Option<Arc<HouseholdPage>> {
        if self.ttl.is_zero() {
            return None;
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let map = self.entries.lock().ok()?;
        let entry = map.get(key)?;
        (entry.generation == generation && entry.at.elapsed() < self.ttl).then(|| entry.page.clone())
    }

    /// Keeps a page read while the data was at `generation` (taken before the read began, so a
    /// write during the read makes the page stale at once).
    pub fn put(&self, key: String, generation: u64, page: Arc<HouseholdPage>) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= MAX_ENTRIES {
                let ttl = self.ttl;
                map.retain(|_, e| e.at.elapsed() < ttl);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(key, Entry { at: Instant::now(), generation, page });
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: i64) -> Arc<HouseholdPage> {
        Arc::new(HouseholdPage { items: vec![], total, page: 1, per_page: 50, filter_errors: vec![] })
    }

    #[test]
    fn pages_are_reused_until_data_changes() {
        let cache = ListCache::new(Duration::from_secs(60));
        let key = ListCache::key(&Scope::Amphoe(vec!["3301".into()]), &HouseholdFilter::default());
        assert!(cache.get(&key).is_none());
        cache.put(key.clone(), cache.generation(), page(7));
        assert_eq!(cache.get(&key).map(|p| p.total), Some(7));
        cache.data_changed();
        assert!(cache.get(&key).is_none(), "a write forgets every page");
    }

    #[test]
    fn a_page_read_during_a_write_is_never_served() {
        let cache = ListCache::new(Duration::from_secs(60));
        let before = cache.generation();
        cache.data_changed(); // a write lands while the page is being read
        cache.put("k".into(), before, page(1));
        assert!(cache.get("k").is_none());
    }

    #[test]
    fn scopes_do_not_share_pages_and_zero_keeps_nothing() {
        let f = HouseholdFilter::default();
        assert_ne!(
            ListCache::key(&Scope::Amphoe(vec!["3301".into()]), &f),
            ListCache::key(&Scope::Amphoe(vec!["3302".into()]), &f)
        );
        let off = ListCache::new(Duration::ZERO);
        off.put("k".into(), off.generation(), page(1));
        assert!(off.get("k").is_none());
        let short = ListCache::new(Duration::from_millis(1));
        short.put("k".into(), short.generation(), page(1));
        std::thread::sleep(Duration::from_millis(5));
        assert!(short.get("k").is_none(), "pages expire");
    }
}
