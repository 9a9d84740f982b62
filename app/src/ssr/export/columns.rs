//! The exports' sheets and columns (Thai headers) and how a household fills a row of each.
use crate::domain::dates::format_iso_date;
use crate::domain::dimension::Dimension;
use crate::domain::stage::stage_label;
use crate::i18n::Lang;

use super::cells::{be_slash_date, yes_no, Cell, NO_OWNER};
use super::model::{ExportHousehold, ExportMember, ExportProblem};

pub const SHEET_SUMMARY: &str = "สรุปรายมิติ";
pub const SHEET_HOUSEHOLDS: &str = "ครัวเรือน";
pub const SHEET_MEMBERS: &str = "สมาชิก";

/// A working group's sheet: "มิติสุขภาพ", "มิติความเป็นอยู่", ... (also the CSV's dimension columns).
pub fn dimension_sheet_name(d: Dimension) -> String {
    format!("มิติ{}", d.label(Lang::Th))
}

/// The Hakpaeng import template's columns, one row per person (sheet "สมาชิก", and the CSV's first columns).
pub const TEMPLATE_HEADERS: [&str; 15] = [
    "รหัสบ้าน",
    "บ้านเลขที่",
    "หมู่ที่",
    "ชื่อหมู่บ้าน",
    "รหัสตำบล",
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "วันเกิด",
    "ความสัมพันธ์",
    "ตัวชี้วัดที่ไม่ผ่าน",
    "ละติจูด",
    "ลองจิจูด",
];
pub(crate) const TEMPLATE_WIDTHS: [f64; 15] =
    [14.0, 10.0, 7.0, 18.0, 10.0, 20.0, 10.0, 16.0, 16.0, 6.0, 11.0, 16.0, 16.0, 11.0, 11.0];

/// Sheet "ครัวเรือน": one row per household.
pub const HOUSEHOLD_HEADERS: [&str; 18] = [
    "รหัสครัวเรือน",
    "อำเภอ",
    "ตำบล",
    "รหัสตำบล",
    "หมู่ที่",
    "ชื่อหมู่บ้าน",
    "บ้านเลขที่",
    "รหัสบ้าน",
    "หัวหน้าครัวเรือน",
    "จำนวนสมาชิก",
    "ระดับ",
    "บัตรสวัสดิการ",
    "ตัวชี้วัดที่ไม่ผ่าน",
    "ปัญหาค้าง",
    "ไม่มีเจ้าภาพ",
    "ละติจูด",
    "ลองจิจูด",
    "แหล่งข้อมูล",
];
pub(crate) const HOUSEHOLD_WIDTHS: [f64; 18] =
    [12.0, 16.0, 14.0, 10.0, 7.0, 18.0, 10.0, 14.0, 24.0, 10.0, 13.0, 12.0, 16.0, 9.0, 10.0, 11.0, 11.0, 34.0];

/// The sheets per dimension: one row per problem of that dimension, whatever its status.
pub const PROBLEM_HEADERS: [&str; 12] = [
    "รหัสครัวเรือน",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "บ้านเลขที่",
    "หัวหน้าครัวเรือน",
    "ตัวชี้วัด",
    "ชื่อตัวชี้วัด",
    "สถานะ",
    "เจ้าภาพ",
    "วันที่เปิด",
    "วันที่ปิด",
];
pub(crate) const PROBLEM_WIDTHS: [f64; 12] = [12.0, 16.0, 14.0, 7.0, 10.0, 24.0, 9.0, 50.0, 16.0, 20.0, 13.0, 13.0];

/// The CSV's household columns after the template's (then one column per dimension).
/// The house code is already the template's first column, so it is not repeated.
const CSV_HOUSEHOLD_HEADERS: [&str; 6] = ["รหัสครัวเรือน", "อำเภอ", "ตำบล", "ระดับ", "ปัญหาค้าง", "ไม่มีเจ้าภาพ"];

/// The CSV's header row: the template's columns, the household's, then one per dimension.
pub fn csv_headers() -> Vec<String> {
    TEMPLATE_HEADERS
        .iter()
        .chain(CSV_HOUSEHOLD_HEADERS.iter())
        .map(|h| h.to_string())
        .chain(Dimension::ALL.iter().map(|d| dimension_sheet_name(*d)))
        .collect()
}

