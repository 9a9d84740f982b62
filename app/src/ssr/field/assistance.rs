//! Recording assistance against a household's problem: what was done, when, for how much, the
//! result; "problem resolved" closes the problem (announced on the boards). Once per client id.
use super::idempotency::{compare, is_unique_violation, request_hash};
use super::{check_position, may_record, short_text};
use crate::api::board_events::BoardChange;
use crate::api::field::{Assistance, NewAssistance};
use crate::api::me::CurrentUser;
use crate::domain::dates::parse_iso_date;
use crate::domain::field::{assistance_gap, AssistanceResult};
use crate::domain::field_conflict::{problem_status_conflict, stage_conflict, FieldConflict};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::domain::stage_rule::check_stage;
use crate::error::AppError;
use crate::ssr::boards::events::{self, BoardHub};
use crate::ssr::boards::owner_board::card_on;
use crate::ssr::boards::rules;
use crate::ssr::boards::stage::{ladder_problems, write_stage, StageWrite};
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, today_iso, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    client_id: Option<String>,
    household_id: i64,
    problem_id: Option<i64>,
    menu_item_id: Option<i64>,
    owner_agency_id: Option<i64>,
    detail: String,
    done_on: Option<String>,
    amount_satang: Option<i64>,
    budget_source: Option<String>,
    in_kind_value_satang: Option<i64>,
    result: String,
    result_reason: Option<String>,
    /// 0 or 1: read as a number, which both databases give alike.
    resolved_problem: i64,
    created_at: String,
    request_sha256: Option<String>,
    problem_status: Option<String>,
    target_stage: Option<String>,
    household_stage: Option<String>,
}

impl Row {
    fn record(self) -> Result<Assistance, AppError> {
        Ok(Assistance {
            id: self.id,
            client_id: self.client_id,
            household_id: self.household_id,
            problem_id: self.problem_id,
            menu_item_id: self.menu_item_id,
            owner_agency_id: self.owner_agency_id,
            detail: self.detail,
            done_on: self.done_on,
            amount_satang: self.amount_satang,
            budget_source: self.budget_source,
            in_kind_value_satang: self.in_kind_value_satang,
            result: AssistanceResult::parse(&self.result).ok_or(AppError::Internal)?,
            result_reason: self.result_reason,
            resolved_problem: self.resolved_problem != 0,
            problem_status: self.problem_status.as_deref().and_then(ProblemStatus::parse),
            proposed_stage: self.target_stage.as_deref().and_then(Stage::parse),
            household_stage: self.household_stage.as_deref().and_then(Stage::parse),
            stage_note_th: None,
            stage_note_en: None,
            created_at: self.created_at,
        })
    }
}

const SELECT: &str =
    "SELECT a.id, a.client_id, a.household_id, a.problem_id, a.menu_item_id, a.owner_agency_id, a.detail,
       a.done_on, a.amount_satang, a.budget_source, a.in_kind_value_satang, a.result, a.result_reason,
       CASE WHEN a.resolved_problem THEN 1 ELSE 0 END AS resolved_problem, a.created_at, a.request_sha256, p.status AS problem_status,
       a.target_stage, h.stage AS household_stage
     FROM assistance_records a JOIN households h ON h.id = a.household_id LEFT JOIN problems p ON p.id = a.problem_id";

/// How recording ended.
#[derive(Debug)]
pub enum Recorded {
    /// Stored now (`true`) or before, under the same client id (`false`).
    Stored(Box<Assistance>, bool),
    /// The officer's copy is out of date for these fields: nothing was stored.
    Conflict(Vec<FieldConflict>),
}

/// What changed on the server since the officer's copy, for the fields this record changes.
async fn conflicts(tx: &mut sqlx::AnyConnection, a: &NewAssistance) -> Result<Vec<FieldConflict>, AppError> {
    let mut found = Vec::new();
    if let (true, Some(problem), Some(seen)) = (a.resolved_problem, a.problem_id, a.base_problem_status) {
        let now: String =
            sqlx::query_scalar("SELECT status FROM problems WHERE id = $1").bind(problem).fetch_one(&mut *tx).await?;
        let now = ProblemStatus::parse(&now).ok_or(AppError::Internal)?;
        found.extend(problem_status_conflict(seen, now));
    }
    if let Some(proposed) = a.propose_stage {
        let now: Option<String> = sqlx::query_scalar("SELECT stage FROM households WHERE id = $1")
            .bind(a.household_id)
            .fetch_one(&mut *tx)
            .await?;
        found.extend(stage_conflict(proposed, a.base_stage, now.as_deref().and_then(Stage::parse)));
    }
    Ok(found)
}

