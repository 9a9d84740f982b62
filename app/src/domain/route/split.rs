//! Splits a large selection into days or teams: compact groups of similar length, each within
//! the working day when that is possible, each ordered by the solver.
use std::cell::Cell;

use super::matrix::DistanceMatrix;
use super::schedule::TravelSettings;
use super::solve::{solve, tour_length, SolveOptions};

/// How to split: a fixed number of groups, or (None) as few as fit the working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitPlan {
    pub groups: Option<usize>,
    pub workday_minutes: u32,
}

/// One day or team: its stops in visiting order (0-based), metres and minutes (travel with
/// the detour plus the visits). `over_limit` flags a group longer than the working day: a stop
/// too far for any day on its own, or a fixed number of groups too small for the selection.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub stops: Vec<usize>,
    pub distance_m: f64,
    pub minutes: f64,
    pub over_limit: bool,
}

/// Weight of a minute past the working day, against a minute of travel.
const OVERTIME_WEIGHT: f64 = 100.0;
/// Weight of the spread between the longest and the shortest group.
const BALANCE_WEIGHT: f64 = 1.0;
/// Nearest stops whose groups a stop may swap into.
const SWAP_NEIGHBOURS: usize = 8;
/// Solver rounds per group while the groups are still changing.
const QUICK_ROUNDS: u32 = 300;

struct Split<'a> {
    m: &'a DistanceMatrix,
    s: &'a TravelSettings,
    limit: f64,
    routes: Vec<Vec<usize>>,
    lengths: Vec<f64>,
}

/// Splits the stops of `matrix` into groups as `plan` asks (see [`SplitPlan`]).
pub fn split(
    matrix: &DistanceMatrix,
    settings: &TravelSettings,
    plan: &SplitPlan,
    time_up: &dyn Fn() -> bool,
) -> Vec<Group> {
    let n = matrix.stop_count();
    let limit = f64::from(plan.workday_minutes);
    let minutes = |stops: &[usize]| settings.day_minutes(tour_length(matrix, stops), stops.len());
    // A stop that alone takes longer than a day is a group of its own.
    let (lone, rest): (Vec<usize>, Vec<usize>) = (0..n).partition(|&s| minutes(&[s]) > limit);
    let mut groups: Vec<Vec<usize>> = lone.iter().map(|&s| vec![s]).collect();
    if !rest.is_empty() {
        let routes = match plan.groups {
            Some(k) => {
                partition(matrix, settings, limit, &rest, k.saturating_sub(lone.len()).clamp(1, rest.len()), time_up)
            }
            None => {
                let visits = rest.len() as f64 * f64::from(settings.minutes_per_visit);
                let mut k = ((visits / limit.max(1.0)).ceil() as usize).clamp(1, rest.len());
                loop {
                    let routes = partition(matrix, settings, limit, &rest, k, time_up);
                    if k == rest.len() || time_up() || routes.iter().all(|r| minutes(r) <= limit) {
                        break routes;
                    }
                    k += 1;
                }
            }
        };
        groups.extend(routes);
    }
    groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|stops| {
            let distance_m = tour_length(matrix, &stops);
            let minutes = settings.day_minutes(distance_m, stops.len());
            Group { stops, distance_m, minutes, over_limit: minutes > limit }
        })
        .collect()
}

