//! Saving plans: a new plan (its stops ordered for the shortest route unless the order is
//! kept), a whole plan replaced under its version, a status move, a deletion, the unvisited
//! stops carried to a new plan, and a large selection split into days and teams.
use super::choices::amphoe_names;
use super::geometry::{optimise, position};
use super::read::{plan, plan_row, team};
use super::{check_planner, rule_error};
use crate::api::me::CurrentUser;
use crate::api::plans::{
    CarryOver, Plan, PlanInput, PlanPoint, PlanStatusChange, PlanTravel, SplitAnswer, SplitGroup, SplitRequest,
};
use crate::domain::geo::Position;
use crate::domain::route::schedule::TravelSettings;
use crate::domain::route::split::{split, SplitPlan};
use crate::domain::route::DistanceMatrix;
use crate::domain::visit_plan::{
    carried_stops, check_editable, check_status_move, check_stops, PlanStatus, MAX_PLAN_STOPS,
};
use crate::error::AppError;
use crate::ssr::db::args::Args;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::{now_iso, Db};
use crate::ssr::field::{check_position, short_text};

/// The most households one split takes.
pub const MAX_SPLIT_STOPS: usize = 2_000;

fn check_date(date: &str) -> Result<(), AppError> {
    match crate::domain::dates::parse_iso_date(date) {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(
            format!("วันที่เยี่ยม '{date}' อ่านไม่ได้ (ใช้รูปแบบ 2026-11-30)"),
            format!("Cannot read the visit date '{date}' (use 2026-11-30)"),
        )),
    }
}

fn check_point(p: &PlanPoint, what_th: &str, what_en: &str) -> Result<(), AppError> {
    if p.label.trim().is_empty() || p.label.chars().count() > 200 {
        return Err(AppError::invalid(
            format!("ตั้งชื่อ{what_th} (ไม่เกิน 200 ตัวอักษร)"),
            format!("Name the {what_en} (at most 200 characters)"),
        ));
    }
    check_position(Some(p.lat), Some(p.lon)).map_err(|_| {
        AppError::invalid(format!("พิกัด{what_th}อยู่นอกประเทศไทย"), format!("The {what_en} is outside Thailand"))
    })
}

fn check_travel(t: &PlanTravel) -> Result<(), AppError> {
    if t.start_minute >= 24 * 60 {
        return Err(AppError::invalid(
            "เวลาออกเดินทางต้องอยู่ระหว่าง 00:00 ถึง 23:59",
            "The start time must be 00:00 to 23:59",
        ));
    }
    if !(t.speed_kmh.is_finite() && (5.0..=120.0).contains(&t.speed_kmh)) {
        return Err(AppError::invalid(
            "ความเร็วเดินทางต้องอยู่ระหว่าง 5 ถึง 120 กม./ชม.",
            "The travel speed must be 5 to 120 km/h",
        ));
    }
    if !(t.detour_factor.is_finite() && (1.0..=3.0).contains(&t.detour_factor)) {
        return Err(AppError::invalid("ตัวคูณระยะทางถนนต้องอยู่ระหว่าง 1.0 ถึง 3.0", "The detour factor must be 1.0 to 3.0"));
    }
    if t.minutes_per_visit > 480 {
        return Err(AppError::invalid("เวลาต่อครัวเรือนต้องไม่เกิน 480 นาที", "Minutes per visit must be at most 480"));
    }
    Ok(())
}

