//! Tests of reading CSV files: encodings, delimiters, quoting, line numbers, empty and cut files.

use super::{read_table, FileFormat, ReadError, Record, Table};

fn read(bytes: &[u8]) -> Table {
    read_table("test.csv", bytes).expect("the file should read")
}

fn record(line: usize, cells: &[&str]) -> Record {
    Record { line, cells: cells.iter().map(|cell| cell.to_string()).collect() }
}

fn csv_format(table: &Table) -> (u8, &'static str) {
    match table.format {
        FileFormat::Csv { delimiter, encoding } => (delimiter, encoding),
        FileFormat::Xlsx { .. } => panic!("read as xlsx"),
    }
}

#[test]
fn utf8_without_bom() {
    let table = read("ชื่อ,นามสกุล\nสมชาย,ใจดี\n".as_bytes());
    assert_eq!(csv_format(&table), (b',', "UTF-8"));
    assert_eq!(table.header_line, 1);
    assert_eq!(table.headers, ["ชื่อ", "นามสกุล"]);
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี"])]);
}

#[test]
fn utf8_with_bom() {
    let table = read("\u{FEFF}ชื่อ,นามสกุล\r\nสมชาย,ใจดี\r\n".as_bytes());
    assert_eq!(csv_format(&table), (b',', "UTF-8 (BOM)"));
    assert_eq!(table.headers, ["ชื่อ", "นามสกุล"]);
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี"])]);
}

#[test]
fn tis620_windows_874() {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode("ชื่อ,นามสกุล\nสมชาย,ใจดี\nสมหญิง,รักไทย");
    assert!(!unmappable);
    let table = read(&bytes);
    assert_eq!(csv_format(&table), (b',', "windows-874"));
    assert_eq!(table.headers, ["ชื่อ", "นามสกุล"]);
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี"]), record(3, &["สมหญิง", "รักไทย"])]);
}

#[test]
fn semicolon_file() {
    let table = read("ชื่อ;ละติจูด;ลองจิจูด\nสมชาย;15,118923;104,322\n".as_bytes());
    assert_eq!(csv_format(&table).0, b';');
    assert_eq!(table.rows, [record(2, &["สมชาย", "15,118923", "104,322"])]);
}

#[test]
fn tab_file() {
    let table = read("ชื่อ\tนามสกุล\tที่อยู่\nสมชาย\tใจดี\t12/3, หมู่ 4\n".as_bytes());
    assert_eq!(csv_format(&table).0, b'\t');
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี", "12/3, หมู่ 4"])]);
}

#[test]
fn quoted_fields_with_delimiters_quotes_and_newlines() {
    let text = "name,note,house_no\n\
                \"ใจดี, สมชาย\",\"เขาว่า \"\"ดี\"\"\",1\n\
                b,\"บรรทัดแรก\nบรรทัดสอง\r\nบรรทัดสาม\",2\n\
                c,plain,3\n\
                \n\
                d,\"\",4\n";
    let table = read(text.as_bytes());
    assert_eq!(table.headers, ["name", "note", "house_no"]);
    assert_eq!(
        table.rows,
        [
            record(2, &["ใจดี, สมชาย", "เขาว่า \"ดี\"", "1"]),
            record(3, &["b", "บรรทัดแรก\nบรรทัดสอง\r\nบรรทัดสาม", "2"]),
            record(6, &["c", "plain", "3"]),
            record(8, &["d", "", "4"]),
        ]
    );
}

#[test]
fn mixed_line_endings() {
    let table = read(b"a,b\r\n1,2\n3,4\r5,6\r\n\r7,8");
    assert_eq!(table.headers, ["a", "b"]);
    assert_eq!(
        table.rows,
        [record(2, &["1", "2"]), record(3, &["3", "4"]), record(4, &["5", "6"]), record(6, &["7", "8"])]
    );
}

