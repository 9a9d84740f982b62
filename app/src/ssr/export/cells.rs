//! Typed cell values shared by the XLSX and CSV writers, and the small Thai text helpers they use.
use std::borrow::Cow;

use chrono::Datelike;

use crate::domain::dates::{be_year, parse_iso_date};

/// Shown where a pending problem has no owner agency yet.
pub const NO_OWNER: &str = "ยังไม่มีเจ้าภาพ";

/// One cell of a row. Codes (citizen ids, house codes, tambon codes, house numbers) are text
/// that must never become numbers; XLSX gives them the text format `@`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    Code(Cow<'a, str>),
    Int(i64),
    Coord(f64),
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    pub fn owned(s: String) -> Cell<'a> {
        Cell::Text(Cow::Owned(s))
    }

    pub fn opt_text(s: Option<&'a String>) -> Cell<'a> {
        s.map_or(Cell::Empty, |s| Cell::text(s))
    }

    pub fn code(s: &'a str) -> Cell<'a> {
        Cell::Code(Cow::Borrowed(s))
    }

    pub fn opt_code(s: Option<&'a String>) -> Cell<'a> {
        s.map_or(Cell::Empty, |s| Cell::code(s))
    }

    pub fn opt_int(i: Option<i64>) -> Cell<'a> {
        i.map_or(Cell::Empty, Cell::Int)
    }

    pub fn count(n: usize) -> Cell<'a> {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    pub fn opt_coord(f: Option<f64>) -> Cell<'a> {
        f.filter(|f| f.is_finite()).map_or(Cell::Empty, Cell::Coord)
    }

    /// The cell as CSV text, made safe to open in a spreadsheet.
    pub fn csv_field(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Code(s) => csv_safe(s),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Coord(f) => Cow::Owned(f.to_string()),
        }
    }
}

/// "มี" / "ไม่มี".
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "มี"
    } else {
        "ไม่มี"
    }
}

/// An ISO date as the template's `dd/mm/yyyy` in the Buddhist Era ("1960-06-24" → "24/06/2503");
/// anything else is printed as it is.
pub fn be_slash_date(iso: &str) -> String {
    match parse_iso_date(iso) {
        Some(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), be_year(d.year())),
        None => iso.to_string(),
    }
}

/// Spreadsheets run a CSV field that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) as one;
/// such text gets a leading apostrophe. Plain numbers and a lone "-" are left alone.
pub fn csv_safe(s: &str) -> Cow<'_, str> {
    let risky = match s.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => s.len() > 1 && s.parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Excel's longest cell text is 32,767 characters; longer text is cut rather than failing the export.
pub fn clip_for_xlsx(s: &str) -> &str {
    const MAX_CHARS: usize = 32_767;
    if s.len() <= MAX_CHARS {
        return s;
    }
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
