//! A plan's shape on the ground: the shortest order of its stops, and each leg's estimated
//! road distance and arrival time (straight line × detour factor at the travel speed).
use crate::api::plans::{PlanPoint, PlanTravel};
use crate::domain::geo::{distance_m, Position};
use crate::domain::route::{solve, DistanceMatrix, SolveOptions};

/// The seed every plan is ordered with: the same selection always gives the same route.
const PLAN_SEED: u64 = 33;
/// Ordering a day's stops on the server never takes longer than this.
const SOLVE_BUDGET: std::time::Duration = std::time::Duration::from_millis(800);

pub fn position(p: &PlanPoint) -> Position {
    Position { lat: p.lat, lon: p.lon }
}

/// The stops' ids in the shortest order found from `start` to `end` (back to the start when
/// `None`).
pub fn optimise(start: Position, end: Option<Position>, stops: &[(i64, Position)]) -> Vec<i64> {
    if stops.len() < 2 {
        return stops.iter().map(|(id, _)| *id).collect();
    }
    let positions: Vec<Position> = stops.iter().map(|(_, p)| *p).collect();
    let matrix = DistanceMatrix::from_positions(start, &positions, end);
    let deadline = std::time::Instant::now() + SOLVE_BUDGET;
    let time_up = move || std::time::Instant::now() >= deadline;
    let tour = solve(&matrix, &SolveOptions { seed: PLAN_SEED, max_exact: 12 }, &time_up);
    tour.order.iter().map(|&i| stops[i].0).collect()
}

/// One stop's leg and times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub leg_m: f64,
    pub arrive_minute: u32,
    pub leave_minute: u32,
}

/// The day's timings: one per stop, then the return leg and the arrival at the end. A stop
/// without a position adds its visit time but no distance.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub stops: Vec<Timing>,
    pub return_leg_m: f64,
    pub finish_minute: u32,
}

impl Day {
    pub fn distance_m(&self) -> f64 {
        self.stops.iter().map(|t| t.leg_m).sum::<f64>() + self.return_leg_m
    }
}

fn travel_minutes(metres: f64, travel: &PlanTravel) -> f64 {
    metres / 1000.0 / travel.speed_kmh.max(1.0) * 60.0
}

pub fn day(start: Position, end: Option<Position>, stops: &[Option<Position>], travel: &PlanTravel) -> Day {
    let end = end.unwrap_or(start);
    let mut here = start;
    let mut clock = f64::from(travel.start_minute);
    let mut timings = Vec::with_capacity(stops.len());
    for stop in stops {
        let leg_m = stop.map(|p| distance_m(here, p) * travel.detour_factor).unwrap_or(0.0);
        clock += travel_minutes(leg_m, travel);
        let arrive_minute = clock.round() as u32;
        clock += f64::from(travel.minutes_per_visit);
        timings.push(Timing { leg_m, arrive_minute, leave_minute: clock.round() as u32 });
        if let Some(p) = stop {
            here = *p;
        }
    }
    let return_leg_m = distance_m(here, end) * travel.detour_factor;
    clock += travel_minutes(return_leg_m, travel);
    Day { stops: timings, return_leg_m, finish_minute: clock.round() as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEAT: Position = Position { lat: 15.1186, lon: 104.3220 };

    fn east(km: f64) -> Position {
        // About 107.5 km per degree of longitude at this latitude.
        Position { lat: SEAT.lat, lon: SEAT.lon + km / 107.5 }
    }

    #[test]
    fn stops_are_visited_outward_and_back() {
        let stops = [(3, east(30.0)), (1, east(10.0)), (2, east(20.0))];
        // Back to the start, either direction is as short.
        let round = optimise(SEAT, None, &stops);
        assert!(round == vec![1, 2, 3] || round == vec![3, 2, 1], "{round:?}");
        // Ending farther east, the order still runs outward.
        assert_eq!(optimise(SEAT, Some(east(40.0)), &stops), vec![1, 2, 3]);
    }

    #[test]
    fn arrivals_add_travel_and_visit_time() {
        let travel = PlanTravel { start_minute: 8 * 60, speed_kmh: 60.0, detour_factor: 1.0, minutes_per_visit: 30 };
        let d = day(SEAT, None, &[Some(east(10.0)), None, Some(east(20.0))], &travel);
        assert!((d.stops[0].leg_m - 10_000.0).abs() < 100.0, "{:?}", d.stops[0]);
        assert_eq!(d.stops[0].arrive_minute, 8 * 60 + 10);
        assert_eq!(d.stops[0].leave_minute, 8 * 60 + 40);
        assert_eq!(d.stops[1].leg_m, 0.0, "no position: no distance");
        assert_eq!(d.stops[1].leave_minute, 9 * 60 + 10);
        assert_eq!(d.stops[2].arrive_minute, 9 * 60 + 20);
        assert_eq!(d.finish_minute, 9 * 60 + 50 + 20);
        assert!((d.distance_m() - 40_000.0).abs() < 300.0);
    }

    #[test]
    fn the_detour_factor_lengthens_every_leg() {
        let travel = PlanTravel { detour_factor: 1.5, ..PlanTravel::default() };
        let d = day(SEAT, None, &[Some(east(10.0))], &travel);
        assert!((d.stops[0].leg_m - 15_000.0).abs() < 150.0);
        assert!((d.return_leg_m - 15_000.0).abs() < 150.0);
    }
}