/// `k` ordered groups of `stops`: seeded far apart, filled nearest first with equal counts,
/// then improved by moving and swapping stops between groups and ordering each group again.
fn partition(
    m: &DistanceMatrix,
    s: &TravelSettings,
    limit: f64,
    stops: &[usize],
    k: usize,
    time_up: &dyn Fn() -> bool,
) -> Vec<Vec<usize>> {
    let near = |a: usize, b: usize| (m.get(a + 1, b + 1) + m.get(b + 1, a + 1)) / 2.0;
    let out = |a: usize| (m.get(0, a + 1) + m.get(a + 1, m.end_index())) / 2.0;
    // Seeds: the farthest stop, then each time the stop farthest from the seeds so far.
    let mut seeds = vec![*stops.iter().max_by(|&&a, &&b| out(a).total_cmp(&out(b))).unwrap_or(&stops[0])];
    while seeds.len() < k {
        let far = stops.iter().filter(|x| !seeds.contains(x)).max_by(|&&a, &&b| {
            let da = seeds.iter().map(|&c| near(a, c)).fold(f64::INFINITY, f64::min);
            let db = seeds.iter().map(|&c| near(b, c)).fold(f64::INFINITY, f64::min);
            da.total_cmp(&db)
        });
        match far {
            Some(&x) => seeds.push(x),
            None => break,
        }
    }
    let mut groups = assign(stops, &seeds, near);
    for _ in 0..3 {
        // Each group's medoid becomes its new seed.
        let medoids: Vec<usize> = groups
            .iter()
            .map(|g| {
                *g.iter()
                    .min_by(|&&a, &&b| {
                        let sa: f64 = g.iter().map(|&x| near(a, x)).sum();
                        let sb: f64 = g.iter().map(|&x| near(b, x)).sum();
                        sa.total_cmp(&sb)
                    })
                    .unwrap_or(&g[0])
            })
            .collect();
        groups = assign(stops, &medoids, near);
    }
    let mut split = Split { m, s, limit, lengths: Vec::new(), routes: Vec::new() };
    split.reorder(groups, true, time_up);
    let neighbours: Vec<Vec<usize>> = stops
        .iter()
        .map(|&a| {
            let mut others: Vec<usize> = stops.iter().copied().filter(|&b| b != a).collect();
            others.sort_by(|&x, &y| near(a, x).total_cmp(&near(a, y)));
            others.truncate(SWAP_NEIGHBOURS);
            others
        })
        .collect();
    for _ in 0..4 {
        let before = split.objective();
        for _ in 0..20 {
            if time_up() || !(split.move_pass() | split.swap_pass(stops, &neighbours)) {
                break;
            }
        }
        let routes = std::mem::take(&mut split.routes);
        split.reorder(routes, true, time_up);
        if time_up() || split.objective() > before - 1e-6 {
            break;
        }
    }
    let routes = std::mem::take(&mut split.routes);
    split.reorder(routes, false, time_up);
    split.routes
}

/// Stops to the nearest seed whose group is not yet full (`⌈n / k⌉`), most constrained first.
fn assign(stops: &[usize], seeds: &[usize], near: impl Fn(usize, usize) -> f64) -> Vec<Vec<usize>> {
    let k = seeds.len();
    let cap = stops.len().div_ceil(k);
    let mut order: Vec<(f64, usize)> = stops
        .iter()
        .map(|&a| {
            let mut d: Vec<f64> = seeds.iter().map(|&c| near(a, c)).collect();
            d.sort_by(f64::total_cmp);
            (d.get(1).copied().unwrap_or(0.0) - d[0], a)
        })
        .collect();
    order.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut groups = vec![Vec::new(); k];
    for (_, a) in order {
        let g = (0..k)
            .filter(|&g| groups[g].len() < cap)
            .min_by(|&x, &y| near(a, seeds[x]).total_cmp(&near(a, seeds[y])))
            .unwrap_or(0);
        groups[g].push(a);
    }
    groups
}

