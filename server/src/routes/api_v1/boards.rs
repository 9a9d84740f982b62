//! `PUT /api/v1/problems/{id}/owner`, `POST /api/v1/problems/owner:bulk`,
//! `PUT /api/v1/problems/{id}/status`, `PUT /api/v1/households/{id}/stage` and the stage
//! rules: the case boards' moves.
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use app::api::agency_board::StatusChange;
use app::api::boards::{BulkOwnerChange, OwnerChange, StageChange};
use app::domain::access::Role;
use app::domain::stage_rule::StageRule;
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::boards::owner::{set_owner, set_owner_bulk, OwnerOutcome};
use app::ssr::boards::rules;
use app::ssr::boards::stage::{move_stage, StageOutcome};
use app::ssr::boards::status::{set_status, StatusOutcome};
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::now_iso;
use app::ssr::state::AppState;

use super::auth::ApiUser;
use super::json_body::JsonBody;

/// 409 with the record as it now stands, so a board can put the card back where it belongs.
fn stale<T: Serialize>(current: T) -> Response {
    let e = AppError::Conflict {
        th: "ข้อมูลนี้ถูกเปลี่ยนโดยผู้อื่นแล้ว แสดงสถานะล่าสุดให้แทน".into(),
        en: "Someone else changed this first; here is where it stands now.".into(),
    };
    let body = serde_json::json!({
        "error": { "code": e.code(), "message": e.message(Lang::En), "message_th": e.message(Lang::Th) },
        "current": current,
    });
    (StatusCode::CONFLICT, Json(body)).into_response()
}

pub async fn put_owner(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<OwnerChange>,
) -> Result<Response, AppError> {
    match set_owner(&state.db, &state.boards, &user, id, &change).await? {
        OwnerOutcome::Changed(owner) => {
            state.lists.data_changed();
            Ok(Json(owner).into_response())
        }
        OwnerOutcome::Stale(current) => Ok(stale(current)),
    }
}

pub async fn bulk_owner(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    JsonBody(change): JsonBody<BulkOwnerChange>,
) -> Result<Response, AppError> {
    if change.problem_ids.is_empty() {
        return Err(AppError::invalid("ยังไม่ได้เลือกปัญหา", "No problems were given"));
    }
    let results = set_owner_bulk(&state.db, &state.boards, &user, &change.problem_ids, change.agency_id).await?;
    if results.iter().any(|r| r.ok) {
        state.lists.data_changed();
    }
    Ok(Json(serde_json::json!({ "results": results })).into_response())
}

pub async fn put_stage(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<StageChange>,
) -> Result<Response, AppError> {
    match move_stage(&state.db, &state.boards, &user, id, &change).await? {
        StageOutcome::Moved(stage) => {
            state.lists.data_changed();
            Ok(Json(stage).into_response())
        }
        StageOutcome::Stale(current) => Ok(stale(current)),
        StageOutcome::Refused(refusal) => {
            let body = serde_json::json!({
                "error": {
                    "code": "stage_rule",
                    "message": refusal.message(Lang::En),
                    "message_th": refusal.message(Lang::Th),
                },
                "reasons": refusal.reasons(Lang::En),
                "reasons_th": refusal.reasons(Lang::Th),
            });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
    }
}

pub async fn put_status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<StatusChange>,
) -> Result<Response, AppError> {
    match set_status(&state.db, &state.boards, &user, id, &change).await? {
        StatusOutcome::Changed(now) => {
            state.lists.data_changed();
            Ok(Json(now).into_response())
        }
        StatusOutcome::Stale(current) => Ok(stale(current)),
    }
}

pub async fn get_rules(
    State(state): State<AppState>,
    ApiUser(_): ApiUser,
    Path(province): Path<String>,
) -> Result<Json<StageRule>, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(rules::load(&mut conn, &province).await?))
}

pub async fn put_rules(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(province): Path<String>,
    JsonBody(rule): JsonBody<StageRule>,
) -> Result<Json<StageRule>, AppError> {
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    rule.check().map_err(|(th, en)| AppError::invalid(th, en))?;
    rules::save(&state.db, &province, &rule, user.id).await?;
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::StageRuleChanged,
        entity: Some("province"),
        entity_id: Some(province.clone()),
        detail: serde_json::to_string(&rule).ok(),
    };
    audit::record(&state.db, event, &now_iso()).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(rules::load(&mut conn, &province).await?))
}
