//! The visit-planning map: `GET /api/v1/map/households` (clusters or households in a box),
//! `GET /api/v1/map/households/ids` (a box selection), `GET /api/v1/map/unplaced` (households
//! without a position), `PUT /api/v1/households/{id}/position`, and the district offices
//! (`GET /api/v1/district-offices`, `PUT /api/v1/district-offices/{amphoe}`). Every answer is
//! limited to the caller's scope and takes the household list's filters.
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde::{Deserialize, Serialize};

use app::api::map::{DistrictOffice, UnplacedPage};
use app::domain::household_filter::HouseholdFilter;
use app::domain::map_cluster::{cluster, BBox, MapView, MAX_ZOOM};
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::db::district_offices::{self, OfficeChange};
use app::ssr::db::map;
use app::ssr::state::AppState;

use super::auth::ApiUser;
use super::json_body::JsonBody;

/// The query's pairs, the household filter they hold (an invalid value is refused with 422
/// naming it), and the map's own parameters.
struct MapQuery {
    filter: HouseholdFilter,
    bbox: Option<BBox>,
    zoom: Option<u8>,
}

fn map_query(query: Option<String>) -> Result<MapQuery, AppError> {
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let (filter, errors) = HouseholdFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !errors.is_empty() {
        let th: Vec<String> = errors.iter().map(|e| e.message(Lang::Th)).collect();
        let en: Vec<String> = errors.iter().map(|e| e.message(Lang::En)).collect();
        return Err(AppError::invalid(th.join("; "), en.join("; ")));
    }
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    let bbox = value("bbox")
        .map(|b| {
            BBox::parse(b).ok_or_else(|| {
                AppError::invalid(
                    format!("กรอบแผนที่ \"{b}\" ไม่ถูกต้อง (ตะวันตก,ใต้,ตะวันออก,เหนือ เป็นองศา)"),
                    format!("Invalid bbox \"{b}\" (west,south,east,north in degrees)"),
                )
            })
        })
        .transpose()?;
    let zoom = value("zoom")
        .map(|z| {
            z.parse::<u8>().ok().filter(|z| *z <= MAX_ZOOM).ok_or_else(|| {
                AppError::invalid(
                    format!("ระดับซูม \"{z}\" ไม่ถูกต้อง (0–{MAX_ZOOM})"),
                    format!("Invalid zoom \"{z}\" (0–{MAX_ZOOM})"),
                )
            })
        })
        .transpose()?;
    Ok(MapQuery { filter, bbox, zoom })
}

fn required<T>(value: Option<T>, name: &str) -> Result<T, AppError> {
    value.ok_or_else(|| AppError::invalid(format!("ต้องระบุ {name}"), format!("{name} is required")))
}

/// `?bbox=w,s,e,n&zoom=z&<filters>` → the clusters and single households in the box.
pub async fn households(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Json<MapView>, AppError> {
    let q = map_query(query)?;
    let bbox = required(q.bbox, "bbox")?;
    let zoom = required(q.zoom, "zoom")?;
    let points = map::points(&state.db, &user.scope, &q.filter, &bbox).await?;
    Ok(Json(cluster(&points, zoom)))
}

#[derive(Serialize)]
pub struct Selection {
    pub ids: Vec<i64>,
    pub total: usize,
}

/// `?bbox=w,s,e,n&<filters>` → every household id in the box (a box selection).
pub async fn ids(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Json<Selection>, AppError> {
    let q = map_query(query)?;
    let bbox = required(q.bbox, "bbox")?;
    let ids = map::ids_in_box(&state.db, &user.scope, &q.filter, &bbox).await?;
    Ok(Json(Selection { total: ids.len(), ids }))
}

/// `?<filters>&page=n` → the filter's households without a position, a page at a time.
pub async fn unplaced(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Json<UnplacedPage>, AppError> {
    let q = map_query(query)?;
    Ok(Json(map::unplaced(&state.db, &user.scope, &q.filter).await?))
}

#[derive(Debug, Deserialize)]
pub struct NewPosition {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Placed {
    pub id: i64,
    pub lat: f64,
    pub lon: f64,
}

/// `{"lat": 15.1, "lon": 104.3}` → the household's new position.
pub async fn put_position(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<NewPosition>,
) -> Result<Json<Placed>, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    app::ssr::field::may_record(&user)?;
    let (lat, lon) = map::parse_position(body.lat, body.lon)?;
    map::set_position(&state.db, &user, id, lat, lon).await?;
    state.lists.data_changed();
    Ok(Json(Placed { id, lat, lon }))
}

pub async fn offices(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<DistrictOffice>>, AppError> {
    Ok(Json(district_offices::district_offices(&state.db, &user.scope).await?))
}

/// `{"name_th": "ที่ว่าการอำเภอ…", "lat": 15.1, "lon": 104.3}` → the office as saved.
pub async fn put_office(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(amphoe): Path<String>,
    JsonBody(change): JsonBody<OfficeChange>,
) -> Result<Json<DistrictOffice>, AppError> {
    Ok(Json(district_offices::update_office(&state.db, &user, &amphoe, &change).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_queries_carry_the_filters_and_the_view() {
        let q = map_query(Some("bbox=104,14.5,104.5,15&zoom=12&amphoe=3301&stage=survive".into())).expect("valid");
        assert_eq!(q.zoom, Some(12));
        assert_eq!(q.filter.amphoe.as_deref(), Some("3301"));
        assert_eq!(q.bbox.map(|b| b.west), Some(104.0));
        for bad in ["bbox=1,2", "zoom=25", "zoom=-1", "stage=rich"] {
            assert!(map_query(Some(bad.into())).is_err(), "{bad}");
        }
    }
}
