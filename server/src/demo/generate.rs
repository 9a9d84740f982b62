//! Pure generation of the demo province: areas, villages, households and their members.
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use app::domain::thai_sort::thai_sort_key;
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{Household, Province, RefData, Source, TambonRef, Village};
use super::names::{VILLAGE_PREFIX, VILLAGE_SUFFIX};
use super::people::add_members;
use super::problems::add_problems;

/// Every generated date is relative to this day; ages are counted on it.
pub const REFERENCE_DATE: NaiveDate = ymd(2026, 11, 1);
/// The last day on which anything generated happened.
pub const LAST_DAY: NaiveDate = ymd(2026, 10, 31);
/// Synthetic citizen ids: a leading 0 is never a Thai national's id.
pub const CITIZEN_ID_PREFIX: [u8; 4] = [0, 9, 9, 0];
/// Serials must fit the 8 digits after the prefix, and house codes 6 digits per amphoe.
pub const MAX_HOUSEHOLDS: usize = 1_000_000;

pub const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("invalid date"),
    }
}

/// Splits `total` in proportion to `weights`, largest remainder first (ties: earlier first).
pub fn largest_remainder(total: usize, weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut out: Vec<usize> = weights.iter().map(|w| total * w / sum).collect();
    let missing = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total * weights[i] % sum), i));
    for &i in order.iter().take(missing) {
        out[i] += 1;
    }
    out
}

/// Picks an index with probability proportional to its weight.
pub fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

pub fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len() as u32) as usize]
}

/// A uniformly drawn day in `from..=to`.
pub fn day_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(rng.gen_range(0..=span))
}

/// A timestamp on `day` at a random second of the given UTC hours (08:00–17:00 in Thailand
/// is 1..=10).
pub fn stamp(rng: &mut ChaCha8Rng, day: NaiveDate, hours: RangeInclusive<u32>) -> String {
    let (h, m, s) = (rng.gen_range(hours), rng.gen_range(0..60u32), rng.gen_range(0..60u32));
    format!("{}T{h:02}:{m:02}:{s:02}Z", day.format("%Y-%m-%d"))
}

/// Centroids per tambon; a missing one is the mean of its amphoe's other tambons.
fn centroids(tambons: &[TambonRef]) -> Vec<Option<(f64, f64)>> {
    let mean = |pred: &dyn Fn(&TambonRef) -> bool| {
        let known: Vec<(f64, f64)> = tambons.iter().filter(|t| pred(t)).filter_map(|t| t.lat.zip(t.lon)).collect();
        let n = known.len() as f64;
        (!known.is_empty())
            .then(|| (known.iter().map(|c| c.0).sum::<f64>() / n, known.iter().map(|c| c.1).sum::<f64>() / n))
    };
    tambons
        .iter()
        .map(|t| {
            t.lat
                .zip(t.lon)
                .or_else(|| mean(&|o: &TambonRef| o.amphoe_code == t.amphoe_code))
                .or_else(|| mean(&|_: &TambonRef| true))
        })
        .collect()
}

/// Generates the province: same reference data, size and seed give the same rows.
pub fn generate(reference: &RefData, households: usize, seed: u64) -> Province {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut p = Province::default();
    let mut tambons = reference.tambons.clone();
    tambons.sort_by(|a, b| a.code.cmp(&b.code));
    let centres = centroids(&tambons);
    let mut amphoes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, t) in tambons.iter().enumerate() {
        amphoes.entry(t.amphoe_code.as_str()).or_default().push(i);
    }
    let counts: Vec<usize> = amphoes.values().map(Vec::len).collect();
    let per_amphoe = largest_remainder(households.min(MAX_HOUSEHOLDS), &counts);
    for ((amphoe, members), n) in amphoes.iter().zip(per_amphoe) {
        let per_tambon = largest_remainder(n, &vec![1; members.len()]);
        let mut serial = 0usize;
        for (&ti, nt) in members.iter().zip(per_tambon) {
            let first_village = p.villages.len();
            add_villages(&mut rng, &mut p, &tambons[ti].code);
            let k = p.villages.len() - first_village;
            let mut picks: Vec<usize> = (0..nt).map(|_| first_village + rng.gen_range(0..k as u32) as usize).collect();
            picks.sort_unstable();
            let mut house_no: BTreeMap<usize, u32> = BTreeMap::new();
            let mut thaiqm = 0usize;
            for village in picks {
                serial += 1;
                let no = house_no.entry(village).or_insert_with(|| rng.gen_range(0..12));
                *no += rng.gen_range(1..=9);
                let ctx = HouseholdCtx { amphoe, tambon: &tambons[ti].code, centre: centres[ti], village, serial };
                add_household(&mut rng, &mut p, &ctx, *no, &mut thaiqm);
            }
        }
    }
    add_problems(&mut rng, reference, &mut p);
    p
}

