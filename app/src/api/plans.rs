//! Visit plans on the wire: a district's day of ordered stops with its team, start and end
//! points and estimated arrivals; the planner's choices (team, start points, candidate
//! households); and the split of a large selection into days and teams.
use serde::{Deserialize, Serialize};

use crate::domain::dimension::Dimension;
use crate::domain::field::VisitOutcome;
use crate::domain::stage::Stage;
use crate::domain::visit_plan::PlanStatus;

/// A named point: the district office, a meeting place, the officer's home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPoint {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
}

/// How arrivals are estimated: straight-line distance times the detour factor at the travel
/// speed, plus the minutes spent at each household.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanTravel {
    /// Minutes after midnight the team leaves the start point.
    pub start_minute: u32,
    pub speed_kmh: f64,
    pub detour_factor: f64,
    pub minutes_per_visit: u32,
}

impl Default for PlanTravel {
    fn default() -> Self {
        PlanTravel { start_minute: 8 * 60 + 30, speed_kmh: 40.0, detour_factor: 1.3, minutes_per_visit: 30 }
    }
}

/// `POST /api/v1/plans` and `PUT /api/v1/plans/{id}` (with `version`): the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub amphoe_code: String,
    /// The visit day, `YYYY-MM-DD` (Common Era, as every stored date).
    pub visit_date: String,
    #[serde(default)]
    pub title: Option<String>,
    pub start: PlanPoint,
    /// Where the day ends; back at the start when left out.
    #[serde(default)]
    pub end: Option<PlanPoint>,
    #[serde(default)]
    pub travel: PlanTravel,
    /// The team: officers who make the visits.
    #[serde(default)]
    pub officer_ids: Vec<i64>,
    /// The stops, in the order given.
    pub household_ids: Vec<i64>,
    /// Reorders the stops for the shortest route before saving (the default); `false` keeps
    /// the order given (a dragged stop, a split group already ordered).
    #[serde(default = "yes")]
    pub optimise: bool,
    /// The plan whose unvisited stops this one carries on.
    #[serde(default)]
    pub carried_from: Option<i64>,
    /// The version read before the change (`PUT` only).
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

/// `PUT /api/v1/plans/{id}/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStatusChange {
    pub status: PlanStatus,
    pub version: i64,
}

/// `POST /api/v1/plans/{id}/carry_over`: a new draft plan with the stops still to visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarryOver {
    pub visit_date: String,
}

/// A visit recorded at a stop on the plan's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopVisit {
    pub outcome: VisitOutcome,
    pub visited_at: String,
}

/// One stop of a plan, with the leg that reaches it and its estimated arrival.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStop {
    /// 1 for the first stop.
    pub position: usize,
    pub household_id: i64,
    pub head_name: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub stage: Option<Stage>,
    pub dimensions: Vec<Dimension>,
    /// Road distance estimate from the previous stop (straight line times the detour factor).
    pub leg_m: f64,
    pub arrive_minute: u32,
    pub leave_minute: u32,
    pub visit: Option<StopVisit>,
}

/// An officer on a plan's team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOfficer {
    pub user_id: i64,
    pub name: String,
}

/// A whole plan as the planner, the print view and the officers' phones show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: i64,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub amphoe_name_en: String,
    pub visit_date: String,
    pub title: String,
    pub status: PlanStatus,
    pub start: PlanPoint,
    pub end: Option<PlanPoint>,
    pub travel: PlanTravel,
    pub officers: Vec<PlanOfficer>,
    pub stops: Vec<PlanStop>,
    /// The whole day's estimated road distance, back to the end point.
    pub distance_m: f64,
    /// The last leg, from the last stop to the end point.
    pub return_leg_m: f64,
    /// Estimated arrival at the end point.
    pub finish_minute: u32,
    pub carried_from: Option<i64>,
    pub version: i64,
    pub created_by: String,
    pub updated_at: String,
    /// Whether the caller may change it.
    pub may_edit: bool,
}

impl Plan {
    /// The plan as an edit: the same content with `household_ids` in the order given, under
    /// the version read.
    pub fn edit(&self, household_ids: Vec<i64>, optimise: bool) -> PlanInput {
        PlanInput {
            amphoe_code: self.amphoe_code.clone(),
            visit_date: self.visit_date.clone(),
            title: Some(self.title.clone()),
            start: self.start.clone(),
            end: self.end.clone(),
            travel: self.travel,
            officer_ids: self.officers.iter().map(|o| o.user_id).collect(),
            household_ids,
            optimise,
            carried_from: self.carried_from,
            version: Some(self.version),
        }
    }

