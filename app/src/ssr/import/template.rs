//! The Hakpaeng household template: its columns (Thai headers, English aliases) and the
//! mapping of a file's headers to them, automatic or from a saved mapping file.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::template_field::missing_required;
pub use crate::domain::template_field::{Field, IGNORED};

/// More headers seen in real lists.
fn aliases(f: Field) -> &'static [&'static str] {
    match f {
        Field::HouseCode => &["รหัสประจำบ้าน", "house_id", "hid"],
        Field::HouseNo => &["เลขที่", "บ้านเลขที่ ", "address_no"],
        Field::Moo => &["หมู่", "ม.", "village_no"],
        Field::VillageName => &["หมู่บ้าน", "village"],
        Field::TambonCode => &["รหัสตำบล dopa", "tambon", "subdistrict_code"],
        Field::CitizenId => &["เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "pid", "national_id"],
        Field::Prefix => &["คำนำหน้าชื่อ", "title"],
        Field::FirstName => &["ชื่อจริง", "firstname", "name"],
        Field::LastName => &["สกุล", "lastname", "surname"],
        Field::Sex => &["gender"],
        Field::BirthDate => &["วันเดือนปีเกิด", "dob", "birthdate"],
        Field::Relation => &["ความสัมพันธ์กับหัวหน้าครัวเรือน", "relationship"],
        Field::FailedIndicators => &["ตัวชี้วัดไม่ผ่าน", "indicators", "failed"],
        Field::Lat => &["latitude", "lat."],
        Field::Lon => &["longitude", "lng", "long"],
        Field::SourceRef => &["รหัส tpmap", "รหัส thaiqm", "source_id", "ref"],
    }
}

/// Headers compared without case, spaces, underscores, dots or hyphens.
fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '\u{200B}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The field a header names, by the template's Thai header, the English name or an alias.
pub fn field_for_header(header: &str) -> Option<Field> {
    let h = normalise(header);
    if h.is_empty() {
        return None;
    }
    Field::ALL.into_iter().find(|f| {
        normalise(f.header_th()) == h || normalise(f.name()) == h || aliases(*f).iter().any(|a| normalise(a) == h)
    })
}

/// Which column of the file feeds which field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// One entry per column of the file.
    pub columns: Vec<Option<Field>>,
}

/// A saved mapping: the file's header text → the template field's English name.
/// As TOML: `[columns]` then `"HOUSE_ID" = "house_code"` lines.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MappingSpec {
    pub columns: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("the mapping names an unknown field {0:?}")]
    UnknownField(String),
    #[error("two columns are mapped to {0}")]
    Twice(&'static str),
    #[error("required columns are missing: {0}")]
    Missing(String),
}

impl MappingError {
    pub fn message_th(&self) -> String {
        match self {
            MappingError::UnknownField(f) => format!("การจับคู่คอลัมน์ระบุช่องข้อมูลที่ไม่รู้จัก \"{f}\""),
            MappingError::Twice(f) => format!("มีสองคอลัมน์ถูกจับคู่กับ {f}"),
            MappingError::Missing(list) => format!("ไฟล์ขาดคอลัมน์ที่จำเป็น: {list}"),
        }
    }
}

impl ColumnMapping {
    /// Maps `headers` with `spec` first (by header text), then by the template's own names.
    pub fn build(headers: &[String], spec: Option<&MappingSpec>) -> Result<ColumnMapping, MappingError> {
        let columns = propose(headers, spec)?;
        for (i, f) in columns.iter().enumerate() {
            if let Some(f) = f {
                if columns[..i].contains(&Some(*f)) {
                    return Err(MappingError::Twice(f.name()));
                }
            }
        }
        let mapping = ColumnMapping { columns };
        let missing: Vec<&str> = mapping.missing_required().iter().map(|f| f.header_th()).collect();
        if !missing.is_empty() {
            return Err(MappingError::Missing(missing.join(", ")));
        }
        Ok(mapping)
    }

    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Required fields no column feeds.
    pub fn missing_required(&self) -> Vec<Field> {
        missing_required(|f| self.column_of(f).is_some())
    }

    /// Headers of columns that feed no field (shown in the preview so nothing is lost unseen).
    pub fn unused<'a>(&self, headers: &'a [String]) -> Vec<&'a str> {
        headers
            .iter()
            .zip(&self.columns)
            .filter(|(h, c)| c.is_none() && !h.trim().is_empty())
            .map(|(h, _)| h.as_str())
            .collect()
    }
}

