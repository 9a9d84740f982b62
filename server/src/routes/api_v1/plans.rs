//! `/api/v1/plans`: visit plans. List, create, read, replace (under `version`), delete a
//! draft, move the status, carry unvisited stops to a new plan, split a selection, and the
//! signed-in officer's plans for today.
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::api::plans::{CarryOver, PlanInput, PlanQuery, PlanStatusChange, SplitRequest, TodayPlans};
use app::domain::visit_plan::PlanStatus;
use app::error::AppError;
use app::ssr::db::today_iso;
use app::ssr::plans::{read, store};
use app::ssr::state::AppState;

use super::auth::ApiUser;
use super::json_body::JsonBody;

/// `amphoe`, `status`, `from`, `to` (`YYYY-MM-DD`) and `officer` (a user id); a bad value is
/// refused naming it.
fn plan_query(raw: &str) -> Result<PlanQuery, AppError> {
    let mut q = PlanQuery::default();
    for (k, v) in form_urlencoded::parse(raw.as_bytes()).into_owned() {
        let bad = |th: &str, en: &str| AppError::invalid(format!("{th} '{v}' ไม่ถูกต้อง"), format!("Invalid {en} '{v}'"));
        match k.as_str() {
            "amphoe" if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) => q.amphoe = Some(v.clone()),
            "amphoe" => return Err(bad("รหัสอำเภอ", "amphoe code")),
            "status" => q.status = Some(PlanStatus::parse(&v).ok_or_else(|| bad("สถานะแผน", "plan status"))?),
            "from" | "to" => {
                if app::domain::dates::parse_iso_date(&v).is_none() {
                    return Err(bad("วันที่", "date"));
                }
                if k == "from" {
                    q.from = Some(v.clone());
                } else {
                    q.to = Some(v.clone());
                }
            }
            "officer" => q.officer = Some(v.parse().map_err(|_| bad("รหัสเจ้าหน้าที่", "officer id"))?),
            _ => {
                return Err(AppError::invalid(
                    format!("ไม่รู้จักตัวกรอง '{k}' (ใช้ amphoe, status, from, to, officer)"),
                    format!("Unknown filter '{k}' (use amphoe, status, from, to, officer)"),
                ))
            }
        }
    }
    Ok(q)
}

pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let q = plan_query(raw.as_deref().unwrap_or_default())?;
    Ok(Json(read::list_plans(&state.db, &user, &q).await?).into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    JsonBody(input): JsonBody<PlanInput>,
) -> Result<Response, AppError> {
    let plan = store::create_plan(&state.db, &user, &input).await?;
    Ok((StatusCode::CREATED, Json(plan)).into_response())
}

pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    Ok(Json(read::plan(&state.db, &user, id).await?).into_response())
}

pub async fn replace(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<PlanInput>,
) -> Result<Response, AppError> {
    Ok(Json(store::update_plan(&state.db, &user, id, &input).await?).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    store::delete_plan(&state.db, &user, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(change): JsonBody<PlanStatusChange>,
) -> Result<Response, AppError> {
    Ok(Json(store::set_status(&state.db, &user, id, &change).await?).into_response())
}

pub async fn carry_over(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    JsonBody(c): JsonBody<CarryOver>,
) -> Result<Response, AppError> {
    let plan = store::carry_over(&state.db, &user, id, &c).await?;
    Ok((StatusCode::CREATED, Json(plan)).into_response())
}

pub async fn split(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    JsonBody(req): JsonBody<SplitRequest>,
) -> Result<Response, AppError> {
    Ok(Json(store::split_selection(&state.db, &user, &req).await?).into_response())
}

pub async fn today(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Response, AppError> {
    let date = today_iso();
    let plans = read::today_plans(&state.db, &user, &date).await?;
    Ok(Json(TodayPlans { date, plans }).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_and_bad_ones_named() {
        let q = plan_query("amphoe=3301&status=confirmed&from=2026-11-01&officer=7").expect("a good query");
        assert_eq!(q.amphoe.as_deref(), Some("3301"));
        assert_eq!(q.status, Some(PlanStatus::Confirmed));
        assert_eq!(q.officer, Some(7));
        let AppError::Invalid { th, .. } = plan_query("status=maybe").expect_err("a bad status") else {
            panic!("a 422")
        };
        assert!(th.contains("maybe"));
        assert!(plan_query("colour=red").is_err());
        assert!(plan_query("from=30/11/2569").is_err());
    }
}
