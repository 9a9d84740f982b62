//! The route solver's benchmark (run by `bench/routes`): reproducible visit days around Sisaket's
//! district seats, integer-metre haversine matrices, the solver's tours against the best known.
//! `instances FILE` writes the instances; `known ORTOOLS OUT` keeps the better of the
//! reference solver's tour and a long run of ours; `compare REFERENCE` prints the gaps and times.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use app::domain::geo::{distance_m, Position};
use app::domain::route::{solve, tour_length, DistanceMatrix, SolveOptions};
use serde::{Deserialize, Serialize};

const SIZES: [usize; 5] = [10, 30, 60, 120, 200];
const PER_SIZE: usize = 6;

#[derive(Serialize, Deserialize)]
struct Instance {
    name: String,
    n: usize,
    /// Whether the last row is a separate end (else the day ends at the start).
    with_end: bool,
    matrix: Vec<Vec<u32>>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Known {
    length: u64,
    order: Vec<usize>,
    source: String,
    /// The sum of the matrix's entries, to notice instances that changed.
    checksum: u64,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-12), self.next());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// The tambon centroids of each amphoe, from the seed data (first = the district seat's tambon).
fn amphoes() -> anyhow::Result<Vec<Vec<Position>>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../seed/sisaket_tambon.csv");
    let mut by_amphoe: BTreeMap<String, Vec<Position>> = BTreeMap::new();
    for row in csv::Reader::from_path(path)?.records() {
        let row = row?;
        let (Ok(lat), Ok(lon)) = (row[7].parse::<f64>(), row[8].parse::<f64>()) else { continue };
        by_amphoe.entry(row[3].to_string()).or_default().push(Position { lat, lon });
    }
    Ok(by_amphoe.into_values().filter(|t| t.len() >= 3).collect())
}

/// Half the instances uniform over an amphoe, half clustered around its villages; every other
/// one ends at a tambon other than the start.
fn instances() -> anyhow::Result<Vec<Instance>> {
    let amphoes = amphoes()?;
    let mut out = Vec::new();
    for &n in &SIZES {
        for k in 0..PER_SIZE {
            let mut rng = Rng((n * 1000 + k) as u64);
            let tambons = &amphoes[(n + 7 * k) % amphoes.len()];
            let start = tambons[0];
            let clustered = k >= PER_SIZE / 2;
            let (lat0, lon0) = (
                tambons.iter().map(|p| p.lat).sum::<f64>() / tambons.len() as f64,
                tambons.iter().map(|p| p.lon).sum::<f64>() / tambons.len() as f64,
            );
            let stops: Vec<Position> = (0..n)
                .map(|_| {
                    if clustered {
                        let c = tambons[(rng.next() * tambons.len() as f64) as usize % tambons.len()];
                        Position { lat: c.lat + rng.normal() * 0.012, lon: c.lon + rng.normal() * 0.012 }
                    } else {
                        Position { lat: lat0 + (rng.next() - 0.5) * 0.25, lon: lon0 + (rng.next() - 0.5) * 0.25 }
                    }
                })
                .collect();
            let with_end = k % 2 == 1;
            let mut points = vec![start];
            points.extend(&stops);
            if with_end {
                points.push(tambons[tambons.len() - 1]);
            }
            let matrix =
                points.iter().map(|a| points.iter().map(|b| distance_m(*a, *b).round() as u32).collect()).collect();
            let kind = if clustered { "clustered" } else { "uniform" };
            out.push(Instance { name: format!("n{n}-{kind}-{k}"), n, with_end, matrix });
        }
    }
    Ok(out)
}

fn matrix(i: &Instance) -> anyhow::Result<DistanceMatrix> {
    let rows = i.matrix.iter().map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect();
    Ok(DistanceMatrix::from_rows(rows, i.n)?)
}

fn checksum(i: &Instance) -> u64 {
    i.matrix.iter().flatten().map(|&v| u64::from(v)).sum()
}

/// The solver on one instance with a budget: (tour length, milliseconds, exact).
fn run(m: &DistanceMatrix, seed: u64, budget: Duration) -> (f64, Vec<usize>, f64, bool) {
    let started = Instant::now();
    let deadline = started + budget;
    let tour = solve(m, &SolveOptions { seed, ..SolveOptions::default() }, &|| Instant::now() >= deadline);
    (tour.distance_m, tour.order, started.elapsed().as_secs_f64() * 1000.0, tour.exact)
}

/// The solver's time: a tenth under the target, the margin for the last round and the clock.
fn budget(n: usize) -> Duration {
    Duration::from_millis(match n {
        0..=60 => 45,
        61..=120 => 180,
        _ => 450,
    })
}