fn add_villages(rng: &mut ChaCha8Rng, p: &mut Province, tambon: &str) {
    let k = rng.gen_range(6..=18u32);
    let combos = VILLAGE_PREFIX.len() * VILLAGE_SUFFIX.len();
    let mut used: Vec<usize> = Vec::new();
    for moo in 1..=k {
        let mut c = rng.gen_range(0..combos as u32) as usize;
        while used.contains(&c) {
            c = (c + 1) % combos;
        }
        used.push(c);
        let name =
            format!("บ้าน{}{}", VILLAGE_PREFIX[c / VILLAGE_SUFFIX.len()], VILLAGE_SUFFIX[c % VILLAGE_SUFFIX.len()]);
        p.villages.push(Village {
            code: format!("{tambon}{moo:02}"),
            tambon_code: tambon.to_string(),
            moo: i64::from(moo),
            name,
        });
    }
}

struct HouseholdCtx<'a> {
    amphoe: &'a str,
    tambon: &'a str,
    centre: Option<(f64, f64)>,
    village: usize,
    serial: usize,
}

fn add_household(rng: &mut ChaCha8Rng, p: &mut Province, ctx: &HouseholdCtx<'_>, no: u32, thaiqm: &mut usize) {
    let h = p.households.len();
    let house_no = if rng.gen_bool(0.15) { format!("{no}/{}", rng.gen_range(1..=3)) } else { no.to_string() };
    let house_code = rng.gen_bool(0.70).then(|| format!("{}9{:06}", ctx.amphoe, ctx.serial));
    let jitter = |rng: &mut ChaCha8Rng, v: f64, lo: f64, hi: f64| {
        ((v + rng.gen_range(-0.03..=0.03)) * 1e6).round().clamp(lo * 1e6, hi * 1e6) / 1e6
    };
    let lat_lon = match ctx.centre {
        Some((lat, lon)) if rng.gen_bool(0.65) => Some((jitter(rng, lat, 5.5, 20.5), jitter(rng, lon, 97.3, 105.7))),
        _ => None,
    };
    let welfare_card = rng.gen_bool(0.60);
    let from_thaiqm = rng.gen_bool(0.15);
    let first_seen = if !from_thaiqm && rng.gen_bool(0.7) {
        day_between(rng, ymd(2022, 6, 1), ymd(2022, 9, 30))
    } else {
        day_between(rng, ymd(2022, 10, 1), ymd(2026, 3, 31))
    };
    p.sources.push(Source {
        household: h,
        source: "tpmap",
        year: 2565,
        reference: format!("TPMAP65-{}-{:06}", ctx.amphoe, ctx.serial),
    });
    if from_thaiqm {
        *thaiqm += 1;
        p.sources.push(Source {
            household: h,
            source: "thaiqm",
            year: 2566,
            reference: format!("TQM66-{}-{:05}", ctx.tambon, thaiqm),
        });
    }
    let start = p.members.len();
    add_members(rng, p, h);
    let head = &p.members[start];
    let head_name = format!("{}{} {}", head.prefix, head.first_name, head.last_name);
    let head_sort_key = thai_sort_key(&format!("{} {}", head.first_name, head.last_name));
    p.households.push(Household {
        amphoe_code: ctx.amphoe.to_string(),
        tambon_code: ctx.tambon.to_string(),
        village: ctx.village,
        house_no,
        house_code,
        head_name,
        head_sort_key,
        lat_lon,
        stage: None,
        welfare_card,
        first_seen,
        members: start..p.members.len(),
    });
}
