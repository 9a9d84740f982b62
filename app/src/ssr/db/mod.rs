//! The database: one connection pool to SQLite or PostgreSQL, picked from the URL at run time,
//! with the migrations of that dialect. Queries use `$1` placeholders, which both accept.
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub mod args;
pub mod audit;
pub mod batch;
pub mod case_file;
pub mod district_offices;
pub mod export_rows;
pub mod flag;
pub mod household_list;
pub mod map;
pub mod overview;
pub mod reference;
pub mod scope_sql;
pub mod sessions;
pub mod users;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn from_url(url: &str) -> Option<Dialect> {
        if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Dialect::Postgres)
        } else {
            None
        }
    }
}

/// The pool and which database it talks to. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("the database URL must start with sqlite: or postgres: (got {0:?})")]
    UnknownScheme(String),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// The file path inside a `sqlite:` URL (without `//` and query), if it names a file.
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

impl Db {
    /// Connects (creating a missing SQLite file and its folder) and runs the migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbSetupError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(url).ok_or_else(|| DbSetupError::UnknownScheme(url.to_string()))?;
        let mut url = url.to_string();
        if dialect == Dialect::Sqlite {
            if let Some(path) = sqlite_path(&url) {
                if let Some(parent) = std::path::Path::new(&path).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent)
                            .map_err(|source| DbSetupError::CreateDir { path: path.clone(), source })?;
                    }
                }
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
            }
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if dialect == Dialect::Sqlite {
                        // Per connection: wait for writers instead of failing, enforce foreign
                        // keys, and fsync less often (safe with WAL).
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        if dialect == Dialect::Sqlite {
            // Stored in the file: readers never wait for the writer.
            pool.execute("PRAGMA journal_mode = WAL").await?;
        }
        let db = Db { pool, dialect };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), DbSetupError> {
        match self.dialect {
            Dialect::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Dialect::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// The SQLite journal mode (`wal` once connected), for checks and diagnostics.
    pub async fn sqlite_journal_mode(&self) -> Result<Option<String>, sqlx::Error> {
        if self.dialect != Dialect::Sqlite {
            return Ok(None);
        }
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&self.pool).await?;
        Ok(Some(mode))
    }
}

/// Now as stored: UTC, ISO-8601, second precision (`2026-11-28T20:17:47Z`).
pub fn now_iso() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Today in Thailand as an ISO date.
pub fn today_iso() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m-%d").to_string()
}
