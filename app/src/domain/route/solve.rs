//! Orders a day's stops: exact (Held–Karp) up to `max_exact` stops, beyond that an iterated
//! local search from the best of several nearest-neighbour starts, never worse than the plain
//! nearest-neighbour tour.
use super::exact::{held_karp, EXACT_LIMIT};
use super::local_search::{Costs, Path, EPS};
use super::matrix::DistanceMatrix;
use super::rng::Rng;

/// How to solve: the seed of the heuristic and the most stops solved exactly (at most 16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveOptions {
    pub seed: u64,
    pub max_exact: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { seed: 0, max_exact: 12 }
    }
}

/// A solved day: the stops in visiting order (0-based indexes into the stops), the metres from
/// the start through them to the end, and whether the order is proven shortest.
#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    pub order: Vec<usize>,
    pub distance_m: f64,
    pub exact: bool,
}

/// Metres from the start through the stops in `order` to the end.
pub fn tour_length(matrix: &DistanceMatrix, order: &[usize]) -> f64 {
    legs(matrix, order).iter().sum()
}

/// Metres of each leg: start → first stop, …, last stop → end.
pub fn legs(matrix: &DistanceMatrix, order: &[usize]) -> Vec<f64> {
    let mut at = 0;
    let mut out = Vec::with_capacity(order.len() + 1);
    for &s in order {
        out.push(matrix.get(at, s + 1));
        at = s + 1;
    }
    out.push(matrix.get(at, matrix.end_index()));
    out
}

/// From the start, always on to the nearest stop not yet visited (ties: the lower index).
pub fn nearest_neighbour(matrix: &DistanceMatrix) -> Vec<usize> {
    let n = matrix.stop_count();
    let mut left: Vec<usize> = (0..n).collect();
    let mut order = Vec::with_capacity(n);
    let mut at = 0;
    while !left.is_empty() {
        let mut k = 0;
        for (i, &s) in left.iter().enumerate() {
            if matrix.get(at, s + 1) < matrix.get(at, left[k] + 1) {
                k = i;
            }
        }
        let s = left.remove(k);
        order.push(s);
        at = s + 1;
    }
    order
}

/// Orders the stops. `time_up` is asked now and then; the heuristic stops when it says yes
/// (or after an iteration cap), so the same seed gives the same tour when time allows.
pub fn solve(matrix: &DistanceMatrix, options: &SolveOptions, time_up: &dyn Fn() -> bool) -> Tour {
    let n = matrix.stop_count();
    let tour = |order: Vec<usize>, exact: bool| Tour { distance_m: tour_length(matrix, &order), order, exact };
    if n <= options.max_exact.min(EXACT_LIMIT) {
        return tour(held_karp(matrix), true);
    }
    if n < 3 {
        // Up to two stops every order is tried, so the tour is exact.
        let two = n == 2 && tour_length(matrix, &[1, 0]) < tour_length(matrix, &[0, 1]);
        return tour(if two { vec![1, 0] } else { (0..n).collect() }, true);
    }
    let nn = nearest_neighbour(matrix);
    let costs = Costs::new(matrix);
    let path = iterated_local_search(&costs, &nn, options.seed, time_up);
    let order: Vec<usize> = path[1..=n].iter().map(|node| node - 1).collect();
    if tour_length(matrix, &order) <= tour_length(matrix, &nn) {
        tour(order, false)
    } else {
        tour(nn, false)
    }
}

fn as_path(order: &[usize], n: usize) -> Vec<usize> {
    let mut t = Vec::with_capacity(n + 2);
    t.push(0);
    t.extend(order.iter().map(|s| s + 1));
    t.push(n + 1);
    t
}

/// A nearest-neighbour tour that now and then takes the second or third nearest instead.
fn randomised_neighbour(c: &Costs, rng: &mut Rng) -> Vec<usize> {
    let n = c.stops();
    let mut left: Vec<usize> = (1..=n).collect();
    let mut t = vec![0];
    let mut at = 0;
    while !left.is_empty() {
        left.sort_by(|&a, &b| c.d(at, a).total_cmp(&c.d(at, b)));
        let k = if rng.below(3) == 0 { rng.below(left.len().min(3)) } else { 0 };
        at = left.remove(k);
        t.push(at);
    }
    t.push(n + 1);
    t
}

/// Iterations without a better tour after which the search stops.
fn stall_limit(n: usize) -> usize {
    1_000 + 40 * n
}

/// Tours of this many stops or fewer restart from a fresh start after [`RESTART_AFTER`]
/// iterations without a better tour.
const SMALL_TOUR: usize = 12;
const RESTART_AFTER: usize = 100;

/// Iterations at most, whatever the clock says.
fn iteration_cap(n: usize) -> usize {
    20_000 + 500 * n
}

fn iterated_local_search(c: &Costs, nn: &[usize], seed: u64, time_up: &dyn Fn() -> bool) -> Vec<usize> {
    let n = c.stops();
    let mut rng = Rng::new(seed);
    let never = || false;
    // Several starts, each improved; the search continues from the best.
    let mut best = as_path(nn, n);
    let mut path = Path::new(c, best.clone());
    path.wake_all();
    path.improve(time_up);
    best.copy_from_slice(&path.t);
    let mut best_len = path.length();
    for _ in 0..4 {
        if time_up() {
            return best;
        }
        let start = randomised_neighbour(c, &mut rng);
        path.set(&start);
        path.wake_all();
        path.improve(&never);
        if path.length() < best_len - EPS {
            best_len = path.length();
            best.copy_from_slice(&path.t);
        }
    }
    path.set(&best);
    let mut current = best.clone();
    let mut current_len = best_len;
    let longest = (n / 2).clamp(1, 50);
    let mut since_better = 0;
    for _ in 0..iteration_cap(n) {
        if since_better >= stall_limit(n) || time_up() {
            break;
        }
        if n <= SMALL_TOUR && since_better > 0 && since_better % RESTART_AFTER == 0 {
            // A small tour has few stretches to swap, and the search can circle one local
            // optimum: start again from a fresh randomised tour (the best is kept).
            let start = randomised_neighbour(c, &mut rng);
            path.set(&start);
            path.wake_all();
            path.improve(time_up);
            since_better += 1;
            current_len = path.length();
            current.copy_from_slice(&path.t);
            if current_len < best_len - EPS {
                best_len = current_len;
                best.copy_from_slice(&path.t);
                since_better = 0;
            }
            continue;
        }
        // A double bridge on two neighbouring stretches, then local search around the joins.
        let (l1, l2) = (1 + rng.below(longest), 1 + rng.below(longest));
        let p1 = 1 + rng.below(n - l1 - l2 + 1);
        path.swap_stretches(p1, p1 + l1, p1 + l1 + l2);
        path.improve(time_up);
        let len = path.length();
        since_better += 1;
        if len < current_len + EPS {
            if len < best_len - EPS {
                best_len = len;
                best.copy_from_slice(&path.t);
                since_better = 0;
            }
            current_len = len;
            current.copy_from_slice(&path.t);
        } else {
            path.set(&current);
        }
    }
    best
}
