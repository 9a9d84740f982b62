//! Building the application: database, state, router, listener. Tests build it on port 0.
use std::net::SocketAddr;

use anyhow::{anyhow, Context};
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use app::app::{shell, App};
use app::ssr::boards::events;
use app::ssr::db::{Db, Dialect};
use app::ssr::field::storage::PhotoStore;
use app::ssr::state::{AppSettings, AppState};

use crate::config::Config;
use crate::routes::{api_v1, board_forms, field_forms, health, import_forms, page_guard, session};

pub struct Application {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
    /// On PostgreSQL: the task that hears other instances' board changes.
    board_listener: Option<StopOnDrop>,
}

/// A background task that ends with its owner (also when a test aborts the server).
struct StopOnDrop(tokio::task::JoinHandle<()>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub fn leptos_options(config: &Config, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("hakpaeng")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .build()
}

/// The whole HTTP surface for a state.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/login", post(session::login))
        .route("/logout", post(session::logout))
        .route("/lang", get(session::set_lang))
        .route(
            "/imports/upload",
            post(import_forms::upload).layer(axum::extract::DefaultBodyLimit::max(api_v1::UPLOAD_LIMIT)),
        )
        .route("/imports/columns/{sha}", post(import_forms::columns))
        .route("/imports/{id}/commit", post(import_forms::commit))
        .route("/imports/{id}/discard", post(import_forms::discard))
        .route("/imports/merges/{id}/{decision}", post(import_forms::decide))
        .route("/boards/owners/move/{id}", post(board_forms::move_owner))
        .route("/boards/owners/bulk", post(board_forms::bulk_owner))
        .route("/boards/stages/move/{id}", post(board_forms::move_stage_form))
        .route("/households/{id}/visit", post(field_forms::record))
        .route(
            "/field/households/{id}/assist",
            post(field_forms::record_assist)
                .layer(axum::extract::DefaultBodyLimit::max(3 * api_v1::PHOTO_UPLOAD_LIMIT)),
        )
        .route("/boards/agency/move/{id}", post(board_forms::move_status_form))
        .nest("/api/v1", api_v1::router())
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), page_guard::require_sign_in))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(CompressionLayer::new().compress_when(
            // Workbooks are ZIP files already.
            DefaultPredicate::new().and(NotForContentType::const_new("application/vnd.openxmlformats")),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

impl Application {
    /// Connects and migrates the database and binds the listener (port 0 picks a free one).
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let db = Db::connect(&config.database_url, config.db_max_connections)
            .await
            .with_context(|| format!("cannot open the database {}", crate::config::redact_url(&config.database_url)))?;
        Self::build_with_db(config, db).await
    }

    pub async fn build_with_db(config: &Config, db: Db) -> anyhow::Result<Application> {
        crate::precompressed::drop_stale(&config.site_root);
        let listener =
            TcpListener::bind(config.listen).await.with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        let settings = AppSettings {
            session_hours: config.session_hours,
            secure_cookies: config.secure_cookies,
            map_tile_url: config.map_tile_url.clone(),
            map_attribution: config.map_attribution.clone(),
            list_cache: std::time::Duration::from_millis(config.list_cache_ms),
            data_dir: config.data_dir.clone(),
        };
        let photos =
            PhotoStore::open(&config.data_dir, config.photo_store()?.as_ref()).await.map_err(|e| anyhow!(e))?;
        let state = AppState::new(db.clone(), leptos_options(config, addr), settings).with_photos(photos);
        let board_listener = match db.dialect {
            Dialect::Postgres => Some(StopOnDrop(
                events::listen(db, &config.database_url, state.boards.clone())
                    .await
                    .context("cannot listen for board changes on PostgreSQL")?,
            )),
            Dialect::Sqlite => None,
        };
        let router = router(state.clone());
        Ok(Application { listener, router, state, board_listener })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, finishing requests under way (open board feeds end).
    /// Expired sessions and board events older than a week are removed once an hour meanwhile.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let db = self.state.db.clone();
        let sweeper = tokio::spawn(async move {
            let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every_hour.tick().await;
                match app::ssr::db::sessions::purge_expired_sessions(&db, &app::ssr::db::now_iso()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sessions = n, "expired sessions removed"),
                    Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
                }
                let week_ago =
                    (chrono::Utc::now() - chrono::Duration::days(7)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
                if let Err(e) = events::prune(&db, &week_ago).await {
                    tracing::warn!(error = %e, "could not prune board events");
                }
            }
        });
        let hub = self.state.boards.clone();
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                hub.close();
            })
            .await;
        sweeper.abort();
        drop(self.board_listener);
        served?;
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
