//! Sign-in, sessions kept in the database, sign-out, tokens and the health check.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn health_and_openapi(app: &TestApp) {
    let r = app.client.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");

    let r = app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("openapi");
    assert_eq!(r.status(), 200);
    let spec: serde_json::Value = r.json().await.expect("json");
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/api/v1/households"]["get"]["parameters"].as_array().expect("params").len() >= 10);
}
on_both_databases!(health_and_openapi_are_served, health_and_openapi);

async fn session_cookie_is_httponly_lax_and_stored(app: &TestApp) {
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[("username", "coordinator"), ("password", "hakpaeng-demo"), ("next", "/households?amphoe=3301")])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/households?amphoe=3301");
    let set_cookie = r.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(set_cookie.starts_with("hakpaeng_session="));
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Lax"));
    assert!(set_cookie.contains("Path=/"));
    let secret = set_cookie.split(';').next().expect("pair").trim_start_matches("hakpaeng_session=").to_string();
    // The database keeps the session, as a hash: the secret itself is nowhere in it.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 1);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&secret)
        .fetch_one(&app.db.pool)
        .await
        .expect("query");
    assert_eq!(stored, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in'").await, 1);

    let cookie = format!("hakpaeng_session={secret}");
    let (status, me) = app.get_json("/api/v1/me", &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "coordinator");
    assert_eq!(me["role"], "coordinator");
    assert_eq!(me["scope"]["kind"], "province");

    // Sign-out ends the session at once.
    let r = app.client.post(app.url("/logout")).header("cookie", &cookie).send().await.expect("logout");
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"].to_str().expect("ascii").contains("Max-Age=0"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
    let (status, _) = app.get_json("/api/v1/me", &cookie).await;
    assert_eq!(status, 401);
}
on_both_databases!(
    session_cookie_is_httponly_lax_and_stored_in_the_database,
    session_cookie_is_httponly_lax_and_stored
);

async fn wrong_passwords_are_refused(app: &TestApp) {
    for (user, password) in [("coordinator", "wrong-password"), ("nobody", "hakpaeng-demo"), ("coordinator", "")] {
        let r = app
            .client
            .post(app.url("/login"))
            .form(&[("username", user), ("password", password)])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().expect("ascii");
        assert!(location.starts_with("/login?error="), "{location}");
        assert!(r.headers().get("set-cookie").is_none(), "no session for {user}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'sign_in_failed'").await, 2);
    // An open redirect through `next` is not possible.
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[("username", "coordinator"), ("password", "hakpaeng-demo"), ("next", "//evil.example/")])
        .send()
        .await
        .expect("login");
    assert_eq!(r.headers()["location"], "/");
}
on_both_databases!(wrong_passwords_are_refused_without_a_session, wrong_passwords_are_refused);

async fn unauthenticated_requests_get_nothing(app: &TestApp) {
    let (status, body) = app.get_json("/api/v1/households", "").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthenticated");
    assert!(body["error"]["message_th"].as_str().expect("thai").contains("เข้าสู่ระบบ"));
    let id = app.scalar("SELECT MIN(id) FROM households").await;
    let (status, _) = app.get_json(&format!("/api/v1/households/{id}"), "").await;
    assert_eq!(status, 401);
    let (status, _) = app.get_json("/api/v1/overview", "hakpaeng_session=forged").await;
    assert_eq!(status, 401);
    let r = app
        .client
        .get(app.url("/api/v1/households"))
        .bearer_auth("hkp_not-a-real-token")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 401);
    assert!(r.headers().get("www-authenticate").is_some());
    // Pages send the browser to sign in and back.
    let r = app.get("/households?amphoe=3301", "").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?error=required&next=%2Fhouseholds%3Famphoe%3D3301");
}
on_both_databases!(unauthenticated_requests_get_nothing, unauthenticated_requests_get_nothing);

async fn bearer_tokens_authenticate(app: &TestApp) {
    let user_id = app.scalar("SELECT id FROM users WHERE username = 'executive'").await;
    let token = app::ssr::db::sessions::create_api_token(&app.db, user_id, "test", "2026-01-01T00:00:00Z")
        .await
        .expect("token");
    assert!(token.starts_with("hkp_"));
    let r = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("me");
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = r.json().await.expect("json");
    assert_eq!(me["username"], "executive");
    sqlx::query("UPDATE api_tokens SET revoked_at = '2026-01-02T00:00:00Z'")
        .execute(&app.db.pool)
        .await
        .expect("revoke");
    // A revoked token stops working once the short user cache lapses; a fresh app instance
    // (as another server would be) refuses it at once.
    let fresh = app::ssr::state::AppState::new(
        app.db.clone(),
        hakpaeng::startup::leptos_options(&hakpaeng::config::Config::default(), "127.0.0.1:0".parse().expect("addr")),
        Default::default(),
    );
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("authorization", format!("Bearer {token}").parse().expect("header"));
    let user = app::ssr::auth::current::user_from_headers(&fresh, &headers).await.expect("lookup");
    assert!(user.is_none());
}
on_both_databases!(bearer_tokens_authenticate_until_revoked, bearer_tokens_authenticate);

async fn expired_sessions_are_refused_and_swept(app: &TestApp) {
    let cookie = app.sign_in("officer.mueang").await;
    // Age the session past its end: it no longer signs anyone in, and the sweep removes it.
    sqlx::query("UPDATE sessions SET expires_at = '2020-01-01T00:00:00Z'").execute(&app.db.pool).await.expect("age");
    let fresh = app::ssr::state::AppState::new(
        app.db.clone(),
        hakpaeng::startup::leptos_options(&hakpaeng::config::Config::default(), "127.0.0.1:0".parse().expect("addr")),
        Default::default(),
    );
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("cookie", cookie.parse().expect("header"));
    assert!(app::ssr::auth::current::user_from_headers(&fresh, &headers).await.expect("lookup").is_none());
    let removed =
        app::ssr::db::sessions::purge_expired_sessions(&app.db, &app::ssr::db::now_iso()).await.expect("sweep");
    assert_eq!(removed, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
}
on_both_databases!(expired_sessions_are_refused_and_swept, expired_sessions_are_refused_and_swept);
