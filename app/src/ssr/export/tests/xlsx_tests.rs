//! XLSX export read back with calamine: sheets, headers, Thai text, text-typed ids, summary totals.
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::super::summary::PROVINCE_TOTAL;
use super::super::{ExportCounts, XlsxExport, HOUSEHOLD_HEADERS, PROBLEM_HEADERS, TEMPLATE_HEADERS};
use super::{sample, small_household, CHILD_FIRST, CHILD_LAST, FULL_ID, GENERATED, TITLE};

pub(super) const SHEETS: [&str; 8] =
    ["สรุปรายมิติ", "ครัวเรือน", "สมาชิก", "มิติสุขภาพ", "มิติความเป็นอยู่", "มิติการศึกษา", "มิติรายได้", "มิติการเข้าถึงบริการรัฐ"];

/// Writes the sample households to `dir/name`.
pub(super) fn write_sample(dir: &Path, name: &str) -> (PathBuf, ExportCounts) {
    let path = dir.join(name);
    let mut export = XlsxExport::create(&path, TITLE, GENERATED).expect("workbook starts");
    for h in sample() {
        export.write_household(&h).expect("household written");
    }
    let counts = export.finish().expect("workbook saved");
    (path, counts)
}

pub(super) fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).expect("xlsx opens");
    wb.sheet_names()
}

/// A sheet as rows of cells, indexed from A1.
pub(super) fn grid(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("xlsx opens");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let Some((last_row, last_col)) = range.end() else {
        return vec![];
    };
    (0..=last_row)
        .map(|r| (0..=last_col).map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty)).collect())
        .collect()
}

fn text(rows: &[Vec<Data>], r: usize, c: usize) -> String {
    rows[r][c].to_string()
}

fn row_where<'a>(rows: &'a [Vec<Data>], col: usize, value: &str) -> &'a Vec<Data> {
    rows.iter()
        .find(|r| matches!(&r[col], Data::String(s) if s == value))
        .unwrap_or_else(|| panic!("a row with {value:?}"))
}

#[test]
fn sheets_come_in_order_with_thai_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, counts) = write_sample(dir.path(), "export.xlsx");
    assert_eq!(counts, ExportCounts { households: 3, members: 4, problems: 6 });
    assert_eq!(sheet_names(&path), SHEETS);
    let header = |sheet: &str| grid(&path, sheet)[0].iter().map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(header("ครัวเรือน"), HOUSEHOLD_HEADERS);
    assert_eq!(header("สมาชิก"), TEMPLATE_HEADERS);
    for sheet in &SHEETS[3..] {
        assert_eq!(header(sheet), PROBLEM_HEADERS);
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary files left behind");
}

#[test]
fn households_and_members_keep_thai_text_and_text_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = write_sample(dir.path(), "export.xlsx");
    let hh = grid(&path, "ครัวเรือน");
    assert_eq!(hh.len(), 4);
    assert_eq!(hh[1][0], Data::Float(1.0));
    assert_eq!(text(&hh, 1, 1), "เมืองศรีสะเกษ");
    assert_eq!(hh[1][3], Data::String("330101".into()));
    assert_eq!(hh[1][7], Data::String("33010123456".into()));
    assert_eq!(text(&hh, 1, 8), "นายสมชาย ใจดี");
    assert_eq!(hh[1][9], Data::Float(3.0));
    assert_eq!(text(&hh, 1, 10), "อยู่รอด");
    assert_eq!(text(&hh, 1, 11), "มี");
    assert_eq!(text(&hh, 1, 12), "L1,H3,I3");
    assert_eq!((hh[1][13].clone(), hh[1][14].clone()), (Data::Float(3.0), Data::Float(2.0)));
    assert_eq!(hh[1][15], Data::Float(15.118));
    assert_eq!(text(&hh, 1, 17), "TPMAP 2565: TPMAP65-3301-000123");
    assert_eq!(text(&hh, 2, 10), "ยังไม่ประเมิน");
    assert_eq!(text(&hh, 2, 11), "ไม่มี");
    assert_eq!(hh[3][5], Data::String("=1+1".into()), "text, never a formula");

    let members = grid(&path, "สมาชิก");
    assert_eq!(members.len(), 1 + 4, "one row per person; none for a household without members");
    let head = row_where(&members, 7, "สมชาย");
    assert_eq!(head[5], Data::String(FULL_ID.into()), "a 13-digit id stays text");
    assert_eq!(head[0], Data::String("33010123456".into()));
    assert_eq!(head[1], Data::String("12/3".into()));
    assert_eq!(head[2], Data::Float(3.0));
    assert_eq!(head[4], Data::String("330101".into()));
    assert_eq!(text(std::slice::from_ref(head), 0, 10), "24/06/2503");
    assert_eq!(head[11], Data::String("หัวหน้าครัวเรือน".into()));
    assert_eq!(head[12], Data::String("L1,H3,I3".into()));
    let child = row_where(&members, 7, CHILD_FIRST);
    assert_eq!(child[8], Data::String(CHILD_LAST.into()));
    assert_eq!(child[12], Data::Empty, "codes go on the head's row only");
    let spouse = row_where(&members, 7, "สมศรี");
    assert_eq!(spouse[5], Data::String("x-xxxx-xxxxx-34-5".into()));
    assert_eq!(spouse[9], Data::String("หญิง".into()));
    assert_eq!(row_where(&members, 7, "บุญมา")[5], Data::String("3330100012345".into()));
}

