//! The `hakpaeng` binary: users (password from standard input), tokens, demo data, WAL.
use std::io::Write;
use std::process::{Command, Stdio};

/// Uploaded files go beside the SQLite file (or to the system's temporary folder).
fn data_dir_for(db_url: &str) -> std::path::PathBuf {
    app::ssr::db::sqlite_path(db_url)
        .and_then(|p| std::path::Path::new(&p).parent().map(|d| d.to_path_buf()))
        .unwrap_or_else(|| std::env::temp_dir().join("hakpaeng-cli-tests"))
}

fn hakpaeng(db_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hakpaeng"))
        .args(args)
        .env("HAKPAENG_DATABASE_URL", db_url)
        .env("HAKPAENG_DATA_DIR", data_dir_for(db_url))
        .env("HAKPAENG_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hakpaeng runs");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("hakpaeng finishes")
}

#[tokio::test]
async fn users_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/cli.db", dir.path().display());
    let out = hakpaeng(&url, &["demo-data", "--households", "200", "--seed", "3"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("200 households"));
    let again = hakpaeng(&url, &["demo-data", "--households", "200"], None);
    assert!(!again.status.success(), "a second load without --replace is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("--replace"));

    let out = hakpaeng(
        &url,
        &["user", "create", "somchai", "--role", "officer", "--scope", "amphoe:3301,3302", "--name", "สมชาย"],
        Some("secret-pass-1\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let short =
        hakpaeng(&url, &["user", "create", "short", "--role", "officer", "--scope", "amphoe:3301"], Some("123\n"));
    assert!(!short.status.success());
    let bad_scope = hakpaeng(
        &url,
        &["user", "create", "nowhere", "--role", "officer", "--scope", "amphoe:9999"],
        Some("long-enough-pw\n"),
    );
    assert!(!bad_scope.status.success());
    assert!(String::from_utf8_lossy(&bad_scope.stderr).contains("9999"));
    let agency = hakpaeng(
        &url,
        &["user", "create", "pho.user", "--role", "agency", "--scope", "agency:PHO"],
        Some("long-enough-pw\n"),
    );
    assert!(agency.status.success(), "{}", String::from_utf8_lossy(&agency.stderr));

    let out = hakpaeng(&url, &["token", "create", "somchai"], None);
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(token.starts_with("hkp_"));

    let db = app::ssr::db::Db::connect(&url, 2).await.expect("db");
    assert_eq!(db.sqlite_journal_mode().await.expect("pragma").as_deref(), Some("wal"));
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'somchai'")
        .fetch_one(&db.pool)
        .await
        .expect("user");
    assert!(hash.starts_with("$argon2id$"));
    let areas: Vec<String> = sqlx::query_scalar("SELECT area_code FROM user_scope_areas u JOIN users s ON s.id = u.user_id WHERE s.username = 'somchai' ORDER BY area_code")
        .fetch_all(&db.pool)
        .await
        .expect("scope");
    assert_eq!(areas, vec!["3301", "3302"]);

    // The token works against a server on the same database.
    let config = hakpaeng::config::Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        database_url: url.clone(),
        ..Default::default()
    };
    let app = hakpaeng::startup::Application::build_with_db(&config, db.clone()).await.expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(async move {
        let _ = app.run_until_stopped().await;
    });
    let r = reqwest::Client::new()
        .get(format!("{base}/api/v1/households?per_page=200"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 200);
    let page: serde_json::Value = r.json().await.expect("json");
    for item in page["items"].as_array().expect("items") {
        let a = item["amphoe_code"].as_str().expect("amphoe");
        assert!(a == "3301" || a == "3302");
    }
    server.abort();
}

#[test]
fn a_missing_database_folder_is_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/nested/deeper/hk.db", dir.path().display());
    let out = hakpaeng(&url, &["migrate"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("nested/deeper/hk.db").exists());
    let out = hakpaeng("mysql://x", &["migrate"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("sqlite: or postgres:"));
}

/// A fresh PostgreSQL database for a CLI test, when the suite has a server.
async fn fresh_postgres_url() -> Option<(String, String, String)> {
    use sqlx::{Connection, Executor};
    let base = std::env::var("HAKPAENG_TEST_PG_URL").ok()?;
    let name = format!("hk_test_kill_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base).await.expect("PostgreSQL");
    admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await.expect("drop");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create");
    let (prefix, _) = base.rsplit_once('/').expect("URL names a database");
    Some((format!("{prefix}/{name}"), base, name))
}

/// Kills `hakpaeng import` while its transaction is open (every row written, not committed):
/// the households, members and problems are exactly as before.
async fn killed_import_changes_nothing(url: &str, dir: &std::path::Path) {
    use std::io::BufRead;
    let file = dir.join("big.csv");
    let out = hakpaeng(url, &["demo-file", "--out", file.to_str().expect("path"), "--people", "6000"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_hakpaeng"))
        .args(["import", file.to_str().expect("path"), "--year", "2566"])
        .env("HAKPAENG_DATABASE_URL", url)
        .env("HAKPAENG_DATA_DIR", dir)
        .env("HAKPAENG_LOG", "warn")
        .env("HAKPAENG_TEST_SLOW_COMMIT_MS", "60000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("import runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    loop {
        let line = lines.next().expect("the import reaches its commit").expect("line");
        if line.starts_with("importing and committing") {
            break;
        }
    }
    // The rows are written inside the transaction within these seconds; then the process dies.
    let stderr = child.stderr.take().expect("stderr");
    let mut err_lines = std::io::BufReader::new(stderr).lines();
    loop {
        let line = err_lines.next().expect("the import holds its transaction").expect("line");
        if line.contains("HAKPAENG_TEST_SLOW_COMMIT_MS") {
            break;
        }
    }
    assert!(child.try_wait().expect("status").is_none(), "still running when killed");
    child.kill().expect("kill -9");
    let status = child.wait().expect("reaped");
    assert!(!status.success());
    let db = app::ssr::db::Db::connect(url, 2).await.expect("db opens after the kill");
    for table in ["households", "members", "problems", "household_sources", "villages"] {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db.pool).await.expect("count");
        assert_eq!(n, 0, "{table} unchanged by the killed import");
    }
    // The command line checks and writes in one transaction: not even its history row remains.
    let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM imports").fetch_one(&db.pool).await.expect("imports");
    assert_eq!(imports, 0, "no trace of the killed import");
    db.pool.close().await;
    // The same file imports fine afterwards.
    let out = hakpaeng(url, &["import", file.to_str().expect("path"), "--year", "2566"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = app::ssr::db::Db::connect(url, 2).await.expect("db");
    let households: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM households").fetch_one(&db.pool).await.expect("count");
    assert!(households > 1_000);
    db.pool.close().await;
}

#[tokio::test]
async fn a_killed_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}/kill.db", dir.path().display());
    killed_import_changes_nothing(&url, dir.path()).await;
    if let Some((url, base, name)) = fresh_postgres_url().await {
        let dir = tempfile::tempdir().expect("tempdir");
        killed_import_changes_nothing(&url, dir.path()).await;
        use sqlx::{Connection, Executor};
        if let Ok(mut admin) = sqlx::PgConnection::connect(&base).await {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
        }
    } else {
        assert!(std::env::var("HAKPAENG_TEST_REQUIRE_PG").is_err(), "HAKPAENG_TEST_PG_URL is required");
    }
}
