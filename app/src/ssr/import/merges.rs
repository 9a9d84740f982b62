//! Uncertain matches (same address, different head): listed for a coordinator, who merges the
//! file's household into the known one or keeps it apart as a new household. Both are audited.
use std::collections::HashMap;

use super::apply::{apply, ApplyContext};
use super::existing;
use super::group::IncomingHousehold;
use super::plan::resolve;
use crate::api::households::address_parts;
use crate::api::imports::MergeCandidateView;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::{now_iso, today_iso, Db};

#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    import_id: i64,
    household_id: i64,
    incoming: String,
    reason: String,
    status: String,
    created_at: String,
    existing_head: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_th: String,
}

fn view(r: CandidateRow) -> MergeCandidateView {
    let incoming: Option<IncomingHousehold> = serde_json::from_str(&r.incoming).ok();
    let (reason_th, reason_en) = r
        .reason
        .split_once('\n')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or((r.reason.clone(), r.reason.clone()));
    MergeCandidateView {
        id: r.id,
        import_id: r.import_id,
        household_id: r.household_id,
        existing_head: r.existing_head,
        existing_address: address_parts(
            Lang::Th,
            r.house_no.as_deref(),
            r.moo,
            r.village_name.as_deref(),
            &r.tambon_th,
            None,
        )
        .join(" "),
        incoming_head: incoming
            .as_ref()
            .and_then(|h| {
                h.head().map(|p| format!("{}{} {}", p.prefix.as_deref().unwrap_or(""), p.first_name, p.last_name))
            })
            .unwrap_or_default(),
        incoming_members: incoming
            .map(|h| h.members.iter().map(|p| format!("{} {}", p.first_name, p.last_name)).collect())
            .unwrap_or_default(),
        reason_th,
        reason_en,
        status: r.status,
        created_at: r.created_at,
    }
}

pub async fn list(db: &Db, pending_only: bool) -> Result<Vec<MergeCandidateView>, AppError> {
    let filter = if pending_only { "WHERE c.status = 'pending'" } else { "" };
    let rows: Vec<CandidateRow> = sqlx::query_as(&format!(
        "SELECT c.id, c.import_id, c.household_id, c.incoming, c.reason, c.status, c.created_at,
                h.head_name AS existing_head, h.house_no, h.moo, h.village_name, t.name_th AS tambon_th
         FROM merge_candidates c JOIN households h ON h.id = c.household_id JOIN tambons t ON t.code = h.tambon_code
         {filter} ORDER BY c.id DESC LIMIT 500"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// Merges (`confirm`) or keeps apart a pending candidate; returns the household it became.
pub async fn decide(db: &Db, candidate_id: i64, confirm: bool, user_id: Option<i64>) -> Result<i64, AppError> {
    let mut tx = begin_write(db).await?;
    let row: Option<(i64, i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT c.import_id, c.household_id, c.incoming, c.status, i.source, i.source_year
         FROM merge_candidates c JOIN imports i ON i.id = c.import_id WHERE c.id = $1",
    )
    .bind(candidate_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (import_id, household_id, incoming, status, source, source_year) = row.ok_or(AppError::NotFound)?;
    if status != "pending" {
        return Err(AppError::invalid("รายการนี้ตัดสินไปแล้ว", "This match has already been decided"));
    }
    let incoming: IncomingHousehold =
        serde_json::from_str(&incoming).map_err(|e| crate::ssr::error::internal("reading a merge candidate", e))?;
    let ex = existing::load(&mut tx, db.dialect, &source, std::slice::from_ref(&incoming)).await?;
    let plan = resolve(incoming, &ex, &source, confirm.then_some(household_id));
    let indicator_ids: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
        "SELECT i.code, i.id FROM indicators i JOIN indicator_sets s ON s.code = i.set_code WHERE s.is_current",
    )
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let (now, today) = (now_iso(), today_iso());
    let ctx = ApplyContext {
        dialect: db.dialect,
        source: &source,
        source_year,
        import_id,
        now: &now,
        today: &today,
        indicator_ids: &indicator_ids,
    };
    let new_ids = apply(&mut tx, &ctx, &plan).await?;
    let result = new_ids.first().copied().unwrap_or(household_id);
    sqlx::query(
        "UPDATE merge_candidates SET status = $1, decided_by = $2, decided_at = $3, result_household_id = $4 WHERE id = $5",
    )
    .bind(if confirm { "confirmed" } else { "rejected" })
    .bind(user_id)
    .bind(&now)
    .bind(result)
    .bind(candidate_id)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent {
        user_id,
        action: if confirm { AuditAction::MergeConfirmed } else { AuditAction::MergeRejected },
        entity: Some("merge_candidate"),
        entity_id: Some(candidate_id.to_string()),
        detail: Some(format!("household {household_id} → {result}; {} people refused", plan.rejected.len())),
    };
    record_on(&mut tx, event, &now).await?;
    tx.commit().await?;
    Ok(result)
}
