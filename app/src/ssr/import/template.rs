//! The Hakpaeng household template: its columns (Thai headers, English aliases) and the
//! mapping of a file's headers to them, automatic or from a saved mapping file.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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

    /// More headers seen in real lists.
    fn aliases(self) -> &'static [&'static str] {
        match self {
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

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
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
        normalise(f.header_th()) == h || normalise(f.name()) == h || f.aliases().iter().any(|a| normalise(a) == h)
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
        let mut from_spec: BTreeMap<String, Field> = BTreeMap::new();
        if let Some(spec) = spec {
            for (header, field) in &spec.columns {
                let f = Field::parse(field).ok_or_else(|| MappingError::UnknownField(field.clone()))?;
                from_spec.insert(normalise(header), f);
            }
        }
        // The saved mapping wins; the template's own names fill in the other columns.
        let chosen: Vec<Option<Field>> = headers.iter().map(|h| from_spec.get(&normalise(h)).copied()).collect();
        let mut columns: Vec<Option<Field>> = Vec::with_capacity(headers.len());
        for (h, chosen_field) in headers.iter().zip(&chosen) {
            let f = chosen_field.or_else(|| field_for_header(h).filter(|f| !chosen.contains(&Some(*f))));
            if let Some(f) = f {
                if columns.contains(&Some(f)) {
                    return Err(MappingError::Twice(f.name()));
                }
            }
            columns.push(f);
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

    /// Required: tambon code, first and last name, and a way to tell households apart
    /// (a house code, or a house number with its moo).
    pub fn missing_required(&self) -> Vec<Field> {
        let has = |f| self.column_of(f).is_some();
        let mut missing: Vec<Field> =
            [Field::TambonCode, Field::FirstName, Field::LastName].into_iter().filter(|f| !has(*f)).collect();
        let household_key_given = has(Field::HouseCode) || (has(Field::HouseNo) && has(Field::Moo));
        if !household_key_given {
            missing.extend([Field::HouseNo, Field::Moo].into_iter().filter(|f| !has(*f)));
        }
        missing
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
}
