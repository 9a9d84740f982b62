//! The column-mapping step of an import: which kept file it is about, the field chosen for
//! each of its columns (form fields `c0`, `c1`, …), and the same choice as a mapping file for
//! the command line.
use super::source::ListSource;
use super::template_field::{Field, IGNORED};
use super::url::percent_encode;

/// A file kept from an upload, waiting for its columns to be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsTarget {
    pub sha256: String,
    pub file_name: String,
    pub source: ListSource,
    pub source_year: Option<i64>,
    /// The previewed import this mapping replaces (discarded once the new preview exists).
    pub replaces: Option<i64>,
}

/// The form field of column `i`.
pub fn choice_key(i: usize) -> String {
    format!("c{i}")
}

impl ColumnsTarget {
    /// Reads the target from query or form fields (`name`, `source`, `year`, `replaces`).
    pub fn from_fields(sha256: &str, get: impl Fn(&str) -> Option<String>) -> Self {
        let number = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        ColumnsTarget {
            sha256: sha256.to_string(),
            file_name: get("name").unwrap_or_default(),
            source: get("source").and_then(|s| ListSource::parse(&s)).unwrap_or(ListSource::Tpmap),
            source_year: number("year"),
            replaces: number("replaces"),
        }
    }

    /// The column-mapping page for this file, with `choices` and `error` to show again.
    pub fn href(&self, choices: Option<&[Option<Field>]>, error: Option<&str>) -> String {
        let mut q = format!(
            "/imports/columns/{}?name={}&source={}",
            self.sha256,
            percent_encode(&self.file_name),
            self.source.as_str()
        );
        if let Some(y) = self.source_year {
            q.push_str(&format!("&year={y}"));
        }
        if let Some(id) = self.replaces {
            q.push_str(&format!("&replaces={id}"));
        }
        for (i, f) in choices.unwrap_or_default().iter().enumerate() {
            q.push_str(&format!("&{}={}", choice_key(i), f.map_or(IGNORED, Field::name)));
        }
        if let Some(e) = error {
            q.push_str(&format!("&error={}", percent_encode(e)));
        }
        q
    }
}

/// The fields chosen for `columns` columns from `c0`…: `None` when the fields say nothing of
/// any column (then the page proposes its own), an error naming an unknown field.
pub fn parse_choices(
    columns: usize,
    get: impl Fn(&str) -> Option<String>,
) -> Result<Option<Vec<Option<Field>>>, (String, String)> {
    let given: Vec<Option<String>> = (0..columns).map(|i| get(&choice_key(i))).collect();
    if given.iter().all(Option::is_none) {
        return Ok(None);
    }
    given
        .into_iter()
        .map(|v| match v.as_deref().map(str::trim) {
            None | Some("") | Some(IGNORED) => Ok(None),
            Some(name) => Field::parse(name)
                .map(Some)
                .ok_or_else(|| (format!("ไม่รู้จักช่องข้อมูล \"{name}\""), format!("Unknown template field \"{name}\""))),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A TOML string with quotes and backslashes escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The choice as a mapping file for `hakpaeng import --mapping FILE`.
pub fn mapping_toml(headers: &[String], choices: &[Option<Field>]) -> String {
    let mut out = String::from(
        "# Hakpaeng column mapping: \"file header\" = \"template field\" (\"ignore\": not imported)\n[columns]\n",
    );
    for (h, f) in headers.iter().zip(choices) {
        if h.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("{} = {}\n", toml_string(h), toml_string(f.map_or(IGNORED, Field::name))));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn the_target_goes_through_its_address() {
        let t = ColumnsTarget {
            sha256: "ab".repeat(32),
            file_name: "บัญชี 2566.csv".into(),
            source: ListSource::Thaiqm,
            source_year: Some(2566),
            replaces: Some(7),
        };
        let href = t.href(Some(&[Some(Field::FirstName), None]), Some("ผิด"));
        assert!(href.starts_with(&format!("/imports/columns/{}?name=%E0%B8%9A", "ab".repeat(32))));
        assert!(href.contains("&source=thaiqm&year=2566&replaces=7&c0=first_name&c1=ignore&error=%E0%B8%9C"));
        let back = ColumnsTarget::from_fields(
            &t.sha256,
            fields(&[("name", "บัญชี 2566.csv"), ("source", "thaiqm"), ("year", "2566"), ("replaces", "7")]),
        );
        assert_eq!(back, t);
    }

    #[test]
    fn choices_are_read_by_column() {
        assert_eq!(parse_choices(2, fields(&[])), Ok(None));
        let got = parse_choices(3, fields(&[("c0", "tambon_code"), ("c1", ""), ("c2", "ignore")]));
        assert_eq!(got, Ok(Some(vec![Some(Field::TambonCode), None, None])));
        let bad = parse_choices(1, fields(&[("c0", "tambon")])).expect_err("unknown");
        assert!(bad.0.contains("tambon") && bad.1.contains("Unknown"));
    }

    #[test]
    fn the_mapping_file_escapes_headers() {
        let headers = vec!["ชื่อ \"จริง\"".to_string(), "a\\b".to_string(), " ".to_string()];
        let toml = mapping_toml(&headers, &[Some(Field::FirstName), None, Some(Field::Lat)]);
        assert!(toml.contains("[columns]\n\"ชื่อ \\\"จริง\\\"\" = \"first_name\"\n\"a\\\\b\" = \"ignore\"\n"));
        assert!(!toml.contains("\"lat\""), "a column without a header is left out");
    }
}
