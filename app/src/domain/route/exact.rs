//! Held–Karp over subsets: the shortest start → every stop → end path, one-way costs allowed.
use super::matrix::DistanceMatrix;

/// The most stops the exact search accepts (2^16 × 16 states, 8 MB).
pub const EXACT_LIMIT: usize = 16;

/// The optimal order (0-based stop indexes); `n` must be at most [`EXACT_LIMIT`].
pub fn held_karp(m: &DistanceMatrix) -> Vec<usize> {
    let n = m.stop_count();
    if n == 0 {
        return Vec::new();
    }
    let end = m.end_index();
    let full = (1usize << n) - 1;
    // cost[mask * n + last]: shortest path from the start through `mask`, ending at `last`.
    let mut cost = vec![f64::INFINITY; (full + 1) * n];
    let mut parent = vec![u8::MAX; (full + 1) * n];
    for s in 0..n {
        cost[(1 << s) * n + s] = m.get(0, s + 1);
    }
    for mask in 1..=full {
        for last in 0..n {
            let here = cost[mask * n + last];
            if mask & (1 << last) == 0 || !here.is_finite() {
                continue;
            }
            let mut rest = full & !mask;
            while rest != 0 {
                let next = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let to = (mask | (1 << next)) * n + next;
                let c = here + m.get(last + 1, next + 1);
                if c < cost[to] {
                    cost[to] = c;
                    parent[to] = last as u8;
                }
            }
        }
    }
    let mut last = 0;
    let mut best = f64::INFINITY;
    for s in 0..n {
        let c = cost[full * n + s] + m.get(s + 1, end);
        if c < best {
            best = c;
            last = s;
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut mask = full;
    loop {
        order.push(last);
        let p = parent[mask * n + last];
        mask &= !(1 << last);
        if p == u8::MAX {
            break;
        }
        last = usize::from(p);
    }
    order.reverse();
    order
}
