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

#[tokio::test]
async fn loads_into_sqlite_and_postgres() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    load_twice(&url).await;
    if let Ok(url) = std::env::var("HAKPAENG_TEST_DATABASE_URL") {
        if url.starts_with("postgres") {
            load_twice(&url).await;
        }
    }
}

#[tokio::test]
#[ignore = "timing: run with --release -- --ignored --nocapture"]
async fn load_17000_timing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let db = Db::connect(&url, 4).await.expect("connect");
    let started = std::time::Instant::now();
    let opts = DemoOptions { households: 17_000, seed: 2566, replace: false };
    let summary = load_demo_province(&db, &opts).await.expect("load");
    println!("loaded 17,000 households into SQLite in {:.2?}: {summary:?}", started.elapsed());
    let started = std::time::Instant::now();
    let summary = load_demo_province(&db, &DemoOptions { replace: true, ..opts }).await.expect("reload");
    println!("replaced them in {:.2?}: {summary:?}", started.elapsed());
}
