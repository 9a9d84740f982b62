//! Tests of the pure generation of the demo province, against the real reference data.
use std::collections::{BTreeMap, BTreeSet};

use app::domain::citizen_id::CitizenId;

use super::generate::{generate, largest_remainder, LAST_DAY, REFERENCE_DATE};
use super::model::{AgencyRef, IndicatorRef, MenuRef, Province, RefData, TambonRef};
use super::names::{FEMALE_FIRST, MALE_FIRST, SURNAMES};
use super::problems::{Need, RULES, STAGES};

const REFERENCE_SQL: &str = include_str!("../../../migrations/sqlite/0002_reference_data.sql");
const DIMENSIONS: [&str; 5] = ["health", "living", "education", "income", "access"];

/// The value lines of one `INSERT INTO table` of the reference data.
fn value_lines(table: &str) -> Vec<&'static str> {
    let start = REFERENCE_SQL.find(&format!("INSERT INTO {table} ")).expect("table in reference data");
    let block = &REFERENCE_SQL[start..];
    let block = &block[..block.find(";\n").expect("end of insert")];
    block.lines().map(str::trim).filter(|l| l.starts_with('(')).collect()
}

fn quoted(line: &str, n: usize) -> String {
    line.split('\'').nth(2 * n + 1).expect("quoted field").to_string()
}

/// The reference data as the migrations load it (ids in insertion order).
fn reference() -> RefData {
    let tambons = value_lines("tambons")
        .into_iter()
        .map(|l| {
            let fields: Vec<&str> = l.trim_end_matches([',', ')']).rsplitn(3, ", ").collect();
            let number = |s: &str| (s != "NULL").then(|| s.parse::<f64>().expect("coordinate"));
            TambonRef { code: quoted(l, 0), amphoe_code: quoted(l, 1), lat: number(fields[1]), lon: number(fields[0]) }
        })
        .collect();
    let indicators = value_lines("indicators")
        .into_iter()
        .enumerate()
        .map(|(i, l)| IndicatorRef { id: i as i64 + 1, code: quoted(l, 1), dimension: quoted(l, 2) })
        .collect();
    let dimension_of = |l: &str| DIMENSIONS.iter().find(|d| l.contains(&format!("'{d}', "))).map(|d| d.to_string());
    let agencies = value_lines("agencies")
        .into_iter()
        .enumerate()
        .map(|(i, l)| AgencyRef {
            id: i as i64 + 1,
            dimension: dimension_of(l),
            is_lead: l.ends_with("TRUE),") || l.ends_with("TRUE)"),
        })
        .collect();
    let menu = value_lines("assistance_menu")
        .into_iter()
        .enumerate()
        .map(|(i, l)| MenuRef {
            id: i as i64 + 1,
            code: quoted(l, 0),
            dimension: dimension_of(l),
            stage: STAGES.iter().find(|s| l.contains(&format!("'{s}')"))).expect("stage").to_string(),
        })
        .collect();
    RefData { tambons, indicators, agencies, menu }
}

#[test]
fn reference_parses() {
    let r = reference();
    assert_eq!(r.tambons.len(), 206);
    assert_eq!(r.tambons.iter().filter(|t| t.lat.is_none()).count(), 2);
    assert_eq!(r.indicators.len(), 17);
    assert_eq!(r.agencies.len(), 20);
    assert!(r.agencies.iter().all(|a| a.dimension.is_some()));
    assert_eq!(r.menu.iter().filter(|m| m.dimension.is_none()).count(), 2);
}

#[test]
fn word_lists_are_big_enough_and_distinct() {
    for (list, min) in [(MALE_FIRST, 60), (FEMALE_FIRST, 60), (SURNAMES, 100)] {
        assert!(list.len() >= min);
        assert_eq!(list.iter().collect::<BTreeSet<_>>().len(), list.len(), "duplicates in a name list");
    }
}

#[test]
fn generation_is_deterministic() {
    let r = reference();
    let a = generate(&r, 500, 2566);
    assert_eq!(a, generate(&r, 500, 2566));
    assert_ne!(a, generate(&r, 500, 2567));
    assert_eq!(a.households.len(), 500);
}

