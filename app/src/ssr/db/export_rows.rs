//! Households for exports, read a page at a time in id order (keyset paging: memory stays
//! bounded however many households match), with their members, problems and sources.
use std::collections::HashMap;

use sqlx::FromRow;

use super::args::Args;
use super::flag::Flag;
use super::household_list::where_clause;
use super::Db;
use crate::domain::access::Scope;
use crate::domain::citizen_id::mask;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::member::{Relation, Sex};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::ssr::export::{ExportHousehold, ExportMember, ExportProblem};

/// Households per page read.
pub const PAGE: i64 = 1_000;

#[derive(FromRow)]
struct HouseholdRow {
    id: i64,
    amphoe_code: String,
    amphoe_th: String,
    tambon_code: String,
    tambon_th: String,
    moo: Option<i64>,
    village_name: Option<String>,
    house_no: Option<String>,
    house_code: Option<String>,
    head_name: Option<String>,
    stage: Option<String>,
    #[sqlx(try_from = "Flag")]
    welfare_card: bool,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(FromRow)]
struct MemberRow {
    household_id: i64,
    citizen_id: Option<String>,
    prefix: Option<String>,
    first_name: String,
    last_name: String,
    sex: Option<String>,
    birth_date: Option<String>,
    relation: String,
    #[sqlx(try_from = "Flag")]
    is_disabled: bool,
    #[sqlx(try_from = "Flag")]
    is_bedridden: bool,
}

#[derive(FromRow)]
struct ProblemRow {
    household_id: i64,
    code: String,
    name_th: String,
    dimension: String,
    status: String,
    owner_th: Option<String>,
    opened_on: String,
    closed_on: Option<String>,
}

/// Reads the households of one filter and scope, page by page.
pub struct ExportPages<'a> {
    db: &'a Db,
    scope: &'a Scope,
    filter: &'a HouseholdFilter,
    /// Full citizen ids (the role allows it) or masked ones.
    full_ids: bool,
    after_id: i64,
    done: bool,
}

impl<'a> ExportPages<'a> {
    pub fn new(db: &'a Db, scope: &'a Scope, filter: &'a HouseholdFilter, full_ids: bool) -> Self {
        ExportPages { db, scope, filter, full_ids, after_id: 0, done: false }
    }

