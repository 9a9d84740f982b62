//! One row of a file, checked cell by cell against the template's rules: citizen id check
//! digit, known tambon, numeric moo, plausible Buddhist Era dates, catalogue indicator codes,
//! coordinates inside Thailand. A row with any error is refused with every reason.
use std::collections::HashSet;

use chrono::NaiveDate;

use super::read::Record;
use super::template::{ColumnMapping, Field};
use crate::api::imports::RowIssue;
use crate::domain::citizen_id::CitizenId;
use crate::domain::dates::parse_be_date;
use crate::domain::member::{Relation, Sex};

/// A person row that passed every check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PersonRow {
    pub line: usize,
    pub house_code: Option<String>,
    pub house_no: Option<String>,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub tambon_code: String,
    pub citizen_id: Option<CitizenId>,
    pub prefix: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// `None` when the file leaves it empty.
    pub relation: Option<Relation>,
    pub failed: Vec<String>,
    pub coords: Option<(f64, f64)>,
    pub source_ref: Option<String>,
}

/// What the rules need to know of the database.
pub struct Rules {
    pub tambons: HashSet<String>,
    pub indicators: HashSet<String>,
    pub today: NaiveDate,
}

const LAT: (f64, f64) = (5.5, 20.5);
const LON: (f64, f64) = (97.3, 105.7);

struct Row<'a> {
    record: &'a Record,
    mapping: &'a ColumnMapping,
    headers: &'a [String],
    issues: Vec<RowIssue>,
}

impl Row<'_> {
    fn cell(&self, f: Field) -> Option<&str> {
        let i = self.mapping.column_of(f)?;
        self.record.cells.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn fail(&mut self, f: Field, th: String, en: String) {
        let column = self
            .mapping
            .column_of(f)
            .and_then(|i| self.headers.get(i).cloned())
            .unwrap_or_else(|| f.header_th().to_string());
        self.issues.push(RowIssue { line: self.record.line, column, th, en });
    }
}

fn digits_only(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '-' | ' ' | '\u{00A0}')).collect()
}

pub fn parse_sex(s: &str) -> Option<Sex> {
    match s.trim().to_lowercase().as_str() {
        "ชาย" | "ช" | "m" | "male" | "1" => Some(Sex::Male),
        "หญิง" | "ญ" | "f" | "female" | "2" => Some(Sex::Female),
        _ => None,
    }
}

