//! 2-opt and Or-opt on a path whose first and last nodes stay put, driven by neighbour lists and
//! don't-look bits. On one-way (asymmetric) matrices every move is priced at its true cost,
//! including the reversed stretch of a 2-opt.
use std::collections::VecDeque;

use super::matrix::DistanceMatrix;

/// Improvements smaller than this (metres) are noise from adding floats in another order.
pub const EPS: f64 = 1e-6;

/// Nearest candidates looked at per node.
const NEIGHBOURS: usize = 10;

/// The costs between path nodes: 0 the start, `1..=n` the stops, `n + 1` the end (a copy of
/// the start when the day ends where it began), with each node's nearest others.
pub struct Costs {
    size: usize,
    d: Vec<f64>,
    symmetric: bool,
    neighbours: Vec<Vec<usize>>,
}

impl Costs {
    pub fn new(m: &DistanceMatrix) -> Self {
        let n = m.stop_count();
        let size = n + 2;
        let index = |i: usize| if i == n + 1 { m.end_index() } else { i };
        let mut d = Vec::with_capacity(size * size);
        for a in 0..size {
            for b in 0..size {
                d.push(if a == b { 0.0 } else { m.get(index(a), index(b)) });
            }
        }
        let symmetric = (0..size).all(|a| {
            (a + 1..size).all(|b| {
                let (x, y) = (d[a * size + b], d[b * size + a]);
                (x - y).abs() <= 1e-9 * (1.0 + x.abs().max(y.abs()))
            })
        });
        let neighbours = (0..size)
            .map(|a| {
                let mut others: Vec<usize> = (0..size).filter(|&b| b != a).collect();
                let key = |b: usize| d[a * size + b].min(d[b * size + a]);
                others.sort_by(|&x, &y| key(x).total_cmp(&key(y)).then(x.cmp(&y)));
                others.truncate(NEIGHBOURS);
                others
            })
            .collect();
        Costs { size, d, symmetric, neighbours }
    }

    #[inline]
    pub fn d(&self, a: usize, b: usize) -> f64 {
        self.d[a * self.size + b]
    }

    pub fn stops(&self) -> usize {
        self.size - 2
    }

    pub fn length(&self, path: &[usize]) -> f64 {
        path.windows(2).map(|w| self.d(w[0], w[1])).sum()
    }
}

enum Move {
    /// Reverse positions `i + 1 ..= j`.
    TwoOpt(usize, usize),
    /// Move positions `s ..= e` into the gap after position `p`, reversed or not.
    OrOpt { s: usize, e: usize, p: usize, reversed: bool },
}

/// A path under improvement: `t[0]` is the start, `t[n + 1]` the end.
pub struct Path<'a> {
    c: &'a Costs,
    pub t: Vec<usize>,
    pos: Vec<usize>,
    /// Prefix sums of forward and backward edge costs (one-way matrices only).
    fwd: Vec<f64>,
    back: Vec<f64>,
    queue: VecDeque<usize>,
    queued: Vec<bool>,
}

impl<'a> Path<'a> {
    pub fn new(c: &'a Costs, t: Vec<usize>) -> Self {
        let mut p = Path {
            c,
            pos: vec![0; t.len()],
            t,
            fwd: Vec::new(),
            back: Vec::new(),
            queue: VecDeque::new(),
            queued: vec![false; c.size],
        };
        p.refresh();
        p
    }

    pub fn set(&mut self, t: &[usize]) {
        self.t.copy_from_slice(t);
        self.refresh();
    }

    fn refresh(&mut self) {
        for (i, &node) in self.t.iter().enumerate() {
            self.pos[node] = i;
        }
        self.refresh_sums();
    }

    fn refresh_sums(&mut self) {
        if self.c.symmetric {
            return;
        }
        self.fwd.clear();
        self.back.clear();
        let (mut f, mut b) = (0.0, 0.0);
        self.fwd.push(0.0);
        self.back.push(0.0);
        for w in self.t.windows(2) {
            f += self.c.d(w[0], w[1]);
            b += self.c.d(w[1], w[0]);
            self.fwd.push(f);
            self.back.push(b);
        }
    }

    pub fn length(&self) -> f64 {
        self.c.length(&self.t)
    }

    /// Marks a node for another look.
    pub fn wake(&mut self, node: usize) {
        if !self.queued[node] {
            self.queued[node] = true;
            self.queue.push_back(node);
        }
    }

    pub fn wake_all(&mut self) {
        for i in 0..self.t.len() {
            self.wake(self.t[i]);
        }
    }

    /// Swaps two neighbouring stretches `[p1, p2)` and `[p2, p3)` (a double bridge that keeps
    /// every stretch's direction) and wakes the nodes at the new joins.
    pub fn swap_stretches(&mut self, p1: usize, p2: usize, p3: usize) {
        self.t[p1..p3].rotate_left(p2 - p1);
        for i in p1..p3 {
            self.pos[self.t[i]] = i;
        }
        self.refresh_sums();
        let joins = [p1 - 1, p1, p1 + (p3 - p2) - 1, p1 + (p3 - p2), p3 - 1, p3];
        for i in joins {
            self.wake(self.t[i]);
        }
    }

    /// Extra cost of walking positions `i ..= j` backwards (0 on symmetric matrices).
    fn reversal(&self, i: usize, j: usize) -> f64 {
        if self.c.symmetric {
            0.0
        } else {
            (self.back[j] - self.back[i]) - (self.fwd[j] - self.fwd[i])
        }
    }

