//! Test harness: the real app on a real port (0) with a fresh database per test, on SQLite
//! (a temporary file) and on PostgreSQL (a new database on `HAKPAENG_TEST_PG_URL`).
use std::sync::atomic::{AtomicU32, Ordering};

use app::ssr::db::{Db, Dialect};
use hakpaeng::config::Config;
use hakpaeng::demo::{load_demo_province, DemoOptions};
use hakpaeng::demo_users::{ensure_demo_users, DEMO_PASSWORD};
use hakpaeng::startup::Application;
use reqwest::redirect::Policy;
use sqlx::{Connection, Executor};

/// Households in each test's demo province: enough for every district and filter.
pub const TEST_HOUSEHOLDS: usize = 600;
pub const TEST_SEED: u64 = 7;

pub struct TestApp {
    pub address: String,
    /// The database the app serves (a second instance may share it).
    pub database_url: String,
    pub db: Db,
    pub client: reqwest::Client,
    _dir: Option<tempfile::TempDir>,
    pg_name: Option<(String, String)>,
    server: tokio::task::JoinHandle<()>,
}

/// Which database a test runs on; `None` means the run should be skipped.
pub async fn fresh_database(dialect: Dialect) -> Option<(String, Option<tempfile::TempDir>, Option<(String, String)>)> {
    match dialect {
        Dialect::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite://{}/test.db", dir.path().display());
            Some((url, Some(dir), None))
        }
        Dialect::Postgres => {
            let Ok(base) = std::env::var("HAKPAENG_TEST_PG_URL") else {
                if std::env::var("HAKPAENG_TEST_REQUIRE_PG").is_ok() {
                    panic!("HAKPAENG_TEST_REQUIRE_PG is set but HAKPAENG_TEST_PG_URL is not");
                }
                eprintln!("skipped on PostgreSQL: set HAKPAENG_TEST_PG_URL to run it");
                return None;
            };
            static N: AtomicU32 = AtomicU32::new(0);
            let name = format!("hk_test_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
            let mut admin = sqlx::PgConnection::connect(&base).await.expect("PostgreSQL admin connection");
            admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("URL has a database part");
            Some((format!("{prefix}/{name}"), None, Some((base, name))))
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().expect("HTTP client")
}

/// The app with a demo province and the demo users, served on a free port.
pub async fn spawn_app(dialect: Dialect) -> Option<TestApp> {
    spawn_app_with(dialect, |_| {}).await
}

/// As [`spawn_app`], with the configuration changed by `configure` first.
pub async fn spawn_app_with(dialect: Dialect, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
    hakpaeng::telemetry::init("warn,sqlx_core::pool=error");
    let (url, dir, pg_name) = fresh_database(dialect).await?;
    let dir = match dir {
        Some(d) => d,
        None => tempfile::tempdir().expect("temporary folder"),
    };
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        listen: "127.0.0.1:0".parse().expect("address"),
        database_url: url.clone(),
        db_max_connections: 8,
        ..Config::default()
    };
    configure(&mut config);
    let db = Db::connect(&url, 8).await.expect("database opens and migrates");
    load_demo_province(&db, &DemoOptions { households: TEST_HOUSEHOLDS, seed: TEST_SEED, replace: false })
        .await
        .expect("demo province loads");
    ensure_demo_users(&db).await.expect("demo users");
    let app = Application::build_with_db(&config, db.clone()).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(async move {
        let _ = app.run_until_stopped().await;
    });
    Some(TestApp { address, database_url: url, db, client: client(), _dir: Some(dir), pg_name, server })
}

impl TestApp {
    /// Another instance of the app on the same database (as behind a load balancer): its
    /// address and its task.
    pub async fn second_instance(&self) -> (String, tokio::task::JoinHandle<()>) {
        let config = Config {
            data_dir: self._dir.as_ref().expect("data folder").path().to_path_buf(),
            listen: "127.0.0.1:0".parse().expect("address"),
            database_url: self.database_url.clone(),
            db_max_connections: 4,
            ..Config::default()
        };
        let db = Db::connect(&self.database_url, 4).await.expect("second pool");
        let app = Application::build_with_db(&config, db).await.expect("second instance builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        (
            address,
            tokio::spawn(async move {
                let _ = app.run_until_stopped().await;
            }),
        )
    }

    /// The app's data folder (SQLite's file, photos kept locally).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.as_ref().expect("data folder").path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Signs in through the form and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, username: &str) -> String {
        let r = self
            .client
            .post(self.url("/login"))
            .form(&[("username", username), ("password", DEMO_PASSWORD), ("next", "/")])
            .send()
            .await
            .expect("sign-in request");
        assert_eq!(r.status(), 303, "sign-in answers with a redirect");
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("hakpaeng_session="))
            .unwrap_or_else(|| panic!("{username} got no session cookie"))
            .to_string();
        cookie.split(';').next().expect("cookie pair").to_string()
    }

    pub async fn get(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(self.url(path)).header("cookie", cookie).send().await.expect("GET")
    }

    pub async fn get_json(&self, path: &str, cookie: &str) -> (u16, serde_json::Value) {
        let r = self.get(path, cookie).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("JSON body"))
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db.pool).await.expect("scalar query")
    }

    /// Runs a statement directly on the database (a change made "elsewhere").
    pub async fn db_exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db.pool).await.expect("statement");
    }

    /// Stops the server and drops the PostgreSQL test database.
    pub async fn finish(self) {
        self.server.abort();
        self.db.pool.close().await;
        if let Some((base, name)) = &self.pg_name {
            if let Ok(mut admin) = sqlx::PgConnection::connect(base).await {
                let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
            }
        }
    }
}

/// Runs a test body on SQLite and on PostgreSQL, as `NAME_sqlite` and `NAME_postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::helpers::spawn_app(app::ssr::db::Dialect::Sqlite).await {
                    super::$body(&app).await;
                    app.finish().await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app(app::ssr::db::Dialect::Postgres).await {
                    super::$body(&app).await;
                    app.finish().await;
                }
            }
        }
    };
}