#[test]
fn dimension_sheets_list_every_problem_with_buddhist_era_dates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = write_sample(dir.path(), "export.xlsx");
    let health = grid(&path, "มิติสุขภาพ");
    assert_eq!(health.len(), 3, "H3 pending and H1 not applicable");
    let h3 = row_where(&health, 6, "H3");
    assert_eq!(h3[8], Data::String("กำลังดำเนินการ".into()));
    assert_eq!(h3[9], Data::String("ยังไม่มีเจ้าภาพ".into()));
    assert_eq!(h3[10], Data::String("24 มิ.ย. 2565".into()));
    assert_eq!(h3[11], Data::Empty);
    let h1 = row_where(&health, 6, "H1");
    assert_eq!(h1[8], Data::String("ไม่เข้าเกณฑ์ (ย้าย/เสียชีวิต/ข้อมูลผิด)".into()));
    assert_eq!(h1[1], Data::String("ยางชุมน้อย".into()));
    let education = grid(&path, "มิติการศึกษา");
    let e2 = row_where(&education, 6, "E2");
    assert_eq!(e2[8], Data::String("แก้ไขแล้ว".into()));
    assert_eq!(e2[9], Data::String("ศึกษาธิการจังหวัด".into()));
    assert_eq!(e2[11], Data::String("15 ม.ค. 2566".into()));
    let living = grid(&path, "มิติความเป็นอยู่");
    assert_eq!(text(&living, 1, 5), "นายสมชาย ใจดี");
    assert_eq!(text(&living, 1, 7), "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร");
    assert_eq!(grid(&path, "มิติการเข้าถึงบริการรัฐ").len(), 2);
}

#[test]
fn the_summary_totals_per_amphoe_and_province() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = write_sample(dir.path(), "export.xlsx");
    let s = grid(&path, "สรุปรายมิติ");
    assert_eq!(text(&s, 0, 0), TITLE);
    assert_eq!(text(&s, 1, 0), format!("ข้อมูล ณ {GENERATED}"));
    assert_eq!(text(&s, 4, 3), "สุขภาพ");
    assert_eq!(text(&s, 4, 7), "การเข้าถึงบริการรัฐ");
    assert_eq!(text(&s, 4, 10), "ยังไม่ประเมิน");
    assert_eq!(text(&s, 4, 13), "ยั่งยืน");
    let numbers = |row: &Vec<Data>| row[2..].iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" ");
    // households | health living education income access | pending, without owner | 4 stages
    let muang = row_where(&s, 0, "3301");
    assert_eq!(muang[1], Data::String("เมืองศรีสะเกษ".into()));
    assert_eq!(numbers(muang), "2 1 1 0 1 1 4 3 1 1 0 0");
    assert_eq!(numbers(row_where(&s, 0, "3302")), "1 0 0 0 0 0 0 0 0 0 1 0");
    assert_eq!(numbers(row_where(&s, 1, PROVINCE_TOTAL)), "3 1 1 0 1 1 4 3 1 1 1 0");
    assert_eq!(s.len(), 8, "title, date, note, groups, headers, 2 amphoes, total");
}

#[test]
fn an_empty_export_still_makes_a_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.xlsx");
    let counts = XlsxExport::create(&path, TITLE, GENERATED).expect("starts").finish().expect("saved");
    assert_eq!(counts, ExportCounts::default());
    assert_eq!(sheet_names(&path), SHEETS);
    let s = grid(&path, "สรุปรายมิติ");
    assert_eq!(s.last().map(|r| r[1].to_string()), Some(PROVINCE_TOTAL.to_string()));
}

#[test]
fn a_full_sheet_continues_on_a_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.xlsx");
    let mut export = XlsxExport::create(&path, TITLE, GENERATED).expect("starts");
    export.set_max_row(4);
    for i in 1..=5 {
        export.write_household(&small_household(i)).expect("written");
    }
    let counts = export.finish().expect("saved");
    let names = sheet_names(&path);
    assert_eq!(&names[..8], SHEETS);
    assert_eq!(&names[8..], ["สมาชิก (2)", "สมาชิก (3)", "ครัวเรือน (2)", "สมาชิก (4)", "มิติความเป็นอยู่ (2)", "มิติรายได้ (2)"]);
    let member_rows: usize = ["สมาชิก", "สมาชิก (2)", "สมาชิก (3)", "สมาชิก (4)"]
        .iter()
        .map(|n| {
            let g = grid(&path, n);
            assert_eq!(g[0][0], Data::String("รหัสบ้าน".into()), "every part has the header");
            g.len() - 1
        })
        .sum();
    assert_eq!(member_rows as u64, counts.members);
    assert_eq!(text(&grid(&path, "ครัวเรือน (2)"), 1, 0), "5");
}
