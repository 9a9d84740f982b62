//! The stage board: households in columns not yet assessed / อยู่รอด / พอเพียง / ยั่งยืน with
//! their open problems per dimension. A move is allowed only by the province's stage rule.
use serde::{Deserialize, Serialize};

use crate::domain::board_moves::{BoardCard, Column};
use crate::domain::dimension::Dimension;
use crate::domain::stage::Stage;

/// A card of the stage board: one household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdCard {
    pub household_id: i64,
    pub version: i64,
    pub head_name: Option<String>,
    pub address: String,
    pub stage: Option<Stage>,
    /// Open problems (open or in progress) per dimension, in [`Dimension::ALL`] order.
    pub open: [i64; 5],
    /// The indicator codes of the open problems, e.g. `["L1", "A2"]`.
    pub open_codes: Vec<String>,
}

impl HouseholdCard {
    pub fn open_total(&self) -> i64 {
        self.open.iter().sum()
    }

    /// One of its problems opened (`open`) or closed: the counts and codes follow.
    pub fn problem_changed(&mut self, d: Dimension, code: &str, open: bool) {
        let Some(i) = Dimension::ALL.iter().position(|x| *x == d) else { return };
        let listed = self.open_codes.iter().position(|c| c == code);
        match (open, listed) {
            (true, None) => {
                self.open[i] += 1;
                self.open_codes.push(code.to_string());
                self.open_codes.sort();
            }
            (false, Some(at)) => {
                self.open[i] = (self.open[i] - 1).max(0);
                self.open_codes.remove(at);
            }
            _ => {}
        }
    }

    /// Open problems of dimension `d`.
    pub fn open_in(&self, d: Dimension) -> i64 {
        Dimension::ALL.iter().position(|x| *x == d).map_or(0, |i| self.open[i])
    }
}

impl BoardCard for HouseholdCard {
    /// Fewest open problems first (closest to the next rung), then by id.
    type Order = (i64, i64);
    fn id(&self) -> i64 {
        self.household_id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
    fn order(&self) -> (i64, i64) {
        (self.open_total(), self.household_id)
    }
}

/// Cards loaded per column at a time.
pub const STAGE_CARDS: usize = 30;

/// The stage board under a filter of the household list (its area).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageBoard {
    /// Not yet assessed (`None`), then each stage.
    pub columns: Vec<Column<Option<Stage>, HouseholdCard>>,
    /// Whether the caller may move households (executives, coordinators, admins).
    pub may_move: bool,
    pub last_event_id: i64,
}

/// The stage board for `query` (the household list's query string; `amphoe` and `tambon`).
#[leptos::server(endpoint = "stage_board", output = crate::api::wire::JsonText)]
pub async fn get_stage_board(query: String) -> Result<StageBoard, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            let mut board = crate::ssr::boards::stage_board::load(&state.db, &user.scope, &filter).await?;
            board.may_move = user.role.may_move_stages();
            Ok(board)
        }
        .await,
    )
}

/// More cards of one column: those after the first `offset`.
#[leptos::server(endpoint = "stage_column", output = crate::api::wire::JsonText)]
pub async fn get_stage_column(
    query: String,
    stage: Option<Stage>,
    offset: i64,
) -> Result<Vec<HouseholdCard>, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let filter = crate::ssr::boards::parse_filter(&query);
            crate::ssr::boards::stage_board::cards(&state.db, &user.scope, &filter, stage, offset).await
        }
        .await,
    )
}

/// One household for the "move to" page: its card and whether the caller may move it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChoice {
    pub card: HouseholdCard,
    pub may_move: bool,
}

#[leptos::server(endpoint = "stage_choice", output = crate::api::wire::JsonText)]
pub async fn get_stage_choice(household_id: i64) -> Result<StageChoice, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::db::case_file::check_visible(&state.db, &user.scope, household_id).await?;
            let card = crate::ssr::boards::stage_board::card(&state.db, household_id).await?;
            Ok(StageChoice { card, may_move: user.role.may_move_stages() })
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_follows_its_problems_opening_and_closing() {
        let mut card = HouseholdCard {
            household_id: 1,
            version: 1,
            head_name: None,
            address: String::new(),
            stage: None,
            open: [1, 1, 0, 0, 0],
            open_codes: vec!["H1".into(), "L1".into()],
        };
        card.problem_changed(Dimension::Living, "L1", false);
        assert_eq!((card.open_in(Dimension::Living), card.open_codes.clone()), (0, vec!["H1".to_string()]));
        card.problem_changed(Dimension::Living, "L1", false);
        assert_eq!(card.open_in(Dimension::Living), 0, "closing twice counts once");
        card.problem_changed(Dimension::Access, "A2", true);
        assert_eq!((card.open_total(), card.open_codes.clone()), (2, vec!["A2".to_string(), "H1".to_string()]));
    }
}
