//! The visit-day route solver: orders a day's stops (exact up to a dozen, iterated local search
//! beyond), splits a large selection into days or teams, and times the day. Pure Rust, no clock
//! inside (the caller says when time is up), so it runs on the server and in the browser alike.
mod exact;
mod local_search;
mod matrix;
mod rng;
pub mod schedule;
mod solve;
pub mod split;

pub use matrix::{DistanceMatrix, RouteError};
pub use schedule::{format_hhmm, format_hhmm_th, schedule, StopTime, TravelSettings};
pub use solve::{legs, nearest_neighbour, solve, tour_length, SolveOptions, Tour};
pub use split::{split, Group, SplitPlan};

#[cfg(test)]
mod tests;
