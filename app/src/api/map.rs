//! The visit-planning map's data for the pages: its set-up (tiles, district offices, what the
//! user may change) and the households without a position. The clusters themselves come from
//! `GET /api/v1/map/households`, which the map's script asks for as the view moves.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::Lang;

/// A district office (ที่ว่าการอำเภอ): a visit day's default start point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictOffice {
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub amphoe_name_en: String,
    /// e.g. "ที่ว่าการอำเภอเมืองศรีสะเกษ".
    pub name_th: String,
    pub name_en: String,
    pub lat: f64,
    pub lon: f64,
    /// Still the seeded guess (the seat tambon's centroid), not yet placed by a person.
    pub is_approximate: bool,
}

impl DistrictOffice {
    pub fn name(&self, lang: Lang) -> &str {
        lang.t(&self.name_th, &self.name_en)
    }
}

/// A household the map cannot draw: it has no position yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnplacedHousehold {
    pub id: i64,
    pub head_name: Option<String>,
    pub house_no: Option<String>,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub tambon_code: String,
    pub tambon_name_th: String,
    pub tambon_name_en: String,
    pub amphoe_code: String,
    /// The tambon's approximate centre, where the map goes to place it (when known).
    pub tambon_lat: Option<f64>,
    pub tambon_lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UnplacedPage {
    pub items: Vec<UnplacedHousehold>,
    /// Households of the filter without a position (all pages).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// What the map page needs before it draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSetup {
    /// Tile URL template (`{z}/{x}/{y}`); empty: a plain background.
    pub tile_url: String,
    pub attribution: String,
    pub offices: Vec<DistrictOffice>,
    /// Admins and coordinators correct the district offices.
    pub may_edit_offices: bool,
    /// Everyone but executives sets households' positions.
    pub may_set_positions: bool,
}

#[server(endpoint = "map_setup", output = crate::api::wire::JsonText)]
pub async fn get_map_setup() -> Result<MapSetup, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let offices = crate::ssr::db::district_offices::district_offices(&state.db, &user.scope).await?;
            Ok(MapSetup {
                tile_url: state.settings.map_tile_url.clone(),
                attribution: state.settings.map_attribution.clone(),
                offices,
                may_edit_offices: crate::ssr::db::district_offices::may_edit(&user),
                may_set_positions: crate::ssr::field::may_record(&user).is_ok(),
            })
        }
        .await,
    )
}

/// The district offices in the caller's scope: the day planner's default start points.
#[server(endpoint = "district_offices", output = crate::api::wire::JsonText)]
pub async fn get_district_offices() -> Result<Vec<DistrictOffice>, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::db::district_offices::district_offices(&state.db, &user.scope).await
        }
        .await,
    )
}

/// One page of the filter's households without a position; `query` is the household list's
/// query string (`amphoe=3301&page=2`).
#[server(endpoint = "map_unplaced", output = crate::api::wire::JsonText)]
pub async fn get_unplaced(query: String) -> Result<UnplacedPage, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let pairs: Vec<(String, String)> =
                form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect();
            let (filter, _) = crate::domain::household_filter::HouseholdFilter::from_pairs(
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            crate::ssr::db::map::unplaced(&state.db, &user.scope, &filter).await
        }
        .await,
    )
}