    fn two_opt_delta(&self, i: usize, j: usize) -> f64 {
        let t = &self.t;
        let d = |a, b| self.c.d(a, b);
        d(t[i], t[j]) + d(t[i + 1], t[j + 1]) - d(t[i], t[i + 1]) - d(t[j], t[j + 1]) + self.reversal(i + 1, j)
    }

    fn or_opt_delta(&self, s: usize, e: usize, p: usize, reversed: bool) -> f64 {
        let t = &self.t;
        let d = |a, b| self.c.d(a, b);
        let base = d(t[s - 1], t[e + 1]) - d(t[s - 1], t[s]) - d(t[e], t[e + 1]) - d(t[p], t[p + 1]);
        if reversed {
            let inner: f64 = (s..e).map(|q| d(t[q + 1], t[q]) - d(t[q], t[q + 1])).sum();
            base + d(t[p], t[e]) + d(t[s], t[p + 1]) + inner
        } else {
            base + d(t[p], t[s]) + d(t[e], t[p + 1])
        }
    }

    /// The best improving move touching `a`, if any.
    fn best_move(&self, a: usize) -> Option<(f64, Move)> {
        let (c, t, last) = (self.c, &self.t, self.t.len() - 1);
        let i = self.pos[a];
        let mut best: Option<(f64, Move)> = None;
        let mut consider = |delta: f64, mv: Move| {
            if delta < -EPS && best.as_ref().is_none_or(|(b, _)| delta < *b) {
                best = Some((delta, mv));
            }
        };
        // 2-opt: a new edge a → x (x after a) or x → a (x before a).
        if i < last {
            let succ_cost = c.d(a, t[i + 1]);
            for &x in &c.neighbours[a] {
                if c.symmetric && c.d(a, x) >= succ_cost {
                    break;
                }
                let j = self.pos[x];
                if j > i + 1 && j < last {
                    consider(self.two_opt_delta(i, j), Move::TwoOpt(i, j));
                }
            }
        }
        if i > 0 {
            let pred_cost = c.d(t[i - 1], a);
            for &x in &c.neighbours[a] {
                if c.symmetric && c.d(x, a) >= pred_cost {
                    break;
                }
                let j = self.pos[x];
                if j + 1 < i && j >= 1 {
                    consider(self.two_opt_delta(j - 1, i - 1), Move::TwoOpt(j - 1, i - 1));
                }
            }
        }
        // Or-opt: a stretch of 1 to 3 stops beginning or ending at a, moved next to a
        // neighbour of one of its ends (never the start or the end).
        let stretches = [(i, i), (i, i + 1), (i.wrapping_sub(1), i), (i, i + 2), (i.wrapping_sub(2), i)];
        for (s, e) in stretches {
            if s == 0 || s > i || e >= last {
                continue;
            }
            let gain = c.d(t[s - 1], t[s]) + c.d(t[e], t[e + 1]) - c.d(t[s - 1], t[e + 1]);
            for (end_node, at_start) in [(t[s], true), (t[e], false)] {
                for &x in &c.neighbours[end_node] {
                    if c.symmetric && c.d(end_node, x) >= gain {
                        break;
                    }
                    let q = self.pos[x];
                    // x before the end node (gap after x) or after it (gap before x).
                    for (p, reversed) in [(Some(q), !at_start), (q.checked_sub(1), at_start)] {
                        let Some(p) = p else { continue };
                        if p >= last || (p + 1 >= s && p <= e) {
                            continue;
                        }
                        consider(self.or_opt_delta(s, e, p, reversed), Move::OrOpt { s, e, p, reversed });
                    }
                }
            }
        }
        best
    }

    fn apply(&mut self, mv: &Move) {
        match *mv {
            Move::TwoOpt(i, j) => {
                for k in [i, i + 1, j, j + 1] {
                    self.wake(self.t[k]);
                }
                self.t[i + 1..=j].reverse();
                for k in i + 1..=j {
                    self.pos[self.t[k]] = k;
                }
            }
            Move::OrOpt { s, e, p, reversed } => {
                for k in [s - 1, s, e, e + 1, p, p + 1] {
                    self.wake(self.t[k]);
                }
                let len = e - s + 1;
                let (lo, hi, at) = if p > e {
                    self.t[s..=p].rotate_left(len);
                    (s, p, p + 1 - len)
                } else {
                    self.t[p + 1..=e].rotate_right(len);
                    (p + 1, e, p + 1)
                };
                if reversed {
                    self.t[at..at + len].reverse();
                }
                for k in lo..=hi {
                    self.pos[self.t[k]] = k;
                }
            }
        }
        self.refresh_sums();
    }

    /// Applies improving moves until no woken node has one; stops early when `time_up`.
    pub fn improve(&mut self, time_up: &dyn Fn() -> bool) {
        let mut steps = 0u32;
        while let Some(a) = self.queue.pop_front() {
            self.queued[a] = false;
            if let Some((_, mv)) = self.best_move(a) {
                self.apply(&mv);
                self.wake(a);
            }
            steps += 1;
            if steps.is_multiple_of(256) && time_up() {
                for node in self.queue.drain(..) {
                    self.queued[node] = false;
                }
                return;
            }
        }
    }
}
