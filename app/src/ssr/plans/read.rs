//! Reading plans: one plan with its stops, their visits that day and the estimated legs and
//! arrivals; the plans in a caller's scope; the signed-in officer's plans for today.
use std::collections::HashMap;

use super::geometry::{day, position};
use super::{check_planner, may_read};
use crate::api::households::address_parts;
use crate::api::me::CurrentUser;
use crate::api::plans::{Plan, PlanOfficer, PlanPoint, PlanQuery, PlanStop, PlanSummary, PlanTravel, StopVisit};
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::domain::field::VisitOutcome;
use crate::domain::geo::Position;
use crate::domain::stage::Stage;
use crate::domain::visit_plan::{thai_day_in_utc, PlanStatus};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::Db;

/// The most plans a list shows.
pub const LIST_LIMIT: i64 = 200;

#[derive(sqlx::FromRow)]
pub(super) struct PlanRow {
    pub id: i64,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub amphoe_name_en: String,
    pub visit_date: String,
    pub title: String,
    pub status: String,
    pub start_label: String,
    pub start_lat: f64,
    pub start_lon: f64,
    pub end_label: Option<String>,
    pub end_lat: Option<f64>,
    pub end_lon: Option<f64>,
    pub start_minute: i64,
    pub speed_kmh: f64,
    pub detour_factor: f64,
    pub minutes_per_visit: i64,
    pub carried_from: Option<i64>,
    pub version: i64,
    pub created_by: String,
    pub updated_at: String,
}

impl PlanRow {
    pub fn status(&self) -> PlanStatus {
        PlanStatus::parse(&self.status).unwrap_or(PlanStatus::Draft)
    }

    pub fn travel(&self) -> PlanTravel {
        PlanTravel {
            start_minute: self.start_minute.clamp(0, 1439) as u32,
            speed_kmh: self.speed_kmh,
            detour_factor: self.detour_factor,
            minutes_per_visit: self.minutes_per_visit.max(0) as u32,
        }
    }

    pub fn start(&self) -> PlanPoint {
        PlanPoint { label: self.start_label.clone(), lat: self.start_lat, lon: self.start_lon }
    }

    pub fn end(&self) -> Option<PlanPoint> {
        match (self.end_lat, self.end_lon) {
            (Some(lat), Some(lon)) => Some(PlanPoint { label: self.end_label.clone().unwrap_or_default(), lat, lon }),
            _ => None,
        }
    }
}

pub(super) async fn plan_row(db: &Db, id: i64) -> Result<PlanRow, AppError> {
    let row: Option<PlanRow> = sqlx::query_as(
        "SELECT v.id, v.amphoe_code, a.name_th AS amphoe_name_th, a.name_en AS amphoe_name_en, v.visit_date, v.title,
                v.status, v.start_label, v.start_lat, v.start_lon, v.end_label, v.end_lat, v.end_lon, v.start_minute,
                v.speed_kmh, v.detour_factor, v.minutes_per_visit, v.carried_from, v.version,
                u.display_name AS created_by, v.updated_at
         FROM visit_plans v JOIN amphoes a ON a.code = v.amphoe_code JOIN users u ON u.id = v.created_by
         WHERE v.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or(AppError::NotFound)
}

pub(super) async fn team(db: &Db, plan_id: i64) -> Result<Vec<PlanOfficer>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name FROM visit_plan_officers o JOIN users u ON u.id = o.user_id
         WHERE o.plan_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(user_id, name)| PlanOfficer { user_id, name }).collect())
}

#[derive(sqlx::FromRow)]
struct StopRow {
    household_id: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_name_th: String,
    phone: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    stage: Option<String>,
}

/// The stops' households in their order.
async fn stop_rows(db: &Db, plan_id: i64) -> Result<Vec<StopRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT h.id AS household_id, h.head_name, h.house_no, h.moo, h.village_name, t.name_th AS tambon_name_th,
                h.phone, h.lat, h.lon, h.stage
         FROM visit_plan_stops s JOIN households h ON h.id = s.household_id JOIN tambons t ON t.code = h.tambon_code
         WHERE s.plan_id = $1 ORDER BY s.position",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The latest visit to each of the households on the plan's day (in Thailand).
