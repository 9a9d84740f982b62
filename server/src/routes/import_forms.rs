//! The import pages' forms as plain posts answered with redirects, so uploading, committing
//! and deciding matches work without JavaScript too. Errors come back as a message in the URL.
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use app::domain::household_filter::percent_encode;
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::import::{merges, run};
use app::ssr::state::AppState;

use super::api_v1::auth::ApiUser;
use super::api_v1::imports::{read_upload, require_coordinator};

fn back_with_error(to: &str, e: &AppError) -> Response {
    Redirect::to(&format!("{to}?error={}", percent_encode(&e.message(Lang::Th)))).into_response()
}

pub async fn upload(State(state): State<AppState>, ApiUser(user): ApiUser, form: Multipart) -> Response {
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    let result = async {
        let request = read_upload(form, user.id).await?;
        run::preview(&state.db, &state.settings.data_dir, request).await
    }
    .await;
    match result {
        Ok(p) => Redirect::to(&format!("/imports/{}", p.import_id)).into_response(),
        Err(e) => back_with_error("/imports", &e),
    }
}

pub async fn commit(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Response {
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    match run::commit(&state.db, id, Some(user.id)).await {
        Ok(_) => {
            state.lists.data_changed();
            Redirect::to(&format!("/imports/{id}")).into_response()
        }
        Err(e) => back_with_error(&format!("/imports/{id}"), &e),
    }
}

pub async fn discard(State(state): State<AppState>, ApiUser(user): ApiUser, Path(id): Path<i64>) -> Response {
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    match run::discard(&state.db, id).await {
        Ok(()) => Redirect::to("/imports").into_response(),
        Err(e) => back_with_error(&format!("/imports/{id}"), &e),
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, decision)): Path<(i64, String)>,
) -> Response {
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    let confirm = match decision.as_str() {
        "confirm" => true,
        "reject" => false,
        _ => return AppError::NotFound.into_response(),
    };
    match merges::decide(&state.db, id, confirm, Some(user.id)).await {
        Ok(_) => {
            state.lists.data_changed();
            Redirect::to("/imports/merges").into_response()
        }
        Err(e) => back_with_error("/imports/merges", &e),
    }
}
