//! Reference data read for screens: areas in a scope, the indicator catalogue, agencies.
use sqlx::FromRow;

use super::Db;
use crate::api::filter_options::{AgencyOption, AreaOption, FilterOptions, IndicatorOption, VillageOption};
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::error::AppError;

#[derive(FromRow)]
struct AreaRow {
    code: String,
    name_th: String,
    name_en: String,
    parent: String,
}

#[derive(FromRow)]
struct IndicatorRow {
    id: i64,
    code: String,
    dimension: String,
    name_th: String,
    name_en: String,
}

#[derive(FromRow)]
struct AgencyRow {
    id: i64,
    code: String,
    short_th: String,
    name_th: String,
    name_en: String,
    dimension: Option<String>,
}

fn area(r: AreaRow) -> AreaOption {
    AreaOption { code: r.code, name_th: r.name_th, name_en: r.name_en, parent: r.parent }
}

/// Whether an area (amphoe or tambon code) lies in an area scope; agency scopes span the
/// province, since an agency's problems can be anywhere.
fn in_scope(scope: &Scope, code: &str) -> bool {
    match scope {
        Scope::Province(c) | Scope::Amphoe(c) => c.iter().any(|s| code.starts_with(s.as_str())),
        Scope::Tambon(c) => c.iter().any(|t| t.starts_with(code) || code.starts_with(t.as_str())),
        Scope::Agency(_) => true,
    }
}

pub async fn amphoes(db: &Db) -> Result<Vec<AreaOption>, AppError> {
    let rows = sqlx::query_as::<_, AreaRow>(
        "SELECT code, name_th, name_en, province_code AS parent FROM amphoes ORDER BY code",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(area).collect())
}

pub async fn tambons(db: &Db) -> Result<Vec<AreaOption>, AppError> {
    let rows =
        sqlx::query_as::<_, AreaRow>("SELECT code, name_th, name_en, amphoe_code AS parent FROM tambons ORDER BY code")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(area).collect())
}

pub async fn villages(db: &Db, tambon_code: &str) -> Result<Vec<VillageOption>, AppError> {
    let rows: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT code, moo, name_th FROM villages WHERE tambon_code = $1 ORDER BY moo")
            .bind(tambon_code)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(code, moo, name_th)| VillageOption { code, moo, name_th }).collect())
}

/// The indicators of the current catalogue, in report order.
pub async fn current_indicators(db: &Db) -> Result<Vec<IndicatorOption>, AppError> {
    let rows = sqlx::query_as::<_, IndicatorRow>(
        "SELECT i.id, i.code, i.dimension, i.name_th, i.name_en
         FROM indicators i JOIN indicator_sets s ON s.code = i.set_code
         WHERE s.is_current ORDER BY i.sort_order",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let dimension = Dimension::parse(&r.dimension).ok_or(AppError::Internal)?;
            Ok(IndicatorOption { id: r.id, code: r.code, dimension, name_th: r.name_th, name_en: r.name_en })
        })
        .collect()
}

pub async fn agencies(db: &Db) -> Result<Vec<AgencyOption>, AppError> {
    let rows = sqlx::query_as::<_, AgencyRow>(
        "SELECT id, code, short_th, name_th, name_en, dimension FROM agencies WHERE active ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AgencyOption {
            id: r.id,
            code: r.code,
            short_th: r.short_th,
            name_th: r.name_th,
            name_en: r.name_en,
            dimension: r.dimension.as_deref().and_then(Dimension::parse),
        })
        .collect())
}

pub async fn agency_id_by_code(db: &Db, code: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM agencies WHERE code = $1").bind(code).fetch_optional(&db.pool).await?)
}

/// Everything the household filters offer, limited to the user's scope.
pub async fn filter_options(db: &Db, scope: &Scope, tambon: Option<&str>) -> Result<FilterOptions, AppError> {
    let amphoes = amphoes(db).await?.into_iter().filter(|a| in_scope(scope, &a.code)).collect();
    let tambons = tambons(db).await?.into_iter().filter(|t| in_scope(scope, &t.code)).collect();
    let villages = match tambon {
        Some(t) if in_scope(scope, t) => villages(db, t).await?,
        _ => Vec::new(),
    };
    Ok(FilterOptions {
        amphoes,
        tambons,
        villages,
        indicators: current_indicators(db).await?,
        agencies: agencies(db).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_limits_area_choices() {
        let t = Scope::Tambon(vec!["330101".into()]);
        assert!(in_scope(&t, "3301"));
        assert!(in_scope(&t, "330101"));
        assert!(!in_scope(&t, "330102"));
        assert!(!in_scope(&t, "3302"));
        let a = Scope::Amphoe(vec!["3302".into()]);
        assert!(in_scope(&a, "330201"));
        assert!(!in_scope(&a, "3301"));
        assert!(in_scope(&Scope::Agency(1), "3322"));
    }
}
