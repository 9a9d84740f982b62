//! Who is asking: the user behind a session cookie or a bearer token.
use http::header::{AUTHORIZATION, COOKIE};
use http::HeaderMap;
use leptos::prelude::use_context;

use crate::api::me::CurrentUser;
use crate::error::AppError;
use crate::ssr::auth::secret::hash_secret;
use crate::ssr::db::{self, sessions, users};
use crate::ssr::state::AppState;

pub const SESSION_COOKIE: &str = "hakpaeng_session";

/// The value of one cookie in the request.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The user of the request's bearer token or, failing that, its session cookie.
pub async fn user_from_headers(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, AppError> {
    if let Some(token) = bearer_token(headers) {
        let hash = hash_secret(token);
        if let Some(user) = state.users.get(&hash) {
            return Ok(Some(user));
        }
        let Some(user_id) = sessions::token_user(&state.db, &hash).await? else { return Ok(None) };
        return remember(state, hash, user_id).await;
    }
    if let Some(secret) = cookie_value(headers, SESSION_COOKIE) {
        let hash = hash_secret(secret);
        if let Some(user) = state.users.get(&hash) {
            return Ok(Some(user));
        }
        let Some(user_id) = sessions::session_user(&state.db, &hash, &db::now_iso()).await? else {
            return Ok(None);
        };
        return remember(state, hash, user_id).await;
    }
    Ok(None)
}

async fn remember(state: &AppState, hash: String, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    let user = users::load_current_user(&state.db, user_id).await?;
    if let Some(u) = &user {
        state.users.put(hash, u.clone());
    }
    Ok(user)
}

/// The app state inside a server function or a page render.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the reactive context");
        AppError::Internal
    })
}

/// The signed-in user of the current server-function call or page render, if any.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = app_state()?;
    let Some(parts) = use_context::<http::request::Parts>() else { return Ok(None) };
    user_from_headers(&state, &parts.headers).await
}

/// The signed-in user, or `Unauthenticated`.
pub async fn require_user() -> Result<(AppState, CurrentUser), AppError> {
    let state = app_state()?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Unauthenticated)?;
    let user = user_from_headers(&state, &parts.headers).await?.ok_or(AppError::Unauthenticated)?;
    Ok((state, user))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn reads_cookies_and_bearer_tokens() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; hakpaeng_session=abc; hakpaeng_lang=en"));
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&h, "missing"), None);
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer hkp_xyz"));
        assert_eq!(bearer_token(&h), Some("hkp_xyz"));
        h.insert(AUTHORIZATION, HeaderValue::from_static("Basic dXNlcg=="));
        assert_eq!(bearer_token(&h), None);
    }
}
