//! Changing a problem's status (open, in progress, resolved, cannot resolve): by its owner
//! agency or a coordinator, only from the version the caller saw; audited and announced.
use super::events::{self, BoardHub};
use super::owner_board::card_on;
use crate::api::agency_board::{ProblemStatusNow, StatusChange};
use crate::api::board_events::BoardChange;
use crate::api::me::CurrentUser;
use crate::domain::access::may_set_status;
use crate::domain::problem::ProblemStatus;
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, today_iso, Db};

/// The longest note kept with a change.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// How a status change ended.
#[derive(Debug)]
pub enum StatusOutcome {
    Changed(ProblemStatusNow),
    /// The problem changed since the caller's version: here is where it stands.
    Stale(ProblemStatusNow),
}

#[derive(sqlx::FromRow)]
struct Row {
    household_id: i64,
    status: String,
    owner_agency_id: Option<i64>,
    version: i64,
}

/// Sets problem `id` to `change.status`, if the caller may and the version is current.
pub async fn set_status(
    db: &Db,
    hub: &BoardHub,
    user: &CurrentUser,
    id: i64,
    change: &StatusChange,
) -> Result<StatusOutcome, AppError> {
    let note = change.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(AppError::invalid(
            format!("บันทึกยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"),
            format!("The note is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    let row: Row = sqlx::query_as("SELECT household_id, status, owner_agency_id, version FROM problems WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    check_visible(db, &user.scope, row.household_id).await?;
    if !may_set_status(user.role, &user.scope, row.owner_agency_id) {
        return Err(AppError::Forbidden);
    }
    let from = ProblemStatus::parse(&row.status).ok_or(AppError::Internal)?;
    let stands = |status, version| ProblemStatusNow { problem_id: id, household_id: row.household_id, status, version };
    if row.version != change.version {
        return Ok(StatusOutcome::Stale(stands(from, row.version)));
    }
    if from == change.status {
        return Ok(StatusOutcome::Changed(stands(from, row.version)));
    }
    let now = now_iso();
    let closed_on = (!change.status.is_pending()).then(today_iso);
    let mut tx = begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE problems SET status = $1, closed_on = $2, version = version + 1, updated_at = $3
         WHERE id = $4 AND version = $5",
    )
    .bind(change.status.as_str())
    .bind(closed_on)
    .bind(&now)
    .bind(id)
    .bind(change.version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let (status, version): (String, i64) =
            sqlx::query_as("SELECT status, version FROM problems WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        tx.rollback().await?;
        return Ok(StatusOutcome::Stale(stands(ProblemStatus::parse(&status).unwrap_or(from), version)));
    }
    let detail = match note {
        Some(n) => format!("{} → {}: {n}", from.as_str(), change.status.as_str()),
        None => format!("{} → {}", from.as_str(), change.status.as_str()),
    };
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::ProblemStatusChanged,
        entity: Some("problem"),
        entity_id: Some(id.to_string()),
        detail: Some(detail),
    };
    record_on(&mut tx, event, &now).await?;
    let (card, area) = card_on(&mut tx, id).await?;
    let feed = BoardChange::Status { from, to: change.status, card };
    let event = events::record(&mut tx, db.dialect, area, Some(user.id), &now, feed).await?;
    tx.commit().await?;
    hub.committed(vec![event]);
    Ok(StatusOutcome::Changed(stands(change.status, change.version + 1)))
}
