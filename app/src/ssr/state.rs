//! The state every request handler and server function shares.
use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::auth::cache::UserCache;
use super::boards::events::BoardHub;
use super::db::Db;
use super::field::storage::PhotoStore;
use super::list_cache::ListCache;

/// Runtime settings the app needs (the server's configuration fills them).
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Map tile URL template; empty means no background tiles.
    pub map_tile_url: String,
    /// The tiles' attribution (HTML allowed, as Leaflet shows it).
    pub map_attribution: String,
    /// How long a household-list page may be reused (0: never).
    pub list_cache: Duration,
    /// Where uploaded files and the SQLite database live.
    pub data_dir: std::path::PathBuf,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            session_hours: 168,
            secure_cookies: false,
            map_tile_url: String::new(),
            map_attribution: String::new(),
            list_cache: Duration::from_secs(2),
            data_dir: std::path::PathBuf::from("data"),
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<AppSettings>,
    pub users: UserCache,
    pub lists: ListCache,
    /// The case boards' live feed in this instance.
    pub boards: BoardHub,
    /// Where evidence photos are kept (by default the folder `<data dir>/photos`).
    pub photos: PhotoStore,
}

impl AppState {
    pub fn new(db: Db, leptos_options: LeptosOptions, settings: AppSettings) -> Self {
        let lists = ListCache::new(settings.list_cache);
        let boards = BoardHub::new(db.dialect);
        let photos = PhotoStore::local(&settings.data_dir);
        AppState {
            db,
            leptos_options,
            settings: Arc::new(settings),
            users: UserCache::default(),
            lists,
            boards,
            photos,
        }
    }

    /// The same state with photos kept in `photos` (the server opens the configured store).
    pub fn with_photos(mut self, photos: PhotoStore) -> Self {
        self.photos = photos;
        self
    }
}
