//! The household board of one agency: its problems in columns open / in progress / resolved /
//! cannot resolve, moved by the agency as its work goes on, each move under the version seen.
use serde::{Deserialize, Serialize};

use super::boards::ProblemCard;
use crate::domain::board_moves::Column;
use crate::domain::problem::ProblemStatus;

/// The statuses the board shows as columns, in order.
pub const STATUS_COLUMNS: [ProblemStatus; 4] =
    [ProblemStatus::Open, ProblemStatus::InProgress, ProblemStatus::Resolved, ProblemStatus::CannotResolve];

/// `PUT /api/v1/problems/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: ProblemStatus,
    /// The problem's version the change is based on.
    pub version: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// A problem's status as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemStatusNow {
    pub problem_id: i64,
    pub household_id: i64,
    pub status: ProblemStatus,
    pub version: i64,
}

/// An agency a coordinator may open the board of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyChoice {
    pub id: i64,
    pub short_th: String,
    pub name_th: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyBoard {
    /// The agency shown (`None`: the caller has still to choose one).
    pub agency: Option<AgencyChoice>,
    /// The agencies to choose from (empty for an agency user, who sees its own).
    pub agencies: Vec<AgencyChoice>,
    pub columns: Vec<Column<ProblemStatus, ProblemCard>>,
    /// Whether the caller may move the cards (the agency itself, coordinators, admins).
    pub may_move: bool,
    pub today: String,
    pub last_event_id: i64,
}

/// The board of `agency` (an agency user always gets its own) under `query`'s area,
/// dimension and indicator.
#[leptos::server(endpoint = "agency_board", output = crate::api::wire::JsonText)]
pub async fn get_agency_board(query: String, agency: Option<i64>) -> Result<AgencyBoard, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            crate::ssr::boards::agency_board::load(&state.db, &user, &filter, agency).await
        }
        .await,
    )
}

/// More cards of one column: those after the first `offset`.
#[leptos::server(endpoint = "agency_column", output = crate::api::wire::JsonText)]
pub async fn get_agency_column(
    query: String,
    agency: i64,
    status: ProblemStatus,
    offset: i64,
) -> Result<Vec<ProblemCard>, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            let agency = crate::ssr::boards::agency_board::allowed_agency(&user, Some(agency))?
                .ok_or(crate::error::AppError::NotFound)?;
            crate::ssr::boards::agency_board::cards(&state.db, &user.scope, &filter, agency, status, offset).await
        }
        .await,
    )
}

/// One problem for the "move to" page of the agency board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChoice {
    pub card: ProblemCard,
    pub may_move: bool,
}

#[leptos::server(endpoint = "status_choice", output = crate::api::wire::JsonText)]
pub async fn get_status_choice(problem_id: i64) -> Result<StatusChoice, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let card = crate::ssr::boards::owner_board::card(&state.db, &user.scope, problem_id).await?;
            let may_move = crate::domain::access::may_set_status(user.role, &user.scope, card.owner_agency_id);
            Ok(StatusChoice { card, may_move })
        }
        .await,
    )
}
