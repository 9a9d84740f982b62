//! Moving a household to a stage: only from the version the caller saw, only when the
//! province's stage rule allows it; recorded in the stage history and the audit log.
use sqlx::AnyConnection;

use super::events::{self, BoardHub};
use super::rules;
use super::stage_board::card_on;
use crate::api::board_events::BoardChange;
use crate::api::boards::{HouseholdStage, StageChange};
use crate::api::me::CurrentUser;
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::domain::stage_rule::{check_stage, LadderProblem, StageRefusal};
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, Db};

/// The longest note kept with a move.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// How a stage move ended.
#[derive(Debug)]
pub enum StageOutcome {
    Moved(HouseholdStage),
    /// The household changed since the caller's version: here is where it stands.
    Stale(HouseholdStage),
    /// The stage rule does not allow it; nothing changed.
    Refused(StageRefusal),
}

#[derive(sqlx::FromRow)]
struct Row {
    province_code: String,
    stage: Option<String>,
    version: i64,
}

/// The household's problems as the stage rule sees them.
pub async fn ladder_problems(conn: &mut AnyConnection, household_id: i64) -> Result<Vec<LadderProblem>, AppError> {
    let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT i.code, l.level, p.status FROM problems p
         JOIN indicators i ON i.id = p.indicator_id
         LEFT JOIN indicator_levels l ON l.indicator_id = p.indicator_id
         WHERE p.household_id = $1",
    )
    .bind(household_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, level, status)| {
            Some(LadderProblem {
                indicator: code,
                level: level.as_deref().and_then(Stage::parse),
                status: ProblemStatus::parse(&status)?,
            })
        })
        .collect())
}

/// Moves household `id` to `change.stage`, if the caller may, the version is current and the
/// rule allows it.
pub async fn move_stage(
    db: &Db,
    hub: &BoardHub,
    user: &CurrentUser,
    id: i64,
    change: &StageChange,
) -> Result<StageOutcome, AppError> {
    if !user.role.may_move_stages() {
        return Err(AppError::Forbidden);
    }
    let note = change.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(AppError::invalid(
            format!("บันทึกยาวเกิน {MAX_NOTE_CHARS} ตัวอักษร"),
            format!("The note is longer than {MAX_NOTE_CHARS} characters"),
        ));
    }
    check_visible(db, &user.scope, id).await?;
    let mut tx = begin_write(db).await?;
    let row: Row = sqlx::query_as("SELECT province_code, stage, version FROM households WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = row.stage.as_deref().and_then(Stage::parse);
    let stands = HouseholdStage { household_id: id, stage: from, version: row.version };
    if row.version != change.version {
        return Ok(StageOutcome::Stale(stands));
    }
    let rule = rules::load(&mut tx, &row.province_code).await?;
    let problems = ladder_problems(&mut tx, id).await?;
    if let Err(refusal) = check_stage(&rule, change.stage, &problems) {
        return Ok(StageOutcome::Refused(refusal));
    }
    if from == Some(change.stage) {
        // Already there: nothing to record.
        return Ok(StageOutcome::Moved(stands));
    }
    let now = now_iso();
    let write = StageWrite { household_id: id, from, to: change.stage, version: change.version, note };
    let Some(event) = write_stage(&mut tx, db.dialect, user.id, write, &now).await? else {
        return Ok(StageOutcome::Stale(stands));
    };
    tx.commit().await?;
    hub.committed(vec![event]);
    Ok(StageOutcome::Moved(HouseholdStage { household_id: id, stage: Some(change.stage), version: change.version + 1 }))
}

/// A stage change to write: household, from and to, the version it was checked at, the note.
pub struct StageWrite<'a> {
    pub household_id: i64,
    pub from: Option<Stage>,
    pub to: Stage,
    pub version: i64,
    pub note: Option<&'a str>,
}

/// Writes a stage change already checked against the rule, inside the caller's transaction:
/// the household (only at `version`), its stage history, the audit log and the board feed's
/// event (announce it after the commit). `None` when the household's version moved on.
pub async fn write_stage(
    tx: &mut AnyConnection,
    dialect: crate::ssr::db::Dialect,
    user_id: i64,
    write: StageWrite<'_>,
    now: &str,
) -> Result<Option<crate::api::board_events::BoardEvent>, AppError> {
    let StageWrite { household_id: id, from, to, version, note } = write;
    let changed = sqlx::query(
        "UPDATE households SET stage = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO stage_history (household_id, from_stage, to_stage, changed_by, changed_at, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(from.map(Stage::as_str))
    .bind(to.as_str())
    .bind(user_id)
    .bind(now)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent {
        user_id: Some(user_id),
        action: AuditAction::StageChanged,
        entity: Some("household"),
        entity_id: Some(id.to_string()),
        detail: Some(format!("{} → {}", from.map_or("none", Stage::as_str), to.as_str())),
    };
    record_on(&mut *tx, event, now).await?;
    let (card, area) = card_on(&mut *tx, id).await?;
    let change_event = BoardChange::Stage { from, to, card };
    Ok(Some(events::record(&mut *tx, dialect, area, Some(user_id), now, change_event).await?))
}
