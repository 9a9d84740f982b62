//! One household's case file, read only when the caller's scope allows it.
use sqlx::FromRow;

use super::args::Args;
use super::scope_sql::household_condition;
use super::{reference, today_iso, Db};
use crate::api::case_file::{
    AssistanceView, CaseFile, HouseholdDetail, MemberView, ProblemView, SourceRef, StageChangeView,
};
use crate::domain::access::Scope;
use crate::domain::citizen_id::mask;
use crate::domain::dates::{age_on, days_between, parse_iso_date};
use crate::domain::dimension::Dimension;
use crate::domain::member::{Relation, Sex};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::error::AppError;

#[derive(FromRow)]
struct HouseholdRow {
    id: i64,
    province_name_th: String,
    province_name_en: String,
    amphoe_code: String,
    amphoe_name_th: String,
    amphoe_name_en: String,
    tambon_code: String,
    tambon_name_th: String,
    tambon_name_en: String,
    postal_code: Option<String>,
    village_code: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    house_no: Option<String>,
    house_code: Option<String>,
    head_name: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    stage: Option<String>,
    #[sqlx(try_from = "super::flag::Flag")]
    welfare_card: bool,
    #[sqlx(try_from = "super::flag::Flag")]
    is_synthetic: bool,
    version: i64,
    created_at: String,
    updated_at: String,
}

#[derive(FromRow)]
struct MemberRow {
    id: i64,
    citizen_id: Option<String>,
    prefix: Option<String>,
    first_name: String,
    last_name: String,
    sex: Option<String>,
    birth_date: Option<String>,
    relation: String,
    #[sqlx(try_from = "super::flag::Flag")]
    is_disabled: bool,
    #[sqlx(try_from = "super::flag::Flag")]
    is_bedridden: bool,
}

#[derive(FromRow)]
struct ProblemRow {
    id: i64,
    indicator_code: String,
    indicator_name_th: String,
    indicator_name_en: String,
    dimension: String,
    status: String,
    owner_agency_id: Option<i64>,
    owner_short_th: Option<String>,
    owner_name_th: Option<String>,
    owner_name_en: Option<String>,
    opened_on: String,
    closed_on: Option<String>,
    version: i64,
}

/// changed_at, from, to, changed by, note.
type StageRow = (String, Option<String>, Option<String>, Option<String>, Option<String>);

#[derive(FromRow)]
struct AssistanceRow {
    id: i64,
    planned_on: Option<String>,
    done_on: Option<String>,
    menu_name_th: Option<String>,
    menu_name_en: Option<String>,
    dimension: Option<String>,
    indicator_code: Option<String>,
    agency_short_th: Option<String>,
    agency_name_en: Option<String>,
    detail: String,
    result: String,
    result_reason: Option<String>,
    amount_satang: Option<i64>,
    budget_source: Option<String>,
    in_kind_value_satang: Option<i64>,
    #[sqlx(try_from = "super::flag::Flag")]
    resolved_problem: bool,
}

fn corrupt(what: &str, value: &str) -> AppError {
    tracing::error!(what, value, "case file row does not match the model");
    AppError::Internal
}

/// Whether the household exists at all (to tell "not yours" from "no such household").
async fn exists(db: &Db, id: i64) -> Result<bool, AppError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE id = $1").bind(id).fetch_one(&db.pool).await?;
    Ok(n > 0)
}

