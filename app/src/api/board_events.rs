//! The boards' live feed: every owner, status and stage move as an event with an increasing
//! id, sent to each open board (server-sent events) and replayed to one that reconnects.
use serde::{Deserialize, Serialize};

use super::boards::ProblemCard;
use super::stage_board::HouseholdCard;
use crate::domain::access::Scope;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;

/// What changed, with the card as it now stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BoardChange {
    /// A problem's owner agency changed (`None`: no owner).
    Owner { from: Option<i64>, to: Option<i64>, card: ProblemCard },
    /// A problem's status changed.
    Status { from: ProblemStatus, to: ProblemStatus, card: ProblemCard },
    /// A household moved to a stage.
    Stage { from: Option<Stage>, to: Stage, card: HouseholdCard },
}

/// One change of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardEvent {
    /// Increasing: a board asks for what came after the last id it saw.
    pub id: i64,
    pub at: String,
    /// The user who made the change.
    pub by_user: Option<i64>,
    pub province_code: String,
    pub amphoe_code: String,
    pub tambon_code: String,
    pub change: BoardChange,
}

/// The name of the feed's "start again" event: the client missed too much to catch up event
/// by event (the feed was pruned or it fell behind) and reloads its board's data instead.
pub const RESET_EVENT: &str = "reset";

impl BoardEvent {
    /// Whether a user of `scope` may see this change: an area scope by the household's area, an
    /// agency by its own problems (what it gave, took or holds).
    pub fn visible_to(&self, scope: &Scope) -> bool {
        match scope {
            Scope::Province(codes) => codes.contains(&self.province_code),
            Scope::Amphoe(codes) => codes.contains(&self.amphoe_code),
            Scope::Tambon(codes) => codes.contains(&self.tambon_code),
            Scope::Agency(own) => match &self.change {
                BoardChange::Owner { from, to, .. } => *from == Some(*own) || *to == Some(*own),
                BoardChange::Status { card, .. } => card.owner_agency_id == Some(*own),
                BoardChange::Stage { .. } => false,
            },
        }
    }

    /// Whether the change concerns a board showing `f` (its area, dimension and indicator).
    pub fn matches(&self, f: &HouseholdFilter) -> bool {
        let area = f.amphoe.as_ref().is_none_or(|a| *a == self.amphoe_code)
            && f.tambon.as_ref().is_none_or(|t| *t == self.tambon_code);
        let problem = match &self.change {
            BoardChange::Owner { card, .. } | BoardChange::Status { card, .. } => Some(card),
            BoardChange::Stage { .. } => None,
        };
        let kind = problem.is_none_or(|card| {
            f.dimension.is_none_or(|d| d == card.dimension) && f.indicator.as_ref().is_none_or(|i| *i == card.indicator)
        });
        area && kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dimension::Dimension;

    fn card(owner: Option<i64>) -> ProblemCard {
        ProblemCard {
            problem_id: 9,
            version: 2,
            household_id: 4,
            head_name: Some("สมศรี".into()),
            address: "1 ม.2".into(),
            indicator: "L1".into(),
            dimension: Dimension::Living,
            status: ProblemStatus::Open,
            owner_agency_id: owner,
            opened_on: "2026-01-01".into(),
        }
    }

    fn event(change: BoardChange) -> BoardEvent {
        BoardEvent {
            id: 1,
            at: "2026-11-29T00:00:00Z".into(),
            by_user: Some(1),
            province_code: "33".into(),
            amphoe_code: "3304".into(),
            tambon_code: "330401".into(),
            change,
        }
    }

    #[test]
    fn area_scopes_see_their_area_only() {
        let e = event(BoardChange::Owner { from: None, to: Some(3), card: card(Some(3)) });
        assert!(e.visible_to(&Scope::Province(vec!["33".into()])));
        assert!(e.visible_to(&Scope::Amphoe(vec!["3301".into(), "3304".into()])));
        assert!(!e.visible_to(&Scope::Amphoe(vec!["3301".into()])));
        assert!(e.visible_to(&Scope::Tambon(vec!["330401".into()])));
        assert!(!e.visible_to(&Scope::Tambon(vec!["330101".into()])));
    }

    #[test]
    fn an_agency_sees_what_it_gave_took_or_holds() {
        let took = event(BoardChange::Owner { from: None, to: Some(3), card: card(Some(3)) });
        let lost = event(BoardChange::Owner { from: Some(3), to: Some(5), card: card(Some(5)) });
        let other = event(BoardChange::Owner { from: None, to: Some(5), card: card(Some(5)) });
        assert!(took.visible_to(&Scope::Agency(3)));
        assert!(lost.visible_to(&Scope::Agency(3)), "the card leaves its board");
        assert!(!other.visible_to(&Scope::Agency(3)));
        let status =
            event(BoardChange::Status { from: ProblemStatus::Open, to: ProblemStatus::Resolved, card: card(Some(3)) });
        assert!(status.visible_to(&Scope::Agency(3)) && !status.visible_to(&Scope::Agency(5)));
    }

    #[test]
    fn a_board_takes_changes_under_its_filter() {
        let e = event(BoardChange::Owner { from: None, to: Some(3), card: card(Some(3)) });
        assert!(e.matches(&HouseholdFilter::default()));
        assert!(e.matches(&HouseholdFilter { amphoe: Some("3304".into()), ..Default::default() }));
        assert!(!e.matches(&HouseholdFilter { amphoe: Some("3301".into()), ..Default::default() }));
        assert!(!e.matches(&HouseholdFilter { dimension: Some(Dimension::Health), ..Default::default() }));
        assert!(!e.matches(&HouseholdFilter { indicator: Some("L2".into()), ..Default::default() }));
        assert!(e.matches(&HouseholdFilter { indicator: Some("L1".into()), ..Default::default() }));
    }

    #[test]
    fn events_read_back_from_their_json() {
        let e =
            event(BoardChange::Status { from: ProblemStatus::Open, to: ProblemStatus::InProgress, card: card(None) });
        let json = serde_json::to_string(&e).expect("json");
        assert!(json.contains("\"kind\":\"status\""));
        assert_eq!(serde_json::from_str::<BoardEvent>(&json).expect("parse"), e);
    }
}
