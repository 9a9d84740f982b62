//! Matching a file's households against the database, and what would change: new, updated,
//! unchanged, or uncertain (same address, different head) for a coordinator to decide.
//!
//! A household is the same when its reference from the same source, its house code, or its
//! head's citizen id is already known; or when the address is known and the head is the same
//! person (same citizen id, or the same name when ids are missing).
use std::collections::HashSet;

use super::existing::{Existing, ExistingHousehold, ExistingMember};
use super::group::IncomingHousehold;
use super::validate::PersonRow;
use crate::api::imports::{ImportCounts, RowIssue};
use crate::domain::member::Relation;

/// What the file's version of a known household changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// The address and coordinates differ (the file's values will be written).
    pub address: bool,
    /// Indexes into the incoming household's members.
    pub new_members: Vec<usize>,
    /// (member id, index into the incoming members).
    pub updated_members: Vec<(i64, usize)>,
    pub new_problems: Vec<String>,
    pub new_source: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.address
            && self.new_members.is_empty()
            && self.updated_members.is_empty()
            && self.new_problems.is_empty()
            && !self.new_source
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    New,
    Update { id: i64, changes: Changes },
    Unchanged { id: i64 },
    Uncertain { id: i64, reason_th: String, reason_en: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub incoming: IncomingHousehold,
    pub decision: Decision,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub items: Vec<Planned>,
    /// Person rows refused because the person belongs to another household.
    pub rejected: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
}

impl Plan {
    pub fn counts(&self, rows_total: usize, rows_rejected: usize) -> ImportCounts {
        let mut c =
            ImportCounts { rows_total: rows_total as i64, rows_rejected: rows_rejected as i64, ..Default::default() };
        for p in &self.items {
            match &p.decision {
                Decision::New => {
                    c.households_new += 1;
                    c.members_new += p.incoming.members.len() as i64;
                    c.problems_new += p.incoming.failed.len() as i64;
                }
                Decision::Update { changes, .. } => {
                    c.households_updated += 1;
                    c.members_new += changes.new_members.len() as i64;
                    c.problems_new += changes.new_problems.len() as i64;
                }
                Decision::Unchanged { .. } => c.households_unchanged += 1,
                Decision::Uncertain { .. } => c.households_uncertain += 1,
            }
        }
        c
    }
}

fn same_name(a: &PersonRow, b: &ExistingMember) -> bool {
    a.first_name.trim() == b.first_name.trim() && a.last_name.trim() == b.last_name.trim()
}

fn same_person(a: &PersonRow, b: &ExistingMember) -> bool {
    match (&a.citizen_id, &b.citizen_id) {
        (Some(x), Some(y)) => x.as_str() == y,
        _ => same_name(a, b),
    }
}

fn coords_differ(a: Option<(f64, f64)>, lat: Option<f64>, lon: Option<f64>) -> bool {
    match (a, lat, lon) {
        (None, _, _) => false,
        (Some((la, lo)), Some(x), Some(y)) => (la - x).abs() > 1e-7 || (lo - y).abs() > 1e-7,
        _ => true,
    }
}

/// Whether a person's details in the file differ from the stored ones.
fn member_differs(p: &PersonRow, m: &ExistingMember) -> bool {
    let relation = p.relation.unwrap_or(Relation::Other).as_str();
    p.prefix.as_deref() != m.prefix.as_deref()
        || p.first_name != m.first_name
        || p.last_name != m.last_name
        || (p.sex.is_some() && p.sex.map(|s| s.as_str()) != m.sex.as_deref())
        || (p.birth_date.is_some() && p.birth_date.map(|d| d.format("%Y-%m-%d").to_string()) != m.birth_date)
        || (p.citizen_id.is_some() && m.citizen_id.is_none())
        || relation != m.relation
}

fn changes(incoming: &IncomingHousehold, ex: &ExistingHousehold, source: &str) -> Changes {
    let mut c = Changes {
        address: (incoming.house_code.is_some() && incoming.house_code != ex.house_code)
            || (incoming.house_no.is_some() && incoming.house_no != ex.house_no)
            || (incoming.moo.is_some() && incoming.moo != ex.moo)
            || (incoming.village_name.is_some() && incoming.village_name != ex.village_name)
            || coords_differ(incoming.coords, ex.lat, ex.lon),
        new_source: !ex.sources.contains(&(source.to_string(), incoming.reference())),
        ..Default::default()
    };
    let mut claimed: HashSet<i64> = HashSet::new();
    for (i, p) in incoming.members.iter().enumerate() {
        match ex.members.iter().find(|m| !claimed.contains(&m.id) && same_person(p, m)) {
            Some(m) => {
                claimed.insert(m.id);
                if member_differs(p, m) {
                    c.updated_members.push((m.id, i));
                }
            }
            None => c.new_members.push(i),
        }
    }
    c.new_problems = incoming.failed.iter().filter(|code| !ex.problems.contains(*code)).cloned().collect();
    c
}