/// The field each of `headers` feeds, checked for nothing: the saved mapping's choice where it
/// names the header (`ignore` or an empty name: no field), else what the header itself says
/// (unless the mapping gave that field to another column). The column-mapping page starts here.
pub fn propose(headers: &[String], spec: Option<&MappingSpec>) -> Result<Vec<Option<Field>>, MappingError> {
    let mut from_spec: BTreeMap<String, Option<Field>> = BTreeMap::new();
    if let Some(spec) = spec {
        for (header, field) in &spec.columns {
            let f = match field.trim() {
                "" | IGNORED => None,
                name => Some(Field::parse(name).ok_or_else(|| MappingError::UnknownField(field.clone()))?),
            };
            from_spec.insert(normalise(header), f);
        }
    }
    let chosen: Vec<Option<Option<Field>>> = headers.iter().map(|h| from_spec.get(&normalise(h)).copied()).collect();
    let given: Vec<Field> = chosen.iter().filter_map(|c| c.flatten()).collect();
    Ok(headers
        .iter()
        .zip(&chosen)
        .map(|(h, c)| match c {
            Some(choice) => *choice,
            None => field_for_header(h).filter(|f| !given.contains(f)),
        })
        .collect())
}

/// A mapping that gives every column its field, to save for the command line.
pub fn spec_of(headers: &[String], columns: &[Option<Field>]) -> MappingSpec {
    MappingSpec {
        columns: headers
            .iter()
            .zip(columns)
            .filter(|(h, _)| !h.trim().is_empty())
            .map(|(h, f)| (h.clone(), f.map_or(IGNORED, Field::name).to_string()))
            .collect(),
    }
}

/// The template's header row (Thai).
pub fn template_headers() -> Vec<&'static str> {
    Field::ALL.iter().map(|f| f.header_th()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_template_maps_itself() {
        let h: Vec<String> = template_headers().into_iter().map(String::from).collect();
        let m = ColumnMapping::build(&h, None).expect("maps");
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(m.columns[i], Some(*f));
        }
        assert!(m.unused(&h).is_empty());
    }

    #[test]
    fn english_names_and_aliases_map_too() {
        let h = headers(&["Tambon_Code", "first name", "LASTNAME", "house_code", "Latitude", "remarks"]);
        let m = ColumnMapping::build(&h, None).expect("maps");
        assert_eq!(m.column_of(Field::TambonCode), Some(0));
        assert_eq!(m.column_of(Field::FirstName), Some(1));
        assert_eq!(m.column_of(Field::LastName), Some(2));
        assert_eq!(m.column_of(Field::Lat), Some(4));
        assert_eq!(m.unused(&h), vec!["remarks"]);
    }

    #[test]
    fn a_saved_mapping_maps_other_layouts() {
        let h = headers(&["TB", "FNAME", "LNAME", "HNO", "VNO"]);
        assert!(matches!(ColumnMapping::build(&h, None), Err(MappingError::Missing(_))));
        let spec: MappingSpec = serde_json::from_str(
            r#"{"columns": {"TB": "tambon_code", "FNAME": "first_name", "LNAME": "last_name", "HNO": "house_no", "VNO": "moo"}}"#,
        )
        .expect("json");
        let m = ColumnMapping::build(&h, Some(&spec)).expect("maps");
        assert_eq!(m.column_of(Field::Moo), Some(4));
        let bad = MappingSpec { columns: [("TB".to_string(), "tambon".to_string())].into() };
        assert_eq!(spec_of(&h, &m.columns), spec);
        assert_eq!(ColumnMapping::build(&h, Some(&bad)), Err(MappingError::UnknownField("tambon".into())));
    }

    #[test]
    fn a_field_mapped_twice_or_missing_is_refused() {
        let h = headers(&["ชื่อ", "ชื่อจริง", "นามสกุล", "รหัสตำบล", "รหัสบ้าน"]);
        assert_eq!(ColumnMapping::build(&h, None), Err(MappingError::Twice("first_name")));
        let h = headers(&["ชื่อ", "นามสกุล", "บ้านเลขที่"]);
        let e = ColumnMapping::build(&h, None).expect_err("missing");
        assert!(e.message_th().contains("รหัสตำบล") && e.message_th().contains("หมู่ที่"));
    }

    #[test]
    fn a_saved_mapping_can_ignore_a_column_the_template_would_take() {
        let h = headers(&["ชื่อ", "ชื่อจริง", "นามสกุล", "รหัสตำบล", "รหัสบ้าน"]);
        let spec = MappingSpec { columns: [("ชื่อ".to_string(), IGNORED.to_string())].into() };
        let m = ColumnMapping::build(&h, Some(&spec)).expect("maps");
        assert_eq!(m.column_of(Field::FirstName), Some(1));
        assert_eq!(m.unused(&h), vec!["ชื่อ"]);
        let spec = MappingSpec { columns: [("ชื่อจริง".to_string(), String::new())].into() };
        assert_eq!(ColumnMapping::build(&h, Some(&spec)).expect("maps").column_of(Field::FirstName), Some(0));
    }
}
