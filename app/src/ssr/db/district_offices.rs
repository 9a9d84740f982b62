//! The district offices (ที่ว่าการอำเภอ): one per amphoe, the default start of a visit day.
//! Listed in the caller's scope; corrected by admins and coordinators of that amphoe.
use sqlx::FromRow;

use super::args::Args;
use super::Db;
use crate::api::map::DistrictOffice;
use crate::api::me::CurrentUser;
use crate::domain::access::{Role, Scope};
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::now_iso;

#[derive(FromRow)]
struct Row {
    amphoe_code: String,
    amphoe_name_th: String,
    amphoe_name_en: String,
    name_th: String,
    name_en: String,
    lat: f64,
    lon: f64,
    #[sqlx(try_from = "super::flag::Flag")]
    is_approximate: bool,
}

/// Which offices a scope lists: those of its amphoe (a tambon's amphoe for a tambon scope);
/// an agency works province-wide and sees them all (public buildings, no personal data).
fn scope_condition(scope: &Scope, args: &mut Args) -> String {
    match scope {
        Scope::Province(c) => format!("a.province_code IN ({})", args.push_list(c.iter().map(String::as_str))),
        Scope::Amphoe(c) => format!("d.amphoe_code IN ({})", args.push_list(c.iter().map(String::as_str))),
        Scope::Tambon(c) => {
            let mut amphoes: Vec<&str> = c.iter().filter_map(|t| t.get(..4)).collect();
            amphoes.dedup();
            format!("d.amphoe_code IN ({})", args.push_list(amphoes))
        }
        Scope::Agency(_) => "1 = 1".to_string(),
    }
}

/// The district offices in the caller's scope, by amphoe code.
pub async fn district_offices(db: &Db, scope: &Scope) -> Result<Vec<DistrictOffice>, AppError> {
    let mut args = Args::new();
    let cond = scope_condition(scope, &mut args);
    let sql = format!(
        "SELECT d.amphoe_code, a.name_th AS amphoe_name_th, a.name_en AS amphoe_name_en,
                d.name_th, d.name_en, d.lat, d.lon, d.is_approximate
         FROM district_offices d JOIN amphoes a ON a.code = d.amphoe_code
         WHERE {cond}
         ORDER BY d.amphoe_code"
    );
    let rows: Vec<Row> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| DistrictOffice {
            amphoe_code: r.amphoe_code,
            amphoe_name_th: r.amphoe_name_th,
            amphoe_name_en: r.amphoe_name_en,
            name_th: r.name_th,
            name_en: r.name_en,
            lat: r.lat,
            lon: r.lon,
            is_approximate: r.is_approximate,
        })
        .collect())
}

/// Whether the user corrects district offices at all (admins and coordinators).
pub fn may_edit(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Admin | Role::Coordinator)
}

/// A correction of one office: its Thai name (the English one is kept) and position.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OfficeChange {
    pub name_th: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// Corrects an office of an amphoe the user's scope covers; audited with the old values.
pub async fn update_office(
    db: &Db,
    user: &CurrentUser,
    amphoe: &str,
    change: &OfficeChange,
) -> Result<DistrictOffice, AppError> {
    if !may_edit(user) || !user.scope.covers_amphoe(amphoe) {
        return Err(AppError::Forbidden);
    }
    let name = crate::ssr::field::short_text(change.name_th.as_deref(), 200, "ชื่อที่ว่าการอำเภอ", "The office's name")?
        .ok_or_else(|| AppError::invalid("กรุณาระบุชื่อที่ว่าการอำเภอ", "Give the office's name"))?;
    let (lat, lon) = super::map::parse_position(change.lat, change.lon)?;
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let before: Option<(String, f64, f64)> =
        sqlx::query_as("SELECT name_th, lat, lon FROM district_offices WHERE amphoe_code = $1")
            .bind(amphoe)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((old_name, old_lat, old_lon)) = before else { return Err(AppError::NotFound) };
    sqlx::query(
        "UPDATE district_offices SET name_th = $1, lat = $2, lon = $3, is_approximate = FALSE, updated_at = $4, updated_by = $5
         WHERE amphoe_code = $6",
    )
    .bind(&name)
    .bind(lat)
    .bind(lon)
    .bind(&now)
    .bind(user.id)
    .bind(amphoe)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::DistrictOfficeChanged,
        entity: Some("district_office"),
        entity_id: Some(amphoe.to_string()),
        detail: Some(format!("{name} {lat},{lon} (was {old_name} {old_lat},{old_lon})")),
    };
    record_on(&mut tx, event, &now).await?;
    tx.commit().await?;
    district_offices(db, &Scope::Amphoe(vec![amphoe.to_string()])).await?.into_iter().next().ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tambon_scopes_see_their_amphoe_offices() {
        let mut args = Args::new();
        let s = Scope::Tambon(vec!["330101".into(), "330102".into(), "330401".into()]);
        assert_eq!(scope_condition(&s, &mut args), "d.amphoe_code IN ($1, $2)");
        assert_eq!(scope_condition(&Scope::Agency(3), &mut args), "1 = 1");
    }
}
