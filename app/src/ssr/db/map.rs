//! The map's queries: households with a position inside a bounding box (scope + filters, on the
//! `households(lat, lon)` index), the ids a box selects, the households without a position,
//! and placing a household.
use sqlx::FromRow;

use super::args::Args;
use super::household_list::where_clause;
use super::Db;
use crate::api::map::{UnplacedHousehold, UnplacedPage};
use crate::api::me::CurrentUser;
use crate::domain::access::Scope;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::map_cluster::{BBox, MapPoint};
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::now_iso;

/// Households listed per page beside the map.
pub const UNPLACED_PER_PAGE: u32 = 20;

#[derive(FromRow)]
struct PointRow {
    id: i64,
    lat: f64,
    lon: f64,
    stage: Option<String>,
    head_name: Option<String>,
    health: i64,
    living: i64,
    education: i64,
    income: i64,
    access: i64,
}

/// `conditions AND the position inside the box`, on households `h`.
fn in_box(scope: &Scope, f: &HouseholdFilter, bbox: &BBox, args: &mut Args) -> String {
    let cond = where_clause(scope, f, args);
    let (s, n) = (args.push(bbox.south), args.push(bbox.north));
    let (w, e) = (args.push(bbox.west), args.push(bbox.east));
    format!("{cond} AND h.lat BETWEEN {s} AND {n} AND h.lon BETWEEN {w} AND {e}")
}

/// Every household of the filter inside the box, with its pending problems per dimension.
pub async fn points(db: &Db, scope: &Scope, f: &HouseholdFilter, bbox: &BBox) -> Result<Vec<MapPoint>, AppError> {
    let mut args = Args::new();
    let cond = in_box(scope, f, bbox, &mut args);
    let pending = Dimension::ALL
        .iter()
        .map(|d| format!("SUM(CASE WHEN i.dimension = '{0}' THEN 1 ELSE 0 END) AS {0}", d.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let dims =
        Dimension::ALL.iter().map(|d| format!("COALESCE(pc.{0}, 0) AS {0}", d.as_str())).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "WITH v AS (
            SELECT h.id, h.lat, h.lon, h.stage, h.head_name FROM households h WHERE {cond}
         ),
         pc AS (
            SELECT p.household_id, {pending}
            FROM problems p JOIN indicators i ON i.id = p.indicator_id
            WHERE p.household_id IN (SELECT id FROM v) AND p.status IN ('open', 'in_progress')
            GROUP BY p.household_id
         )
         SELECT v.id, v.lat, v.lon, v.stage, v.head_name, {dims}
         FROM v LEFT JOIN pc ON pc.household_id = v.id"
    );
    let rows: Vec<PointRow> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| MapPoint {
            id: r.id,
            lat: r.lat,
            lon: r.lon,
            stage: r.stage.as_deref().and_then(Stage::parse),
            pending: [count(r.health), count(r.living), count(r.education), count(r.income), count(r.access)],
            head_name: r.head_name,
        })
        .collect())
}

/// The ids of the filter's households inside the box (a box selection), lowest first.
pub async fn ids_in_box(db: &Db, scope: &Scope, f: &HouseholdFilter, bbox: &BBox) -> Result<Vec<i64>, AppError> {
    let mut args = Args::new();
    let sql = format!("SELECT h.id FROM households h WHERE {} ORDER BY h.id", in_box(scope, f, bbox, &mut args));
    Ok(args.bind_scalar(sqlx::query_scalar(&sql)).fetch_all(&db.pool).await?)
}

#[derive(FromRow)]
struct UnplacedRow {
    id: i64,
    head_name: Option<String>,
    house_no: Option<String>,
    moo: Option<i64>,
    village_name: Option<String>,
    tambon_code: String,
    tambon_name_th: String,
    tambon_name_en: String,
    amphoe_code: String,
    tambon_lat: Option<f64>,
    tambon_lon: Option<f64>,
}