#[test]
fn empty_rows_and_blank_lines_are_skipped() {
    let text = "\n\n  \nรหัสบ้าน,ชื่อ\n,\n\n1,ก\n \u{A0}, \u{200B}\n;\n2,ข\n\n";
    let table = read(text.as_bytes());
    assert_eq!(table.header_line, 4);
    assert_eq!(table.headers, ["รหัสบ้าน", "ชื่อ"]);
    assert_eq!(table.rows, [record(7, &["1", "ก"]), record(9, &[";", ""]), record(10, &["2", "ข"])]);
}

#[test]
fn cells_are_trimmed_of_nbsp_and_zero_width_spaces() {
    let table = read(" \u{A0}ชื่อ\u{200B} , นามสกุล\t\n\u{200B}สมชาย\u{A0},\u{FEFF} ใจดี \n".as_bytes());
    assert_eq!(table.headers, ["ชื่อ", "นามสกุล"]);
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี"])]);
}

#[test]
fn short_rows_are_padded_and_long_rows_kept() {
    let table = read(b"a,b,c\n1\n1,2,3,4\n");
    assert_eq!(table.rows, [record(2, &["1", "", ""]), record(3, &["1", "2", "3", "4"])]);
}

#[test]
fn header_only_file_has_no_rows() {
    let table = read("ชื่อ,นามสกุล\r\n".as_bytes());
    assert_eq!(table.headers, ["ชื่อ", "นามสกุล"]);
    assert!(table.rows.is_empty());
    let table = read(b"name");
    assert_eq!(table.headers, ["name"]);
    assert!(table.rows.is_empty());
}

#[test]
fn empty_files_are_errors() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\n\r\n  \n,,,\n", b"\"\",\"\"\n"] {
        assert_eq!(read_table("empty.csv", bytes), Err(ReadError::Empty), "{bytes:?}");
    }
    let error = ReadError::Empty;
    assert!(error.message_th().contains("ไฟล์ว่าง"));
    assert!(error.message_en().contains("empty"));
}

#[test]
fn file_cut_inside_an_open_quote_keeps_the_rows_before() {
    let table = read("ชื่อ,หมายเหตุ,บ้านเลขที่\nสมชาย,ปกติ,1\nสมหญิง,\"ยังเขียนไม่จบ".as_bytes());
    assert_eq!(table.rows, [record(2, &["สมชาย", "ปกติ", "1"]), record(3, &["สมหญิง", "ยังเขียนไม่จบ", ""])]);
}

#[test]
fn file_cut_with_missing_trailing_cells_keeps_a_padded_row() {
    let table = read("ชื่อ,นามสกุล,เพศ,วันเกิด\nสมชาย,ใจดี,ชาย,24/06/2503\nสมหญิง,ใจ".as_bytes());
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1], record(3, &["สมหญิง", "ใจ", "", ""]));
}

#[test]
fn utf8_file_cut_inside_a_thai_letter_stays_utf8() {
    let bytes = "ชื่อ,นามสกุล\nสมชาย,ใจดี\nสมหญิง,รักไทย".as_bytes();
    let table = read(&bytes[..bytes.len() - 2]);
    assert_eq!(csv_format(&table).1, "UTF-8");
    assert_eq!(table.rows[0], record(2, &["สมชาย", "ใจดี"]));
    assert!(table.rows[1].cells[1].starts_with("รักไท"));
}

#[test]
fn utf16_unicode_text_from_excel() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "ชื่อ\tนามสกุล\r\nสมชาย\tใจดี\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let table = read(&bytes);
    assert_eq!(csv_format(&table), (b'\t', "UTF-16LE"));
    assert_eq!(table.rows, [record(2, &["สมชาย", "ใจดี"])]);
}

#[test]
fn files_that_are_not_csv_are_refused_with_advice() {
    let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0];
    assert_eq!(read_table("old.xls", &xls), Err(ReadError::LegacyXls));
    assert!(ReadError::LegacyXls.message_th().contains(".xlsx"));
    let html = b"\n<html><body><table><tr><td>a</td></tr></table></body></html>";
    assert_eq!(read_table("export.xls", html), Err(ReadError::WebPage));
}