    /// The stops' households in order.
    pub fn household_ids(&self) -> Vec<i64> {
        self.stops.iter().map(|s| s.household_id).collect()
    }

    /// Stops with a visit recorded on the plan's day.
    pub fn visited(&self) -> usize {
        self.stops.iter().filter(|s| s.visit.is_some()).count()
    }
}

/// A plan in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub visit_date: String,
    pub title: String,
    pub status: PlanStatus,
    pub stops: i64,
    pub visited: i64,
    pub officers: Vec<String>,
}

/// `GET /api/v1/plans`: plans in the caller's scope, newest day first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanQuery {
    #[serde(default)]
    pub amphoe: Option<String>,
    #[serde(default)]
    pub status: Option<PlanStatus>,
    /// From this day (`YYYY-MM-DD`).
    #[serde(default)]
    pub from: Option<String>,
    /// Until this day.
    #[serde(default)]
    pub to: Option<String>,
    /// Only plans whose team holds this officer.
    #[serde(default)]
    pub officer: Option<i64>,
}

/// A household the planner may put on a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub household_id: i64,
    pub head_name: Option<String>,
    pub address: String,
    pub tambon_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub open_problems: i64,
}

/// How the planner picks households: given ids, or every household in the district with open
/// problems matching an owner agency, a tambon and a dimension.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateQuery {
    pub amphoe: String,
    #[serde(default)]
    pub tambon: Option<String>,
    #[serde(default)]
    pub owner: Option<i64>,
    #[serde(default)]
    pub dimension: Option<Dimension>,
    /// Explicit households (from the map's box or the list); the filters above are then not used.
    #[serde(default)]
    pub ids: Vec<i64>,
}

/// The planner's choices for a district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanChoices {
    /// The districts the user may plan, (code, Thai name).
    pub amphoes: Vec<(String, String)>,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    /// The district office (the amphoe's seat): the default start and end.
    pub office: PlanPoint,
    /// The offices of every district the user plans: other start and end points to choose.
    pub offices: Vec<PlanPoint>,
    /// Officers whose scope covers (part of) the district.
    pub officers: Vec<PlanOfficer>,
    pub tambons: Vec<(String, String)>,
    pub agencies: Vec<(i64, String)>,
    pub travel: PlanTravel,
    /// The next working day in Thailand (`YYYY-MM-DD`): the default visit day.
    pub default_date: String,
}

/// `POST /api/v1/plans/split`: a large selection into balanced, compact groups, each within
/// a working day, each ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    pub start: PlanPoint,
    #[serde(default)]
    pub end: Option<PlanPoint>,
    #[serde(default)]
    pub travel: PlanTravel,
    pub household_ids: Vec<i64>,
    /// How many groups (days × teams); as few as fit the working day when left out.
    #[serde(default)]
    pub groups: Option<usize>,
    /// The longest working day, travel and visits together.
    pub workday_minutes: u32,
}

/// One group of a split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitGroup {
    pub household_ids: Vec<i64>,
    pub distance_m: f64,
    pub minutes: f64,
    /// Longer than the working day (a single far household, or too few groups asked for).
    pub over_limit: bool,
}

/// Households with no position cannot be routed: they are named so the planner can place them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitAnswer {
    pub groups: Vec<SplitGroup>,
    pub without_position: Vec<i64>,
}

/// Today's plans of the signed-in officer, for "My work".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayPlans {
    pub date: String,
    pub plans: Vec<Plan>,
}

#[leptos::server(endpoint = "plans", output = crate::api::wire::JsonText)]
pub async fn list_plans(query: PlanQuery) -> Result<Vec<PlanSummary>, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::plans::read::list_plans(&state.db, &user, &query).await
        }
        .await,
    )
}

#[leptos::server(endpoint = "plan", output = crate::api::wire::JsonText)]
pub async fn get_plan(id: i64) -> Result<Plan, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::plans::read::plan(&state.db, &user, id).await
        }
        .await,
    )
}

#[leptos::server(endpoint = "plan_choices", output = crate::api::wire::JsonText)]
pub async fn get_plan_choices(amphoe: Option<String>) -> Result<PlanChoices, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::plans::choices::plan_choices(&state.db, &user, amphoe.as_deref()).await
        }
        .await,
    )
}

#[leptos::server(endpoint = "plan_candidates", input = leptos::server_fn::codec::Json, output = crate::api::wire::JsonText)]
pub async fn get_plan_candidates(query: CandidateQuery) -> Result<Vec<Candidate>, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::plans::choices::candidates(&state.db, &user, &query).await
        }
        .await,
    )
}
