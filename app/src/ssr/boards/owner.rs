//! Setting a problem's owner agency: one at a time with the caller's version, or many at once
//! at their current versions. Role, scope and version are checked; every change is audited.
use std::collections::HashSet;

use sqlx::AnyConnection;

use super::events::{self, BoardHub};
use super::owner_board::card_on;
use crate::api::board_events::{BoardChange, BoardEvent};
use crate::api::boards::{BulkOwnerItem, OwnerChange, ProblemOwner};
use crate::api::me::CurrentUser;
use crate::domain::access::may_set_owner;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::args::Args;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::scope_sql::household_condition;
use crate::ssr::db::{now_iso, Db, Dialect};

/// How a single owner change ended.
#[derive(Debug)]
pub enum OwnerOutcome {
    Changed(ProblemOwner),
    /// The problem moved on since the caller's version: here is where it stands.
    Stale(ProblemOwner),
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    household_id: i64,
    owner_agency_id: Option<i64>,
    version: i64,
}

impl From<Row> for ProblemOwner {
    fn from(r: Row) -> Self {
        ProblemOwner {
            problem_id: r.id,
            household_id: r.household_id,
            agency_id: r.owner_agency_id,
            version: r.version,
        }
    }
}

async fn current(conn: &mut AnyConnection, id: i64) -> Result<Option<ProblemOwner>, AppError> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, household_id, owner_agency_id, version FROM problems WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(ProblemOwner::from))
}

/// Refuses an agency that does not exist or no longer works.
async fn check_agency(db: &Db, agency_id: Option<i64>) -> Result<(), AppError> {
    let Some(id) = agency_id else { return Ok(()) };
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = $1 AND active")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    if n == 0 {
        return Err(AppError::invalid(
            format!("ไม่พบหน่วยงานรหัส {id} หรือหน่วยงานนี้ไม่ได้ใช้งานแล้ว"),
            format!("No active agency with id {id}"),
        ));
    }
    Ok(())
}

/// Writes the change and its event if the problem is still at `version`; `None` if it moved on.
async fn write(
    conn: &mut AnyConnection,
    dialect: Dialect,
    user: &CurrentUser,
    before: &ProblemOwner,
    agency_id: Option<i64>,
    version: i64,
    now: &str,
) -> Result<Option<BoardEvent>, AppError> {
    let changed = sqlx::query(
        "UPDATE problems SET owner_agency_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(agency_id)
    .bind(now)
    .bind(before.problem_id)
    .bind(version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(None);
    }
    let show = |a: Option<i64>| a.map_or_else(|| "none".to_string(), |a| a.to_string());
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::OwnerAssigned,
        entity: Some("problem"),
        entity_id: Some(before.problem_id.to_string()),
        detail: Some(format!("agency {} → {} (version {version})", show(before.agency_id), show(agency_id))),
    };
    record_on(conn, event, now).await?;
    let (card, area) = card_on(conn, before.problem_id).await?;
    let change = BoardChange::Owner { from: before.agency_id, to: agency_id, card };
    Ok(Some(events::record(conn, dialect, area, Some(user.id), now, change).await?))
}

/// Sets one problem's owner, if the caller may and the problem is still at `change.version`.
pub async fn set_owner(
    db: &Db,
    hub: &BoardHub,
    user: &CurrentUser,
    problem_id: i64,
    change: &OwnerChange,
) -> Result<OwnerOutcome, AppError> {
    let mut conn = db.pool.acquire().await?;
    let before = current(&mut conn, problem_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    check_visible(db, &user.scope, before.household_id).await?;
    if !may_set_owner(user.role, &user.scope, before.agency_id, change.agency_id) {
        return Err(AppError::Forbidden);
    }
    check_agency(db, change.agency_id).await?;
    if before.version != change.version {
        return Ok(OwnerOutcome::Stale(before));
    }
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let Some(event) = write(&mut tx, db.dialect, user, &before, change.agency_id, change.version, &now).await? else {
        let now_stands = current(&mut tx, problem_id).await?.ok_or(AppError::NotFound)?;
        tx.rollback().await?;
        return Ok(OwnerOutcome::Stale(now_stands));
    };
    tx.commit().await?;
    hub.committed(vec![event]);
    Ok(OwnerOutcome::Changed(ProblemOwner { agency_id: change.agency_id, version: change.version + 1, ..before }))
}

/// Which of `households` the caller's scope allows.
async fn visible(db: &Db, user: &CurrentUser, households: &[i64]) -> Result<HashSet<i64>, AppError> {
    let mut seen = HashSet::new();
    for chunk in households.chunks(5_000) {
        let mut args = Args::new();
        let cond = household_condition(&user.scope, &mut args);
        let list = args.push_list(chunk.iter().copied());
        let sql = format!("SELECT h.id FROM households h WHERE h.id IN ({list}) AND {cond}");
        let ids: Vec<i64> = args.bind_scalar(sqlx::query_scalar(&sql)).persistent(false).fetch_all(&db.pool).await?;
        seen.extend(ids);
    }
    Ok(seen)
}

fn refused(problem_id: i64, e: AppError) -> BulkOwnerItem {
    BulkOwnerItem {
        problem_id,
        ok: false,
        owner: None,
        error: Some(e.code().to_string()),
        message: Some(e.message(Lang::En)),
        message_th: Some(e.message(Lang::Th)),
    }
}

/// Gives every problem of `ids` the owner `agency_id`, in one transaction; each problem is
/// checked on its own and answered on its own (no cap on how many).
pub async fn set_owner_bulk(
    db: &Db,
    hub: &BoardHub,
    user: &CurrentUser,
    ids: &[i64],
    agency_id: Option<i64>,
) -> Result<Vec<BulkOwnerItem>, AppError> {
    check_agency(db, agency_id).await?;
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(current(&mut tx, *id).await?);
    }
    let households: Vec<i64> = found.iter().flatten().map(|p| p.household_id).collect();
    let allowed = visible(db, user, &households).await?;
    let mut results = Vec::with_capacity(ids.len());
    let mut events = Vec::new();
    let mut done: HashSet<i64> = HashSet::new();
    for (id, before) in ids.iter().zip(found) {
        let result = match before {
            None => refused(*id, AppError::NotFound),
            Some(_) if !done.insert(*id) => {
                refused(*id, AppError::invalid("ระบุปัญหานี้ซ้ำในรายการ", "This problem is listed twice"))
            }
            Some(b) if !allowed.contains(&b.household_id) => refused(*id, AppError::Forbidden),
            Some(b) if !may_set_owner(user.role, &user.scope, b.agency_id, agency_id) => {
                refused(*id, AppError::Forbidden)
            }
            Some(b) => match write(&mut tx, db.dialect, user, &b, agency_id, b.version, &now).await? {
                None => refused(
                    *id,
                    AppError::Conflict {
                        th: "ปัญหานี้ถูกเปลี่ยนโดยผู้อื่นระหว่างนั้น".into(),
                        en: "Someone else changed this problem meanwhile".into(),
                    },
                ),
                Some(event) => {
                    events.push(event);
                    BulkOwnerItem {
                        problem_id: *id,
                        ok: true,
                        owner: Some(ProblemOwner { agency_id, version: b.version + 1, ..b }),
                        error: None,
                        message: None,
                        message_th: None,
                    }
                }
            },
        };
        results.push(result);
    }
    tx.commit().await?;
    hub.committed(events);
    Ok(results)
}
