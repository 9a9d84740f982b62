//! The WAR Room figures: households, stages and pending problems per district and dimension.
use std::collections::BTreeMap;

use super::args::Args;
use super::scope_sql::household_condition;
use super::{now_iso, Db};
use crate::api::overview::{DistrictRow, Overview};
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::error::AppError;

pub async fn overview(db: &Db, scope: &Scope) -> Result<Overview, AppError> {
    let amphoes: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name_th, name_en FROM amphoes ORDER BY code").fetch_all(&db.pool).await?;
    let province: (String, String, String) =
        sqlx::query_as("SELECT code, name_th, name_en FROM provinces ORDER BY code LIMIT 1")
            .fetch_one(&db.pool)
            .await?;

    let mut rows: BTreeMap<String, DistrictRow> =
        amphoes.into_iter().map(|(code, th, en)| (code.clone(), DistrictRow::empty(code, th, en))).collect();

    let mut args = Args::new();
    let cond = household_condition(scope, &mut args);
    let stage_sql = format!(
        "SELECT h.amphoe_code, h.stage, COUNT(*) FROM households h WHERE {cond} GROUP BY h.amphoe_code, h.stage"
    );
    let stages: Vec<(String, Option<String>, i64)> =
        args.bind_as(sqlx::query_as(&stage_sql)).fetch_all(&db.pool).await?;
    for (amphoe, stage, n) in stages {
        if let Some(row) = rows.get_mut(&amphoe) {
            row.households += n;
            match stage.as_deref() {
                Some("survive") => row.stages.survive += n,
                Some("sufficient") => row.stages.sufficient += n,
                Some("sustainable") => row.stages.sustainable += n,
                _ => row.stages.unassessed += n,
            }
        }
    }

    let mut args = Args::new();
    let cond = household_condition(scope, &mut args);
    let problem_sql = format!(
        "SELECT h.amphoe_code, i.dimension, COUNT(DISTINCT h.id), COUNT(*),
                SUM(CASE WHEN p.owner_agency_id IS NULL THEN 1 ELSE 0 END)
         FROM problems p
         JOIN households h ON h.id = p.household_id
         JOIN indicators i ON i.id = p.indicator_id
         WHERE p.status IN ('open', 'in_progress') AND {cond}
         GROUP BY h.amphoe_code, i.dimension"
    );
    let cells: Vec<(String, String, i64, i64, i64)> =
        args.bind_as(sqlx::query_as(&problem_sql)).fetch_all(&db.pool).await?;
    for (amphoe, dimension, households, pending, unowned) in cells {
        let (Some(row), Some(d)) = (rows.get_mut(&amphoe), Dimension::parse(&dimension)) else {
            continue;
        };
        let i = Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0);
        row.dimensions[i].households += households;
        row.dimensions[i].pending += pending;
        row.dimensions[i].unowned += unowned;
        row.pending += pending;
        row.unowned += unowned;
    }

    // Districts the user can see whole, plus any where part of their scope lies.
    let districts: Vec<DistrictRow> =
        rows.into_values().filter(|r| scope.covers_amphoe(&r.code) || r.households > 0).collect();
    let mut total = DistrictRow::empty(province.0, province.1, province.2);
    for d in &districts {
        total.add(d);
    }
    Ok(Overview { districts, total, as_of: now_iso() })
}