/// The household the incoming one is, if known, and how it was found.
fn find(incoming: &IncomingHousehold, ex: &Existing) -> Option<(i64, Option<(String, String)>)> {
    if let Some(id) = ex.by_source_ref.get(&incoming.reference()) {
        return Some((*id, None));
    }
    if let Some(id) = incoming.house_code.as_ref().and_then(|c| ex.by_house_code.get(c)) {
        return Some((*id, None));
    }
    let head = incoming.head()?;
    if let Some(id) = head.citizen_id.as_ref().and_then(|c| ex.by_head_citizen_id.get(c.as_str())) {
        return Some((*id, None));
    }
    let (moo, no) = (incoming.moo?, incoming.house_no.clone()?);
    let ids = ex.by_address.get(&(incoming.tambon_code.clone(), moo, no))?;
    let at_address: Vec<&ExistingHousehold> = ids.iter().filter_map(|id| ex.households.get(id)).collect();
    if let Some(same) = at_address.iter().find(|h| h.head().is_some_and(|m| same_person(head, m))) {
        return Some((same.id, None));
    }
    let other = at_address.first()?;
    let existing_head = other.head().map(|m| format!("{} {}", m.first_name, m.last_name)).unwrap_or_else(|| "-".into());
    let incoming_head = format!("{} {}", head.first_name, head.last_name);
    Some((
        other.id,
        Some((
            format!("ที่อยู่เดียวกับครัวเรือน #{} แต่หัวหน้าครัวเรือนต่างกัน ({existing_head} / {incoming_head})", other.id),
            format!("Same address as household #{} but a different head ({existing_head} / {incoming_head})", other.id),
        )),
    ))
}

/// Refuses the people of `incoming` who already live in a household other than `home`
/// (they are not moved silently); makes sure the first remaining person is the head.
fn keep_people_of(incoming: &mut IncomingHousehold, ex: &Existing, home: Option<i64>, rejected: &mut Vec<RowIssue>) {
    let mut kept = Vec::with_capacity(incoming.members.len());
    for p in std::mem::take(&mut incoming.members) {
        match p.citizen_id.as_ref().and_then(|c| ex.citizen_household.get(c.as_str())).filter(|h| Some(**h) != home) {
            Some(other) => rejected.push(RowIssue {
                line: p.line,
                column: "เลขประจำตัวประชาชน".into(),
                th: format!("บุคคลนี้เป็นสมาชิกของครัวเรือน #{other} อยู่แล้ว"),
                en: format!("This person is already a member of household #{other}"),
            }),
            None => kept.push(p),
        }
    }
    incoming.members = kept;
    if let Some(first) = incoming.members.first_mut() {
        first.relation = Some(Relation::Head);
    }
}

/// The decision for a household known to be `id` (or new, for `None`).
fn decide_known(incoming: &IncomingHousehold, ex: &Existing, source: &str, id: i64) -> Decision {
    match ex.households.get(&id) {
        Some(existing) => {
            let c = changes(incoming, existing, source);
            if c.is_empty() {
                Decision::Unchanged { id }
            } else {
                Decision::Update { id, changes: c }
            }
        }
        None => Decision::Unchanged { id },
    }
}

/// A coordinator's answer to an uncertain match: merge into `target`, or keep apart as a new
/// household (`None`). People living in other households are still refused.
pub fn resolve(mut incoming: IncomingHousehold, ex: &Existing, source: &str, target: Option<i64>) -> Plan {
    let mut plan = Plan::default();
    keep_people_of(&mut incoming, ex, target, &mut plan.rejected);
    if incoming.members.is_empty() {
        return plan;
    }
    let decision = match target {
        Some(id) => decide_known(&incoming, ex, source, id),
        None => Decision::New,
    };
    plan.items.push(Planned { incoming, decision });
    plan
}

pub fn plan(households: Vec<IncomingHousehold>, ex: &Existing, source: &str) -> Plan {
    let mut plan = Plan::default();
    let mut claimed: HashSet<i64> = HashSet::new();
    for mut incoming in households {
        let found = find(&incoming, ex);
        match &found {
            // An uncertain match keeps everyone until a coordinator decides.
            Some((_, Some(_))) => {}
            Some((id, None)) => keep_people_of(&mut incoming, ex, Some(*id), &mut plan.rejected),
            None => keep_people_of(&mut incoming, ex, None, &mut plan.rejected),
        }
        if incoming.members.is_empty() {
            continue;
        }
        let decision = match found {
            None => Decision::New,
            Some((id, Some((th, en)))) => Decision::Uncertain { id, reason_th: th, reason_en: en },
            Some((id, None)) if !claimed.insert(id) => Decision::Uncertain {
                id,
                reason_th: format!("ครัวเรือนอื่นในไฟล์นี้ตรงกับครัวเรือน #{id} แล้ว"),
                reason_en: format!("Another household of this file already matches household #{id}"),
            },
            Some((id, None)) => decide_known(&incoming, ex, source, id),
        };
        plan.items.push(Planned { incoming, decision });
    }
    plan
}
