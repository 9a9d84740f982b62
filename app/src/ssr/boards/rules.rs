//! A province's stage rule and the levels of the indicators, as stored.
use sqlx::AnyConnection;

use crate::domain::stage::Stage;
use crate::domain::stage_rule::{levels_from_stored, levels_to_stored, StageRule};
use crate::error::AppError;
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::{now_iso, Db};

/// The rule of `province` (the default for stages it does not list).
pub async fn load(conn: &mut AnyConnection, province: &str) -> Result<StageRule, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT to_stage, must_resolve FROM stage_rules WHERE province_code = $1")
            .bind(province)
            .fetch_all(&mut *conn)
            .await?;
    let mut rule = StageRule::default();
    for (stage, levels) in rows {
        let (Some(stage), Ok(levels)) = (Stage::parse(&stage), levels_from_stored(&levels)) else {
            tracing::warn!(province, stage, levels, "unreadable stage rule row ignored");
            continue;
        };
        match rule.requires.iter_mut().find(|(s, _)| *s == stage) {
            Some(entry) => entry.1 = levels,
            None => rule.requires.push((stage, levels)),
        }
    }
    Ok(rule)
}

/// Replaces `province`'s rule (admins only; checked by the caller).
pub async fn save(db: &Db, province: &str, rule: &StageRule, user_id: i64) -> Result<(), AppError> {
    let known: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM provinces WHERE code = $1").bind(province).fetch_one(&db.pool).await?;
    if known == 0 {
        return Err(AppError::NotFound);
    }
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    sqlx::query("DELETE FROM stage_rules WHERE province_code = $1").bind(province).execute(&mut *tx).await?;
    for (stage, levels) in &rule.requires {
        sqlx::query(
            "INSERT INTO stage_rules (province_code, to_stage, must_resolve, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(province)
        .bind(stage.as_str())
        .bind(levels_to_stored(levels))
        .bind(user_id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