/// A template row for `member` (none: a household without members). `codes` (the pending
/// indicator codes) are printed only when `with_codes`: on the head's row.
pub(crate) fn template_row<'a>(
    h: &'a ExportHousehold,
    member: Option<&'a ExportMember>,
    codes: &'a str,
    with_codes: bool,
) -> [Cell<'a>; 15] {
    let person = |f: fn(&'a ExportMember) -> Cell<'a>| member.map_or(Cell::Empty, f);
    [
        Cell::opt_code(h.house_code.as_ref()),
        Cell::opt_code(h.house_no.as_ref()),
        Cell::opt_int(h.moo),
        Cell::opt_text(h.village_name.as_ref()),
        Cell::code(&h.tambon_code),
        person(|m| Cell::opt_code(m.citizen_id.as_ref())),
        person(|m| Cell::opt_text(m.prefix.as_ref())),
        person(|m| Cell::text(&m.first_name)),
        person(|m| Cell::text(&m.last_name)),
        person(|m| m.sex.map_or(Cell::Empty, |s| Cell::text(s.label(Lang::Th)))),
        person(|m| m.birth_date.as_deref().map_or(Cell::Empty, |d| Cell::owned(be_slash_date(d)))),
        person(|m| Cell::text(m.relation.label(Lang::Th))),
        if with_codes { Cell::text(codes) } else { Cell::Empty },
        Cell::opt_coord(h.lat),
        Cell::opt_coord(h.lon),
    ]
}

pub(crate) fn household_row<'a>(h: &'a ExportHousehold, codes: &'a str) -> [Cell<'a>; 18] {
    [
        Cell::Int(h.id),
        Cell::text(&h.amphoe_th),
        Cell::text(&h.tambon_th),
        Cell::code(&h.tambon_code),
        Cell::opt_int(h.moo),
        Cell::opt_text(h.village_name.as_ref()),
        Cell::opt_code(h.house_no.as_ref()),
        Cell::opt_code(h.house_code.as_ref()),
        Cell::opt_text(h.head_name.as_ref()),
        Cell::count(h.members.len()),
        Cell::text(stage_label(h.stage, Lang::Th)),
        Cell::text(yes_no(h.welfare_card)),
        Cell::text(codes),
        Cell::count(h.pending_count()),
        Cell::count(h.pending_without_owner_count()),
        Cell::opt_coord(h.lat),
        Cell::opt_coord(h.lon),
        Cell::text(&h.sources),
    ]
}

fn owner_or_none(p: &ExportProblem) -> &str {
    match p.owner_th.as_deref().map(str::trim) {
        Some(o) if !o.is_empty() => o,
        _ => NO_OWNER,
    }
}

pub(crate) fn problem_row<'a>(h: &'a ExportHousehold, p: &'a ExportProblem) -> [Cell<'a>; 12] {
    [
        Cell::Int(h.id),
        Cell::text(&h.amphoe_th),
        Cell::text(&h.tambon_th),
        Cell::opt_int(h.moo),
        Cell::opt_code(h.house_no.as_ref()),
        Cell::opt_text(h.head_name.as_ref()),
        Cell::code(&p.indicator_code),
        Cell::text(&p.indicator_name_th),
        Cell::text(p.status.label(Lang::Th)),
        Cell::text(owner_or_none(p)),
        Cell::owned(format_iso_date(&p.opened_on, Lang::Th)),
        p.closed_on.as_deref().map_or(Cell::Empty, |d| Cell::owned(format_iso_date(d, Lang::Th))),
    ]
}

/// A dimension's pending problems as "L1 รอดำเนินการ (พมจ.); L3 กำลังดำเนินการ (ยังไม่มีเจ้าภาพ)".
pub(crate) fn pending_in_dimension(h: &ExportHousehold, d: Dimension) -> String {
    let mut out = String::new();
    for p in h.pending_problems().filter(|p| p.dimension == d) {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&format!("{} {} ({})", p.indicator_code.trim(), p.status.label(Lang::Th), owner_or_none(p)));
    }
    out
}

/// The CSV's household columns (repeated on each member's row).
pub(crate) fn csv_household_part(h: &ExportHousehold) -> [Cell<'_>; 6] {
    [
        Cell::Int(h.id),
        Cell::text(&h.amphoe_th),
        Cell::text(&h.tambon_th),
        Cell::text(stage_label(h.stage, Lang::Th)),
        Cell::count(h.pending_count()),
        Cell::count(h.pending_without_owner_count()),
    ]
}

/// The CSV's last columns: each dimension's pending problems, in `Dimension::ALL` order.
pub(crate) fn csv_dimension_part(h: &ExportHousehold) -> [Cell<'static>; 5] {
    Dimension::ALL.map(|d| Cell::owned(pending_in_dimension(h, d)))
}