/// The households' positions, each visible to the caller and in the district; refused when
/// any is not, or has no position (it cannot be routed until it is placed on the map).
async fn stop_positions(
    db: &Db,
    user: &CurrentUser,
    amphoe: Option<&str>,
    ids: &[i64],
) -> Result<Vec<(i64, Option<Position>)>, AppError> {
    let mut args = Args::new();
    let scope = household_condition(&user.scope, &mut args);
    let list = args.push_list(ids.iter().copied());
    let mut sql = format!("SELECT h.id, h.lat, h.lon FROM households h WHERE h.id IN ({list}) AND {scope}");
    if let Some(a) = amphoe {
        sql.push_str(&format!(" AND h.amphoe_code = {}", args.push(a)));
    }
    let rows: Vec<(i64, Option<f64>, Option<f64>)> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    let found: std::collections::HashMap<i64, Option<Position>> =
        rows.into_iter().map(|(id, lat, lon)| (id, lat.zip(lon).map(|(lat, lon)| Position { lat, lon }))).collect();
    let missing: Vec<String> = ids.iter().filter(|id| !found.contains_key(id)).map(|id| format!("#{id}")).collect();
    if !missing.is_empty() {
        return Err(AppError::invalid(
            format!("ครัวเรือน {} ไม่อยู่ในอำเภอของแผนหรือนอกขอบเขตของคุณ", missing.join(", ")),
            format!("Households {} are not in the plan's district or outside your scope", missing.join(", ")),
        ));
    }
    Ok(ids.iter().map(|id| (*id, found.get(id).copied().flatten())).collect())
}

fn placed(stops: &[(i64, Option<Position>)]) -> Result<Vec<(i64, Position)>, AppError> {
    let unplaced: Vec<String> = stops.iter().filter(|(_, p)| p.is_none()).map(|(id, _)| format!("#{id}")).collect();
    if !unplaced.is_empty() {
        return Err(AppError::invalid(
            format!("ครัวเรือน {} ยังไม่มีพิกัด จัดเส้นทางไม่ได้ กำหนดตำแหน่งบนแผนที่ก่อน", unplaced.join(", ")),
            format!(
                "Households {} have no position and cannot be routed; place them on the map first",
                unplaced.join(", ")
            ),
        ));
    }
    Ok(stops.iter().filter_map(|(id, p)| p.map(|p| (*id, p))).collect())
}

/// The team: active users who may visit (officers and coordinators).
async fn check_team(db: &Db, ids: &[i64]) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut args = Args::new();
    let list = args.push_list(ids.iter().copied());
    let found: Vec<i64> = args
        .bind_scalar(sqlx::query_scalar(&format!(
            "SELECT id FROM users WHERE id IN ({list}) AND active AND role IN ('officer', 'coordinator')"
        )))
        .fetch_all(&db.pool)
        .await?;
    let missing: Vec<String> = ids.iter().filter(|id| !found.contains(id)).map(|id| format!("#{id}")).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(
            format!("ผู้ใช้ {} ไม่ใช่เจ้าหน้าที่ที่ลงพื้นที่ได้", missing.join(", ")),
            format!("Users {} are not active field officers", missing.join(", ")),
        ))
    }
}

/// The checked plan: its title and its stops in the order to store.
struct Checked {
    title: String,
    order: Vec<i64>,
}

async fn check_input(db: &Db, user: &CurrentUser, input: &PlanInput) -> Result<Checked, AppError> {
    check_planner(user, &input.amphoe_code)?;
    let (amphoe_th, _) = amphoe_names(db, &input.amphoe_code).await?;
    check_date(&input.visit_date)?;
    check_point(&input.start, "จุดเริ่มต้น", "start point")?;
    if let Some(end) = &input.end {
        check_point(end, "จุดสิ้นสุด", "end point")?;
    }
    check_travel(&input.travel)?;
    check_stops(&input.household_ids).map_err(rule_error)?;
    let mut team_ids = input.officer_ids.clone();
    team_ids.sort_unstable();
    team_ids.dedup();
    check_team(db, &team_ids).await?;
    let stops = stop_positions(db, user, Some(&input.amphoe_code), &input.household_ids).await?;
    let placed = placed(&stops)?;
    let order = if input.optimise {
        let start = position(&input.start);
        let end = input.end.as_ref().map(position);
        let placed = placed.clone();
        tokio::task::spawn_blocking(move || optimise(start, end, &placed)).await.map_err(|_| AppError::Internal)?
    } else {
        input.household_ids.clone()
    };
    let default_title = format!(
        "เยี่ยมติดตาม อ.{amphoe_th} {}",
        crate::domain::dates::format_iso_date(&input.visit_date, crate::i18n::Lang::Th)
    );
    let title = short_text(input.title.as_deref(), 200, "ชื่อแผน", "The plan's title")?.unwrap_or(default_title);
    Ok(Checked { title, order })
}

