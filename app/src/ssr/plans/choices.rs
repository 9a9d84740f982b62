//! What the planner chooses from: the district office (the default start and end), the
//! officers who can make up a team, the district's tambons and agencies, and the households
//! to visit (given ones, or those with open problems of an owner, a tambon, a dimension).
use super::check_planner;
use crate::api::households::address_parts;
use crate::api::me::CurrentUser;
use crate::api::plans::{Candidate, CandidateQuery, PlanChoices, PlanOfficer, PlanPoint, PlanTravel};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::Db;

/// The most households one candidate search returns (the split takes them on from there).
pub const CANDIDATE_LIMIT: i64 = 2_000;

fn check_amphoe_code(code: &str) -> Result<(), AppError> {
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AppError::invalid(
            format!("รหัสอำเภอ '{code}' ไม่ถูกต้อง (4 หลัก)"),
            format!("'{code}' is not a 4-digit amphoe code"),
        ))
    }
}

/// The district's name in Thai and English.
pub async fn amphoe_names(db: &Db, code: &str) -> Result<(String, String), AppError> {
    check_amphoe_code(code)?;
    let names: Option<(String, String)> = sqlx::query_as("SELECT name_th, name_en FROM amphoes WHERE code = $1")
        .bind(code)
        .fetch_optional(&db.pool)
        .await?;
    names.ok_or_else(|| AppError::invalid(format!("ไม่พบอำเภอรหัส {code}"), format!("No amphoe with code {code}")))
}

/// The district office (set on the map page), the default start and end of a day.
pub async fn district_office(db: &Db, code: &str) -> Result<PlanPoint, AppError> {
    let (name_th, _) = amphoe_names(db, code).await?;
    let office: Option<(String, f64, f64)> =
        sqlx::query_as("SELECT name_th, lat, lon FROM district_offices WHERE amphoe_code = $1")
            .bind(code)
            .fetch_optional(&db.pool)
            .await?;
    let (label, lat, lon) = office.ok_or_else(|| {
        AppError::invalid(
            format!("อำเภอ{name_th}ยังไม่มีพิกัดที่ว่าการอำเภอ กำหนดได้ที่หน้าแผนที่"),
            format!("Amphoe {code} has no office position; set it on the map page"),
        )
    })?;
    Ok(PlanPoint { label, lat, lon })
}

/// The offices of the districts the user plans, by district code.
async fn planned_offices(db: &Db, user: &CurrentUser) -> Result<Vec<PlanPoint>, AppError> {
    let rows: Vec<(String, String, f64, f64)> =
        sqlx::query_as("SELECT amphoe_code, name_th, lat, lon FROM district_offices ORDER BY amphoe_code")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter(|(code, ..)| check_planner(user, code).is_ok())
        .map(|(_, label, lat, lon)| PlanPoint { label, lat, lon })
        .collect())
}

/// Active officers and coordinators whose scope reaches into the district.
pub async fn district_officers(db: &Db, code: &str) -> Result<Vec<PlanOfficer>, AppError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name FROM users u
         WHERE u.active AND u.role IN ('officer', 'coordinator')
           AND EXISTS (SELECT 1 FROM user_scope_areas s WHERE s.user_id = u.id
                       AND (s.area_code = $1 OR s.area_code = $2 OR substr(s.area_code, 1, 4) = $1))
         ORDER BY u.role DESC, u.display_name, u.id",
    )
    .bind(code)
    .bind(&code[..2])
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(user_id, name)| PlanOfficer { user_id, name }).collect())
}

/// The districts the user may plan, by code.
async fn planned_districts(db: &Db, user: &CurrentUser) -> Result<Vec<(String, String)>, AppError> {
    let all: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name_th FROM amphoes ORDER BY code").fetch_all(&db.pool).await?;
    Ok(all.into_iter().filter(|(code, _)| check_planner(user, code).is_ok()).collect())
}