#[test]
fn households_follow_the_tambon_counts() {
    let r = reference();
    let mut tambons_per_amphoe: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &r.tambons {
        *tambons_per_amphoe.entry(t.amphoe_code.as_str()).or_default() += 1;
    }
    assert_eq!(tambons_per_amphoe.len(), 22);
    let total_tambons: usize = tambons_per_amphoe.values().sum();
    for n in [400usize, 1234, 17_000] {
        let p = generate(&r, n, 1);
        let mut per_amphoe: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_tambon: BTreeMap<&str, usize> = BTreeMap::new();
        for h in &p.households {
            *per_amphoe.entry(h.amphoe_code.as_str()).or_default() += 1;
            *per_tambon.entry(h.tambon_code.as_str()).or_default() += 1;
            assert!(h.tambon_code.starts_with(&h.amphoe_code));
            assert!(p.villages[h.village].code.starts_with(&h.tambon_code));
        }
        // Largest remainder, computed independently: floors, then the biggest remainders.
        let mut expected: Vec<(&str, usize, usize)> =
            tambons_per_amphoe.iter().map(|(a, t)| (*a, n * t / total_tambons, n * t % total_tambons)).collect();
        let missing = n - expected.iter().map(|e| e.1).sum::<usize>();
        let mut by_remainder: Vec<usize> = (0..expected.len()).collect();
        by_remainder.sort_by(|&i, &j| expected[j].2.cmp(&expected[i].2).then(i.cmp(&j)));
        for &i in &by_remainder[..missing] {
            expected[i].1 += 1;
        }
        for (amphoe, count, _) in &expected {
            assert!(*count > 0);
            assert_eq!(per_amphoe.get(amphoe), Some(count), "amphoe {amphoe} with {n} households");
            let counts: Vec<usize> = r
                .tambons
                .iter()
                .filter(|t| t.amphoe_code == *amphoe)
                .map(|t| per_tambon.get(t.code.as_str()).copied().unwrap_or(0))
                .collect();
            let (lo, hi) = (counts.iter().min().expect("tambons"), counts.iter().max().expect("tambons"));
            assert!(hi - lo <= 1, "households spread evenly over the tambons of {amphoe}");
        }
    }
    assert_eq!(largest_remainder(10, &[1, 1, 1]), vec![4, 3, 3]);
    assert_eq!(largest_remainder(0, &[2, 5]), vec![0, 0]);
}

fn province() -> (RefData, Province) {
    let r = reference();
    let p = generate(&r, 3000, 2566);
    (r, p)
}