async fn write_children(
    tx: &mut sqlx::AnyConnection,
    plan_id: i64,
    order: &[i64],
    officers: &[i64],
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM visit_plan_stops WHERE plan_id = $1").bind(plan_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM visit_plan_officers WHERE plan_id = $1").bind(plan_id).execute(&mut *tx).await?;
    for (i, id) in order.iter().enumerate() {
        sqlx::query("INSERT INTO visit_plan_stops (plan_id, position, household_id) VALUES ($1, $2, $3)")
            .bind(plan_id)
            .bind(i as i64 + 1)
            .bind(*id)
            .execute(&mut *tx)
            .await?;
    }
    let mut team = officers.to_vec();
    team.sort_unstable();
    team.dedup();
    for id in team {
        sqlx::query("INSERT INTO visit_plan_officers (plan_id, user_id) VALUES ($1, $2)")
            .bind(plan_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

fn audit(user: &CurrentUser, action: AuditAction, plan_id: i64, detail: String) -> AuditEvent<'static> {
    AuditEvent {
        user_id: Some(user.id),
        action,
        entity: Some("visit_plan"),
        entity_id: Some(plan_id.to_string()),
        detail: Some(detail),
    }
}

/// Stores a new plan (a draft).
pub async fn create_plan(db: &Db, user: &CurrentUser, input: &PlanInput) -> Result<Plan, AppError> {
    let checked = check_input(db, user, input).await?;
    if let Some(from) = input.carried_from {
        let row = plan_row(db, from).await?;
        check_planner(user, &row.amphoe_code)?;
    }
    let now = now_iso();
    let end = input.end.as_ref();
    let mut tx = begin_write(db).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO visit_plans (amphoe_code, visit_date, title, status, start_label, start_lat, start_lon,
                                  end_label, end_lat, end_lon, start_minute, speed_kmh, detour_factor,
                                  minutes_per_visit, carried_from, version, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $16) RETURNING id",
    )
    .bind(&input.amphoe_code)
    .bind(&input.visit_date)
    .bind(&checked.title)
    .bind(input.start.label.trim())
    .bind(input.start.lat)
    .bind(input.start.lon)
    .bind(end.map(|e| e.label.trim().to_string()))
    .bind(end.map(|e| e.lat))
    .bind(end.map(|e| e.lon))
    .bind(i64::from(input.travel.start_minute))
    .bind(input.travel.speed_kmh)
    .bind(input.travel.detour_factor)
    .bind(i64::from(input.travel.minutes_per_visit))
    .bind(input.carried_from)
    .bind(user.id)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    write_children(&mut tx, id, &checked.order, &input.officer_ids).await?;
    let detail = format!("{} stops on {}", checked.order.len(), input.visit_date);
    record_on(&mut tx, audit(user, AuditAction::PlanSaved, id, detail), &now).await?;
    tx.commit().await?;
    plan(db, user, id).await
}

fn stale() -> AppError {
    AppError::Conflict {
        th: "แผนนี้ถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดดู โหลดแผนใหม่แล้วแก้อีกครั้ง".into(),
        en: "Someone else changed this plan after you opened it; reload it and edit again".into(),
    }
}

