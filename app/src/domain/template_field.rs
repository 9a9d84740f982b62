//! The columns of the Hakpaeng household template: Thai header, English name, what goes in
//! each, and which are required. Shared by the import reader and the pages that explain it.
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A column of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    HouseCode,
    HouseNo,
    Moo,
    VillageName,
    TambonCode,
    CitizenId,
    Prefix,
    FirstName,
    LastName,
    Sex,
    BirthDate,
    Relation,
    FailedIndicators,
    Lat,
    Lon,
    SourceRef,
}

/// The word a saved mapping uses for "this column feeds nothing".
pub const IGNORED: &str = "ignore";

impl Field {
    pub const ALL: [Field; 16] = [
        Field::HouseCode,
        Field::HouseNo,
        Field::Moo,
        Field::VillageName,
        Field::TambonCode,
        Field::CitizenId,
        Field::Prefix,
        Field::FirstName,
        Field::LastName,
        Field::Sex,
        Field::BirthDate,
        Field::Relation,
        Field::FailedIndicators,
        Field::Lat,
        Field::Lon,
        Field::SourceRef,
    ];

    /// The template's Thai header.
    pub fn header_th(self) -> &'static str {
        match self {
            Field::HouseCode => "รหัสบ้าน",
            Field::HouseNo => "บ้านเลขที่",
            Field::Moo => "หมู่ที่",
            Field::VillageName => "ชื่อหมู่บ้าน",
            Field::TambonCode => "รหัสตำบล",
            Field::CitizenId => "เลขประจำตัวประชาชน",
            Field::Prefix => "คำนำหน้า",
            Field::FirstName => "ชื่อ",
            Field::LastName => "นามสกุล",
            Field::Sex => "เพศ",
            Field::BirthDate => "วันเกิด",
            Field::Relation => "ความสัมพันธ์",
            Field::FailedIndicators => "ตัวชี้วัดที่ไม่ผ่าน",
            Field::Lat => "ละติจูด",
            Field::Lon => "ลองจิจูด",
            Field::SourceRef => "รหัสอ้างอิง",
        }
    }

    /// The English name, also accepted as a header and used in mapping files.
    pub fn name(self) -> &'static str {
        match self {
            Field::HouseCode => "house_code",
            Field::HouseNo => "house_no",
            Field::Moo => "moo",
            Field::VillageName => "village_name",
            Field::TambonCode => "tambon_code",
            Field::CitizenId => "citizen_id",
            Field::Prefix => "prefix",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
            Field::Relation => "relation",
            Field::FailedIndicators => "failed_indicators",
            Field::Lat => "lat",
            Field::Lon => "lon",
            Field::SourceRef => "source_ref",
        }
    }

    /// What goes in the column, for the help and the column-mapping page.
    pub fn note(self, lang: Lang) -> &'static str {
        let (th, en) = match self {
            Field::HouseCode => ("รหัสประจำบ้าน 11 หลัก (ถ้ามี)", "11-digit DOPA house code, if known"),
            Field::HouseNo => ("เช่น 12/3", "e.g. 12/3"),
            Field::Moo => ("ตัวเลข", "a number"),
            Field::VillageName => ("", ""),
            Field::TambonCode => ("6 หลัก เช่น 330101 (จำเป็น)", "6 digits, e.g. 330101 (required)"),
            Field::CitizenId => ("13 หลัก", "13 digits"),
            Field::Prefix => ("", ""),
            Field::FirstName => ("(จำเป็น)", "(required)"),
            Field::LastName => ("(จำเป็น)", "(required)"),
            Field::Sex => ("ชาย / หญิง", "ชาย / หญิง"),
            Field::BirthDate => ("วว/ดด/ปปปป พ.ศ. เช่น 12/03/2505", "dd/mm/yyyy in the BE, e.g. 12/03/2505"),
            Field::Relation => ("\"หัวหน้าครัวเรือน\" คือหัวหน้า", "\"หัวหน้าครัวเรือน\" marks the head"),
            Field::FailedIndicators => ("รหัส เช่น H1,L2", "codes such as H1,L2"),
            Field::Lat => ("", ""),
            Field::Lon => ("", ""),
            Field::SourceRef => ("รหัสในระบบต้นทาง", "the id in the source system"),
        };
        lang.t(th, en)
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
    }
}

/// The required fields `has` lacks: tambon code, first and last name, and a way to tell
/// households apart (a house code, or a house number with its moo).
pub fn missing_required(has: impl Fn(Field) -> bool) -> Vec<Field> {
    let mut missing: Vec<Field> =
        [Field::TambonCode, Field::FirstName, Field::LastName].into_iter().filter(|f| !has(*f)).collect();
    let household_key_given = has(Field::HouseCode) || (has(Field::HouseNo) && has(Field::Moo));
    if !household_key_given {
        missing.extend([Field::HouseNo, Field::Moo].into_iter().filter(|f| !has(*f)));
    }
    missing
}

/// A column-mapping problem in both languages, or `None` when `chosen` (one entry per column
/// of the file) can be imported: no field twice, nothing required missing.
pub fn choice_problem(chosen: &[Option<Field>]) -> Option<(String, String)> {
    for (i, f) in chosen.iter().enumerate() {
        if let Some(f) = f {
            if chosen[..i].contains(&Some(*f)) {
                return Some((
                    format!("มีสองคอลัมน์ถูกจับคู่กับ \"{}\" เลือกได้คอลัมน์เดียว", f.header_th()),
                    format!("Two columns are mapped to {}; choose one.", f.name()),
                ));
            }
        }
    }
    let missing = missing_required(|f| chosen.contains(&Some(f)));
    if missing.is_empty() {
        return None;
    }
    let th: Vec<&str> = missing.iter().map(|f| f.header_th()).collect();
    let en: Vec<&str> = missing.iter().map(|f| f.name()).collect();
    Some((
        format!("ยังไม่มีคอลัมน์ที่จำเป็น: {}", th.join(", ")),
        format!("Required columns are not mapped yet: {}", en.join(", ")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.name()), Some(f));
        }
        assert_eq!(Field::parse(IGNORED), None);
    }

    #[test]
    fn a_house_code_or_number_with_moo_tells_households_apart() {
        let base = [Field::TambonCode, Field::FirstName, Field::LastName];
        let with = |extra: &[Field]| missing_required(|f| base.contains(&f) || extra.contains(&f));
        assert!(with(&[Field::HouseCode]).is_empty());
        assert!(with(&[Field::HouseNo, Field::Moo]).is_empty());
        assert_eq!(with(&[Field::HouseNo]), vec![Field::Moo]);
        assert_eq!(with(&[]), vec![Field::HouseNo, Field::Moo]);
    }

    #[test]
    fn choices_are_checked_for_twins_and_gaps() {
        let ok = [Some(Field::TambonCode), Some(Field::FirstName), Some(Field::LastName), None, Some(Field::HouseCode)];
        assert_eq!(choice_problem(&ok), None);
        let twice = [Some(Field::FirstName), Some(Field::FirstName)];
        assert!(choice_problem(&twice).expect("twice").0.contains("ชื่อ"));
        let gap = [Some(Field::FirstName), Some(Field::LastName), Some(Field::HouseCode)];
        let (th, en) = choice_problem(&gap).expect("gap");
        assert!(th.contains("รหัสตำบล") && en.contains("tambon_code"));
    }
}
