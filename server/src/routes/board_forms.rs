//! The boards' "move to" forms as plain posts answered with redirects: the same moves as the
//! REST API, for pages without JavaScript and for every input that is not a drag.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use app::api::boards::OwnerChange;
use app::error::AppError;
use app::i18n::Lang;
use app::pages::owner_move::safe_back;
use app::ssr::boards::owner::{set_owner, OwnerOutcome};
use app::ssr::state::AppState;

use super::api_v1::auth::ApiUser;

#[derive(Deserialize)]
pub struct MoveForm {
    /// An agency id, or `none` for "no owner yet".
    agency: String,
    version: i64,
    back: Option<String>,
}

/// `back` with `key=value` added to its query.
fn with_param(back: &str, key: &str, value: &str) -> String {
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}{key}={}", app::domain::url::percent_encode(value))
}

pub async fn move_owner(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Response {
    let back = safe_back(form.back);
    let agency_id = match form.agency.as_str() {
        "none" => None,
        other => match other.parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => return AppError::invalid("ไม่รู้จักหน่วยงานที่เลือก", "Unknown agency").into_response(),
        },
    };
    match set_owner(&state.db, &user, id, &OwnerChange { agency_id, version: form.version }).await {
        Ok(OwnerOutcome::Changed(_)) => {
            state.lists.data_changed();
            Redirect::to(&with_param(&back, "moved", &id.to_string())).into_response()
        }
        Ok(OwnerOutcome::Stale(_)) => {
            Redirect::to(&with_param(&back, "error", "ปัญหานี้ถูกย้ายโดยผู้อื่นก่อนแล้ว บอร์ดแสดงสถานะล่าสุด กรุณาตรวจสอบแล้วย้ายอีกครั้ง"))
                .into_response()
        }
        Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::Unauthenticated)) => e.into_response(),
        Err(e) => Redirect::to(&with_param(&back, "error", &e.message(Lang::Th))).into_response(),
    }
}