    /// The next page, empty when every household has been read.
    pub async fn next_page(&mut self) -> Result<Vec<ExportHousehold>, AppError> {
        if self.done {
            return Ok(Vec::new());
        }
        let mut args = Args::new();
        let cond = where_clause(self.scope, self.filter, &mut args);
        let after = args.push(self.after_id);
        let limit = args.push(PAGE);
        let sql = format!(
            "SELECT h.id, h.amphoe_code, a.name_th AS amphoe_th, h.tambon_code, t.name_th AS tambon_th, h.moo,
                    h.village_name, h.house_no, h.house_code, h.head_name, h.stage, h.welfare_card, h.lat, h.lon
             FROM households h JOIN amphoes a ON a.code = h.amphoe_code JOIN tambons t ON t.code = h.tambon_code
             WHERE {cond} AND h.id > {after} ORDER BY h.id LIMIT {limit}"
        );
        let rows: Vec<HouseholdRow> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&self.db.pool).await?;
        if (rows.len() as i64) < PAGE {
            self.done = true;
        }
        let Some(last) = rows.last() else { return Ok(Vec::new()) };
        self.after_id = last.id;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut members = self.members(&ids).await?;
        let mut problems = self.problems(&ids).await?;
        let mut sources = self.sources(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| ExportHousehold {
                members: members.remove(&r.id).unwrap_or_default(),
                problems: problems.remove(&r.id).unwrap_or_default(),
                sources: sources.remove(&r.id).unwrap_or_default(),
                id: r.id,
                amphoe_code: r.amphoe_code,
                amphoe_th: r.amphoe_th,
                tambon_code: r.tambon_code,
                tambon_th: r.tambon_th,
                moo: r.moo,
                village_name: r.village_name,
                house_no: r.house_no,
                house_code: r.house_code,
                head_name: r.head_name,
                stage: r.stage.as_deref().and_then(Stage::parse),
                welfare_card: r.welfare_card,
                lat: r.lat,
                lon: r.lon,
            })
            .collect())
    }

    async fn members(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<ExportMember>>, AppError> {
        let mut args = Args::new();
        let list = args.push_list(ids.iter().copied());
        let sql = format!(
            "SELECT household_id, citizen_id, prefix, first_name, last_name, sex, birth_date, relation, is_disabled,
                    is_bedridden
             FROM members WHERE household_id IN ({list}) ORDER BY household_id, sort_order, id"
        );
        let rows: Vec<MemberRow> =
            args.bind_as(sqlx::query_as(&sql)).persistent(false).fetch_all(&self.db.pool).await?;
        let mut out: HashMap<i64, Vec<ExportMember>> = HashMap::new();
        for m in rows {
            out.entry(m.household_id).or_default().push(ExportMember {
                citizen_id: m.citizen_id.map(|c| if self.full_ids { c } else { mask(&c) }),
                prefix: m.prefix,
                first_name: m.first_name,
                last_name: m.last_name,
                sex: m.sex.as_deref().and_then(Sex::parse),
                birth_date: m.birth_date,
                relation: Relation::parse(&m.relation).unwrap_or(Relation::Other),
                is_disabled: m.is_disabled,
                is_bedridden: m.is_bedridden,
            });
        }
        Ok(out)
    }

    async fn problems(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<ExportProblem>>, AppError> {
        let mut args = Args::new();
        let list = args.push_list(ids.iter().copied());
        let sql = format!(
            "SELECT p.household_id, i.code, i.name_th, i.dimension, p.status, ag.short_th AS owner_th, p.opened_on,
                    p.closed_on
             FROM problems p JOIN indicators i ON i.id = p.indicator_id LEFT JOIN agencies ag ON ag.id = p.owner_agency_id
             WHERE p.household_id IN ({list}) ORDER BY p.household_id, i.sort_order"
        );
        let rows: Vec<ProblemRow> =
            args.bind_as(sqlx::query_as(&sql)).persistent(false).fetch_all(&self.db.pool).await?;
        let mut out: HashMap<i64, Vec<ExportProblem>> = HashMap::new();
        for p in rows {
            let (Some(dimension), Some(status)) = (Dimension::parse(&p.dimension), ProblemStatus::parse(&p.status))
            else {
                continue;
            };
            out.entry(p.household_id).or_default().push(ExportProblem {
                indicator_code: p.code,
                indicator_name_th: p.name_th,
                dimension,
                status,
                owner_th: p.owner_th,
                opened_on: p.opened_on,
                closed_on: p.closed_on,
            });
        }
        Ok(out)
    }

    async fn sources(&self, ids: &[i64]) -> Result<HashMap<i64, String>, AppError> {
        let mut args = Args::new();
        let list = args.push_list(ids.iter().copied());
        let sql = format!(
            "SELECT household_id, source, source_year, source_ref FROM household_sources
             WHERE household_id IN ({list}) ORDER BY household_id, source_year, source"
        );
        let rows: Vec<(i64, String, Option<i64>, String)> =
            args.bind_as(sqlx::query_as(&sql)).persistent(false).fetch_all(&self.db.pool).await?;
        let mut out: HashMap<i64, String> = HashMap::new();
        for (id, source, year, r) in rows {
            let label = crate::domain::source::ListSource::parse(&source)
                .map(|s| s.label(crate::i18n::Lang::Th))
                .unwrap_or("?");
            let text = match year {
                Some(y) => format!("{label} {y}: {r}"),
                None => format!("{label}: {r}"),
            };
            let entry = out.entry(id).or_default();
            if !entry.is_empty() {
                entry.push_str("; ");
            }
            entry.push_str(&text);
        }
        Ok(out)
    }
}