#[test]
fn members_are_plausible_and_ids_valid_and_unique() {
    let (_, p) = province();
    let mut ids = BTreeSet::new();
    for m in &p.members {
        let id = m.citizen_id.as_deref().expect("every member has an id");
        assert!(CitizenId::parse(id).is_ok(), "{id}");
        assert!(id.starts_with("0990"));
        assert!(ids.insert(id));
        let child_prefix = m.prefix.starts_with("เด็ก");
        assert_eq!(child_prefix, m.age < 15);
        assert!(m.male == matches!(m.prefix, "นาย" | "เด็กชาย"));
        assert!(m.birth_date < REFERENCE_DATE);
    }
    for h in &p.households {
        let members = &p.members[h.members.clone()];
        assert!((1..=7).contains(&members.len()));
        assert_eq!(members.iter().filter(|m| m.relation == "head").count(), 1);
        let head = &members[0];
        assert_eq!(head.relation, "head");
        assert!((25..=85).contains(&head.age));
        assert_eq!(h.head_name, format!("{}{} {}", head.prefix, head.first_name, head.last_name));
        assert!(members.iter().enumerate().all(|(i, m)| m.sort_order == i as i64));
        for m in members {
            match m.relation {
                "child" => assert!(m.age <= head.age - 18),
                "parent" => assert!(m.age >= head.age + 18 || m.age == 98),
                "grandchild" => assert!(m.age <= head.age - 38),
                _ => {}
            }
        }
        if let Some((lat, lon)) = h.lat_lon {
            assert!((5.5..=20.5).contains(&lat) && (97.3..=105.7).contains(&lon));
        }
        if let Some(code) = &h.house_code {
            assert!(code.len() == 11 && code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
    let codes: Vec<_> = p.households.iter().filter_map(|h| h.house_code.as_ref()).collect();
    assert_eq!(codes.iter().collect::<BTreeSet<_>>().len(), codes.len());
    let mean = p.members.len() as f64 / p.households.len() as f64;
    assert!((3.2..3.9).contains(&mean), "mean household size {mean}");
}

#[test]
fn problems_follow_the_rules() {
    let (r, p) = province();
    let code_of: BTreeMap<i64, &str> = r.indicators.iter().map(|i| (i.id, i.code.as_str())).collect();
    let mut per_household = vec![BTreeSet::new(); p.households.len()];
    for (i, x) in p.problems.iter().enumerate() {
        assert!(per_household[x.household].insert(x.indicator_id), "one problem per indicator");
        let code = code_of[&x.indicator_id];
        let need = RULES.iter().find(|r| r.0 == code).expect("rule").1;
        let members = &p.members[p.households[x.household].members.clone()];
        assert!(members.iter().any(|m| need.fits(m)), "{code} without an applicable member");
        if need == Need::Elderly {
            assert!(members.iter().any(|m| m.age >= 60));
        }
        let closed = matches!(x.status, "resolved" | "cannot_resolve" | "not_applicable");
        assert_eq!(x.closed_on.is_some(), closed);
        if let Some(c) = x.closed_on {
            assert!(c > x.opened_on && c <= LAST_DAY);
        }
        if matches!(x.status, "in_progress" | "resolved") {
            assert!(x.owner_agency_id.is_some());
        }
        let records: Vec<_> = p.assistance.iter().filter(|a| a.problem == i).collect();
        match x.status {
            "resolved" => {
                assert!((1..=2).contains(&records.len()));
                assert!(records.iter().all(|a| a.result == "done" && a.done_on.is_some()));
                assert!(records.last().expect("record").resolved_problem);
                assert_eq!(records.iter().filter(|a| a.resolved_problem).count(), 1);
            }
            "in_progress" => assert!((1..=2).contains(&records.len())),
            _ => assert!(records.is_empty()),
        }
        for a in records {
            assert!(a.done_on.is_none_or(|d| d >= x.opened_on));
            assert_eq!(a.owner_agency_id, x.owner_agency_id);
            assert!(a.created_at <= a.updated_at);
        }
    }
    assert!(per_household.iter().all(|s| !s.is_empty()), "every household fails an indicator");
}

#[test]
fn stage_history_matches_the_stage() {
    let (_, p) = province();
    let mut history: BTreeMap<usize, Vec<_>> = BTreeMap::new();
    for s in &p.stage_changes {
        history.entry(s.household).or_default().push(s);
    }
    for (h, household) in p.households.iter().enumerate() {
        let steps = history.remove(&h).unwrap_or_default();
        let level = household.stage.map_or(0, |s| STAGES.iter().position(|x| *x == s).expect("stage") + 1);
        assert_eq!(steps.len(), level);
        for (i, s) in steps.iter().enumerate() {
            assert_eq!(s.to_stage, STAGES[i]);
            assert_eq!(s.from_stage, i.checked_sub(1).map(|j| STAGES[j]));
            assert!(i == 0 || s.changed_at > steps[i - 1].changed_at);
            assert!(s.changed_at.as_str() < "2026-11-01");
        }
    }
}

/// Prints the rates, and keeps them in broad bands around the targets.
#[test]
fn rates_are_believable() {
    let (r, p) = province();
    let n = p.households.len() as f64;
    let mut line = String::new();
    for i in &r.indicators {
        let need = RULES.iter().find(|r| r.0 == i.code).expect("rule").1;
        let applicable = p.households.iter().filter(|h| p.members[h.members.clone()].iter().any(|m| need.fits(m)));
        let failing = p.problems.iter().filter(|x| x.indicator_id == i.id).count() as f64;
        let of_applicable = failing / applicable.count() as f64;
        line.push_str(&format!("{} {:.3} ({:.3})  ", i.code, failing / n, of_applicable));
    }
    println!("problems/household {:.2}; {line}", p.problems.len() as f64 / n);
    let share = |f: &dyn Fn(&super::model::Problem) -> bool| {
        p.problems.iter().filter(|x| f(x)).count() as f64 / p.problems.len() as f64
    };
    let open = share(&|x| x.status == "open");
    let owned = share(&|x| x.owner_agency_id.is_some());
    let open_unowned = share(&|x| x.status == "open" && x.owner_agency_id.is_none()) / open;
    println!("open {open:.3} owned {owned:.3} open without owner {open_unowned:.3}");
    assert!((0.35..0.45).contains(&open) && (0.75..0.88).contains(&owned) && (0.3..0.5).contains(&open_unowned));
    let stage = |s: Option<&str>| p.households.iter().filter(|h| h.stage == s).count() as f64 / n;
    let stages = [stage(None), stage(Some("survive")), stage(Some("sufficient")), stage(Some("sustainable"))];
    println!("stages {stages:.3?}; assistance {}", p.assistance.len());
    for (got, want) in stages.iter().zip([0.12, 0.55, 0.25, 0.08]) {
        assert!((got - want).abs() < 0.05, "stage share {got} vs {want}");
    }
    let disabled = p.members.iter().filter(|m| m.is_disabled).count() as f64 / p.members.len() as f64;
    let bedridden = p.members.iter().filter(|m| m.is_bedridden).count() as f64 / p.members.len() as f64;
    println!("disabled {disabled:.3} bedridden {bedridden:.3}");
    assert!((0.025..0.055).contains(&disabled) && (0.007..0.025).contains(&bedridden));
}