/// A proposed stage, after the record is written in `tx`: made when the officer's role may
/// move stages and the rule allows it; otherwise kept on the record with the reason (Thai,
/// English). The board event to announce, if moved.
async fn proposed_stage(
    tx: &mut sqlx::AnyConnection,
    db: &Db,
    user: &CurrentUser,
    household: i64,
    proposed: Stage,
    now: &str,
) -> Result<(Option<crate::api::board_events::BoardEvent>, Option<(String, String)>), AppError> {
    let (province, stage, version): (String, Option<String>, i64) =
        sqlx::query_as("SELECT province_code, stage, version FROM households WHERE id = $1")
            .bind(household)
            .fetch_one(&mut *tx)
            .await?;
    let from = stage.as_deref().and_then(Stage::parse);
    if from == Some(proposed) {
        return Ok((None, None));
    }
    let rule = rules::load(&mut *tx, &province).await?;
    let problems = ladder_problems(&mut *tx, household).await?;
    if let Err(refusal) = check_stage(&rule, proposed, &problems) {
        return Ok((None, Some((refusal.message(crate::i18n::Lang::Th), refusal.message(crate::i18n::Lang::En)))));
    }
    if !user.role.may_move_stages() {
        return Ok((
            None,
            Some((
                format!("เสนอระดับ{}แล้ว ผู้ประสานงานจะพิจารณาย้ายระดับขั้น", proposed.label(crate::i18n::Lang::Th)),
                format!("Proposed {}; a coordinator decides the move", proposed.label(crate::i18n::Lang::En)),
            )),
        ));
    }
    let write =
        StageWrite {
            household_id: household, from, to: proposed, version, note: Some("เสนอพร้อมบันทึกการช่วยเหลือ")
        };
    Ok((write_stage(&mut *tx, db.dialect, user.id, write, now).await?, None))
}

async fn sent_before(db: &Db, user: i64, key: &str, hash: &str) -> Result<Option<Assistance>, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE a.created_by = $1 AND a.client_id = $2"))
        .bind(user)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    match row {
        Some(r) => {
            compare(r.request_sha256.as_deref().unwrap_or_default(), hash)?;
            Ok(Some(r.record()?))
        }
        None => Ok(None),
    }
}

/// Checks what the phone sent that the database would otherwise refuse without a reason.
async fn check(db: &Db, a: &NewAssistance) -> Result<(), AppError> {
    if let Some((th, en)) = assistance_gap(a.result, a.result_reason.as_deref()) {
        return Err(AppError::invalid(th, en));
    }
    if a.amount_satang.is_some_and(|v| v < 0) || a.in_kind_value_satang.is_some_and(|v| v < 0) {
        return Err(AppError::invalid("จำนวนเงินต้องไม่ติดลบ", "Amounts cannot be negative"));
    }
    if let Some(d) = a.done_on.as_deref() {
        match parse_iso_date(d) {
            Some(day) if day <= chrono::Utc::now().date_naive() + chrono::Duration::days(1) => {}
            Some(_) => return Err(AppError::invalid("วันที่ช่วยเหลืออยู่ในอนาคต", "The assistance date is in the future")),
            None => {
                return Err(AppError::invalid(
                    format!("วันที่ '{d}' อ่านไม่ได้ (ใช้รูปแบบ 2026-11-29)"),
                    format!("Cannot read the date '{d}' (use 2026-11-29)"),
                ))
            }
        }
    }
    if a.resolved_problem && a.problem_id.is_none() {
        return Err(AppError::invalid("ระบุปัญหาที่แก้ไขได้แล้ว", "Name the problem that was resolved"));
    }
    if let Some(p) = a.problem_id {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM problems WHERE id = $1 AND household_id = $2")
            .bind(p)
            .bind(a.household_id)
            .fetch_one(&db.pool)
            .await?;
        if n == 0 {
            return Err(AppError::invalid("ปัญหานี้ไม่ใช่ของครัวเรือนนี้", "That problem is not this household's"));
        }
    }
    if let Some(m) = a.menu_item_id {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assistance_menu WHERE id = $1")
            .bind(m)
            .fetch_one(&db.pool)
            .await?;
        if n == 0 {
            return Err(AppError::invalid("ไม่พบรายการในเมนูความช่วยเหลือ", "No such assistance menu item"));
        }
    }
    if let Some(o) = a.owner_agency_id {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = $1").bind(o).fetch_one(&db.pool).await?;
        if n == 0 {
            return Err(AppError::invalid("ไม่พบหน่วยงานเจ้าภาพ", "No such owner agency"));
        }
    }
    Ok(())
}

