//! The import pages' forms as plain posts answered with redirects, so uploading, matching
//! columns, committing and deciding matches work without JavaScript too. Errors come back as
//! a message in the URL. The upload page's script sends the same form and gets the address to
//! go to as JSON (`{"location": …}`), so it can show a progress bar.
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};

use app::domain::column_choice::{parse_choices, ColumnsTarget};
use app::domain::household_filter::percent_encode;
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::import::merges;
use app::ssr::import::run::{self, Checked};
use app::ssr::state::AppState;

use super::api_v1::auth::ApiUser;
use super::api_v1::imports::{read_upload, require_coordinator};

fn back_with_error(to: &str, e: &AppError) -> Response {
    Redirect::to(&format!("{to}?error={}", percent_encode(&e.message(Lang::Th)))).into_response()
}

/// Whether the page's script sent the form (it wants JSON, not a redirect).
fn from_script(headers: &HeaderMap) -> bool {
    headers.get("x-requested-with").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"XMLHttpRequest"))
}

/// Sends the browser on to `location`: a redirect, or `{"location": …}` for the page's script.
fn go_to(location: &str, script: bool) -> Response {
    if script {
        Json(serde_json::json!({ "location": location })).into_response()
    } else {
        Redirect::to(location).into_response()
    }
}

/// Where a checked file goes next: its preview, or the column-mapping page.
fn next_page(checked: Checked, target: ColumnsTarget) -> String {
    match checked {
        Checked::Preview(p) => format!("/imports/{}", p.import_id),
        Checked::NeedsColumns { sha256, problem } => {
            ColumnsTarget { sha256, ..target }.href(None, Some(&problem.message(Lang::Th)))
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let script = from_script(&headers);
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    let result = async {
        let request = read_upload(form, user.id).await?;
        let target = ColumnsTarget {
            sha256: String::new(),
            file_name: request.file_name.clone(),
            source: request.source,
            source_year: request.source_year,
            replaces: None,
        };
        let checked = run::check(&state.db, &state.settings.data_dir, request).await?;
        Ok::<_, AppError>(next_page(checked, target))
    }
    .await;
    match result {
        Ok(location) => go_to(&location, script),
        Err(e) if script => e.into_response(),
        Err(e) => back_with_error("/imports", &e),
    }
}

/// The column-mapping page's post: the field of each column (`c0`, `c1`, …) for a kept file.
pub async fn columns(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(sha256): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(e) = require_coordinator(&user) {
        return e.into_response();
    }
    let get = |k: &str| fields.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone());
    let target = ColumnsTarget::from_fields(&sha256, get);
    let count = fields.iter().filter(|(name, _)| name.starts_with('c') && name[1..].parse::<usize>().is_ok()).count();
    let chosen = match parse_choices(count, get) {
        Ok(Some(c)) => c,
        Ok(None) => Vec::new(),
        Err((th, _)) => return Redirect::to(&target.href(None, Some(&th))).into_response(),
    };
    let kept = run::KeptFile {
        sha256: &target.sha256,
        file_name: &target.file_name,
        source: target.source,
        source_year: target.source_year,
        user_id: user.id,
    };
    match run::check_kept(&state.db, &state.settings.data_dir, kept, &chosen).await {
        Ok(Checked::Preview(p)) => {
            if let Some(old) = target.replaces.filter(|old| *old != p.import_id) {
                // The earlier preview of the same file is superseded; it may be gone already.
                let _ = run::discard(&state.db, old).await;
            }
            Redirect::to(&format!("/imports/{}", p.import_id)).into_response()
        }
        Ok(Checked::NeedsColumns { problem, .. }) => {
            Redirect::to(&target.href(Some(&chosen), Some(&problem.message(Lang::Th)))).into_response()
        }
        Err(AppError::NotFound) => back_with_error(
            "/imports",
            &AppError::invalid(
                "ไม่พบไฟล์ที่ส่งไว้ กรุณาส่งไฟล์อีกครั้ง",
                "The uploaded file is no longer kept; please upload it again",
            ),
        ),
        Err(e) => Redirect::to(&target.href(Some(&chosen), Some(&e.message(Lang::Th)))).into_response(),
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
