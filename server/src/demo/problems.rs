//! Pure generation of the problems (failed indicators), stages and stage history of households.
use chrono::{Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::assist::add_assistance;
use super::generate::{day_between, pick, stamp, weighted, LAST_DAY};
use super::model::{AgencyRef, IndicatorRef, Member, Problem, Province, RefData, StageChange};
use super::names::STAGE_NOTES;

/// Who an indicator is about: a household without such a member cannot fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Anyone,
    Infant,
    Age3to5,
    Age6to14,
    Age15to17,
    Age15to59,
    Elderly,
    Disabled,
}

impl Need {
    pub fn fits(self, m: &Member) -> bool {
        match self {
            Need::Anyone => true,
            Need::Infant => m.age < 1,
            Need::Age3to5 => (3..=5).contains(&m.age),
            Need::Age6to14 => (6..=14).contains(&m.age),
            Need::Age15to17 => (15..=17).contains(&m.age),
            Need::Age15to59 => (15..=59).contains(&m.age),
            Need::Elderly => m.age >= 60,
            Need::Disabled => m.is_disabled,
        }
    }
}

/// TPMAP17: who each indicator applies to and how often an applicable household fails it
/// (before the household's severity factor, whose mean is ≈ 1.1).
pub const RULES: [(&str, Need, f64); 17] = [
    ("H1", Need::Infant, 0.22),
    ("H2", Need::Anyone, 0.05),
    ("H3", Need::Anyone, 0.04),
    ("H4", Need::Anyone, 0.105),
    ("L1", Need::Anyone, 0.18),
    ("L2", Need::Anyone, 0.08),
    ("L3", Need::Anyone, 0.08),
    ("L4", Need::Anyone, 0.09),
    ("E1", Need::Age3to5, 0.26),
    ("E2", Need::Age6to14, 0.10),
    ("E3", Need::Age15to17, 0.15),
    ("E4", Need::Age15to59, 0.085),
    ("I1", Need::Age15to59, 0.24),
    ("I2", Need::Elderly, 0.30),
    ("I3", Need::Anyone, 0.40),
    ("A1", Need::Elderly, 0.26),
    ("A2", Need::Disabled, 0.25),
];

pub const STATUSES: [&str; 5] = ["open", "in_progress", "resolved", "cannot_resolve", "not_applicable"];
pub const STAGES: [&str; 3] = ["survive", "sufficient", "sustainable"];

/// Problems, stage and stage history of every household, then the assistance records.
pub fn add_problems(rng: &mut ChaCha8Rng, reference: &RefData, p: &mut Province) {
    let rules: Vec<(&IndicatorRef, Need, f64)> = RULES
        .iter()
        .filter_map(|(code, need, rate)| {
            reference.indicators.iter().find(|i| i.code == *code).map(|i| (i, *need, *rate))
        })
        .collect();
    for h in 0..p.households.len() {
        let members = p.households[h].members.clone();
        let severity = [0.6, 1.0, 1.4, 2.0][weighted(rng, &[25, 40, 25, 10])];
        // Each applicable indicator with the member it is about (none for household-wide ones).
        let applicable: Vec<(&IndicatorRef, Option<usize>, f64)> = rules
            .iter()
            .filter_map(|(indicator, need, rate)| {
                let focus = members.clone().find(|&m| need.fits(&p.members[m]))?;
                Some((*indicator, Some(focus).filter(|_| *need != Need::Anyone), *rate))
            })
            .collect();
        let mut chosen: Vec<(&IndicatorRef, Option<usize>)> =
            applicable.iter().filter(|a| rng.gen_bool((a.2 * severity).min(0.95))).map(|a| (a.0, a.1)).collect();
        if chosen.is_empty() && !applicable.is_empty() {
            // Every listed household fails something: one indicator, by its usual rate.
            let weights: Vec<u32> = applicable.iter().map(|a| (a.2 * 1000.0) as u32).collect();
            let a = &applicable[weighted(rng, &weights)];
            chosen.push((a.0, a.1));
        }
        let first_problem = p.problems.len();
        let first_seen = p.households[h].first_seen;
        for (indicator, member) in chosen {
            let problem = new_problem(rng, &reference.agencies, h, first_seen, indicator, member);
            p.problems.push(problem);
        }
        let pending = p.problems[first_problem..].iter().filter(|x| matches!(x.status, "open" | "in_progress")).count();
        let stage = stage_for(rng, pending);
        p.households[h].stage = stage;
        add_history(rng, p, h, stage);
    }
    add_assistance(rng, reference, p);
}

