//! Tests of reading XLSX workbooks generated with rust_xlsxwriter, and of refusing broken ones.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::{read_table, FileFormat, ReadError, Record};

fn record(line: usize, cells: &[&str]) -> Record {
    Record { line, cells: cells.iter().map(|cell| cell.to_string()).collect() }
}

/// A household sheet whose used range starts at B3, with a blank row 5, followed by a second sheet.
fn household_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet();
    sheet.set_name("ครัวเรือน")?;
    for (column, header) in ["เลขประจำตัวประชาชน", "ชื่อ", " ละติจูด ", "วันเกิด", "หัวหน้า"].into_iter().enumerate()
    {
        sheet.write_string(2, 1 + column as u16, header)?;
    }
    sheet.write_number(3, 1, 1_101_700_230_708.0)?;
    sheet.write_string(3, 2, "สมชาย")?;
    sheet.write_number(3, 3, 15.118923)?;
    sheet.write_datetime_with_format(3, 4, ExcelDateTime::from_ymd(1960, 6, 24)?, &date)?;
    sheet.write_boolean(3, 5, true)?;
    sheet.write_blank(4, 1, &date)?;
    sheet.write_string(4, 2, "   ")?;
    sheet.write_number(5, 1, 3_101_700_230_701.0)?;
    sheet.write_string(5, 2, "\u{A0}สมหญิง ")?;
    sheet.write_number(6, 1, 42)?;
    sheet.write_number(6, 3, -0.5)?;
    sheet.write_string(6, 7, "เกิน")?;
    let other = workbook.add_worksheet();
    other.write_string(0, 0, "ไม่ควรถูกอ่าน")?;
    workbook.save_to_buffer()
}

#[test]
fn reads_the_first_worksheet_as_text() -> Result<(), XlsxError> {
    let table = read_table("households.xlsx", &household_workbook()?).expect("the workbook should read");
    assert_eq!(table.format, FileFormat::Xlsx { sheet: "ครัวเรือน".to_string() });
    assert_eq!(table.header_line, 3);
    assert_eq!(table.headers, ["เลขประจำตัวประชาชน", "ชื่อ", "ละติจูด", "วันเกิด", "หัวหน้า"]);
    assert_eq!(
        table.rows,
        [
            record(4, &["1101700230708", "สมชาย", "15.118923", "24/06/2503", "TRUE"]),
            record(6, &["3101700230701", "สมหญิง", "", "", ""]),
            record(7, &["42", "", "-0.5", "", "", "", "เกิน"]),
        ]
    );
    Ok(())
}

#[test]
fn workbook_without_data_is_empty() -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    workbook.add_worksheet().write_string(4, 4, " ")?;
    assert_eq!(read_table("blank.xlsx", &workbook.save_to_buffer()?), Err(ReadError::Empty));
    Ok(())
}

#[test]
fn header_only_workbook_has_no_rows() -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    workbook.add_worksheet().write_string(0, 0, "ชื่อ")?;
    let table = read_table("header.xlsx", &workbook.save_to_buffer()?).expect("the workbook should read");
    assert_eq!((table.header_line, table.headers, table.rows), (1, vec!["ชื่อ".to_string()], vec![]));
    Ok(())
}

#[test]
fn broken_and_cut_workbooks_are_xlsx_errors() -> Result<(), XlsxError> {
    let bytes = household_workbook()?;
    for broken in [&bytes[..bytes.len() / 2], &bytes[..4], b"PK\x03\x04 not really a zip"] {
        match read_table("broken.xlsx", broken) {
            Err(error @ ReadError::Xlsx(_)) => {
                assert!(error.message_th().contains("อ่านไฟล์ Excel (.xlsx) ไม่ได้"));
                assert!(error.message_en().contains("could not be read"));
                assert!(error.message_en().len() < 500);
            }
            other => panic!("expected an xlsx error, got {other:?}"),
        }
    }
    Ok(())
}

#[test]
fn open_document_spreadsheet_is_refused_with_advice() {
    let mut bytes = b"PK\x03\x04\x14\x00\x00\x08\x00\x00".to_vec();
    bytes.extend_from_slice(&[0; 20]);
    bytes.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
    assert_eq!(read_table("list.ods", &bytes), Err(ReadError::OpenDocument));
}
