//! `GET /api/v1/overview` (the WAR Room figures) and `GET /api/v1/me`.
use axum::extract::State;
use axum::Json;

use app::api::me::CurrentUser;
use app::api::overview::Overview;
use app::error::AppError;
use app::ssr::db::overview;
use app::ssr::state::AppState;

use super::auth::ApiUser;

pub async fn get(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Overview>, AppError> {
    Ok(Json(overview::overview(&state.db, &user.scope).await?))
}

pub async fn me(ApiUser(user): ApiUser) -> Json<CurrentUser> {
    Json(user)
}