/// Stores an assistance record (or returns the one already sent under `key`), unless the
/// officer's copy is out of date for what it changes.
pub async fn record_assistance(
    db: &Db,
    hub: &BoardHub,
    user: &CurrentUser,
    key: Option<&str>,
    a: &NewAssistance,
) -> Result<Recorded, AppError> {
    may_record(user)?;
    let detail = short_text(Some(&a.detail), 4_000, "รายละเอียด", "The detail")?.unwrap_or_default();
    let reason = short_text(a.result_reason.as_deref(), 1_000, "เหตุผล", "The reason")?;
    let budget = short_text(a.budget_source.as_deref(), 200, "แหล่งงบประมาณ", "The budget source")?;
    check_position(a.lat, a.lon)?;
    check_visible(db, &user.scope, a.household_id).await?;
    check(db, a).await?;
    let hash = request_hash(a);
    if let Some(key) = key {
        if let Some(found) = sent_before(db, user.id, key, &hash).await? {
            return Ok(Recorded::Stored(Box::new(found), false));
        }
    }
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let found = conflicts(&mut tx, a).await?;
    if !found.is_empty() {
        tx.rollback().await?;
        return Ok(Recorded::Conflict(found));
    }
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO assistance_records (household_id, problem_id, menu_item_id, owner_agency_id, officer_user_id, detail,
             done_on, amount_satang, budget_source, in_kind_value_satang, result, result_reason, resolved_problem,
             lat, lon, created_by, created_at, updated_by, updated_at, client_id, request_sha256, target_stage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $5, $16, $5, $16, $17, $18, $19) RETURNING id",
    )
    .bind(a.household_id)
    .bind(a.problem_id)
    .bind(a.menu_item_id)
    .bind(a.owner_agency_id)
    .bind(user.id)
    .bind(&detail)
    .bind(a.done_on.as_deref())
    .bind(a.amount_satang)
    .bind(&budget)
    .bind(a.in_kind_value_satang)
    .bind(a.result.as_str())
    .bind(&reason)
    .bind(a.resolved_problem)
    .bind(a.lat)
    .bind(a.lon)
    .bind(&now)
    .bind(key)
    .bind(&hash)
    .bind(a.propose_stage.map(Stage::as_str))
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if key.is_some() && is_unique_violation(&e) => {
            tx.rollback().await?;
            let key = key.unwrap_or_default();
            return sent_before(db, user.id, key, &hash)
                .await?
                .map(|a| Recorded::Stored(Box::new(a), false))
                .ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    let mut feed = Vec::new();
    if let (true, Some(problem)) = (a.resolved_problem, a.problem_id) {
        let from: String =
            sqlx::query_scalar("SELECT status FROM problems WHERE id = $1").bind(problem).fetch_one(&mut *tx).await?;
        let from = ProblemStatus::parse(&from).ok_or(AppError::Internal)?;
        if from != ProblemStatus::Resolved {
            sqlx::query(
                "UPDATE problems SET status = 'resolved', closed_on = $1, version = version + 1, updated_at = $2 WHERE id = $3",
            )
            .bind(a.done_on.clone().unwrap_or_else(today_iso))
            .bind(&now)
            .bind(problem)
            .execute(&mut *tx)
            .await?;
            let (card, area) = card_on(&mut tx, problem).await?;
            let change = BoardChange::Status { from, to: ProblemStatus::Resolved, card };
            feed.push(events::record(&mut tx, db.dialect, area, Some(user.id), &now, change).await?);
        }
    }
    let mut stage_note = None;
    if let Some(proposed) = a.propose_stage {
        let (moved, note) = proposed_stage(&mut tx, db, user, a.household_id, proposed, &now).await?;
        feed.extend(moved);
        stage_note = note;
    }
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::AssistanceRecorded,
        entity: Some("household"),
        entity_id: Some(a.household_id.to_string()),
        detail: Some(format!("assistance {id}: {}", a.result.as_str())),
    };
    record_on(&mut tx, event, &now).await?;
    tx.commit().await?;
    hub.committed(feed);
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1")).bind(id).fetch_one(&db.pool).await?;
    let mut record = row.record()?;
    if let Some((th, en)) = stage_note {
        record.stage_note_th = Some(th);
        record.stage_note_en = Some(en);
    }
    Ok(Recorded::Stored(Box::new(record), true))
}