/// Whether the caller's scope allows the household (`Forbidden` if it exists but is not
/// theirs, `NotFound` if it does not exist).
pub async fn check_visible(db: &Db, scope: &Scope, id: i64) -> Result<(), AppError> {
    let mut args = Args::new();
    let cond = household_condition(scope, &mut args);
    let id_ph = args.push(id);
    let sql = format!("SELECT COUNT(*) FROM households h WHERE h.id = {id_ph} AND {cond}");
    let visible: i64 = args.bind_scalar(sqlx::query_scalar(&sql)).fetch_one(&db.pool).await?;
    if visible > 0 {
        Ok(())
    } else if exists(db, id).await? {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn case_file(db: &Db, scope: &Scope, id: i64) -> Result<CaseFile, AppError> {
    check_visible(db, scope, id).await?;
    let h: HouseholdRow = sqlx::query_as(
        "SELECT h.id, p.name_th AS province_name_th, p.name_en AS province_name_en,
                h.amphoe_code, a.name_th AS amphoe_name_th, a.name_en AS amphoe_name_en,
                h.tambon_code, t.name_th AS tambon_name_th, t.name_en AS tambon_name_en, t.postal_code,
                h.village_code, h.moo, h.village_name, h.house_no, h.house_code, h.head_name,
                h.lat, h.lon, h.stage, h.welfare_card, h.is_synthetic, h.version, h.created_at, h.updated_at
         FROM households h
         JOIN provinces p ON p.code = h.province_code
         JOIN amphoes a ON a.code = h.amphoe_code
         JOIN tambons t ON t.code = h.tambon_code
         WHERE h.id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let today = today_iso();
    let today_date = parse_iso_date(&today);

    let sources: Vec<(String, Option<i64>, String)> = sqlx::query_as(
        "SELECT source, source_year, source_ref FROM household_sources WHERE household_id = $1 ORDER BY source_year, source",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;

    let members: Vec<MemberRow> = sqlx::query_as(
        "SELECT id, citizen_id, prefix, first_name, last_name, sex, birth_date, relation, is_disabled, is_bedridden
         FROM members WHERE household_id = $1 ORDER BY sort_order, id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let members = members
        .into_iter()
        .map(|m| {
            let relation = Relation::parse(&m.relation).ok_or_else(|| corrupt("relation", &m.relation))?;
            let age = match (m.birth_date.as_deref().and_then(parse_iso_date), today_date) {
                (Some(b), Some(t)) => Some(age_on(b, t)),
                _ => None,
            };
            Ok(MemberView {
                id: m.id,
                citizen_id_masked: m.citizen_id.as_deref().map(mask),
                prefix: m.prefix,
                first_name: m.first_name,
                last_name: m.last_name,
                sex: m.sex.as_deref().and_then(Sex::parse),
                birth_date: m.birth_date,
                age,
                relation,
                is_disabled: m.is_disabled,
                is_bedridden: m.is_bedridden,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let problems: Vec<ProblemRow> = sqlx::query_as(
        "SELECT p.id, i.code AS indicator_code, i.name_th AS indicator_name_th, i.name_en AS indicator_name_en,
                i.dimension, p.status, p.owner_agency_id, ag.short_th AS owner_short_th,
                ag.name_th AS owner_name_th, ag.name_en AS owner_name_en, p.opened_on, p.closed_on, p.version
         FROM problems p
         JOIN indicators i ON i.id = p.indicator_id
         LEFT JOIN agencies ag ON ag.id = p.owner_agency_id
         WHERE p.household_id = $1 ORDER BY i.sort_order",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let problems = problems
        .into_iter()
        .map(|p| {
            let status = ProblemStatus::parse(&p.status).ok_or_else(|| corrupt("status", &p.status))?;
            let dimension = Dimension::parse(&p.dimension).ok_or_else(|| corrupt("dimension", &p.dimension))?;
            let end = p.closed_on.as_deref().and_then(parse_iso_date).or(today_date);
            let days_open = match (parse_iso_date(&p.opened_on), end) {
                (Some(o), Some(e)) => Some(days_between(o, e).max(0)),
                _ => None,
            };
            Ok(ProblemView {
                id: p.id,
                indicator_code: p.indicator_code,
                indicator_name_th: p.indicator_name_th,
                indicator_name_en: p.indicator_name_en,
                dimension,
                status,
                owner_agency_id: p.owner_agency_id,
                owner_short_th: p.owner_short_th,
                owner_name_th: p.owner_name_th,
                owner_name_en: p.owner_name_en,
                opened_on: p.opened_on,
                closed_on: p.closed_on,
                days_open,
                version: p.version,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let assistance: Vec<AssistanceRow> = sqlx::query_as(
        "SELECT r.id, r.planned_on, r.done_on, m.name_th AS menu_name_th, m.name_en AS menu_name_en,
                COALESCE(i.dimension, m.dimension) AS dimension, i.code AS indicator_code,
                ag.short_th AS agency_short_th, ag.name_en AS agency_name_en, r.detail, r.result,
                r.result_reason, r.amount_satang, r.budget_source, r.in_kind_value_satang, r.resolved_problem
         FROM assistance_records r
         LEFT JOIN assistance_menu m ON m.id = r.menu_item_id
         LEFT JOIN problems p ON p.id = r.problem_id
         LEFT JOIN indicators i ON i.id = p.indicator_id
         LEFT JOIN agencies ag ON ag.id = r.owner_agency_id
         WHERE r.household_id = $1
         ORDER BY COALESCE(r.done_on, r.planned_on, r.created_at) DESC, r.id DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let assistance = assistance
        .into_iter()
        .map(|r| AssistanceView {
            id: r.id,
            planned_on: r.planned_on,
            done_on: r.done_on,
            menu_name_th: r.menu_name_th,
            menu_name_en: r.menu_name_en,
            dimension: r.dimension.as_deref().and_then(Dimension::parse),
            indicator_code: r.indicator_code,
            agency_short_th: r.agency_short_th,
            agency_name_en: r.agency_name_en,
            detail: r.detail,
            result: r.result,
            result_reason: r.result_reason,
            amount_satang: r.amount_satang,
            budget_source: r.budget_source,
            in_kind_value_satang: r.in_kind_value_satang,
            resolved_problem: r.resolved_problem,
        })
        .collect();

    let history: Vec<StageRow> = sqlx::query_as(
        "SELECT s.changed_at, s.from_stage, s.to_stage, u.display_name, s.note
         FROM stage_history s LEFT JOIN users u ON u.id = s.changed_by
         WHERE s.household_id = $1 ORDER BY s.changed_at DESC, s.id DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let stage_history = history
        .into_iter()
        .map(|(changed_at, from, to, by, note)| StageChangeView {
            changed_at,
            from_stage: from.as_deref().and_then(Stage::parse),
            to_stage: to.as_deref().and_then(Stage::parse),
            changed_by: by,
            note,
        })
        .collect();

    Ok(CaseFile {
        household: HouseholdDetail {
            id: h.id,
            province_name_th: h.province_name_th,
            province_name_en: h.province_name_en,
            amphoe_code: h.amphoe_code,
            amphoe_name_th: h.amphoe_name_th,
            amphoe_name_en: h.amphoe_name_en,
            tambon_code: h.tambon_code,
            tambon_name_th: h.tambon_name_th,
            tambon_name_en: h.tambon_name_en,
            postal_code: h.postal_code,
            village_code: h.village_code,
            moo: h.moo,
            village_name: h.village_name,
            house_no: h.house_no,
            house_code: h.house_code,
            head_name: h.head_name,
            lat: h.lat,
            lon: h.lon,
            stage: h.stage.as_deref().and_then(Stage::parse),
            welfare_card: h.welfare_card,
            is_synthetic: h.is_synthetic,
            version: h.version,
            created_at: h.created_at,
            updated_at: h.updated_at,
        },
        sources: sources
            .into_iter()
            .map(|(source, source_year, source_ref)| SourceRef { source, source_year, source_ref })
            .collect(),
        members,
        indicators: reference::current_indicators(db).await?,
        problems,
        assistance,
        stage_history,
    })
}