impl Split<'_> {
    fn minutes(&self, metres: f64, visits: usize) -> f64 {
        self.s.day_minutes(metres, visits)
    }

    /// Total minutes, overtime (heavily) and the spread between the longest and shortest group.
    fn objective_with(&self, changed: &[(usize, f64, usize)]) -> f64 {
        let (mut total, mut hi, mut lo) = (0.0, f64::MIN, f64::MAX);
        for g in 0..self.routes.len() {
            let (len, visits) =
                changed.iter().find(|c| c.0 == g).map_or((self.lengths[g], self.routes[g].len()), |c| (c.1, c.2));
            let minutes = self.minutes(len, visits);
            total += minutes + OVERTIME_WEIGHT * (minutes - self.limit).max(0.0);
            hi = hi.max(minutes);
            lo = lo.min(minutes);
        }
        total + BALANCE_WEIGHT * (hi - lo)
    }

    fn objective(&self) -> f64 {
        self.objective_with(&[])
    }

    fn node(&self, route: &[usize], i: isize) -> usize {
        if i < 0 {
            0
        } else if i as usize >= route.len() {
            self.m.end_index()
        } else {
            route[i as usize] + 1
        }
    }

    /// Metres saved by taking position `i` out of `route`.
    fn removal(&self, route: &[usize], i: usize) -> f64 {
        let (p, x, q) = (self.node(route, i as isize - 1), route[i] + 1, self.node(route, i as isize + 1));
        self.m.get(p, x) + self.m.get(x, q) - self.m.get(p, q)
    }

    /// The cheapest gap to insert `stop` into `route` (skipping position `skip`): (gap, metres).
    fn insertion(&self, route: &[usize], stop: usize, skip: Option<usize>) -> (usize, f64) {
        let kept: Vec<usize> = route.iter().enumerate().filter(|(i, _)| Some(*i) != skip).map(|(_, &s)| s).collect();
        let x = stop + 1;
        (0..=kept.len())
            .map(|gap| {
                let (p, q) = (self.node(&kept, gap as isize - 1), self.node(&kept, gap as isize));
                (gap, self.m.get(p, x) + self.m.get(x, q) - self.m.get(p, q))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0))
    }

    /// Moves single stops to other groups while that lowers the objective.
    fn move_pass(&mut self) -> bool {
        let mut improved = false;
        for a in 0..self.routes.len() {
            let mut i = 0;
            while i < self.routes[a].len() {
                let current = self.objective();
                let stop = self.routes[a][i];
                let new_a = self.lengths[a] - self.removal(&self.routes[a], i);
                let mut best: Option<(f64, usize, usize, f64)> = None;
                for b in (0..self.routes.len()).filter(|&b| b != a) {
                    let (gap, cost) = self.insertion(&self.routes[b], stop, None);
                    let new_b = self.lengths[b] + cost;
                    let value = self
                        .objective_with(&[(a, new_a, self.routes[a].len() - 1), (b, new_b, self.routes[b].len() + 1)]);
                    if value < current - 1e-6 && best.is_none_or(|x| value < x.0) {
                        best = Some((value, b, gap, new_b));
                    }
                }
                match best {
                    Some((_, b, gap, new_b)) if self.routes[a].len() > 1 => {
                        self.routes[a].remove(i);
                        self.lengths[a] = tour_length(self.m, &self.routes[a]);
                        self.routes[b].insert(gap, stop);
                        self.lengths[b] = new_b;
                        improved = true;
                    }
                    _ => i += 1,
                }
            }
        }
        improved
    }

    /// Swaps a stop with a nearby stop of another group while that lowers the objective.
    fn swap_pass(&mut self, stops: &[usize], neighbours: &[Vec<usize>]) -> bool {
        let mut improved = false;
        let locate = |routes: &[Vec<usize>]| {
            let mut at = vec![(usize::MAX, 0); self.m.stop_count()];
            for (g, r) in routes.iter().enumerate() {
                for (i, &s) in r.iter().enumerate() {
                    at[s] = (g, i);
                }
            }
            at
        };
        let mut group_of = locate(&self.routes);
        for (idx, &x) in stops.iter().enumerate() {
            for &y in &neighbours[idx] {
                let ((a, i), (b, j)) = (group_of[x], group_of[y]);
                if a == b || a == usize::MAX || b == usize::MAX {
                    continue;
                }
                let (gap_a, cost_a) = self.insertion(&self.routes[a], y, Some(i));
                let (gap_b, cost_b) = self.insertion(&self.routes[b], x, Some(j));
                let new_a = self.lengths[a] - self.removal(&self.routes[a], i) + cost_a;
                let new_b = self.lengths[b] - self.removal(&self.routes[b], j) + cost_b;
                let value = self.objective_with(&[(a, new_a, self.routes[a].len()), (b, new_b, self.routes[b].len())]);
                if value < self.objective() - 1e-6 {
                    self.routes[a].remove(i);
                    self.routes[a].insert(gap_a, y);
                    self.routes[b].remove(j);
                    self.routes[b].insert(gap_b, x);
                    self.lengths[a] = tour_length(self.m, &self.routes[a]);
                    self.lengths[b] = tour_length(self.m, &self.routes[b]);
                    group_of = locate(&self.routes);
                    improved = true;
                }
            }
        }
        improved
    }

    /// Orders each group with the solver: briefly (a few hundred rounds) while groups still
    /// change, fully at the end.
    fn reorder(&mut self, groups: Vec<Vec<usize>>, quick: bool, time_up: &dyn Fn() -> bool) {
        self.routes = groups
            .into_iter()
            .map(|g| {
                let sub = self.m.subset(&g);
                let rounds = Cell::new(0u32);
                let enough = || {
                    rounds.set(rounds.get() + 1);
                    time_up() || (quick && rounds.get() > QUICK_ROUNDS)
                };
                let tour = solve(&sub, &SolveOptions::default(), &enough);
                tour.order.into_iter().map(|i| g[i]).collect()
            })
            .collect();
        self.lengths = self.routes.iter().map(|r| tour_length(self.m, r)).collect();
    }
}
