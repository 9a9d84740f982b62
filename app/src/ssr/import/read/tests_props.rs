//! Property tests: arbitrary bytes and CSV-like text never make the reader panic or hang.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::{read_table, ReadError, Table};

/// Far more than a few KB should ever take, even in a debug build on a busy machine.
const TIME_LIMIT: Duration = Duration::from_secs(2);

fn timed_read(bytes: &[u8]) -> Result<Table, ReadError> {
    let started = Instant::now();
    let result = read_table("fuzz", bytes);
    assert!(started.elapsed() < TIME_LIMIT, "reading {} bytes took {:?}", bytes.len(), started.elapsed());
    result
}

fn check_shape(table: &Table) {
    let mut previous_line = table.header_line;
    for record in &table.rows {
        assert!(record.cells.len() >= table.headers.len());
        assert!(record.line > previous_line, "lines must increase: {} then {}", previous_line, record.line);
        previous_line = record.line;
    }
}

/// Pieces CSV files are made of, including the awkward ones.
fn csv_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        ",",
        ";",
        "\t",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\u{A0}",
        "\u{200B}",
        "\u{FEFF}",
        "ก",
        "ข",
        "สมชาย",
        "ใจดี",
        "ชื่อ",
        "1101700230708",
        "12/3",
        "24/06/2503",
        "15.118923",
        "a",
        "Z",
        "0",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(table) = timed_read(&bytes) {
            check_shape(&table);
        }
    }

    #[test]
    fn arbitrary_bytes_after_a_zip_signature_never_panic(tail in prop::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&tail);
        if let Ok(table) = timed_read(&bytes) {
            check_shape(&table);
        }
    }

    #[test]
    fn csv_like_text_reads_into_well_shaped_tables(pieces in prop::collection::vec(csv_piece(), 0..400)) {
        let text = pieces.concat();
        match timed_read(text.as_bytes()) {
            Ok(table) => check_shape(&table),
            Err(error) => prop_assert_eq!(error, ReadError::Empty),
        }
    }

    #[test]
    fn csv_like_text_in_windows_874_never_panics(pieces in prop::collection::vec(csv_piece(), 0..400)) {
        let text = pieces.concat();
        let (bytes, _, _) = encoding_rs::WINDOWS_874.encode(&text);
        if let Ok(table) = timed_read(&bytes) {
            check_shape(&table);
        }
    }
}

#[test]
fn a_damaged_copy_of_a_real_workbook_never_panics() -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "ชื่อ")?;
    sheet.write_number(1, 0, 1.5)?;
    let bytes = workbook.save_to_buffer()?;
    for position in (0..bytes.len()).step_by(7) {
        let mut damaged = bytes.clone();
        damaged[position] ^= 0x5A;
        let _ = timed_read(&damaged);
        let _ = timed_read(&bytes[..position]);
    }
    Ok(())
}