fn target_ms(n: usize) -> f64 {
    match n {
        0..=60 => 50.0,
        61..=120 => 200.0,
        _ => 500.0,
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["instances", out] => {
            std::fs::write(out, serde_json::to_string(&instances()?)?)?;
        }
        ["known", ortools, out] => {
            let found: BTreeMap<String, Known> =
                serde_json::from_str(&std::fs::read_to_string(ortools).context("reading the reference tours")?)?;
            let mut known = BTreeMap::new();
            for i in instances()? {
                let m = matrix(&i)?;
                let mut best = found.get(&i.name).cloned().context(format!("no reference tour for {}", i.name))?;
                best.checksum = checksum(&i);
                best.length = tour_length(&m, &best.order).round() as u64;
                // Our own solver restarted with new seeds for a while (each run stops when it
                // stalls): a shorter tour is kept.
                let until = Instant::now() + Duration::from_secs(if i.n > 60 { 20 } else { 2 });
                let mut seed = 7919;
                while Instant::now() < until {
                    let (length, order, _, _) = run(&m, seed, until - Instant::now());
                    if (length.round() as u64) < best.length {
                        let source = "hakpaeng (restarts)".into();
                        best = Known { length: length.round() as u64, order, source, checksum: best.checksum };
                    }
                    seed += 1;
                }
                eprintln!("{:<22} {:>9} m  {}", i.name, best.length, best.source);
                known.insert(i.name, best);
            }
            std::fs::write(out, serde_json::to_string_pretty(&known)? + "\n")?;
        }
        ["compare", reference] => compare(reference)?,
        _ => bail!("usage: routes-bench instances FILE | known ORTOOLS_JSON OUT | compare REFERENCE_JSON"),
    }
    Ok(())
}

fn compare(reference: &str) -> anyhow::Result<()> {
    let known: BTreeMap<String, Known> =
        serde_json::from_str(&std::fs::read_to_string(reference).context("reading the reference tours")?)?;
    println!(
        "{:>5} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8} {:>7}",
        "n", "mean gap%", "worst gap%", "mean ms", "worst ms", "budget", "target", "exact"
    );
    let mut results: BTreeMap<usize, Vec<(f64, f64, bool)>> = BTreeMap::new();
    for i in instances()? {
        let best = known.get(&i.name).context(format!("no reference tour for {}", i.name))?;
        if best.checksum != checksum(&i) {
            bail!("{} changed since the reference was computed: run bench/routes --refresh", i.name);
        }
        let m = matrix(&i)?;
        let (length, _, ms, exact) = run(&m, 1, budget(i.n));
        let gap = (length - best.length as f64) / best.length as f64 * 100.0;
        results.entry(i.n).or_default().push((gap, ms, exact));
    }
    let mut verdicts = Vec::new();
    for (n, r) in &results {
        let mean = |f: fn(&(f64, f64, bool)) -> f64| r.iter().map(f).sum::<f64>() / r.len() as f64;
        let worst = |f: fn(&(f64, f64, bool)) -> f64| r.iter().map(f).fold(f64::MIN, f64::max);
        let (mg, wg, mt, wt) = (mean(|x| x.0), worst(|x| x.0), mean(|x| x.1), worst(|x| x.1));
        let exact = r.iter().filter(|x| x.2).count();
        println!(
            "{n:>5} {mg:>10.3} {wg:>10.3} {mt:>10.1} {wt:>10.1} {:>6}ms {:>6}ms {:>3}/{}",
            budget(*n).as_millis(),
            target_ms(*n),
            exact,
            r.len()
        );
        match n {
            10 => verdicts.push(format!("n = 10: exact {exact}/{} (target all), worst gap {wg:.3} %", r.len())),
            60 => verdicts.push(format!(
                "n = 60: mean gap {mg:.3} % / 0.1 % = {:.2}, worst {wg:.3} % / 0.5 % = {:.2}, worst time {wt:.1} / 50 ms = {:.2}",
                mg / 0.1,
                wg / 0.5,
                wt / 50.0
            )),
            200 => verdicts.push(format!(
                "n = 200: mean gap {mg:.3} % / 1 % = {:.2}, worst time {wt:.1} / 500 ms = {:.2}",
                mg / 1.0,
                wt / 500.0
            )),
            _ => {}
        }
    }
    println!("\ntargets (ratio ≤ 1 is met):");
    for v in verdicts {
        println!("  {v}");
    }
    Ok(())
}
