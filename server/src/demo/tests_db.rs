//! Tests of loading the demo province into SQLite (and PostgreSQL when configured), and timing.
use app::ssr::db::Db;

use super::{load_demo_province, DemoError, DemoOptions, DemoSummary};

async fn count(db: &Db, sql: &str) -> usize {
    let n: i64 = sqlx::query_scalar(sql).bind(true).fetch_one(&db.pool).await.expect("count");
    n as usize
}

/// Rows of the synthetic households per table, as a summary.
async fn synthetic_counts(db: &Db, villages: usize) -> DemoSummary {
    let of = |table: &str| {
        format!(
            "SELECT COUNT(*) FROM {table} WHERE household_id IN (SELECT id FROM households WHERE is_synthetic = $1)"
        )
    };
    DemoSummary {
        villages,
        households: count(db, "SELECT COUNT(*) FROM households WHERE is_synthetic = $1").await,
        members: count(db, &of("members")).await,
        problems: count(db, &of("problems")).await,
        assistance: count(db, &of("assistance_records")).await,
        stage_changes: count(db, &of("stage_history")).await,
    }
}

async fn fingerprint(db: &Db) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT head_name, house_no, stage FROM households WHERE is_synthetic = $1 ORDER BY id")
        .bind(true)
        .fetch_all(&db.pool)
        .await
        .expect("households")
}

async fn load_twice(url: &str) {
    let db = Db::connect(url, 4).await.expect("connect");
    let opts = DemoOptions { households: 400, seed: 2566, replace: true };
    let first = load_demo_province(&db, &opts).await.expect("first load");
    assert_eq!(first.households, 400);
    let villages = count(&db, "SELECT COUNT(*) FROM villages WHERE $1").await;
    assert!(villages >= first.villages);
    assert_eq!(synthetic_counts(&db, first.villages).await, first);
    let before = fingerprint(&db).await;
    let again = DemoOptions { replace: false, ..opts.clone() };
    match load_demo_province(&db, &again).await {
        Err(DemoError::NotEmpty(n)) => assert!(n >= 400),
        other => panic!("expected NotEmpty, got {other:?}"),
    }
    assert_eq!(synthetic_counts(&db, first.villages).await, first, "a refused load changes nothing");
    let second = load_demo_province(&db, &opts).await.expect("replace");
    assert_eq!(second, first);
    assert_eq!(synthetic_counts(&db, second.villages).await, second);
    assert_eq!(fingerprint(&db).await, before, "the same seed loads the same households");
    let audit = count(&db, "SELECT COUNT(*) FROM audit_events WHERE action = 'demo_data_loaded' AND $1").await;
    assert!(audit >= 2);
}

/// A new, empty PostgreSQL database on the test server (`HAKPAENG_TEST_PG_URL`), if there is one:
/// (its URL, the server URL, its name).
async fn fresh_postgres(label: &str) -> Option<(String, String, String)> {
    use sqlx::{Connection, Executor};
    let Ok(base) = std::env::var("HAKPAENG_TEST_PG_URL") else {
        assert!(std::env::var("HAKPAENG_TEST_REQUIRE_PG").is_err(), "HAKPAENG_TEST_PG_URL is required");
        return None;
    };
    let name = format!("hk_test_{label}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base).await.expect("PostgreSQL");
    admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await.expect("drop");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create");
    let (prefix, _) = base.rsplit_once('/').expect("URL names a database");
    Some((format!("{prefix}/{name}"), base, name))
}

async fn drop_postgres(base: &str, name: &str) {
    use sqlx::{Connection, Executor};
    if let Ok(mut admin) = sqlx::PgConnection::connect(base).await {
        let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
    }
}

#[tokio::test]
async fn loads_into_sqlite_and_postgres() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    load_twice(&url).await;
    if let Some((url, base, name)) = fresh_postgres("demo").await {
        load_twice(&url).await;
        drop_postgres(&base, &name).await;
    }
}

#[tokio::test]
#[ignore = "timing: run with --release -- --ignored --nocapture"]
async fn load_17000_timing() {
    let _ = tracing_subscriber::fmt().with_env_filter("hakpaeng::demo=debug").try_init();
    let dir = tempfile::tempdir().expect("temp dir");
    time_17000(&format!("sqlite://{}", dir.path().join("demo.db").display())).await;
    if let Some((url, base, name)) = fresh_postgres("timing").await {
        time_17000(&url).await;
        drop_postgres(&base, &name).await;
    }
}

async fn time_17000(url: &str) {
    let db = Db::connect(url, 4).await.expect("connect");
    let opts = DemoOptions { households: 17_000, seed: 2566, replace: true };
    let started = std::time::Instant::now();
    let summary = load_demo_province(&db, &opts).await.expect("load");
    println!("{:?}: loaded 17,000 households in {:.2?}: {summary:?}", db.dialect, started.elapsed());
    let started = std::time::Instant::now();
    let again = load_demo_province(&db, &opts).await.expect("reload");
    println!("{:?}: replaced them in {:.2?}", db.dialect, started.elapsed());
    assert_eq!(again, summary);
}
