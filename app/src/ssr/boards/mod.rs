//! The case boards on the server: the owner, stage and agency boards as read, and the moves
//! they make (owners, statuses, stages), each checked against the caller's role, scope and
//! version and announced on the boards' live feed.
pub mod agency_board;
pub mod events;
pub mod owner;
pub mod owner_board;
pub mod rules;
pub mod stage;
pub mod stage_board;
pub mod status;

use crate::domain::household_filter::HouseholdFilter;

/// A board's filter from the household list's query string (unknown keys are ignored).
pub fn parse_filter(query: &str) -> HouseholdFilter {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect();
    HouseholdFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).0
}
