//! The REST API, version 1: JSON over HTTP for other systems and scripts.
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;

use app::error::AppError;
use app::ssr::state::AppState;

pub mod auth;
pub mod board_events;
pub mod boards;
pub mod exports;
pub mod field;
pub mod households;
pub mod imports;
pub mod json_body;
pub mod map;
pub mod openapi;
pub mod overview;
pub mod photo_uploads;
pub mod plans;
pub mod routes_solve;

/// The paths this router serves (the OpenAPI document is checked against it).
pub const PATHS: [&str; 39] = [
    "/healthz",
    "/api/v1/households",
    "/api/v1/households/{id}",
    "/api/v1/overview",
    "/api/v1/me",
    "/api/v1/exports/households.xlsx",
    "/api/v1/exports/households.csv",
    "/api/v1/imports",
    "/api/v1/imports/{id}",
    "/api/v1/imports/{id}/commit",
    "/api/v1/imports/{id}/discard",
    "/api/v1/imports/{id}/rejected.csv",
    "/api/v1/merge-candidates",
    "/api/v1/merge-candidates/{id}/{decision}",
    "/api/v1/problems/{id}/owner",
    "/api/v1/problems/owner:bulk",
    "/api/v1/problems/{id}/status",
    "/api/v1/households/{id}/stage",
    "/api/v1/boards/events",
    "/api/v1/visits",
    "/api/v1/assistance",
    "/api/v1/photos",
    "/api/v1/photos/{id}",
    "/api/v1/photo_uploads",
    "/api/v1/photo_uploads/{id}",
    "/api/v1/stage-rules/{province}",
    "/api/v1/plans",
    "/api/v1/plans/{id}",
    "/api/v1/plans/{id}/status",
    "/api/v1/plans/{id}/carry_over",
    "/api/v1/plans/split",
    "/api/v1/plans/today",
    "/api/v1/map/households",
    "/api/v1/map/households/ids",
    "/api/v1/map/unplaced",
    "/api/v1/households/{id}/position",
    "/api/v1/district-offices",
    "/api/v1/district-offices/{amphoe}",
    "/api/v1/routes/solve",
];

/// Largest upload accepted (the import itself refuses files over its own limit with a message).
pub const UPLOAD_LIMIT: usize = 60 * 1024 * 1024;

/// Largest photo upload accepted (the photo check refuses over its own limit with a message).
pub const PHOTO_UPLOAD_LIMIT: usize = 12 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/households", get(households::list))
        .route("/households/{id}", get(households::one))
        .route("/overview", get(overview::get))
        .route("/me", get(overview::me))
        .route("/openapi.json", get(openapi::document))
        .route("/exports/households.xlsx", get(exports::xlsx))
        .route("/exports/households.csv", get(exports::csv))
        .route("/imports", get(imports::history).post(imports::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/imports/{id}", get(imports::show))
        .route("/imports/{id}/commit", post(imports::commit))
        .route("/imports/{id}/discard", post(imports::discard))
        .route("/imports/{id}/rejected.csv", get(imports::rejected))
        .route("/merge-candidates", get(imports::candidates))
        .route("/merge-candidates/{id}/{decision}", post(imports::decide))
        .route("/problems/{id}/owner", put(boards::put_owner))
        .route("/problems/owner:bulk", post(boards::bulk_owner))
        .route("/problems/{id}/status", put(boards::put_status))
        .route("/households/{id}/stage", put(boards::put_stage))
        .route("/boards/events", get(board_events::stream))
        .route("/visits", post(field::post_visit))
        .route("/assistance", post(field::post_assistance))
        .route("/photos", post(field::post_photo).layer(DefaultBodyLimit::max(PHOTO_UPLOAD_LIMIT)))
        .route("/photos/{id}", get(field::get_photo))
        .route("/photo_uploads", post(photo_uploads::start))
        .route(
            "/photo_uploads/{id}",
            get(photo_uploads::progress)
                .patch(photo_uploads::append)
                .layer(DefaultBodyLimit::max(app::domain::photo_upload::MAX_CHUNK_BYTES + 64 * 1024)),
        )
        .route("/stage-rules/{province}", get(boards::get_rules).put(boards::put_rules))
        .route("/plans", get(plans::list).post(plans::create))
        .route("/plans/today", get(plans::today))
        .route("/plans/split", post(plans::split))
        .route("/plans/{id}", get(plans::one).put(plans::replace).delete(plans::delete))
        .route("/plans/{id}/status", put(plans::status))
        .route("/plans/{id}/carry_over", post(plans::carry_over))
        .route("/map/households", get(map::households))
        .route("/map/households/ids", get(map::ids))
        .route("/map/unplaced", get(map::unplaced))
        .route("/households/{id}/position", put(map::put_position))
        .route("/district-offices", get(map::offices))
        .route("/district-offices/{amphoe}", put(map::put_office))
        .route("/routes/solve", post(routes_solve::post_solve))
        .fallback(|| async { AppError::NotFound })
}
