//! "My work": today's confirmed visit plans with the officer on the team, and the households
//! in the officer's scope that need them today: those with pending
//! problems their agency owns, and those with pending problems not visited for some days (or
//! never); nearest first when the phone's position is known, else the longest unvisited first.
use crate::api::field::{MyWork, WorkItem, WorkReason};
use crate::api::households::address_parts;
use crate::api::me::CurrentUser;
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::Db;

/// How many households the list shows (the phone keeps them all for offline use).
pub const LIST_LIMIT: i64 = 40;
/// "Not visited" by default: not in the last 30 days.
pub const DEFAULT_DAYS: i64 = 30;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_name_th: String,
    amphoe_name_th: String,
    phone: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    stage: Option<String>,
    open_problems: i64,
    owned: i64,
    last_visit: Option<String>,
}

const PENDING: &str = "p.status IN ('open', 'in_progress')";

pub async fn my_work(
    db: &Db,
    user: &CurrentUser,
    here: Option<(f64, f64)>,
    days: Option<i64>,
) -> Result<MyWork, AppError> {
    let days = days.unwrap_or(DEFAULT_DAYS).clamp(0, 3650);
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let here = here.filter(|(lat, lon)| lat.is_finite() && lon.is_finite());
    let agency = match user.scope {
        Scope::Agency(id) => Some(id),
        _ => None,
    };
    let mut args = Args::new();
    let scope = household_condition(&user.scope, &mut args);
    let agency_ph = args.push(agency.unwrap_or(0));
    let cutoff_ph = args.push(cutoff.as_str());
    let from = format!(
        "FROM (SELECT h.id, h.head_name, h.house_no, h.moo, h.village_name, t.name_th AS tambon_name_th,
                      a.name_th AS amphoe_name_th, h.phone, h.lat, h.lon, h.stage, h.head_sort_key,
                      (SELECT COUNT(*) FROM problems p WHERE p.household_id = h.id AND {PENDING}) AS open_problems,
                      (SELECT COUNT(*) FROM problems p WHERE p.household_id = h.id AND {PENDING}
                          AND p.owner_agency_id = {agency_ph}) AS owned,
                      (SELECT MAX(v.visited_at) FROM visits v WHERE v.household_id = h.id) AS last_visit
               FROM households h
               JOIN tambons t ON t.code = h.tambon_code
               JOIN amphoes a ON a.code = h.amphoe_code
               WHERE {scope}) w
         WHERE w.open_problems > 0 AND (w.owned > 0 OR w.last_visit IS NULL OR w.last_visit <= {cutoff_ph})"
    );
    // Counted with the filter's parameters only (PostgreSQL refuses unused ones).
    let total: i64 =
        args.clone().bind_scalar(sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))).fetch_one(&db.pool).await?;
    let order = match here {
        Some((lat, lon)) => {
            // Equirectangular distance: exact enough to order households within a province.
            let k = lat.to_radians().cos();
            let (lat_ph, lon_ph, k_ph) = (args.push(lat), args.push(lon), args.push(k));
            format!(
                "CASE WHEN w.lat IS NULL THEN 1 ELSE 0 END,
                 (w.lat - {lat_ph}) * (w.lat - {lat_ph}) + (w.lon - {lon_ph}) * {k_ph} * (w.lon - {lon_ph}) * {k_ph}, w.id"
            )
        }
        None => "CASE WHEN w.owned > 0 THEN 0 ELSE 1 END, CASE WHEN w.last_visit IS NULL THEN 0 ELSE 1 END,
                 w.last_visit, w.open_problems DESC, w.head_sort_key, w.id"
            .to_string(),
    };
    let limit_ph = args.push(LIST_LIMIT);
    let rows: Vec<Row> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT w.id, w.head_name, w.house_no, w.moo, w.village_name, w.tambon_name_th, w.amphoe_name_th,
                    w.phone, w.lat, w.lon, w.stage, w.open_problems, w.owned, w.last_visit
             {from} ORDER BY {order} LIMIT {limit_ph}"
        )))
        .fetch_all(&db.pool)
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        items.push(item(db, r, agency.is_some(), &cutoff).await?);
    }
    let plans_today = crate::ssr::plans::read::today_plans(db, user, &crate::ssr::db::today_iso()).await?;
    Ok(MyWork { items, total, days, by_distance: here.is_some(), plans_today })
}

async fn item(db: &Db, r: Row, agency_user: bool, cutoff: &str) -> Result<WorkItem, AppError> {
    let dims: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT DISTINCT i.dimension FROM problems p JOIN indicators i ON i.id = p.indicator_id
         WHERE p.household_id = $1 AND {PENDING}"
    ))
    .bind(r.id)
    .fetch_all(&db.pool)
    .await?;
    let mut dimensions: Vec<Dimension> = dims.iter().filter_map(|d| Dimension::parse(d)).collect();
    dimensions.sort();
    let mut reasons = Vec::new();
    if agency_user && r.owned > 0 {
        reasons.push(WorkReason::OwnedProblems);
    }
    match r.last_visit.as_deref() {
        None => reasons.push(WorkReason::NeverVisited),
        Some(at) if at <= cutoff => reasons.push(WorkReason::NotVisited),
        Some(_) => {}
    }
    let address = address_parts(
        Lang::Th,
        r.house_no.as_deref(),
        r.moo,
        r.village_name.as_deref(),
        &r.tambon_name_th,
        Some(&r.amphoe_name_th),
    )
    .join(" ");
    Ok(WorkItem {
        household_id: r.id,
        head_name: r.head_name,
        address,
        phone: r.phone,
        lat: r.lat,
        lon: r.lon,
        stage: r.stage.as_deref().and_then(Stage::parse),
        open_problems: r.open_problems,
        dimensions,
        last_visit: r.last_visit,
        reasons,
    })
}
