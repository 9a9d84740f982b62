//! Signing in and out, and choosing the language: plain form posts and links answered with
//! redirects, so they work on every phone with or without JavaScript.
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use app::domain::household_filter::percent_encode;
use app::i18n::{Lang, LANG_COOKIE};
use app::ssr::auth::current::{cookie_value, SESSION_COOKIE};
use app::ssr::auth::password::{verify_password, verify_password_blocking};
use app::ssr::auth::secret::hash_secret;
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::{now_iso, sessions, users};
use app::ssr::state::AppState;

use super::cookies::{safe_local_path, set_cookie};

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn with_cookie(location: &str, cookie: &str) -> Response {
    let mut r = Redirect::to(location).into_response();
    if let Ok(v) = HeaderValue::from_str(cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

fn back_to_login(error: &str, username: &str, next: &str) -> Response {
    Redirect::to(&format!("/login?error={error}&username={}&next={}", percent_encode(username), percent_encode(next)))
        .into_response()
}

/// A hash to verify against when the username is unknown, so both cases take as long.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

pub async fn login(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    let username = form.username.trim().to_lowercase();
    let next = safe_local_path(&form.next).unwrap_or("/").to_string();
    if username.is_empty() || form.password.is_empty() {
        return back_to_login("missing", &username, &next);
    }
    let login = match users::find_login(&state.db, &username).await {
        Ok(l) => l,
        Err(e) => return e.into_response(),
    };
    let ok = match &login {
        Some(l) if l.active => verify_password(form.password.clone(), l.password_hash.clone()).await.unwrap_or(false),
        _ => {
            let password = form.password.clone();
            let _ = tokio::task::spawn_blocking(move || {
                let dummy = DUMMY_HASH.get_or_init(|| {
                    app::ssr::auth::password::hash_password_blocking("not-a-real-password").unwrap_or_default()
                });
                verify_password_blocking(&password, dummy)
            })
            .await;
            false
        }
    };
    let now = now_iso();
    let user_id = login.as_ref().map(|l| l.id);
    if !ok {
        let _ = audit::record(
            &state.db,
            AuditEvent {
                user_id,
                action: AuditAction::SignInFailed,
                entity: Some("user"),
                entity_id: Some(username.clone()),
                detail: None,
            },
            &now,
        )
        .await;
        return back_to_login("invalid", &username, &next);
    }
    let Some(user_id) = user_id else { return back_to_login("invalid", &username, &next) };
    let hours = state.settings.session_hours;
    let expires = (chrono::Utc::now() + chrono::Duration::hours(hours)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let secret = match sessions::create_session(&state.db, user_id, &now, &expires, agent).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let _ = audit::record(
        &state.db,
        AuditEvent {
            user_id: Some(user_id),
            action: AuditAction::SignIn,
            entity: Some("user"),
            entity_id: Some(user_id.to_string()),
            detail: None,
        },
        &now,
    )
    .await;
    let cookie = set_cookie(SESSION_COOKIE, &secret, hours * 3600, true, state.settings.secure_cookies);
    with_cookie(&next, &cookie)
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(secret) = cookie_value(&headers, SESSION_COOKIE) {
        let hash = hash_secret(secret);
        let user = state.users.get(&hash).map(|u| u.id);
        state.users.forget(&hash);
        if let Err(e) = sessions::delete_session(&state.db, &hash).await {
            return e.into_response();
        }
        let _ = audit::record(
            &state.db,
            AuditEvent { user_id: user, action: AuditAction::SignOut, entity: None, entity_id: None, detail: None },
            &now_iso(),
        )
        .await;
    }
    with_cookie("/login", &set_cookie(SESSION_COOKIE, "", 0, true, state.settings.secure_cookies))
}

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

pub async fn set_lang(State(state): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_code(&q.to);
    let back = safe_local_path(&q.back).unwrap_or("/");
    let cookie = set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, false, state.settings.secure_cookies);
    let mut r = with_cookie(back, &cookie);
    *r.status_mut() = StatusCode::SEE_OTHER;
    r
}
