//! Reading the owner board: per lane (no owner, then each active agency) the exact count of
//! open problems under the filter and the longest-waiting cards, all inside the caller's scope.
use crate::api::boards::{MoveChoice, OwnerBoard, OwnerLane, ProblemCard, LANE_CARDS, LANE_FIRST};
use crate::api::households::address_parts;
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::ProblemStatus;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::{today_iso, Db};

use super::events::{latest_id, Area};
use sqlx::AnyConnection;

/// Open problems (open or in progress) in scope under the board's part of `f`.
fn conditions(scope: &Scope, f: &HouseholdFilter, args: &mut Args) -> String {
    format!("p.status IN ('open', 'in_progress') AND {}", filter_conditions(scope, f, args))
}

/// Problems in scope under the boards' part of `f` (area, dimension, indicator).
pub(super) fn filter_conditions(scope: &Scope, f: &HouseholdFilter, args: &mut Args) -> String {
    let mut c = vec![household_condition(scope, args)];
    if let Some(a) = &f.amphoe {
        c.push(format!("h.amphoe_code = {}", args.push(a.as_str())));
    }
    if let Some(t) = &f.tambon {
        c.push(format!("h.tambon_code = {}", args.push(t.as_str())));
    }
    if let Some(d) = f.dimension {
        c.push(format!("i.dimension = {}", args.push(d.as_str())));
    }
    if let Some(code) = &f.indicator {
        c.push(format!("i.code = {}", args.push(code.as_str())));
    }
    c.join(" AND ")
}

pub(super) const FROM: &str =
    "FROM problems p JOIN households h ON h.id = p.household_id JOIN indicators i ON i.id = p.indicator_id
     JOIN tambons t ON t.code = h.tambon_code JOIN amphoes a ON a.code = h.amphoe_code";

#[derive(sqlx::FromRow)]
pub(super) struct CardRow {
    problem_id: i64,
    version: i64,
    household_id: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    tambon_name: String,
    amphoe_name: String,
    indicator: String,
    dimension: String,
    status: String,
    owner_agency_id: Option<i64>,
    opened_on: String,
}

pub(super) const CARD_COLUMNS: &str = "p.id AS problem_id, p.version, h.id AS household_id, h.head_name, h.house_no, h.moo,
     t.name_th AS tambon_name, a.name_th AS amphoe_name, i.code AS indicator, i.dimension, p.status, p.owner_agency_id, p.opened_on";

