//! Reading the stage board: households in scope per stage (exact counts), each column's cards
//! with the fewest open problems first, and each card's open problems per dimension.
use std::collections::HashMap;

use sqlx::AnyConnection;

use super::events::{latest_id, Area};
use crate::api::households::address_parts;
use crate::api::stage_board::{HouseholdCard, StageBoard, STAGE_CARDS};
use crate::domain::access::Scope;
use crate::domain::board_moves::Column;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::Db;

/// The board's columns: not yet assessed, then each stage.
pub fn column_keys() -> Vec<Option<Stage>> {
    std::iter::once(None).chain(Stage::ALL.into_iter().map(Some)).collect()
}

/// Households in scope under the board's part of `f` (its area).
fn conditions(scope: &Scope, f: &HouseholdFilter, args: &mut Args) -> String {
    let mut c = vec![household_condition(scope, args)];
    if let Some(a) = &f.amphoe {
        c.push(format!("h.amphoe_code = {}", args.push(a.as_str())));
    }
    if let Some(t) = &f.tambon {
        c.push(format!("h.tambon_code = {}", args.push(t.as_str())));
    }
    c.join(" AND ")
}

fn stage_condition(stage: Option<Stage>, args: &mut Args) -> String {
    match stage {
        Some(s) => format!("h.stage = {}", args.push(s.as_str())),
        None => "h.stage IS NULL".to_string(),
    }
}

const OPEN: &str = "p.status IN ('open', 'in_progress')";

#[derive(sqlx::FromRow)]
struct Row {
    household_id: i64,
    version: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    tambon_name: String,
    amphoe_name: String,
    stage: Option<String>,
}

fn select(condition: &str, tail: &str) -> String {
    format!(
        "SELECT h.id AS household_id, h.version, h.head_name, h.house_no, h.moo, t.name_th AS tambon_name,
                a.name_th AS amphoe_name, h.stage
         FROM households h JOIN tambons t ON t.code = h.tambon_code JOIN amphoes a ON a.code = h.amphoe_code
         WHERE {condition} {tail}"
    )
}

/// Cards for `rows`, with their open problems read in one query.
async fn cards_for(conn: &mut AnyConnection, rows: Vec<Row>) -> Result<Vec<HouseholdCard>, AppError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let list = args.push_list(rows.iter().map(|r| r.household_id));
    let open: Vec<(i64, String, String)> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT p.household_id, i.code, i.dimension FROM problems p JOIN indicators i ON i.id = p.indicator_id
             WHERE p.household_id IN ({list}) AND {OPEN} ORDER BY i.code"
        )))
        .fetch_all(&mut *conn)
        .await?;
    let mut by_household: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (h, code, dimension) in open {
        by_household.entry(h).or_default().push((code, dimension));
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let problems = by_household.remove(&r.household_id).unwrap_or_default();
            let mut per_dimension = [0i64; 5];
            for (_, d) in &problems {
                if let Some(i) = Dimension::parse(d).and_then(|d| Dimension::ALL.iter().position(|x| *x == d)) {
                    per_dimension[i] += 1;
                }
            }
            HouseholdCard {
                address: address_parts(
                    Lang::Th,
                    r.house_no.as_deref(),
                    r.moo,
                    None,
                    &r.tambon_name,
                    Some(&r.amphoe_name),
                )
                .join(" "),
                household_id: r.household_id,
                version: r.version,
                head_name: r.head_name,
                stage: r.stage.as_deref().and_then(Stage::parse),
                open: per_dimension,
                open_codes: problems.into_iter().map(|(c, _)| c).collect(),
            }
        })
        .collect())
}

/// Cards of one column under `f`, the fewest open problems first, from `offset` on: at most
/// [`STAGE_CARDS`].
pub async fn cards(
    db: &Db,
    scope: &Scope,
    f: &HouseholdFilter,
    stage: Option<Stage>,
    offset: i64,
) -> Result<Vec<HouseholdCard>, AppError> {
    let mut args = Args::new();
    let cond = conditions(scope, f, &mut args);
    let stage = stage_condition(stage, &mut args);
    let limit = args.push(STAGE_CARDS as i64);
    let offset = args.push(offset.max(0));
    let tail = format!(
        "ORDER BY (SELECT COUNT(*) FROM problems p WHERE p.household_id = h.id AND {OPEN}), h.id LIMIT {limit} OFFSET {offset}"
    );
    let rows: Vec<Row> =
        args.bind_as(sqlx::query_as(&select(&format!("{cond} AND {stage}"), &tail))).fetch_all(&db.pool).await?;
    let mut conn = db.pool.acquire().await?;
    cards_for(&mut conn, rows).await
}

/// One household's card and area, inside a transaction (for the feed).
pub async fn card_on(conn: &mut AnyConnection, household_id: i64) -> Result<(HouseholdCard, Area), AppError> {
    let row: Row = sqlx::query_as(&select("h.id = $1", ""))
        .bind(household_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let card = cards_for(conn, vec![row]).await?.pop().ok_or(AppError::Internal)?;
    Ok((card, Area::of_household(conn, household_id).await?))
}

/// One household's card (the caller checks the scope).
pub async fn card(db: &Db, household_id: i64) -> Result<HouseholdCard, AppError> {
    let mut conn = db.pool.acquire().await?;
    Ok(card_on(&mut conn, household_id).await?.0)
}

/// The board under `f` for a user of `scope`.
pub async fn load(db: &Db, scope: &Scope, f: &HouseholdFilter) -> Result<StageBoard, AppError> {
    // Read first: a change made while the board loads is replayed to it rather than lost.
    let last_event_id = latest_id(db).await?;
    let mut args = Args::new();
    let cond = conditions(scope, f, &mut args);
    let counts: Vec<(Option<String>, i64)> = args
        .bind_as(sqlx::query_as(&format!("SELECT h.stage, COUNT(*) FROM households h WHERE {cond} GROUP BY h.stage")))
        .fetch_all(&db.pool)
        .await?;
    let mut columns = Vec::new();
    for key in column_keys() {
        let total = counts.iter().find(|(s, _)| s.as_deref().and_then(Stage::parse) == key).map_or(0, |c| c.1);
        let cards = if total > 0 { cards(db, scope, f, key, 0).await? } else { Vec::new() };
        columns.push(Column { key, total, cards });
    }
    Ok(StageBoard { columns, may_move: false, last_event_id })
}
