//! The REST API, version 1: JSON over HTTP for other systems and scripts.
use axum::routing::get;
use axum::Router;

use app::error::AppError;
use app::ssr::state::AppState;

pub mod auth;
pub mod households;
pub mod openapi;
pub mod overview;

/// The paths this router serves (the OpenAPI document is checked against it).
pub const PATHS: [&str; 5] =
    ["/healthz", "/api/v1/households", "/api/v1/households/{id}", "/api/v1/overview", "/api/v1/me"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(households::list))
        .route("/households/{id}", get(households::one))
        .route("/overview", get(overview::get))
        .route("/me", get(overview::me))
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { AppError::NotFound })
}
