//! Reading an agency's household board: the problems it owns per status (exact counts), the
//! longest-waiting first, inside the caller's scope.
use super::events::latest_id;
use super::owner_board::{filter_conditions, CardRow, CARD_COLUMNS, FROM};
use crate::api::agency_board::{AgencyBoard, AgencyChoice, STATUS_COLUMNS};
use crate::api::boards::{ProblemCard, LANE_CARDS};
use crate::api::me::CurrentUser;
use crate::domain::access::{may_set_status, Scope};
use crate::domain::board_moves::Column;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::ProblemStatus;
use crate::error::AppError;
use crate::ssr::db::args::Args;
use crate::ssr::db::{today_iso, Db};

/// The agency whose board the caller sees: an agency user always its own, others the one
/// they asked for (if any).
pub fn allowed_agency(user: &CurrentUser, asked: Option<i64>) -> Result<Option<i64>, AppError> {
    Ok(match user.scope {
        Scope::Agency(own) => Some(own),
        _ => asked,
    })
}

/// Cards of one column under `f`, the longest-waiting first, from `offset` on.
pub async fn cards(
    db: &Db,
    scope: &Scope,
    f: &HouseholdFilter,
    agency: i64,
    status: ProblemStatus,
    offset: i64,
) -> Result<Vec<ProblemCard>, AppError> {
    let mut args = Args::new();
    let cond = filter_conditions(scope, f, &mut args);
    let owner = args.push(agency);
    let status = args.push(status.as_str());
    let limit = args.push(LANE_CARDS as i64);
    let offset = args.push(offset.max(0));
    let rows: Vec<CardRow> = args
        .bind_as(sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} {FROM} WHERE {cond} AND p.owner_agency_id = {owner} AND p.status = {status}
             ORDER BY p.opened_on, p.id LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().filter_map(CardRow::card).collect())
}

async fn agencies(db: &Db) -> Result<Vec<AgencyChoice>, AppError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, short_th, name_th, name_en FROM agencies WHERE active
         ORDER BY CASE WHEN dimension IS NULL THEN 1 ELSE 0 END, dimension, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, short_th, name_th, name_en)| AgencyChoice { id, short_th, name_th, name_en })
        .collect())
}

/// The board of the agency `asked` (see [`allowed_agency`]) under `f`.
pub async fn load(
    db: &Db,
    user: &CurrentUser,
    f: &HouseholdFilter,
    asked: Option<i64>,
) -> Result<AgencyBoard, AppError> {
    // Read first: a change made while the board loads is replayed to it rather than lost.
    let last_event_id = latest_id(db).await?;
    let all = agencies(db).await?;
    let agency_id = allowed_agency(user, asked)?;
    let agency = match agency_id {
        Some(id) => Some(all.iter().find(|a| a.id == id).cloned().ok_or(AppError::NotFound)?),
        None => None,
    };
    let mut columns = Vec::new();
    for status in STATUS_COLUMNS {
        columns.push(Column { key: status, total: 0, cards: Vec::new() });
    }
    if let Some(id) = agency_id {
        let mut args = Args::new();
        let cond = filter_conditions(&user.scope, f, &mut args);
        let owner = args.push(id);
        let counts: Vec<(String, i64)> = args
            .bind_as(sqlx::query_as(&format!(
                "SELECT p.status, COUNT(*) {FROM} WHERE {cond} AND p.owner_agency_id = {owner} GROUP BY p.status"
            )))
            .fetch_all(&db.pool)
            .await?;
        for column in columns.iter_mut() {
            column.total = counts.iter().find(|(s, _)| s == column.key.as_str()).map_or(0, |c| c.1);
            if column.total > 0 {
                column.cards = cards(db, &user.scope, f, id, column.key, 0).await?;
            }
        }
    }
    let agency_user = matches!(user.scope, Scope::Agency(_));
    Ok(AgencyBoard {
        may_move: agency_id.is_some_and(|id| may_set_status(user.role, &user.scope, Some(id))),
        agency,
        agencies: if agency_user { Vec::new() } else { all },
        columns,
        today: today_iso(),
        last_event_id,
    })
}
