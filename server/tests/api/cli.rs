//! The `hakpaeng` binary: users (password from standard input), tokens, demo data, WAL.
use std::io::Write;
use std::process::{Command, Stdio};

fn hakpaeng(db_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hakpaeng"))
        .args(args)
        .env("HAKPAENG_DATABASE_URL", db_url)
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