/// Replaces a plan's content under the version the editor read.
pub async fn update_plan(db: &Db, user: &CurrentUser, id: i64, input: &PlanInput) -> Result<Plan, AppError> {
    let row = plan_row(db, id).await?;
    check_planner(user, &row.amphoe_code)?;
    check_editable(row.status()).map_err(rule_error)?;
    if input.amphoe_code != row.amphoe_code {
        return Err(AppError::invalid("ย้ายแผนไปอำเภออื่นไม่ได้ สร้างแผนใหม่แทน", "A plan cannot move to another district"));
    }
    let Some(version) = input.version else {
        return Err(AppError::invalid("ต้องส่ง version ของแผนที่อ่านมา", "Send the version of the plan you read"));
    };
    let checked = check_input(db, user, input).await?;
    let now = now_iso();
    let end = input.end.as_ref();
    let mut tx = begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE visit_plans SET visit_date = $1, title = $2, start_label = $3, start_lat = $4, start_lon = $5,
                end_label = $6, end_lat = $7, end_lon = $8, start_minute = $9, speed_kmh = $10, detour_factor = $11,
                minutes_per_visit = $12, version = version + 1, updated_at = $13
         WHERE id = $14 AND version = $15",
    )
    .bind(&input.visit_date)
    .bind(&checked.title)
    .bind(input.start.label.trim())
    .bind(input.start.lat)
    .bind(input.start.lon)
    .bind(end.map(|e| e.label.trim().to_string()))
    .bind(end.map(|e| e.lat))
    .bind(end.map(|e| e.lon))
    .bind(i64::from(input.travel.start_minute))
    .bind(input.travel.speed_kmh)
    .bind(input.travel.detour_factor)
    .bind(i64::from(input.travel.minutes_per_visit))
    .bind(&now)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        tx.rollback().await?;
        return Err(stale());
    }
    write_children(&mut tx, id, &checked.order, &input.officer_ids).await?;
    let detail = format!("{} stops on {}", checked.order.len(), input.visit_date);
    record_on(&mut tx, audit(user, AuditAction::PlanSaved, id, detail), &now).await?;
    tx.commit().await?;
    plan(db, user, id).await
}

/// Moves a plan between draft, confirmed (shared to the team's phones) and done.
pub async fn set_status(db: &Db, user: &CurrentUser, id: i64, change: &PlanStatusChange) -> Result<Plan, AppError> {
    let row = plan_row(db, id).await?;
    check_planner(user, &row.amphoe_code)?;
    check_status_move(row.status(), change.status).map_err(rule_error)?;
    if change.status == PlanStatus::Confirmed && team(db, id).await?.is_empty() {
        return Err(AppError::invalid(
            "เลือกเจ้าหน้าที่ในทีมอย่างน้อย 1 คนก่อนยืนยันแผน",
            "Choose at least one officer for the team before confirming",
        ));
    }
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE visit_plans SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(change.status.as_str())
    .bind(&now)
    .bind(id)
    .bind(change.version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        tx.rollback().await?;
        return Err(stale());
    }
    let detail = format!("{} -> {}", row.status, change.status.as_str());
    record_on(&mut tx, audit(user, AuditAction::PlanStatusChanged, id, detail), &now).await?;
    tx.commit().await?;
    plan(db, user, id).await
}

/// Deletes a draft (confirmed plans are on phones: move them back to draft first).
pub async fn delete_plan(db: &Db, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    let row = plan_row(db, id).await?;
    check_planner(user, &row.amphoe_code)?;
    if row.status() != PlanStatus::Draft {
        return Err(AppError::invalid(
            "ลบได้เฉพาะแผนที่เป็นร่าง เปลี่ยนสถานะกลับเป็นร่างก่อน",
            "Only drafts can be deleted; move the plan back to draft first",
        ));
    }
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    sqlx::query("DELETE FROM visit_plans WHERE id = $1").bind(id).execute(&mut *tx).await?;
    record_on(&mut tx, audit(user, AuditAction::PlanDeleted, id, row.title.clone()), &now).await?;
    tx.commit().await?;
    Ok(())
}

/// A new draft with the stops that still need a visit (none recorded that day, or nobody
/// home), the same team, points and travel settings.
pub async fn carry_over(db: &Db, user: &CurrentUser, id: i64, c: &CarryOver) -> Result<Plan, AppError> {
    let old = plan(db, user, id).await?;
    check_planner(user, &old.amphoe_code)?;
    let stops: Vec<(i64, Option<_>)> =
        old.stops.iter().map(|s| (s.household_id, s.visit.as_ref().map(|v| v.outcome))).collect();
    let carried = carried_stops(&stops);
    if carried.is_empty() {
        return Err(AppError::invalid(
            "ทุกจุดในแผนนี้เยี่ยมแล้ว ไม่มีจุดที่ต้องยกไป",
            "Every stop was visited; nothing to carry over",
        ));
    }
    let input = PlanInput {
        amphoe_code: old.amphoe_code.clone(),
        visit_date: c.visit_date.clone(),
        title: Some(format!("{} (ต่อ)", old.title).chars().take(200).collect()),
        start: old.start.clone(),
        end: old.end.clone(),
        travel: old.travel,
        officer_ids: old.officers.iter().map(|o| o.user_id).collect(),
        household_ids: carried,
        optimise: true,
        carried_from: Some(id),
        version: None,
    };
    create_plan(db, user, &input).await
}

