//! A short-lived memory of who holds which session or token, so a busy page or API client
//! does not cost two database reads per request. Sign-out removes the entry at once; other
//! changes (a user deactivated on another instance) take effect within `TTL`.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::api::me::CurrentUser;

pub const TTL: Duration = Duration::from_secs(15);
const MAX_ENTRIES: usize = 10_000;

#[derive(Clone, Default)]
pub struct UserCache {
    inner: Arc<Mutex<HashMap<String, (Instant, CurrentUser)>>>,
}

impl UserCache {
    pub fn get(&self, secret_hash: &str) -> Option<CurrentUser> {
        let map = self.inner.lock().ok()?;
        let (at, user) = map.get(secret_hash)?;
        (at.elapsed() < TTL).then(|| user.clone())
    }

    pub fn put(&self, secret_hash: String, user: CurrentUser) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (at, _)| at.elapsed() < TTL);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(secret_hash, (Instant::now(), user));
        }
    }

    pub fn forget(&self, secret_hash: &str) {
        if let Ok(mut map) = self.inner.lock() {
            map.remove(secret_hash);
        }
    }

    /// Forgets every entry of a user (password change, deactivation on this instance).
    pub fn forget_user(&self, user_id: i64) {
        if let Ok(mut map) = self.inner.lock() {
            map.retain(|_, (_, u)| u.id != user_id);
        }
    }
}