/// One page of the filter's households without a position, by address.
pub async fn unplaced(db: &Db, scope: &Scope, f: &HouseholdFilter) -> Result<UnplacedPage, AppError> {
    let mut args = Args::new();
    let cond = format!("{} AND h.lat IS NULL", where_clause(scope, f, &mut args));
    let total: i64 = args
        .clone()
        .bind_scalar(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM households h WHERE {cond}")))
        .fetch_one(&db.pool)
        .await?;
    let per_page = UNPLACED_PER_PAGE;
    let limit = args.push(i64::from(per_page));
    let offset = args.push(i64::from(f.page.saturating_sub(1)) * i64::from(per_page));
    let sql = format!(
        "SELECT h.id, h.head_name, h.house_no, h.moo, h.village_name, h.tambon_code,
                t.name_th AS tambon_name_th, t.name_en AS tambon_name_en, h.amphoe_code,
                t.lat AS tambon_lat, t.lon AS tambon_lon
         FROM households h JOIN tambons t ON t.code = h.tambon_code
         WHERE {cond}
         ORDER BY h.amphoe_code, h.tambon_code, h.moo, h.head_sort_key, h.id
         LIMIT {limit} OFFSET {offset}"
    );
    let rows: Vec<UnplacedRow> = args.bind_as(sqlx::query_as(&sql)).fetch_all(&db.pool).await?;
    let items = rows
        .into_iter()
        .map(|r| UnplacedHousehold {
            id: r.id,
            head_name: r.head_name,
            house_no: r.house_no,
            moo: r.moo,
            village_name: r.village_name,
            tambon_code: r.tambon_code,
            tambon_name_th: r.tambon_name_th,
            tambon_name_en: r.tambon_name_en,
            amphoe_code: r.amphoe_code,
            tambon_lat: r.tambon_lat,
            tambon_lon: r.tambon_lon,
        })
        .collect();
    Ok(UnplacedPage { items, total, page: f.page, per_page })
}

/// A position given for a household: both numbers, inside Thailand (the schema's bounds).
pub fn parse_position(lat: Option<f64>, lon: Option<f64>) -> Result<(f64, f64), AppError> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            crate::ssr::field::check_position(Some(lat), Some(lon))?;
            Ok((lat, lon))
        }
        _ => Err(AppError::invalid("ต้องระบุทั้งละติจูดและลองจิจูด", "Give both latitude and longitude")),
    }
}

/// Places a household (everyone who records visits, in their scope; audited with the old
/// position).
pub async fn set_position(db: &Db, user: &CurrentUser, id: i64, lat: f64, lon: f64) -> Result<(), AppError> {
    crate::ssr::field::may_record(user)?;
    check_visible(db, &user.scope, id).await?;
    parse_position(Some(lat), Some(lon))?;
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let before: (Option<f64>, Option<f64>) =
        sqlx::query_as("SELECT lat, lon FROM households WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    sqlx::query("UPDATE households SET lat = $1, lon = $2, updated_at = $3 WHERE id = $4")
        .bind(lat)
        .bind(lon)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let was = match before {
        (Some(a), Some(b)) => format!("{a},{b}"),
        _ => "none".to_string(),
    };
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::PositionSet,
        entity: Some("household"),
        entity_id: Some(id.to_string()),
        detail: Some(format!("{lat},{lon} (was {was})")),
    };
    record_on(&mut tx, event, &now).await?;
    tx.commit().await?;
    Ok(())
}

/// Fills a household's missing position from a visit's GPS, inside the visit's transaction;
/// a position already there is never moved. `true` when it was filled.
pub async fn fill_position_from_visit(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    household_id: i64,
    visit_id: i64,
    lat: f64,
    lon: f64,
    now: &str,
) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE households SET lat = $1, lon = $2, updated_at = $3 WHERE id = $4 AND lat IS NULL")
        .bind(lat)
        .bind(lon)
        .bind(now)
        .bind(household_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        > 0;
    if done {
        let event = AuditEvent {
            user_id: Some(user_id),
            action: AuditAction::PositionSet,
            entity: Some("household"),
            entity_id: Some(household_id.to_string()),
            detail: Some(format!("{lat},{lon} (from visit {visit_id})")),
        };
        record_on(conn, event, now).await?;
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_add_bound_position_conditions() {
        let (f, _) = HouseholdFilter::from_pairs([("stage", "survive")]);
        let mut args = Args::new();
        let b = BBox { west: 104.0, south: 14.5, east: 104.5, north: 15.0 };
        let sql = in_box(&Scope::Amphoe(vec!["3301".into()]), &f, &b, &mut args);
        assert_eq!(
            sql,
            "h.amphoe_code IN ($1) AND h.stage = $2 AND h.lat BETWEEN $3 AND $4 AND h.lon BETWEEN $5 AND $6"
        );
        assert_eq!(args.len(), 6);
    }

    #[test]
    fn positions_need_both_numbers_inside_thailand() {
        assert_eq!(parse_position(Some(15.1), Some(104.3)).ok(), Some((15.1, 104.3)));
        assert!(parse_position(Some(15.1), None).is_err());
        let Err(AppError::Invalid { th, .. }) = parse_position(Some(48.8), Some(2.3)) else {
            panic!("Paris is refused")
        };
        assert!(th.contains("นอกประเทศไทย"));
    }
}
