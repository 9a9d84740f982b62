//! Moving things on the case boards: a problem's owner agency and a household's stage, each
//! guarded by the version the caller last saw. The shapes are those of the REST API.
use serde::{Deserialize, Serialize};

use crate::domain::stage::Stage;

/// `PUT /api/v1/problems/{id}/owner`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChange {
    /// The new owner, or `null` to clear it.
    pub agency_id: Option<i64>,
    /// The problem's version the change is based on.
    pub version: i64,
}

/// A problem's owner as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemOwner {
    pub problem_id: i64,
    pub household_id: i64,
    pub agency_id: Option<i64>,
    pub version: i64,
}

/// `POST /api/v1/problems/owner:bulk`: one owner for many problems, each at its current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOwnerChange {
    pub problem_ids: Vec<i64>,
    pub agency_id: Option<i64>,
}

/// One problem's result in a bulk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOwnerItem {
    pub problem_id: i64,
    pub ok: bool,
    /// The problem after the change, when it was made.
    pub owner: Option<ProblemOwner>,
    /// `not_found`, `forbidden`… when it was not.
    pub error: Option<String>,
    pub message: Option<String>,
    pub message_th: Option<String>,
}

/// `PUT /api/v1/households/{id}/stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: Stage,
    /// The household's version the move is based on.
    pub version: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// A household's stage as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdStage {
    pub household_id: i64,
    pub stage: Option<Stage>,
    pub version: i64,
}

/// A card of the owner board: one open problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemCard {
    pub problem_id: i64,
    pub version: i64,
    pub household_id: i64,
    pub head_name: Option<String>,
    /// "12/3 ม.4 ต.เมืองเหนือ อ.เมืองศรีสะเกษ".
    pub address: String,
    pub indicator: String,
    pub dimension: crate::domain::dimension::Dimension,
    pub status: crate::domain::problem::ProblemStatus,
    /// The owner agency, if any.
    pub owner_agency_id: Option<i64>,
    pub opened_on: String,
}

/// A lane of the owner board: the problems one agency owns, or those nobody owns yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerLane {
    /// `None`: the "no owner yet" lane.
    pub agency_id: Option<i64>,
    pub short_th: String,
    pub name_th: String,
    pub name_en: String,
    /// The dimension the agency leads, if any.
    pub dimension: Option<crate::domain::dimension::Dimension>,
    /// Every open problem of the lane under the filter (exact), however many cards are shown.
    pub total: i64,
    /// The longest-waiting first, at most [`LANE_FIRST`] when the board opens.
    pub cards: Vec<ProblemCard>,
}

/// Cards a lane of the owner board shows when it opens (21 lanes: the page stays light on a
/// phone); "แสดงเพิ่ม" loads [`LANE_CARDS`] more at a time.
pub const LANE_FIRST: usize = 12;

/// Cards a board column loads at a time; the rest are counted and reached through the
/// household list.
pub const LANE_CARDS: usize = 30;

/// The owner board under a filter of the household list (area, dimension, indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerBoard {
    pub today: String,
    /// Whether the caller may move cards (coordinators, admins; agencies for their own).
    pub may_move: bool,
    /// Whether the caller may give many problems to any agency at once (coordinators, admins).
    pub may_bulk: bool,
    pub lanes: Vec<OwnerLane>,
    /// The newest change the board includes: its live feed starts after it.
    pub last_event_id: i64,
}

impl OwnerBoard {
    /// Open problems nobody owns: the number the province drives to 0.
    pub fn unowned(&self) -> i64 {
        self.lanes.iter().find(|l| l.agency_id.is_none()).map_or(0, |l| l.total)
    }
}

/// The owner board for `query` (the household list's query string: `amphoe`, `tambon`,
/// `dimension`, `indicator`; other keys are ignored).
#[leptos::server(endpoint = "owner_board", output = crate::api::wire::JsonText)]
pub async fn get_owner_board(query: String) -> Result<OwnerBoard, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            let mut board = crate::ssr::boards::owner_board::load(&state.db, &user.scope, &filter).await?;
            let moved = form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .find(|(k, _)| k == "moved")
                .and_then(|(_, v)| v.parse::<i64>().ok());
            if let Some(id) = moved {
                crate::ssr::boards::owner_board::show_moved(&state.db, &user.scope, &mut board, id).await?;
            }
            board.may_move = user.role.may_assign_owners() || user.role == crate::domain::access::Role::Agency;
            board.may_bulk = user.role.may_assign_owners();
            Ok(board)
        }
        .await,
    )
}

/// One problem and the lanes it may move to (the page without drag and drop).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveChoice {
    pub card: ProblemCard,
    pub owner_agency_id: Option<i64>,
    /// Every lane: "no owner yet", then the agencies of the problem's dimension, then the rest.
    pub lanes: Vec<OwnerLane>,
}

#[leptos::server(endpoint = "owner_move_choice", output = crate::api::wire::JsonText)]
pub async fn get_move_choice(problem_id: i64) -> Result<MoveChoice, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::boards::owner_board::move_choice(&state.db, &user.scope, problem_id).await
        }
        .await,
    )
}

impl crate::domain::board_moves::BoardCard for ProblemCard {
    /// The longest-waiting first.
    type Order = (String, i64);
    fn id(&self) -> i64 {
        self.problem_id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
    fn order(&self) -> (String, i64) {
        (self.opened_on.clone(), self.problem_id)
    }
}

/// More cards of one owner lane (`agency` `None`: no owner yet): those after the first `offset`.
#[leptos::server(endpoint = "owner_lane", output = crate::api::wire::JsonText)]
pub async fn get_owner_lane(
    query: String,
    agency: Option<i64>,
    offset: i64,
) -> Result<Vec<ProblemCard>, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            crate::ssr::boards::owner_board::lane_cards(&state.db, &user.scope, &filter, agency, offset).await
        }
        .await,
    )
}
