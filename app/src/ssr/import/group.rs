//! Person rows gathered into households: by house code, or by tambon + moo + house number
//! when the code is empty. People listed twice and second heads are refused here.
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::validate::PersonRow;
use crate::api::imports::RowIssue;
use crate::domain::member::Relation;

/// A household as the file describes it; the head is `members[0]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IncomingHousehold {
    pub key: String,
    pub first_line: usize,
    pub house_code: Option<String>,
    pub house_no: Option<String>,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub tambon_code: String,
    pub coords: Option<(f64, f64)>,
    pub source_ref: Option<String>,
    pub members: Vec<PersonRow>,
    /// The household's failed indicators: every row's, together.
    pub failed: BTreeSet<String>,
}

impl IncomingHousehold {
    pub fn head(&self) -> Option<&PersonRow> {
        self.members.first()
    }

    /// The reference kept for this household's source: the file's own, else the house code,
    /// else the address.
    pub fn reference(&self) -> String {
        self.source_ref.clone().or_else(|| self.house_code.clone()).unwrap_or_else(|| self.key.clone())
    }
}

/// The household key of a row: `code:…` or `addr:tambon|moo|house_no`.
pub fn household_key(row: &PersonRow) -> String {
    match &row.house_code {
        Some(code) => format!("code:{code}"),
        None => format!(
            "addr:{}|{}|{}",
            row.tambon_code,
            row.moo.map(|m| m.to_string()).unwrap_or_default(),
            row.house_no.as_deref().unwrap_or_default()
        ),
    }
}

pub struct Grouped {
    pub households: Vec<IncomingHousehold>,
    pub rejected: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
}

fn issue(line: usize, column: &str, th: String, en: String) -> RowIssue {
    RowIssue { line, column: column.to_string(), th, en }
}

pub fn group(rows: Vec<PersonRow>) -> Grouped {
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, IncomingHousehold> = HashMap::new();
    let mut seen_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    for row in rows {
        if let Some(id) = &row.citizen_id {
            if let Some(first) = seen_ids.get(id.as_str()) {
                rejected.push(issue(
                    row.line,
                    "เลขประจำตัวประชาชน",
                    format!("คนเดียวกันซ้ำในไฟล์ (เลขประจำตัวประชาชนเดียวกับบรรทัด {first})"),
                    format!("The same person twice in the file (same citizen id as line {first})"),
                ));
                continue;
            }
            seen_ids.insert(id.as_str().to_string(), row.line);
        }
        let key = household_key(&row);
        let hh = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            IncomingHousehold {
                key: key.clone(),
                first_line: row.line,
                house_code: row.house_code.clone(),
                house_no: row.house_no.clone(),
                moo: row.moo,
                village_name: row.village_name.clone(),
                tambon_code: row.tambon_code.clone(),
                coords: row.coords,
                source_ref: row.source_ref.clone(),
                members: Vec::new(),
                failed: BTreeSet::new(),
            }
        });
        if row.relation == Some(Relation::Head) && hh.members.iter().any(|m| m.relation == Some(Relation::Head)) {
            rejected.push(issue(
                row.line,
                "ความสัมพันธ์",
                format!("ครัวเรือนนี้มีหัวหน้าครัวเรือนแล้ว (บรรทัด {})", hh.members[0].line),
                format!("This household already has a head (line {})", hh.members[0].line),
            ));
            continue;
        }
        if hh.coords.is_none() {
            hh.coords = row.coords;
        }
        if hh.village_name.is_none() {
            hh.village_name = row.village_name.clone();
        }
        if hh.source_ref.is_none() {
            hh.source_ref = row.source_ref.clone();
        }
        hh.failed.extend(row.failed.iter().cloned());
        if row.relation == Some(Relation::Head) {
            hh.members.insert(0, row);
        } else {
            hh.members.push(row);
        }
    }
    let mut households: Vec<IncomingHousehold> = order.into_iter().filter_map(|k| by_key.remove(&k)).collect();
    for hh in &mut households {
        if let Some(first) = hh.members.first_mut() {
            if first.relation != Some(Relation::Head) {
                warnings.push(issue(
                    first.line,
                    "ความสัมพันธ์",
                    "ไม่ได้ระบุหัวหน้าครัวเรือน จึงถือคนแรกของครัวเรือนเป็นหัวหน้า".into(),
                    "No head of household marked: the first person is taken as the head".into(),
                ));
                first.relation = Some(Relation::Head);
            }
        }
    }
    households.retain(|h| !h.members.is_empty());
    Grouped { households, rejected, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::citizen_id::CitizenId;

    fn person(line: usize, house_no: &str, relation: Option<Relation>, cid: Option<&str>) -> PersonRow {
        PersonRow {
            line,
            house_code: None,
            house_no: Some(house_no.into()),
            moo: Some(4),
            village_name: None,
            tambon_code: "330101".into(),
            citizen_id: cid.map(|c| CitizenId::parse(c).expect("valid")),
            prefix: None,
            first_name: format!("คน{line}"),
            last_name: "ทดสอบ".into(),
            sex: None,
            birth_date: None,
            relation,
            failed: vec![format!("H{}", line % 3 + 1)],
            coords: None,
            source_ref: None,
        }
    }

    #[test]
    fn rows_gather_by_address_with_the_head_first() {
        let g = group(vec![
            person(2, "12", Some(Relation::Child), None),
            person(3, "12", Some(Relation::Head), None),
            person(4, "13", None, None),
        ]);
        assert_eq!(g.households.len(), 2);
        assert_eq!(g.households[0].key, "addr:330101|4|12");
        assert_eq!(g.households[0].members[0].line, 3);
        assert_eq!(g.households[0].failed.len(), 2);
        assert_eq!(g.households[1].members[0].relation, Some(Relation::Head), "a lone person becomes the head");
        assert_eq!(g.warnings.len(), 1);
    }

    #[test]
    fn second_heads_and_repeated_people_are_refused() {
        let g = group(vec![
            person(2, "12", Some(Relation::Head), Some("1101700230708")),
            person(3, "12", Some(Relation::Head), None),
            person(4, "14", None, Some("1-1017-00230-70-8")),
        ]);
        assert_eq!(g.households.len(), 1);
        let lines: Vec<usize> = g.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4]);
        assert!(g.rejected[1].th.contains("บรรทัด 2"));
    }
}
