//! Who lives in a demo household: relations, ages, Thai names, prefixes and citizen ids.
use app::domain::citizen_id::CitizenId;
use chrono::{Datelike, Duration};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::generate::{pick, weighted, ymd, CITIZEN_ID_PREFIX, REFERENCE_DATE};
use super::model::{Member, Province};
use super::names::{FEMALE_FIRST, MALE_FIRST, SURNAMES};

struct Person {
    relation: &'static str,
    male: bool,
    age: i32,
}

const RELATION_ORDER: [&str; 7] = ["head", "spouse", "parent", "child", "grandchild", "relative", "other"];

/// Who lives in the household: sizes 1–7 (mean ≈ 3.6), ages consistent with relations.
fn family(rng: &mut ChaCha8Rng) -> Vec<Person> {
    let size = weighted(rng, &[10, 18, 22, 22, 15, 8, 5]) + 1;
    let head_age = match weighted(rng, &[18, 42, 28, 12]) {
        0 => rng.gen_range(25..=39),
        1 => rng.gen_range(40..=59),
        2 => rng.gen_range(60..=74),
        _ => rng.gen_range(75..=85),
    };
    let head_male = rng.gen_bool(0.62);
    let mut people = vec![Person { relation: "head", male: head_male, age: head_age }];
    if size >= 2 && rng.gen_bool(if head_age < 70 { 0.8 } else { 0.55 }) {
        let gap = if head_male { rng.gen_range(-8..=3) } else { rng.gen_range(-3..=8) };
        people.push(Person { relation: "spouse", male: !head_male, age: (head_age + gap).clamp(20, 95) });
    }
    let mut parents = 0;
    while people.len() < size {
        let weights = [
            if head_age <= 72 { 60 } else { 15 },
            if head_age >= 45 { 35 } else { 0 },
            if head_age <= 62 && parents < 2 { 10 } else { 0 },
            6,
            2,
        ];
        let male = rng.gen_bool(0.5);
        let person = match weighted(rng, &weights) {
            0 => Person { relation: "child", male, age: head_age - rng.gen_range(18..=head_age.min(42)) },
            1 => Person { relation: "grandchild", male, age: rng.gen_range(0..=(head_age - 38).clamp(0, 24)) },
            2 => {
                parents += 1;
                Person {
                    relation: "parent",
                    male: parents == 2 && rng.gen_bool(0.7),
                    age: (head_age + rng.gen_range(18..=32)).min(98),
                }
            }
            3 => Person { relation: "relative", male, age: rng.gen_range(5..=80) },
            _ => Person { relation: "other", male, age: rng.gen_range(15..=70) },
        };
        people.push(person);
    }
    let rank = |r: &str| RELATION_ORDER.iter().position(|x| *x == r).unwrap_or(RELATION_ORDER.len());
    people.sort_by_key(|m| (rank(m.relation), std::cmp::Reverse(m.age)));
    people
}

pub fn add_members(rng: &mut ChaCha8Rng, p: &mut Province, household: usize) {
    let people = family(rng);
    let family_name = *pick(rng, SURNAMES);
    let has_spouse = people.iter().any(|m| m.relation == "spouse");
    let start = p.members.len();
    for (order, person) in people.iter().enumerate() {
        let names = if person.male { MALE_FIRST } else { FEMALE_FIRST };
        let mut first_name = *pick(rng, names);
        for _ in 0..5 {
            if !p.members[start..].iter().any(|m| m.first_name == first_name) {
                break;
            }
            first_name = *pick(rng, names);
        }
        let keeps_name = match person.relation {
            "head" => 1.0,
            "spouse" => 0.85,
            "child" => 0.92,
            "grandchild" => 0.7,
            "parent" => 0.65,
            "relative" => 0.4,
            _ => 0.1,
        };
        let last_name = if rng.gen_bool(keeps_name) { family_name } else { *pick(rng, SURNAMES) };
        let married = matches!(person.relation, "spouse" | "parent") || (person.relation == "head" && has_spouse);
        let prefix = prefix(rng, person.male, person.age, married);
        let born_on = ymd(REFERENCE_DATE.year() - person.age, REFERENCE_DATE.month(), REFERENCE_DATE.day());
        let birth_date = born_on - Duration::days(rng.gen_range(0..=364));
        let elderly = person.age >= 60;
        let is_disabled = rng.gen_bool(if elderly { 0.09 } else { 0.025 });
        let bedridden_rate = match person.age {
            75.. => 0.08,
            60..=74 => 0.025,
            _ => 0.003,
        };
        let is_bedridden = rng.gen_bool(bedridden_rate);
        let serial = p.members.len() + 1;
        p.members.push(Member {
            household,
            citizen_id: Some(synthetic_citizen_id(serial)),
            prefix,
            first_name,
            last_name,
            male: person.male,
            birth_date,
            age: person.age,
            relation: person.relation,
            is_disabled,
            is_bedridden,
            sort_order: order as i64,
        });
    }
}

fn prefix(rng: &mut ChaCha8Rng, male: bool, age: i32, married: bool) -> &'static str {
    match (male, age) {
        (true, ..=14) => "เด็กชาย",
        (false, ..=14) => "เด็กหญิง",
        (true, _) => "นาย",
        (false, _) if married => "นาง",
        (false, 40..) if rng.gen_bool(0.75) => "นาง",
        (false, 25..=39) if rng.gen_bool(0.4) => "นาง",
        _ => "นางสาว",
    }
}

/// `0990` + the 8-digit serial + the check digit: valid, unique and never a real person's.
pub fn synthetic_citizen_id(serial: usize) -> String {
    let mut first12 = [0u8; 12];
    first12[..4].copy_from_slice(&CITIZEN_ID_PREFIX);
    let mut rest = serial;
    for d in first12[4..].iter_mut().rev() {
        *d = (rest % 10) as u8;
        rest /= 10;
    }
    CitizenId::from_first12(first12).as_str().to_string()
}
