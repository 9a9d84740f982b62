//! CSV export: BOM, Thai headers, one row per person, quoting, BE dates, re-importable headers.
use std::collections::HashMap;

use super::super::csv_writer::UTF8_BOM;
use super::super::{csv_headers, CsvExport, ExportCounts, TEMPLATE_HEADERS};
use super::{sample, CHILD_FIRST, CHILD_LAST, FULL_ID};
use crate::ssr::import::template::{ColumnMapping, Field};

/// Writes the sample and reads it back: the raw bytes and the rows as header → value maps.
fn written() -> (Vec<u8>, Vec<HashMap<String, String>>, ExportCounts) {
    let mut export = CsvExport::new(Vec::new()).expect("csv starts");
    for h in sample() {
        export.write_household(&h).expect("household written");
    }
    let (bytes, counts) = export.finish().expect("csv finishes");
    let body = bytes.strip_prefix(UTF8_BOM).expect("starts with the BOM");
    let mut reader = csv::Reader::from_reader(body);
    let headers: Vec<String> = reader.headers().expect("headers").iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers.iter().cloned().zip(r.iter().map(String::from)).collect()
        })
        .collect();
    (bytes, rows, counts)
}

#[test]
fn starts_with_the_bom_and_thai_headers_and_ends_lines_with_crlf() {
    let (bytes, _, counts) = written();
    assert!(bytes.starts_with(UTF8_BOM));
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let first_line = text.split("\r\n").next().expect("a header line");
    assert!(first_line.starts_with("รหัสบ้าน,บ้านเลขที่,หมู่ที่,ชื่อหมู่บ้าน,รหัสตำบล,เลขประจำตัวประชาชน,"));
    assert!(first_line.ends_with("มิติรายได้,มิติการเข้าถึงบริการรัฐ"));
    assert_eq!(first_line.split(',').count(), csv_headers().len());
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "every line ends with CRLF");
    assert_eq!(text.matches("\r\n").count(), 1 + 5, "header + 3 + 1 + 1 rows");
    assert_eq!(counts, ExportCounts { households: 3, members: 4, problems: 6 });
}

#[test]
fn one_row_per_person_and_one_for_a_household_without_members() {
    let (_, rows, _) = written();
    let of = |id: &str| rows.iter().filter(|r| r["รหัสครัวเรือน"] == id).collect::<Vec<_>>();
    assert_eq!(of("1").len(), 3);
    assert_eq!(of("3").len(), 1);
    let empty = of("2");
    assert_eq!(empty.len(), 1);
    assert_eq!(empty[0]["ชื่อ"], "");
    assert_eq!(empty[0]["เลขประจำตัวประชาชน"], "");
    assert_eq!(empty[0]["ตัวชี้วัดที่ไม่ผ่าน"], "A1");
    assert_eq!(empty[0]["หมู่ที่"], "7");
    assert_eq!(empty[0]["มิติการเข้าถึงบริการรัฐ"], "A1 รอดำเนินการ (ยังไม่มีเจ้าภาพ)");
}

#[test]
fn thai_text_commas_and_quotes_survive_and_dates_are_buddhist_era() {
    let (_, rows, _) = written();
    let child = rows.iter().find(|r| r["ชื่อ"] == CHILD_FIRST).expect("the child's row");
    assert_eq!(child["นามสกุล"], CHILD_LAST);
    assert_eq!(child["วันเกิด"], "05/01/2558");
    assert_eq!(child["ความสัมพันธ์"], "บุตร");
    assert_eq!(child["ตัวชี้วัดที่ไม่ผ่าน"], "", "codes go on the head's row only");

    let head = rows.iter().find(|r| r["ความสัมพันธ์"] == "หัวหน้าครัวเรือน" && r["รหัสครัวเรือน"] == "1").expect("head");
    assert_eq!(head["เลขประจำตัวประชาชน"], FULL_ID);
    assert_eq!(head["วันเกิด"], "24/06/2503");
    assert_eq!(head["เพศ"], "ชาย");
    assert_eq!(head["คำนำหน้า"], "นาย");
    assert_eq!(head["ตัวชี้วัดที่ไม่ผ่าน"], "L1,H3,I3");
    assert_eq!(head["รหัสบ้าน"], "33010123456");
    assert_eq!(head["บ้านเลขที่"], "12/3");
    assert_eq!(head["รหัสตำบล"], "330101");
    assert_eq!(head["ละติจูด"], "15.118");
    assert_eq!(head["ลองจิจูด"], "104.322");
    assert_eq!(head["อำเภอ"], "เมืองศรีสะเกษ");
    assert_eq!(head["ระดับ"], "อยู่รอด");
    assert_eq!(head["ปัญหาค้าง"], "3");
    assert_eq!(head["ไม่มีเจ้าภาพ"], "2");
    assert_eq!(head["มิติความเป็นอยู่"], "L1 รอดำเนินการ (พมจ.)");
    assert_eq!(head["มิติสุขภาพ"], "H3 กำลังดำเนินการ (ยังไม่มีเจ้าภาพ)");
    assert_eq!(head["มิติการศึกษา"], "", "resolved problems are not pending");

    let spouse = rows.iter().find(|r| r["ชื่อ"] == "สมศรี").expect("spouse");
    assert_eq!(spouse["เลขประจำตัวประชาชน"], "x-xxxx-xxxxx-34-5");
    assert_eq!(spouse["เพศ"], "หญิง");
    assert_eq!(spouse["ตัวชี้วัดที่ไม่ผ่าน"], "");
}

#[test]
fn text_that_looks_like_a_formula_is_neutralised() {
    let (_, rows, _) = written();
    let row = rows.iter().find(|r| r["รหัสครัวเรือน"] == "3").expect("household 3");
    assert_eq!(row["ชื่อหมู่บ้าน"], "'=1+1");
    assert_eq!(row["ระดับ"], "พอเพียง");
    assert_eq!(super::super::cells::csv_safe("-"), "-");
    assert_eq!(super::super::cells::csv_safe("-12.5"), "-12.5");
    assert_eq!(super::super::cells::csv_safe("-cmd"), "'-cmd");
    assert_eq!(super::super::cells::csv_safe("@SUM(A1)"), "'@SUM(A1)");
}

#[test]
fn the_header_row_maps_back_onto_the_import_template() {
    let headers = csv_headers();
    let mapping = ColumnMapping::build(&headers, None).expect("the CSV can be imported again");
    for (i, header) in TEMPLATE_HEADERS.iter().enumerate() {
        let field = mapping.columns[i].expect("a template column");
        assert_eq!(field.header_th(), *header);
    }
    assert_eq!(mapping.column_of(Field::CitizenId), Some(5));
    let template: Vec<String> = TEMPLATE_HEADERS.iter().map(|h| h.to_string()).collect();
    assert!(ColumnMapping::build(&template, None).is_ok(), "the members sheet's headers map too");
}
