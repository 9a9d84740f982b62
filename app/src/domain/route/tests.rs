//! The solver's properties: permutations, never worse than nearest-neighbour, exact equal to a
//! brute-force oracle, deterministic for a seed, one-way matrices, and the splitter's groups.
use std::cell::Cell;

use proptest::prelude::*;

use super::*;
use crate::domain::geo::Position;

/// Every order of the stops, the shortest kept (the oracle for small instances).
fn brute_force(m: &DistanceMatrix) -> f64 {
    fn go(m: &DistanceMatrix, order: &mut Vec<usize>, left: &mut Vec<usize>, best: &mut f64) {
        if left.is_empty() {
            *best = best.min(tour_length(m, order));
            return;
        }
        for i in 0..left.len() {
            let s = left.remove(i);
            order.push(s);
            go(m, order, left, best);
            order.pop();
            left.insert(i, s);
        }
    }
    let mut best = f64::INFINITY;
    go(m, &mut Vec::new(), &mut (0..m.stop_count()).collect(), &mut best);
    best
}

/// A budget counted in calls, so tests are deterministic whatever the machine's speed.
fn calls(limit: u32) -> impl Fn() -> bool {
    let n = Cell::new(0u32);
    move || {
        n.set(n.get() + 1);
        n.get() > limit
    }
}

fn is_permutation(order: &[usize], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n && order.iter().all(|&s| s < n && !std::mem::replace(&mut seen[s], true))
}

/// Households scattered around Sisaket's seat (about ±30 km), with or without a separate end.
fn positions(max: usize) -> impl Strategy<Value = (Position, Vec<Position>, Option<Position>)> {
    let point = (14.85f64..15.40, 104.05f64..104.60).prop_map(|(lat, lon)| Position { lat, lon });
    (point.clone(), prop::collection::vec(point.clone(), 0..=max), prop::option::of(point))
}

/// A one-way matrix: random metres, rows of n + 1 or n + 2.
fn one_way(max: usize) -> impl Strategy<Value = DistanceMatrix> {
    (0..=max, any::<bool>()).prop_flat_map(|(n, with_end)| {
        let size = n + 1 + usize::from(with_end);
        prop::collection::vec(prop::collection::vec(0u32..50_000, size), size).prop_map(move |rows| {
            let rows = rows.into_iter().map(|r| r.into_iter().map(f64::from).collect()).collect();
            DistanceMatrix::from_rows(rows, n).expect("square and finite")
        })
    })
}

fn heuristic(seed: u64) -> SolveOptions {
    SolveOptions { seed, max_exact: 0 }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn exact_equals_brute_force((start, stops, end) in positions(9)) {
        let m = DistanceMatrix::from_positions(start, &stops, end);
        let tour = solve(&m, &SolveOptions::default(), &|| false);
        prop_assert!(tour.exact);
        prop_assert!(is_permutation(&tour.order, stops.len()));
        prop_assert!((tour.distance_m - brute_force(&m)).abs() < 1e-6);
        prop_assert!((tour.distance_m - tour_length(&m, &tour.order)).abs() < 1e-9);
    }

    #[test]
    fn exact_equals_brute_force_one_way(m in one_way(9)) {
        let tour = solve(&m, &SolveOptions::default(), &|| false);
        prop_assert!(is_permutation(&tour.order, m.stop_count()));
        prop_assert!((tour.distance_m - brute_force(&m)).abs() < 1e-6);
    }

    #[test]
    fn heuristic_is_a_permutation_no_worse_than_nearest_neighbour((start, stops, end) in positions(60), seed in any::<u64>()) {
        let m = DistanceMatrix::from_positions(start, &stops, end);
        let tour = solve(&m, &heuristic(seed), &calls(3_000));
        prop_assert!(!tour.exact || stops.len() < 3);
        prop_assert!(is_permutation(&tour.order, stops.len()));
        prop_assert!(tour.distance_m <= tour_length(&m, &nearest_neighbour(&m)) + 1e-6);
        prop_assert!((tour.distance_m - tour_length(&m, &tour.order)).abs() < 1e-6);
        prop_assert_eq!(legs(&m, &tour.order).len(), stops.len() + 1);
    }


    #[test]
    fn heuristic_finds_small_optima((start, stops, end) in positions(9)) {
        let m = DistanceMatrix::from_positions(start, &stops, end);
        let tour = solve(&m, &heuristic(7), &calls(2_000));
        prop_assert!(tour.distance_m <= brute_force(&m) * 1.0 + 1e-6, "{} vs {}", tour.distance_m, brute_force(&m));
    }

    #[test]
    fn the_same_seed_gives_the_same_tour((start, stops, end) in positions(50), seed in any::<u64>()) {
        let m = DistanceMatrix::from_positions(start, &stops, end);
        let a = solve(&m, &heuristic(seed), &calls(2_000));
        let b = solve(&m, &heuristic(seed), &calls(2_000));
        prop_assert_eq!(a, b);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn heuristic_on_one_way_matrices(m in one_way(30), seed in any::<u64>()) {
        let tour = solve(&m, &heuristic(seed), &calls(3_000));
        prop_assert!(is_permutation(&tour.order, m.stop_count()));
        prop_assert!(tour.distance_m <= tour_length(&m, &nearest_neighbour(&m)) + 1e-6);
        // The reported length is the true one-way length of the order.
        prop_assert!((tour.distance_m - tour_length(&m, &tour.order)).abs() < 1e-6);
    }

    #[test]
    fn split_places_each_stop_once_within_the_day((start, stops, end) in positions(40), fixed in prop::option::of(1usize..6)) {
        let m = DistanceMatrix::from_positions(start, &stops, end);
        let settings = TravelSettings::default();
        let plan = SplitPlan { groups: fixed, workday_minutes: 8 * 60 };
        let groups = split(&m, &settings, &plan, &|| false);
        let mut all: Vec<usize> = groups.iter().flat_map(|g| g.stops.clone()).collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..stops.len()).collect::<Vec<_>>());
        for g in &groups {
            prop_assert!(!g.stops.is_empty());
            prop_assert!((g.distance_m - tour_length(&m, &g.stops)).abs() < 1e-6);
            prop_assert!((g.minutes - settings.day_minutes(g.distance_m, g.stops.len())).abs() < 1e-9);
            prop_assert_eq!(g.over_limit, g.minutes > 480.0);
        }
        match fixed {
            Some(k) if !stops.is_empty() => prop_assert_eq!(groups.len(), k.min(stops.len())),
            // As few as fit: every group within the day (every stop alone fits, ±30 km).
            None => prop_assert!(groups.iter().all(|g| !g.over_limit), "{groups:?}"),
            _ => {}
        }
    }
}

