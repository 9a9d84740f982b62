//! The boards' "move to" forms as plain posts answered with redirects: the same moves as the
//! REST API, for pages without JavaScript and for every input that is not a drag.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use app::api::agency_board::StatusChange;
use app::api::boards::{OwnerChange, StageChange};
use app::domain::problem::ProblemStatus;
use app::domain::stage::Stage;
use app::error::AppError;
use app::i18n::Lang;
use app::pages::owner_move::safe_back;
use app::ssr::boards::owner::{set_owner, set_owner_bulk, OwnerOutcome};
use app::ssr::boards::stage::{move_stage, StageOutcome};
use app::ssr::boards::status::{set_status, StatusOutcome};
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
    match set_owner(&state.db, &state.boards, &user, id, &OwnerChange { agency_id, version: form.version }).await {
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

/// The board's bulk bar: every checked `problem` to `agency` (an id or `none`), each problem
/// checked on its own; the board then says how many were assigned and how many were not.
pub async fn bulk_owner(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let back = safe_back(fields.iter().find(|(k, _)| k == "back").map(|(_, v)| v.clone()));
    let ids: Vec<i64> = fields.iter().filter(|(k, _)| k == "problem").filter_map(|(_, v)| v.parse().ok()).collect();
    if ids.is_empty() {
        return Redirect::to(&with_param(&back, "error", "ยังไม่ได้เลือกปัญหา เลือกการ์ดก่อนแล้วจึงมอบเจ้าภาพ")).into_response();
    }
    let agency_id = match fields.iter().find(|(k, _)| k == "agency").map(|(_, v)| v.as_str()) {
        Some("none") => None,
        Some(other) => match other.parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => return AppError::invalid("ไม่รู้จักหน่วยงานที่เลือก", "Unknown agency").into_response(),
        },
        None => return AppError::invalid("ยังไม่ได้เลือกเจ้าภาพ", "No owner was chosen").into_response(),
    };
    match set_owner_bulk(&state.db, &state.boards, &user, &ids, agency_id).await {
        Ok(results) => {
            let assigned = results.iter().filter(|r| r.ok).count();
            if assigned > 0 {
                state.lists.data_changed();
            }
            let to = with_param(
                &with_param(&back, "assigned", &assigned.to_string()),
                "refused",
                &(results.len() - assigned).to_string(),
            );
            Redirect::to(&to).into_response()
        }
        Err(e @ (AppError::Forbidden | AppError::Unauthenticated)) => e.into_response(),
        Err(e) => Redirect::to(&with_param(&back, "error", &e.message(Lang::Th))).into_response(),
    }
}

/// The message a board shows when someone else moved the card first.
const STALE_TH: &str = "รายการนี้ถูกเปลี่ยนโดยผู้อื่นก่อนแล้ว บอร์ดแสดงสถานะล่าสุด กรุณาตรวจสอบแล้วย้ายอีกครั้ง";

#[derive(Deserialize)]
pub struct StageForm {
    stage: String,
    version: i64,
    note: Option<String>,
    back: Option<String>,
}

/// The stage board's "move to" page: the stage rule decides; a refusal comes back with its
/// reason on the board.
pub async fn move_stage_form(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Form(form): Form<StageForm>,
) -> Response {
    let back = safe_back(form.back.or_else(|| Some("/boards/stages".into())));
    let Some(stage) = Stage::parse(&form.stage) else {
        return AppError::invalid("ไม่รู้จักระดับที่เลือก", "Unknown stage").into_response();
    };
    let change = StageChange { stage, version: form.version, note: form.note };
    match move_stage(&state.db, &state.boards, &user, id, &change).await {
        Ok(StageOutcome::Moved(_)) => {
            state.lists.data_changed();
            Redirect::to(&with_param(&back, "moved", &id.to_string())).into_response()
        }
        Ok(StageOutcome::Stale(_)) => Redirect::to(&with_param(&back, "error", STALE_TH)).into_response(),
        Ok(StageOutcome::Refused(refusal)) => {
            Redirect::to(&with_param(&back, "error", &refusal.message(Lang::Th))).into_response()
        }
        Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::Unauthenticated)) => e.into_response(),
        Err(e) => Redirect::to(&with_param(&back, "error", &e.message(Lang::Th))).into_response(),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
    version: i64,
    note: Option<String>,
    back: Option<String>,
}

/// The agency board's "move to" page.
pub async fn move_status_form(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Response {
    let back = safe_back(form.back.or_else(|| Some("/boards/agency".into())));
    let Some(status) = ProblemStatus::parse(&form.status) else {
        return AppError::invalid("ไม่รู้จักสถานะที่เลือก", "Unknown status").into_response();
    };
    let change = StatusChange { status, version: form.version, note: form.note };
    match set_status(&state.db, &state.boards, &user, id, &change).await {
        Ok(StatusOutcome::Changed(_)) => {
            state.lists.data_changed();
            Redirect::to(&with_param(&back, "moved", &id.to_string())).into_response()
        }
        Ok(StatusOutcome::Stale(_)) => Redirect::to(&with_param(&back, "error", STALE_TH)).into_response(),
        Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::Unauthenticated)) => e.into_response(),
        Err(e) => Redirect::to(&with_param(&back, "error", &e.message(Lang::Th))).into_response(),
    }
}