async fn visits_on(db: &Db, visit_date: &str, ids: &[i64]) -> Result<HashMap<i64, StopVisit>, AppError> {
    let Some(date) = crate::domain::dates::parse_iso_date(visit_date) else { return Ok(HashMap::new()) };
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (from, to) = thai_day_in_utc(date);
    let mut args = Args::new();
    let list = args.push_list(ids.iter().copied());
    let (from_ph, to_ph) = (args.push(from), args.push(to));
    let rows: Vec<(i64, String, String)> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT household_id, outcome, visited_at FROM visits
             WHERE household_id IN ({list}) AND visited_at >= {from_ph} AND visited_at < {to_ph}
             ORDER BY visited_at, id"
        )))
        .fetch_all(&db.pool)
        .await?;
    let mut out = HashMap::new();
    for (id, outcome, visited_at) in rows {
        if let Some(outcome) = VisitOutcome::parse(&outcome) {
            out.insert(id, StopVisit { outcome, visited_at });
        }
    }
    Ok(out)
}

/// The dimensions of each household's open problems.
async fn open_dimensions(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<Dimension>>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut args = Args::new();
    let list = args.push_list(ids.iter().copied());
    let rows: Vec<(i64, String)> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT DISTINCT p.household_id, i.dimension FROM problems p JOIN indicators i ON i.id = p.indicator_id
             WHERE p.household_id IN ({list}) AND p.status IN ('open', 'in_progress')"
        )))
        .fetch_all(&db.pool)
        .await?;
    let mut out: HashMap<i64, Vec<Dimension>> = HashMap::new();
    for (id, dim) in rows {
        if let Some(d) = Dimension::parse(&dim) {
            out.entry(id).or_default().push(d);
        }
    }
    for dims in out.values_mut() {
        dims.sort();
    }
    Ok(out)
}

/// A plan as the caller may see it.
pub async fn plan(db: &Db, user: &CurrentUser, id: i64) -> Result<Plan, AppError> {
    let row = plan_row(db, id).await?;
    let officers = team(db, id).await?;
    let on_team = officers.iter().any(|o| o.user_id == user.id);
    if !may_read(user, &row.amphoe_code, on_team) {
        return Err(AppError::Forbidden);
    }
    let may_edit = check_planner(user, &row.amphoe_code).is_ok();
    assemble(db, row, officers, may_edit).await
}

async fn assemble(db: &Db, row: PlanRow, officers: Vec<PlanOfficer>, may_edit: bool) -> Result<Plan, AppError> {
    let stops = stop_rows(db, row.id).await?;
    let ids: Vec<i64> = stops.iter().map(|s| s.household_id).collect();
    let mut visits = visits_on(db, &row.visit_date, &ids).await?;
    let mut dims = open_dimensions(db, &ids).await?;
    let travel = row.travel();
    let start = row.start();
    let end = row.end();
    let positions: Vec<Option<Position>> =
        stops.iter().map(|s| s.lat.zip(s.lon).map(|(lat, lon)| Position { lat, lon })).collect();
    let day = day(position(&start), end.as_ref().map(position), &positions, &travel);
    let stops = stops
        .into_iter()
        .zip(day.stops.iter())
        .enumerate()
        .map(|(i, (s, t))| PlanStop {
            position: i + 1,
            household_id: s.household_id,
            head_name: s.head_name,
            address: address_parts(
                Lang::Th,
                s.house_no.as_deref(),
                s.moo,
                s.village_name.as_deref(),
                &s.tambon_name_th,
                None,
            )
            .join(" "),
            phone: s.phone,
            lat: s.lat,
            lon: s.lon,
            stage: s.stage.as_deref().and_then(Stage::parse),
            dimensions: dims.remove(&s.household_id).unwrap_or_default(),
            leg_m: t.leg_m,
            arrive_minute: t.arrive_minute,
            leave_minute: t.leave_minute,
            visit: visits.remove(&s.household_id),
        })
        .collect();
    Ok(Plan {
        id: row.id,
        status: row.status(),
        travel,
        start,
        end,
        amphoe_code: row.amphoe_code,
        amphoe_name_th: row.amphoe_name_th,
        amphoe_name_en: row.amphoe_name_en,
        visit_date: row.visit_date,
        title: row.title,
        officers,
        stops,
        distance_m: day.distance_m(),
        return_leg_m: day.return_leg_m,
        finish_minute: day.finish_minute,
        carried_from: row.carried_from,
        version: row.version,
        created_by: row.created_by,
        updated_at: row.updated_at,
        may_edit,
    })
}