#[test]
fn a_known_line_is_walked_in_order() {
    // Stops on a line east of the start, given shuffled; the day ends at the far end.
    let start = Position { lat: 15.0, lon: 104.0 };
    let xs = [0.05, 0.01, 0.04, 0.02, 0.03];
    let stops: Vec<Position> = xs.iter().map(|&d| Position { lat: 15.0, lon: 104.0 + d }).collect();
    let end = Some(Position { lat: 15.0, lon: 104.06 });
    let m = DistanceMatrix::from_positions(start, &stops, end);
    for options in [SolveOptions::default(), heuristic(1)] {
        let tour = solve(&m, &options, &|| false);
        assert_eq!(tour.order, vec![1, 3, 4, 2, 0]);
    }
}

#[test]
fn one_way_streets_change_the_order() {
    // Going 1 → 2 is cheap but 2 → 1 is dear: the exact tour must go 1 then 2.
    let rows = vec![
        vec![0.0, 10.0, 10.0, 0.0],
        vec![10.0, 0.0, 1.0, 10.0],
        vec![10.0, 100.0, 0.0, 10.0],
        vec![0.0, 10.0, 10.0, 0.0],
    ];
    let m = DistanceMatrix::from_rows(rows, 2).expect("matrix");
    let tour = solve(&m, &SolveOptions::default(), &|| false);
    assert_eq!((tour.order.clone(), tour.distance_m), (vec![0, 1], 21.0));
    assert_eq!(legs(&m, &tour.order), vec![10.0, 1.0, 10.0]);
}

#[test]
fn no_stops_and_one_stop() {
    let start = Position { lat: 15.0, lon: 104.0 };
    let m = DistanceMatrix::from_positions(start, &[], None);
    let tour = solve(&m, &SolveOptions::default(), &|| false);
    assert_eq!((tour.order.len(), tour.distance_m, tour.exact), (0, 0.0, true));
    assert!(
        split(&m, &TravelSettings::default(), &SplitPlan { groups: None, workday_minutes: 480 }, &|| false).is_empty()
    );
    let m = DistanceMatrix::from_positions(start, &[Position { lat: 15.1, lon: 104.0 }], None);
    assert_eq!(solve(&m, &heuristic(0), &|| true).order, vec![0]);
}

#[test]
fn time_up_at_once_still_gives_a_tour() {
    let start = Position { lat: 15.0, lon: 104.0 };
    let stops: Vec<Position> = (0..80)
        .map(|i| Position { lat: 15.0 + f64::from(i % 9) * 0.01, lon: 104.0 + f64::from(i / 9) * 0.013 })
        .collect();
    let m = DistanceMatrix::from_positions(start, &stops, None);
    let tour = solve(&m, &SolveOptions::default(), &|| true);
    assert!(is_permutation(&tour.order, 80));
    assert!(tour.distance_m <= tour_length(&m, &nearest_neighbour(&m)) + 1e-6);
}

#[test]
fn a_stop_too_far_for_a_day_is_its_own_flagged_group() {
    let start = Position { lat: 15.1186, lon: 104.3220 };
    let mut stops: Vec<Position> = (0..6).map(|i| Position { lat: 15.12 + f64::from(i) * 0.01, lon: 104.33 }).collect();
    stops.push(Position { lat: 17.5, lon: 104.3 }); // about 265 km away
    let m = DistanceMatrix::from_positions(start, &stops, None);
    let plan = SplitPlan { groups: None, workday_minutes: 8 * 60 };
    let groups = split(&m, &TravelSettings::default(), &plan, &|| false);
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!((groups[0].stops.clone(), groups[0].over_limit), (vec![6], true));
    assert!(!groups[1].over_limit);
}

#[test]
fn a_fixed_number_of_groups_is_balanced() {
    // Two clusters, one of 8 and one of 4 households, at equal distance from the start.
    let start = Position { lat: 15.0, lon: 104.0 };
    let mut stops: Vec<Position> = (0..8).map(|i| Position { lat: 15.1 + f64::from(i) * 0.002, lon: 104.0 }).collect();
    stops.extend((0..4).map(|i| Position { lat: 14.9 - f64::from(i) * 0.002, lon: 104.0 }));
    let m = DistanceMatrix::from_positions(start, &stops, None);
    let plan = SplitPlan { groups: Some(2), workday_minutes: 8 * 60 };
    let groups = split(&m, &TravelSettings::default(), &plan, &|| false);
    assert_eq!(groups.len(), 2);
    let (a, b) = (groups[0].minutes, groups[1].minutes);
    assert!((a - b).abs() <= 60.0, "{a} vs {b}");
}
