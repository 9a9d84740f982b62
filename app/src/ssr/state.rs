//! The state every request handler and server function shares.
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::auth::cache::UserCache;
use super::db::Db;

/// Runtime settings the app needs (the server's configuration fills them).
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Map tile URL template; empty means no background tiles.
    pub map_tile_url: String,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings { session_hours: 168, secure_cookies: false, map_tile_url: String::new() }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<AppSettings>,
    pub users: UserCache,
}

impl AppState {
    pub fn new(db: Db, leptos_options: LeptosOptions, settings: AppSettings) -> Self {
        AppState { db, leptos_options, settings: Arc::new(settings), users: UserCache::default() }
    }
}
