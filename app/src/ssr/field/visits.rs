//! Recording a visit to a household: outcome, note, position and time, once per client id.
use super::idempotency::{compare, is_unique_violation, request_hash};
use super::{check_position, may_record, short_text};
use crate::api::field::{NewVisit, Visit, VisitForm};
use crate::api::me::CurrentUser;
use crate::domain::field::VisitOutcome;
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, Db};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    client_id: Option<String>,
    household_id: i64,
    officer_user_id: i64,
    outcome: String,
    note: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    visited_at: String,
    created_at: String,
    request_sha256: String,
}

impl Row {
    fn visit(self) -> Result<Visit, AppError> {
        Ok(Visit {
            id: self.id,
            client_id: self.client_id,
            household_id: self.household_id,
            officer_user_id: self.officer_user_id,
            outcome: VisitOutcome::parse(&self.outcome).ok_or(AppError::Internal)?,
            note: self.note,
            lat: self.lat,
            lon: self.lon,
            visited_at: self.visited_at,
            created_at: self.created_at,
        })
    }
}

const COLUMNS: &str =
    "id, client_id, household_id, officer_user_id, outcome, note, lat, lon, visited_at, created_at, request_sha256";

/// The user's visit sent under `key`, if any; refused when it was another visit.
async fn sent_before(db: &Db, user: i64, key: &str, hash: &str) -> Result<Option<Visit>, AppError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM visits WHERE officer_user_id = $1 AND client_id = $2"))
            .bind(user)
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    match row {
        Some(r) => {
            compare(&r.request_sha256, hash)?;
            Ok(Some(r.visit()?))
        }
        None => Ok(None),
    }
}

/// A time written by a phone: an ISO 8601 instant, not in the future (5 minutes' clock slack).
fn visit_time(at: Option<&str>, now: &str) -> Result<String, AppError> {
    let Some(at) = at.map(str::trim).filter(|a| !a.is_empty()) else { return Ok(now.to_string()) };
    let parsed = chrono::DateTime::parse_from_rfc3339(at).map_err(|_| {
        AppError::invalid(
            format!("เวลาเยี่ยม '{at}' อ่านไม่ได้ (ใช้รูปแบบ 2026-11-29T09:30:00Z)"),
            format!("Cannot read the visit time '{at}' (use 2026-11-29T09:30:00Z)"),
        )
    })?;
    let utc = parsed.with_timezone(&chrono::Utc);
    if utc > chrono::Utc::now() + chrono::Duration::minutes(5) {
        return Err(AppError::invalid("เวลาเยี่ยมอยู่ในอนาคต", "The visit time is in the future"));
    }
    Ok(utc.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Stores a visit (or returns the one already sent under `key`); `true` when newly stored.
pub async fn record_visit(
    db: &Db,
    user: &CurrentUser,
    key: Option<&str>,
    v: &NewVisit,
) -> Result<(Visit, bool), AppError> {
    may_record(user)?;
    let now = now_iso();
    let note = short_text(v.note.as_deref(), 2_000, "บันทึก", "The note")?;
    check_position(v.lat, v.lon)?;
    let visited_at = visit_time(v.visited_at.as_deref(), &now)?;
    check_visible(db, &user.scope, v.household_id).await?;
    let hash = request_hash(v);
    if let Some(key) = key {
        if let Some(visit) = sent_before(db, user.id, key, &hash).await? {
            return Ok((visit, false));
        }
    }
    let mut tx = begin_write(db).await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO visits (household_id, officer_user_id, outcome, note, lat, lon, visited_at, created_at, client_id, request_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(v.household_id)
    .bind(user.id)
    .bind(v.outcome.as_str())
    .bind(&note)
    .bind(v.lat)
    .bind(v.lon)
    .bind(&visited_at)
    .bind(&now)
    .bind(key)
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if key.is_some() && is_unique_violation(&e) => {
            tx.rollback().await?;
            let key = key.unwrap_or_default();
            return sent_before(db, user.id, key, &hash).await?.map(|v| (v, false)).ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::VisitRecorded,
        entity: Some("household"),
        entity_id: Some(v.household_id.to_string()),
        detail: Some(format!("visit {id}: {}", v.outcome.as_str())),
    };
    record_on(&mut tx, event, &now).await?;
    // A household without a position gets the one the officer stood at (not when it moved
    // away: that was its old house).
    if let (Some(lat), Some(lon)) = (v.lat, v.lon) {
        if v.outcome != VisitOutcome::Moved {
            crate::ssr::db::map::fill_position_from_visit(&mut tx, user.id, v.household_id, id, lat, lon, &now).await?;
        }
    }
    tx.commit().await?;
    let row: Row =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM visits WHERE id = $1")).bind(id).fetch_one(&db.pool).await?;
    Ok((row.visit()?, true))
}

/// The latest visits to a household, newest first.
pub async fn recent_visits(db: &Db, household_id: i64, limit: i64) -> Result<Vec<Visit>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM visits WHERE household_id = $1 ORDER BY visited_at DESC, id DESC LIMIT $2"
    ))
    .bind(household_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(Row::visit).collect()
}

/// The visit form of a household in the user's scope, with a fresh client id.
pub async fn visit_form(db: &Db, user: &CurrentUser, household_id: i64) -> Result<VisitForm, AppError> {
    check_visible(db, &user.scope, household_id).await?;
    let card = crate::ssr::boards::stage_board::card(db, household_id).await?;
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    Ok(VisitForm {
        household_id,
        head_name: card.head_name,
        address: card.address,
        may_record: may_record(user).is_ok(),
        client_id: format!("web-{}", super::idempotency::hex(&bytes)),
        recent: recent_visits(db, household_id, 5).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visit_times_are_iso_instants_not_in_the_future() {
        let now = "2026-11-29T03:00:00Z";
        assert_eq!(visit_time(None, now).expect("default"), now);
        assert_eq!(visit_time(Some("2026-11-28T16:30:00+07:00"), now).expect("ok"), "2026-11-28T09:30:00Z");
        assert!(visit_time(Some("29/11/2569"), now).is_err());
        assert!(visit_time(Some("2999-01-01T00:00:00Z"), now).is_err());
    }
}
