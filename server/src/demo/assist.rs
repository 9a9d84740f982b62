//! Pure generation of the assistance records reported back for in-progress and resolved problems.
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::generate::{day_between, pick, stamp, LAST_DAY};
use super::model::{Assistance, MenuRef, Problem, Province, RefData};
use super::names::{BUDGET_SOURCES, DETAILS};

const DIMENSIONS: [&str; 5] = ["health", "living", "education", "income", "access"];

/// The menu items that fit an indicator best, by code (used when the menu has them).
fn hints(indicator: &str) -> &'static [&'static str] {
    match indicator {
        "H1" => &["H-HOMEVISIT"],
        "H2" | "H3" | "H4" => &["H-TEACH", "H-HOMEVISIT"],
        "L1" => &["L-HOUSE", "L-LAND"],
        "L2" | "L3" => &["L-WATER"],
        "L4" => &["L-CLEANUP", "L-TOILET"],
        "E1" => &["E-CHILDCARE"],
        "E2" => &["E-UNIFORM", "E-SCHOLAR", "E-RETURN"],
        "E3" => &["E-SCHOLAR", "E-RETURN"],
        "E4" => &["E-LITERACY"],
        "I1" => &["I-SKILLS", "I-JOB", "I-GARDEN", "I-LIVESTOCK"],
        "I2" => &["I-GARDEN", "I-LIVESTOCK", "I-GROUP"],
        "I3" => &["I-ACCOUNTS", "I-GARDEN", "I-FUND", "I-GROUP", "I-NEWTHEORY"],
        "A1" => &["A-ELDERLY"],
        "A2" => &["A-DISABILITY"],
        _ => &[],
    }
}

/// Mostly an item that fits the indicator, else one of the dimension, sometimes a
/// cross-cutting one (food packs, disaster relief).
fn choose_menu<'a>(rng: &mut ChaCha8Rng, menu: &'a [MenuRef], problem: &Problem) -> Option<&'a MenuRef> {
    let same: Vec<&MenuRef> =
        menu.iter().filter(|m| m.dimension.as_deref() == Some(problem.dimension.as_str())).collect();
    let fitting = hints(&problem.indicator_code);
    let hinted: Vec<&MenuRef> = same.iter().copied().filter(|m| fitting.contains(&m.code.as_str())).collect();
    let cross: Vec<&MenuRef> = menu.iter().filter(|m| m.dimension.is_none()).collect();
    let r: f64 = rng.gen();
    let list = if r < 0.08 && !cross.is_empty() {
        &cross
    } else if r < 0.8 && !hinted.is_empty() {
        &hinted
    } else if !same.is_empty() {
        &same
    } else {
        &cross
    };
    (!list.is_empty()).then(|| *pick(rng, list))
}

/// 1–2 records per in-progress or resolved problem; the last record of a resolved problem
/// is done on the day it closed and marks it resolved.
pub fn add_assistance(rng: &mut ChaCha8Rng, reference: &RefData, p: &mut Province) {
    for (index, problem) in p.problems.iter().enumerate() {
        let resolved = problem.status == "resolved";
        if !resolved && problem.status != "in_progress" {
            continue;
        }
        let n = if rng.gen_bool(if resolved { 0.45 } else { 0.25 }) { 2 } else { 1 };
        let end = problem.closed_on.unwrap_or(LAST_DAY);
        let mut done: Vec<Option<NaiveDate>> = (0..n)
            .map(|_| (resolved || rng.gen_bool(0.65)).then(|| day_between(rng, problem.opened_on, end)))
            .collect();
        // Planned-only records (no done date) come last.
        done.sort_by_key(|d| (d.is_none(), *d));
        if resolved {
            done[n - 1] = Some(end);
        }
        for (k, done_on) in done.into_iter().enumerate() {
            let Some(item) = choose_menu(rng, &reference.menu, problem) else {
                continue;
            };
            let record = new_record(rng, problem, index, item, done_on, resolved && k == n - 1);
            p.assistance.push(record);
        }
    }
}

fn new_record(
    rng: &mut ChaCha8Rng,
    problem: &Problem,
    index: usize,
    item: &MenuRef,
    done_on: Option<NaiveDate>,
    resolves: bool,
) -> Assistance {
    let opened = problem.opened_on;
    let planned_on = match done_on {
        Some(d) => d - Duration::days(rng.gen_range(0..=(d - opened).num_days().clamp(0, 21))),
        None => opened.max(LAST_DAY - Duration::days(30)) + Duration::days(rng.gen_range(0..=90)),
    };
    let base = planned_on.min(LAST_DAY);
    let created = base - Duration::days(rng.gen_range(0..=(base - opened).num_days().clamp(0, 7)));
    let created_at = stamp(rng, created, 1..=4);
    let updated_at = match done_on {
        Some(d) => stamp(rng, d, 5..=10),
        None => created_at.clone(),
    };
    let amount_satang = rng.gen_bool(0.4).then(|| rng.gen_range(30..=500i64) * 10_000);
    let budget_source = if rng.gen_bool(if amount_satang.is_some() { 0.85 } else { 0.1 }) {
        Some(*pick(rng, BUDGET_SOURCES))
    } else {
        None
    };
    let in_kind_value_satang = rng.gen_bool(0.25).then(|| rng.gen_range(5..=150i64) * 10_000);
    let dimension = item.dimension.as_deref().and_then(|d| DIMENSIONS.iter().position(|x| *x == d));
    let detail = *pick(rng, DETAILS[dimension.unwrap_or(DIMENSIONS.len())]);
    let media_consent = if rng.gen_bool(0.3) { "internal" } else { "none" };
    Assistance {
        household: problem.household,
        member: problem.member,
        problem: index,
        menu_item_id: item.id,
        detail,
        owner_agency_id: problem.owner_agency_id,
        target_stage: item.stage.clone(),
        planned_on: Some(planned_on),
        done_on,
        amount_satang,
        budget_source,
        in_kind_value_satang,
        result: if problem.status == "resolved" { "done" } else { "in_progress" },
        resolved_problem: resolves,
        media_consent,
        created_at,
        updated_at,
    }
}
