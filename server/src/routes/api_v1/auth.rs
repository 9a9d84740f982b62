//! The API caller: a bearer token (`hakpaeng token create`) or the browser's session cookie.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use app::api::me::CurrentUser;
use app::error::AppError;
use app::ssr::auth::current::user_from_headers;
use app::ssr::state::AppState;

pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        user_from_headers(state, &parts.headers).await?.map(ApiUser).ok_or(AppError::Unauthenticated)
    }
}