/// The SQL condition on a plan `v` for the caller: its district reaches into their scope, or
/// they are on its team.
fn visible_condition(user: &CurrentUser, args: &mut Args) -> String {
    let me = args.push(user.id);
    let on_team = format!("EXISTS (SELECT 1 FROM visit_plan_officers o WHERE o.plan_id = v.id AND o.user_id = {me})");
    let area = match &user.scope {
        Scope::Province(codes) => {
            format!("substr(v.amphoe_code, 1, 2) IN ({})", args.push_list(codes.iter().map(String::as_str)))
        }
        Scope::Amphoe(codes) => format!("v.amphoe_code IN ({})", args.push_list(codes.iter().map(String::as_str))),
        Scope::Tambon(codes) => {
            format!("v.amphoe_code IN ({})", args.push_list(codes.iter().map(|c| c.get(..4).unwrap_or(c.as_str()))))
        }
        Scope::Agency(_) => "1 = 0".to_string(),
    };
    format!("({area} OR {on_team})")
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    amphoe_code: String,
    amphoe_name_th: String,
    visit_date: String,
    title: String,
    status: String,
    stops: i64,
}

/// Plans in the caller's scope (or with them on the team), newest day first.
pub async fn list_plans(db: &Db, user: &CurrentUser, q: &PlanQuery) -> Result<Vec<PlanSummary>, AppError> {
    let mut args = Args::new();
    let mut conds = vec![visible_condition(user, &mut args)];
    if let Some(a) = q.amphoe.as_deref().filter(|a| !a.is_empty()) {
        conds.push(format!("v.amphoe_code = {}", args.push(a)));
    }
    if let Some(s) = q.status {
        conds.push(format!("v.status = {}", args.push(s.as_str())));
    }
    if let Some(from) = q.from.as_deref().filter(|d| !d.is_empty()) {
        conds.push(format!("v.visit_date >= {}", args.push(from)));
    }
    if let Some(to) = q.to.as_deref().filter(|d| !d.is_empty()) {
        conds.push(format!("v.visit_date <= {}", args.push(to)));
    }
    if let Some(officer) = q.officer {
        conds.push(format!(
            "EXISTS (SELECT 1 FROM visit_plan_officers f WHERE f.plan_id = v.id AND f.user_id = {})",
            args.push(officer)
        ));
    }
    let limit = args.push(LIST_LIMIT);
    let rows: Vec<SummaryRow> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT v.id, v.amphoe_code, a.name_th AS amphoe_name_th, v.visit_date, v.title, v.status,
                    (SELECT COUNT(*) FROM visit_plan_stops s WHERE s.plan_id = v.id) AS stops
             FROM visit_plans v JOIN amphoes a ON a.code = v.amphoe_code
             WHERE {}
             ORDER BY v.visit_date DESC, v.amphoe_code, v.id DESC
             LIMIT {limit}",
            conds.join(" AND ")
        )))
        .fetch_all(&db.pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT household_id FROM visit_plan_stops WHERE plan_id = $1 ORDER BY position")
                .bind(r.id)
                .fetch_all(&db.pool)
                .await?;
        let visited = visits_on(db, &r.visit_date, &ids).await?.len() as i64;
        let officers = team(db, r.id).await?.into_iter().map(|o| o.name).collect();
        out.push(PlanSummary {
            id: r.id,
            status: PlanStatus::parse(&r.status).unwrap_or(PlanStatus::Draft),
            amphoe_code: r.amphoe_code,
            amphoe_name_th: r.amphoe_name_th,
            visit_date: r.visit_date,
            title: r.title,
            stops: r.stops,
            visited,
            officers,
        });
    }
    Ok(out)
}

/// The confirmed (or finished) plans for today with the caller on the team: "My work".
pub async fn today_plans(db: &Db, user: &CurrentUser, today: &str) -> Result<Vec<Plan>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT v.id FROM visit_plans v JOIN visit_plan_officers o ON o.plan_id = v.id
         WHERE o.user_id = $1 AND v.visit_date = $2 AND v.status IN ('confirmed', 'done')
         ORDER BY v.start_minute, v.id",
    )
    .bind(user.id)
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    let mut plans = Vec::with_capacity(ids.len());
    for id in ids {
        let row = plan_row(db, id).await?;
        let officers = team(db, id).await?;
        let may_edit = check_planner(user, &row.amphoe_code).is_ok();
        plans.push(assemble(db, row, officers, may_edit).await?);
    }
    Ok(plans)
}