/// Splits a selection into balanced, compact groups, each within the working day, each
/// ordered; households without a position are named rather than routed.
pub async fn split_selection(db: &Db, user: &CurrentUser, req: &SplitRequest) -> Result<SplitAnswer, AppError> {
    if !crate::domain::visit_plan::may_plan(user.role) {
        return Err(AppError::Forbidden);
    }
    if req.household_ids.is_empty() {
        return Err(AppError::invalid("เลือกครัวเรือนอย่างน้อย 1 ครัวเรือน", "Choose at least one household"));
    }
    if req.household_ids.len() > MAX_SPLIT_STOPS {
        return Err(AppError::invalid(
            format!("แบ่งได้ครั้งละไม่เกิน {MAX_SPLIT_STOPS} ครัวเรือน"),
            format!("At most {MAX_SPLIT_STOPS} households per split"),
        ));
    }
    check_point(&req.start, "จุดเริ่มต้น", "start point")?;
    if let Some(end) = &req.end {
        check_point(end, "จุดสิ้นสุด", "end point")?;
    }
    check_travel(&req.travel)?;
    if !(60..=24 * 60).contains(&req.workday_minutes) {
        return Err(AppError::invalid(
            "ชั่วโมงทำงานต่อวันต้องอยู่ระหว่าง 1 ถึง 24 ชั่วโมง",
            "The working day must be 1 to 24 hours",
        ));
    }
    if let Some(g) = req.groups {
        if g == 0 || g > MAX_SPLIT_STOPS {
            return Err(AppError::invalid("จำนวนกลุ่มต้องอย่างน้อย 1", "Ask for at least one group"));
        }
    }
    let mut ids = req.household_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let stops = stop_positions(db, user, None, &ids).await?;
    let without_position: Vec<i64> = stops.iter().filter(|(_, p)| p.is_none()).map(|(id, _)| *id).collect();
    let placed: Vec<(i64, Position)> = stops.iter().filter_map(|(id, p)| p.map(|p| (*id, p))).collect();
    let start = position(&req.start);
    let end = req.end.as_ref().map(position);
    let travel = req.travel;
    let plan = SplitPlan { groups: req.groups, workday_minutes: req.workday_minutes };
    let groups = tokio::task::spawn_blocking(move || {
        if placed.is_empty() {
            return Vec::new();
        }
        let positions: Vec<Position> = placed.iter().map(|(_, p)| *p).collect();
        let matrix = DistanceMatrix::from_positions(start, &positions, end);
        let settings = TravelSettings {
            speed_kmh: travel.speed_kmh,
            detour_factor: travel.detour_factor,
            minutes_per_visit: travel.minutes_per_visit,
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        let time_up = move || std::time::Instant::now() >= deadline;
        split(&matrix, &settings, &plan, &time_up)
            .into_iter()
            .map(|g| SplitGroup {
                household_ids: g.stops.iter().map(|&i| placed[i].0).collect(),
                distance_m: g.distance_m,
                minutes: g.minutes,
                over_limit: g.minutes > f64::from(plan.workday_minutes),
            })
            .collect()
    })
    .await
    .map_err(|_| AppError::Internal)?;
    if groups.iter().any(|g: &SplitGroup| g.household_ids.len() > MAX_PLAN_STOPS) {
        return Err(AppError::invalid(
            format!("กลุ่มหนึ่งมีเกิน {MAX_PLAN_STOPS} ครัวเรือน เพิ่มจำนวนวันหรือทีม"),
            format!("A group holds more than {MAX_PLAN_STOPS} households; ask for more days or teams"),
        ));
    }
    Ok(SplitAnswer { groups, without_position })
}