fn new_problem(
    rng: &mut ChaCha8Rng,
    agencies: &[AgencyRef],
    household: usize,
    first_seen: NaiveDate,
    indicator: &IndicatorRef,
    member: Option<usize>,
) -> Problem {
    let status = STATUSES[weighted(rng, &[40, 20, 35, 3, 2])];
    let closed = matches!(status, "resolved" | "cannot_resolve" | "not_applicable");
    let latest_open = if closed { LAST_DAY - Duration::days(1) } else { LAST_DAY };
    let opened_on = (first_seen + Duration::days(rng.gen_range(0..=45))).min(latest_open);
    let closed_on = closed.then(|| {
        let room = (LAST_DAY - opened_on).num_days().clamp(1, 720);
        opened_on + Duration::days(rng.gen_range(1..=room))
    });
    let owned = match status {
        "in_progress" | "resolved" => true,
        "open" => rng.gen_bool(0.6),
        _ => rng.gen_bool(0.5),
    };
    let owner_agency_id = if owned { choose_agency(rng, agencies, &indicator.dimension) } else { None };
    let last_change = match closed_on {
        Some(day) => day,
        None if status == "in_progress" => day_between(rng, opened_on, LAST_DAY),
        None => day_between(rng, opened_on, (opened_on + Duration::days(30)).min(LAST_DAY)),
    };
    Problem {
        household,
        indicator_id: indicator.id,
        indicator_code: indicator.code.clone(),
        dimension: indicator.dimension.clone(),
        status,
        owner_agency_id,
        member,
        opened_on,
        closed_on,
        updated_at: stamp(rng, last_change, 1..=10),
    }
}

/// An agency of the dimension, the lead one(s) two times in three; any agency if none fits.
pub fn choose_agency(rng: &mut ChaCha8Rng, agencies: &[AgencyRef], dimension: &str) -> Option<i64> {
    let of_dimension = |lead: bool| -> Vec<i64> {
        agencies
            .iter()
            .filter(|a| a.dimension.as_deref() == Some(dimension) && a.is_lead == lead)
            .map(|a| a.id)
            .collect()
    };
    let (leads, others) = (of_dimension(true), of_dimension(false));
    let prefer_lead = rng.gen_bool(0.65);
    let list = match (prefer_lead, leads.is_empty(), others.is_empty()) {
        (true, false, _) | (false, false, true) => leads,
        (_, _, false) => others,
        _ => agencies.iter().map(|a| a.id).collect(),
    };
    (!list.is_empty()).then(|| *pick(rng, &list))
}

/// Households with more pending problems lean to survive or not assessed yet.
fn stage_for(rng: &mut ChaCha8Rng, pending: usize) -> Option<&'static str> {
    let weights = match pending {
        0 => [4, 30, 44, 22],
        1 => [12, 56, 26, 6],
        _ => [18, 68, 12, 2],
    };
    match weighted(rng, &weights) {
        0 => None,
        i => Some(STAGES[i - 1]),
    }
}

/// NULL → survive → sufficient → sustainable, as far as the final stage, dates increasing.
fn add_history(rng: &mut ChaCha8Rng, p: &mut Province, h: usize, stage: Option<&'static str>) {
    let Some(level) = stage.and_then(|s| STAGES.iter().position(|x| *x == s)) else {
        return;
    };
    let mut day = p.households[h].first_seen;
    let mut from_stage = None;
    for (i, to_stage) in STAGES.iter().enumerate().take(level + 1) {
        let (lo, hi) = [(14, 150), (120, 700), (90, 500)][i];
        day = after(rng, day, lo, hi, (level - i) as i64);
        p.stage_changes.push(StageChange {
            household: h,
            from_stage,
            to_stage,
            changed_at: stamp(rng, day, 1..=10),
            note: pick::<&str>(rng, STAGE_NOTES[i]),
        });
        from_stage = Some(*to_stage);
    }
}

/// A day `lo..=hi` days after `from`, keeping `reserve` days before [`LAST_DAY`] free.
fn after(rng: &mut ChaCha8Rng, from: NaiveDate, lo: i64, hi: i64, reserve: i64) -> NaiveDate {
    let hi = hi.min((LAST_DAY - from).num_days() - reserve).max(1);
    from + Duration::days(rng.gen_range(lo.min(hi)..=hi))
}