impl CardRow {
    pub(super) fn card(self) -> Option<ProblemCard> {
        Some(ProblemCard {
            address: address_parts(
                Lang::Th,
                self.house_no.as_deref(),
                self.moo,
                None,
                &self.tambon_name,
                Some(&self.amphoe_name),
            )
            .join(" "),
            problem_id: self.problem_id,
            version: self.version,
            household_id: self.household_id,
            head_name: self.head_name,
            indicator: self.indicator,
            dimension: Dimension::parse(&self.dimension)?,
            status: ProblemStatus::parse(&self.status)?,
            owner_agency_id: self.owner_agency_id,
            opened_on: self.opened_on,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AgencyRow {
    id: i64,
    dimension: Option<String>,
    short_th: String,
    name_th: String,
    name_en: String,
}

/// The lanes with no cards yet: "no owner" first, then the active agencies.
async fn empty_lanes(db: &Db) -> Result<Vec<OwnerLane>, AppError> {
    let agencies: Vec<AgencyRow> = sqlx::query_as(
        "SELECT id, dimension, short_th, name_th, name_en FROM agencies WHERE active
             ORDER BY CASE WHEN dimension IS NULL THEN 1 ELSE 0 END, dimension, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut lanes = vec![OwnerLane {
        agency_id: None,
        short_th: "ยังไม่มีเจ้าภาพ".into(),
        name_th: "ยังไม่มีเจ้าภาพ".into(),
        name_en: "No owner yet".into(),
        dimension: None,
        total: 0,
        cards: Vec::new(),
    }];
    lanes.extend(agencies.into_iter().map(|a| OwnerLane {
        agency_id: Some(a.id),
        short_th: a.short_th,
        name_th: a.name_th,
        name_en: a.name_en,
        dimension: a.dimension.as_deref().and_then(Dimension::parse),
        total: 0,
        cards: Vec::new(),
    }));
    Ok(lanes)
}

/// Cards of one lane (`agency` `None`: no owner) under `f`, the longest-waiting first, from
/// `offset` on: at most [`LANE_CARDS`].
pub async fn lane_cards(
    db: &Db,
    scope: &Scope,
    f: &HouseholdFilter,
    agency: Option<i64>,
    offset: i64,
) -> Result<Vec<ProblemCard>, AppError> {
    lane_page(db, scope, f, agency, offset, LANE_CARDS).await
}

async fn lane_page(
    db: &Db,
    scope: &Scope,
    f: &HouseholdFilter,
    agency: Option<i64>,
    offset: i64,
    limit: usize,
) -> Result<Vec<ProblemCard>, AppError> {
    let mut args = Args::new();
    let cond = conditions(scope, f, &mut args);
    let owner = match agency {
        Some(id) => format!("p.owner_agency_id = {}", args.push(id)),
        None => "p.owner_agency_id IS NULL".to_string(),
    };
    let limit = args.push(limit as i64);
    let offset = args.push(offset.max(0));
    let rows: Vec<CardRow> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} {FROM} WHERE {cond} AND {owner} ORDER BY p.opened_on, p.id LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().filter_map(CardRow::card).collect())
}

/// One problem's card and its household's area, inside a transaction (for the feed).
pub async fn card_on(conn: &mut AnyConnection, problem_id: i64) -> Result<(ProblemCard, Area), AppError> {
    let row: CardRow = sqlx::query_as(&format!("SELECT {CARD_COLUMNS} {FROM} WHERE p.id = $1"))
        .bind(problem_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let area = Area::of_household(conn, row.household_id).await?;
    Ok((row.card().ok_or(AppError::Internal)?, area))
}

/// One problem's card, if its household is in `scope`.
pub async fn card(db: &Db, scope: &Scope, problem_id: i64) -> Result<ProblemCard, AppError> {
    let household: Option<i64> = sqlx::query_scalar("SELECT household_id FROM problems WHERE id = $1")
        .bind(problem_id)
        .fetch_optional(&db.pool)
        .await?;
    check_visible(db, scope, household.ok_or(AppError::NotFound)?).await?;
    let mut conn = db.pool.acquire().await?;
    Ok(card_on(&mut conn, problem_id).await?.0)
}

/// The board under `f` for a user of `scope`.
pub async fn load(db: &Db, scope: &Scope, f: &HouseholdFilter) -> Result<OwnerBoard, AppError> {
    // Read first: a change made while the board loads is replayed to it rather than lost.
    let last_event_id = latest_id(db).await?;
    let mut lanes = empty_lanes(db).await?;
    let mut args = Args::new();
    let cond = conditions(scope, f, &mut args);
    let counts: Vec<(Option<i64>, i64)> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT p.owner_agency_id, COUNT(*) {FROM} WHERE {cond} GROUP BY p.owner_agency_id"
        )))
        .fetch_all(&db.pool)
        .await?;
    for (owner, n) in counts {
        if let Some(lane) = lanes.iter_mut().find(|l| l.agency_id == owner) {
            lane.total = n;
        }
    }
    for lane in lanes.iter_mut().filter(|l| l.total > 0) {
        lane.cards = lane_page(db, scope, f, lane.agency_id, 0, LANE_FIRST).await?;
    }
    Ok(OwnerBoard { today: today_iso(), may_move: false, may_bulk: false, lanes, last_event_id })
}

/// Shows the card just moved by the move page on top of its lane when the lane's first cards do
/// not include it (the counts already do). Cards out of scope or closed are left out.
pub async fn show_moved(db: &Db, scope: &Scope, board: &mut OwnerBoard, problem_id: i64) -> Result<(), AppError> {
    let Ok(card) = card(db, scope, problem_id).await else { return Ok(()) };
    if !card.status.is_pending() || board.lanes.iter().any(|l| l.cards.iter().any(|c| c.problem_id == problem_id)) {
        return Ok(());
    }
    if let Some(lane) = board.lanes.iter_mut().find(|l| l.agency_id == card.owner_agency_id && l.total > 0) {
        lane.cards.insert(0, card);
    }
    Ok(())
}

/// One problem in scope and the lanes it may go to.
pub async fn move_choice(db: &Db, scope: &Scope, problem_id: i64) -> Result<MoveChoice, AppError> {
    let card = card(db, scope, problem_id).await?;
    let mut lanes = empty_lanes(db).await?;
    // Stable: "no owner" stays first, the dimension's agencies come next.
    lanes.sort_by_key(|l| (l.agency_id.is_some(), l.dimension != Some(card.dimension)));
    Ok(MoveChoice { owner_agency_id: card.owner_agency_id, card, lanes })
}