/// The planner's choices for `code`, or for the user's first district when none is given.
pub async fn plan_choices(db: &Db, user: &CurrentUser, code: Option<&str>) -> Result<PlanChoices, AppError> {
    let amphoes = planned_districts(db, user).await?;
    let code = match code.filter(|c| !c.is_empty()) {
        Some(c) => c.to_string(),
        None => amphoes.first().map(|(c, _)| c.clone()).ok_or(AppError::Forbidden)?,
    };
    let code = code.as_str();
    check_amphoe_code(code)?;
    check_planner(user, code)?;
    let (amphoe_name_th, _) = amphoe_names(db, code).await?;
    let tambons: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name_th FROM tambons WHERE amphoe_code = $1 ORDER BY code")
            .bind(code)
            .fetch_all(&db.pool)
            .await?;
    let agencies: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, short_th FROM agencies WHERE active ORDER BY is_lead DESC, short_th, id")
            .fetch_all(&db.pool)
            .await?;
    let tomorrow = chrono::Utc::now() + chrono::Duration::hours(7) + chrono::Duration::days(1);
    let default_date =
        crate::domain::visit_plan::working_day_on_or_after(tomorrow.date_naive()).format("%Y-%m-%d").to_string();
    Ok(PlanChoices {
        amphoes,
        default_date,
        amphoe_code: code.to_string(),
        amphoe_name_th,
        office: district_office(db, code).await?,
        offices: planned_offices(db, user).await?,
        officers: district_officers(db, code).await?,
        tambons,
        agencies,
        travel: PlanTravel::default(),
    })
}

/// The one district the given households are in (a plan is a district's).
async fn district_of(db: &Db, ids: &[i64]) -> Result<String, AppError> {
    let mut args = Args::new();
    let list = args.push_list(ids.iter().copied());
    let codes: Vec<String> = args
        .bind_scalar(sqlx::query_scalar(&format!("SELECT DISTINCT amphoe_code FROM households WHERE id IN ({list})")))
        .fetch_all(&db.pool)
        .await?;
    match codes.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(AppError::NotFound),
        _ => Err(AppError::invalid(
            format!("ครัวเรือนที่เลือกอยู่ใน {} อำเภอ แผนหนึ่งเป็นของอำเภอเดียว เลือกใหม่ทีละอำเภอ", codes.len()),
            format!(
                "The households are in {} districts; a plan is one district's, select one district at a time",
                codes.len()
            ),
        )),
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_code: String,
    tambon_name_th: String,
    lat: Option<f64>,
    lon: Option<f64>,
    open_problems: i64,
}

/// The households a plan may visit, in the caller's scope and the district, with their open
/// problems counted.
pub async fn candidates(db: &Db, user: &CurrentUser, q: &CandidateQuery) -> Result<Vec<Candidate>, AppError> {
    let mut q = q.clone();
    if q.amphoe.is_empty() && !q.ids.is_empty() {
        q.amphoe = district_of(db, &q.ids).await?;
    }
    let q = &q;
    check_amphoe_code(&q.amphoe)?;
    check_planner(user, &q.amphoe)?;
    let mut args = Args::new();
    let scope = household_condition(&user.scope, &mut args);
    let mut conds = vec![scope, format!("h.amphoe_code = {}", args.push(q.amphoe.as_str()))];
    if !q.ids.is_empty() {
        conds.push(format!("h.id IN ({})", args.push_list(q.ids.iter().copied())));
    } else {
        let mut problem = vec!["p.household_id = h.id".to_string(), "p.status IN ('open', 'in_progress')".to_string()];
        if let Some(owner) = q.owner {
            problem.push(format!("p.owner_agency_id = {}", args.push(owner)));
        }
        if let Some(dim) = q.dimension {
            problem.push(format!(
                "p.indicator_id IN (SELECT i.id FROM indicators i WHERE i.dimension = {})",
                args.push(dim.as_str())
            ));
        }
        conds.push(format!("EXISTS (SELECT 1 FROM problems p WHERE {})", problem.join(" AND ")));
        if let Some(t) = q.tambon.as_deref().filter(|t| !t.is_empty()) {
            conds.push(format!("h.tambon_code = {}", args.push(t)));
        }
    }
    let limit = args.push(CANDIDATE_LIMIT);
    let sql = format!(
        "SELECT h.id, h.head_name, h.house_no, h.moo, h.village_name, h.tambon_code, t.name_th AS tambon_name_th,
                h.lat, h.lon,
                (SELECT COUNT(*) FROM problems p WHERE p.household_id = h.id AND p.status IN ('open', 'in_progress'))
                    AS open_problems
         FROM households h JOIN tambons t ON t.code = h.tambon_code
         WHERE {}
         ORDER BY h.tambon_code, h.moo, h.id
         LIMIT {limit}",
        conds.join(" AND ")
    );
    let rows: Vec<Row> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| Candidate {
            household_id: r.id,
            address: address_parts(
                Lang::Th,
                r.house_no.as_deref(),
                r.moo,
                r.village_name.as_deref(),
                &r.tambon_name_th,
                None,
            )
            .join(" "),
            head_name: r.head_name,
            tambon_code: r.tambon_code,
            lat: r.lat,
            lon: r.lon,
            open_problems: r.open_problems,
        })
        .collect())
}