/// The sex a Thai name prefix implies.
pub fn sex_from_prefix(prefix: &str) -> Option<Sex> {
    match prefix.trim() {
        "นาย" | "ด.ช." | "เด็กชาย" | "ดช." => Some(Sex::Male),
        "นาง" | "นางสาว" | "น.ส." | "ด.ญ." | "เด็กหญิง" | "ดญ." => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

pub fn parse_relation(s: &str) -> Option<Relation> {
    let t = s.trim();
    if let Some(r) = Relation::parse(&t.to_lowercase()) {
        return Some(r);
    }
    Some(match t {
        "หัวหน้าครัวเรือน" | "หัวหน้า" | "เจ้าบ้าน" => {
            Relation::Head
        }
        "คู่สมรส" | "สามี" | "ภรรยา" | "ภริยา" => Relation::Spouse,
        "บุตร" | "ลูก" | "บุตรชาย" | "บุตรสาว" => Relation::Child,
        "บิดา" | "มารดา" | "บิดา/มารดา" | "พ่อ" | "แม่" => {
            Relation::Parent
        }
        "หลาน" => Relation::Grandchild,
        "ญาติ" | "พี่" | "น้อง" | "พี่น้อง" => Relation::Relative,
        "ผู้อาศัย" | "อื่นๆ" | "อื่น ๆ" => Relation::Other,
        _ => return None,
    })
}

/// "หมู่ที่ 4", "ม.4", "4" → 4.
pub fn parse_moo(s: &str) -> Option<i64> {
    let t = s.trim().trim_start_matches("หมู่ที่").trim_start_matches("หมู่").trim_start_matches("ม.").trim();
    t.parse::<i64>().ok().filter(|m| (1..=99).contains(m))
}

pub fn validate(
    record: &Record,
    mapping: &ColumnMapping,
    headers: &[String],
    rules: &Rules,
) -> Result<PersonRow, Vec<RowIssue>> {
    let mut row = Row { record, mapping, headers, issues: Vec::new() };

    let house_code = row.cell(Field::HouseCode).map(digits_only);
    if let Some(code) = &house_code {
        if code.len() != 11 || !code.bytes().all(|b| b.is_ascii_digit()) {
            row.fail(
                Field::HouseCode,
                format!("รหัสบ้าน \"{code}\" ต้องเป็นตัวเลข 11 หลัก"),
                format!("House code \"{code}\" must be 11 digits"),
            );
        }
    }
    let house_no = row.cell(Field::HouseNo).map(|s| s.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    if house_no.as_ref().is_some_and(|h| h.chars().count() > 20) {
        row.fail(Field::HouseNo, "บ้านเลขที่ยาวเกิน 20 ตัวอักษร".into(), "House number longer than 20 characters".into());
    }
    let moo = match row.cell(Field::Moo) {
        None => None,
        Some(m) => {
            let parsed = parse_moo(m);
            if parsed.is_none() {
                let m = m.to_string();
                row.fail(
                    Field::Moo,
                    format!("หมู่ที่ \"{m}\" ต้องเป็นตัวเลข 1–99"),
                    format!("Moo \"{m}\" must be a number from 1 to 99"),
                );
            }
            parsed
        }
    };
    let village_name = row.cell(Field::VillageName).map(str::to_string);
    let tambon_code = row.cell(Field::TambonCode).map(digits_only).unwrap_or_default();
    if tambon_code.is_empty() {
        row.fail(Field::TambonCode, "ไม่มีรหัสตำบล".into(), "Tambon code is missing".into());
    } else if !rules.tambons.contains(&tambon_code) {
        row.fail(
            Field::TambonCode,
            format!("ไม่รู้จักรหัสตำบล \"{tambon_code}\" (ต้องเป็นรหัส 6 หลักของกรมการปกครอง)"),
            format!("Unknown tambon code \"{tambon_code}\" (a 6-digit DOPA code)"),
        );
    }
    let moo_given = row.cell(Field::Moo).is_some();
    if house_code.is_none() && (house_no.is_none() || !moo_given) {
        row.issues.push(RowIssue {
            line: record.line,
            column: String::new(),
            th: "บอกไม่ได้ว่าอยู่ครัวเรือนใด: ต้องมีรหัสบ้าน หรือบ้านเลขที่กับหมู่ที่".into(),
            en: "Cannot tell the household: a house code, or a house number and moo, is needed".into(),
        });
    }
    let citizen_id = match row.cell(Field::CitizenId) {
        None => None,
        Some(raw) => match CitizenId::parse(raw) {
            Ok(id) => Some(id),
            Err(e) => {
                let raw = raw.to_string();
                row.fail(
                    Field::CitizenId,
                    format!("{} (\"{raw}\")", e.message_th()),
                    format!("Citizen id \"{raw}\": {e}"),
                );
                None
            }
        },
    };
    let prefix = row.cell(Field::Prefix).map(str::to_string);
    let first_name = row.cell(Field::FirstName).unwrap_or_default().to_string();
    let last_name = row.cell(Field::LastName).unwrap_or_default().to_string();
    if first_name.is_empty() {
        row.fail(Field::FirstName, "ไม่มีชื่อ".into(), "First name is missing".into());
    }
    if last_name.is_empty() {
        row.fail(Field::LastName, "ไม่มีนามสกุล".into(), "Last name is missing".into());
    }
    if first_name.chars().count() > 100 || last_name.chars().count() > 100 {
        row.fail(Field::FirstName, "ชื่อหรือนามสกุลยาวเกิน 100 ตัวอักษร".into(), "Name longer than 100 characters".into());
    }
    let sex = match row.cell(Field::Sex) {
        Some(s) => {
            let parsed = parse_sex(s);
            if parsed.is_none() {
                let s = s.to_string();
                row.fail(
                    Field::Sex,
                    format!("เพศ \"{s}\" ต้องเป็น ชาย หรือ หญิง"),
                    format!("Sex \"{s}\" must be male or female"),
                );
            }
            parsed
        }
        None => prefix.as_deref().and_then(sex_from_prefix),
    };
    let birth_date = match row.cell(Field::BirthDate) {
        None => None,
        Some(raw) => match parse_be_date(raw) {
            Ok(d) if d > rules.today => {
                let raw = raw.to_string();
                row.fail(
                    Field::BirthDate,
                    format!("วันเกิด \"{raw}\" อยู่ในอนาคต"),
                    format!("Birth date \"{raw}\" is in the future"),
                );
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                let raw = raw.to_string();
                row.fail(
                    Field::BirthDate,
                    format!("วันเกิด \"{raw}\": {}", e.message_th()),
                    format!("Birth date \"{raw}\": {e}"),
                );
                None
            }
        },
    };
    let relation = match row.cell(Field::Relation) {
        None => None,
        Some(r) => {
            let parsed = parse_relation(r);
            if parsed.is_none() {
                let r = r.to_string();
                row.fail(
                    Field::Relation,
                    format!("ไม่รู้จักความสัมพันธ์ \"{r}\" (เช่น หัวหน้าครัวเรือน คู่สมรส บุตร บิดา/มารดา หลาน ญาติ ผู้อาศัย)"),
                    format!("Unknown relation \"{r}\" (head, spouse, child, parent, grandchild, relative, other)"),
                );
            }
            parsed
        }
    };
    let mut failed: Vec<String> = Vec::new();
    if let Some(raw) = row.cell(Field::FailedIndicators) {
        let codes: Vec<String> = raw
            .split([',', ' ', ';', '/', '|', '，'])
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        let unknown: Vec<&String> = codes.iter().filter(|c| !rules.indicators.contains(*c)).collect();
        if unknown.is_empty() {
            failed = codes;
            failed.sort();
            failed.dedup();
        } else {
            let list = unknown.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
            row.fail(
                Field::FailedIndicators,
                format!("ไม่มีตัวชี้วัด {list} ในชุดตัวชี้วัดปัจจุบัน"),
                format!("Indicator {list} is not in the current catalogue"),
            );
        }
    }
    let lat = row.cell(Field::Lat).map(|s| (s.to_string(), s.parse::<f64>().ok()));
    let lon = row.cell(Field::Lon).map(|s| (s.to_string(), s.parse::<f64>().ok()));
    let coords = match (lat, lon) {
        (None, None) => None,
        (Some((_, Some(la))), Some((_, Some(lo))))
            if (LAT.0..=LAT.1).contains(&la) && (LON.0..=LON.1).contains(&lo) =>
        {
            Some((la, lo))
        }
        (Some((a, _)), Some((b, _))) => {
            row.fail(
                Field::Lat,
                format!("พิกัด {a}, {b} ไม่อยู่ในประเทศไทย (ละติจูด 5.5–20.5 ลองจิจูด 97.3–105.7)"),
                format!("Coordinates {a}, {b} are not in Thailand (lat 5.5–20.5, lon 97.3–105.7)"),
            );
            None
        }
        _ => {
            row.fail(Field::Lat, "ต้องมีทั้งละติจูดและลองจิจูด".into(), "Latitude and longitude go together".into());
            None
        }
    };
    let source_ref = row.cell(Field::SourceRef).map(|s| s.chars().take(64).collect());

    if !row.issues.is_empty() {
        return Err(row.issues);
    }
    Ok(PersonRow {
        line: record.line,
        house_code,
        house_no,
        moo,
        village_name,
        tambon_code,
        citizen_id,
        prefix,
        first_name,
        last_name,
        sex,
        birth_date,
        relation,
        failed,
        coords,
        source_ref,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::import::template::template_headers;

    fn rules() -> Rules {
        Rules {
            tambons: ["330101".to_string()].into(),
            indicators: ["H1", "L2", "I3"].iter().map(|s| s.to_string()).collect(),
            today: NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
        }
    }

    fn check(cells: &[&str]) -> Result<PersonRow, Vec<RowIssue>> {
        let headers: Vec<String> = template_headers().into_iter().map(String::from).collect();
        let mapping = ColumnMapping::build(&headers, None).expect("mapping");
        let mut cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        cells.resize(headers.len(), String::new());
        validate(&Record { line: 7, cells }, &mapping, &headers, &rules())
    }

    // house_code, house_no, moo, village, tambon, cid, prefix, first, last, sex, birth, relation, failed, lat, lon
    #[test]
    fn a_good_row_passes_with_every_value_read() {
        let r = check(&[
            "",
            "12/3",
            "หมู่ 4",
            "บ้านโนนสูง",
            "330101",
            "1-1017-00230-70-8",
            "นาย",
            "สมชาย",
            "ใจดี",
            "",
            "24/06/2503",
            "หัวหน้าครัวเรือน",
            "l2, H1 h1",
            "15.12",
            "104.33",
        ])
        .expect("valid");
        assert_eq!(r.line, 7);
        assert_eq!(r.moo, Some(4));
        assert_eq!(r.sex, Some(Sex::Male), "from the prefix");
        assert_eq!(r.birth_date, NaiveDate::from_ymd_opt(1960, 6, 24));
        assert_eq!(r.relation, Some(Relation::Head));
        assert_eq!(r.failed, vec!["H1", "L2"]);
        assert_eq!(r.coords, Some((15.12, 104.33)));
        assert_eq!(r.citizen_id.map(String::from).as_deref(), Some("1101700230708"));
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_column() {
        let issues = check(&[
            "123",
            "5",
            "x",
            "",
            "999999",
            "1101700230707",
            "",
            "",
            "สกุล",
            "อื่น",
            "31/02/2565",
            "หัวหน้าหมู่บ้าน",
            "Z9",
            "48.8",
            "2.3",
        ])
        .expect_err("invalid");
        let columns: Vec<&str> = issues.iter().map(|i| i.column.as_str()).collect();
        for c in
            ["รหัสบ้าน", "หมู่ที่", "รหัสตำบล", "เลขประจำตัวประชาชน", "ชื่อ", "เพศ", "วันเกิด", "ความสัมพันธ์", "ตัวชี้วัดที่ไม่ผ่าน", "ละติจูด"]
        {
            assert!(columns.contains(&c), "{c} not reported in {columns:?}");
        }
        assert!(issues.iter().all(|i| i.line == 7 && !i.th.is_empty() && !i.en.is_empty()));
        assert!(issues.iter().any(|i| i.th.contains("หลักตรวจสอบ")));
    }

    #[test]
    fn dates_outside_the_buddhist_era_range_and_in_the_future_are_refused() {
        let future = check(&["", "1", "1", "", "330101", "", "", "ก", "ข", "", "01/01/2599"]).expect_err("future");
        assert!(future[0].th.contains("อนาคต"));
        let ce = check(&["", "1", "1", "", "330101", "", "", "ก", "ข", "", "24/06/1960"]).expect_err("CE year");
        assert!(ce[0].th.contains("2400"));
    }

    #[test]
    fn a_row_needs_a_way_to_its_household() {
        let issues = check(&["", "", "", "", "330101", "", "", "ก", "ข"]).expect_err("no household");
        assert!(issues[0].column.is_empty());
        assert!(check(&["33010100012", "", "", "", "330101", "", "", "ก", "ข"]).is_ok());
    }

    #[test]
    fn values_people_write() {
        assert_eq!(parse_moo("ม.12"), Some(12));
        assert_eq!(parse_moo("หมู่ที่ 3"), Some(3));
        assert_eq!(parse_moo("0"), None);
        assert_eq!(parse_relation("ภรรยา"), Some(Relation::Spouse));
        assert_eq!(parse_relation("head"), Some(Relation::Head));
        assert_eq!(parse_sex("2"), Some(Sex::Female));
        assert_eq!(sex_from_prefix("นางสาว"), Some(Sex::Female));
    }
}
