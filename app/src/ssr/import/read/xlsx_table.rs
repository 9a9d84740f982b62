//! Reading the first worksheet of an XLSX workbook (in memory) into text cells with calamine.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, Xlsx, XlsxError};

use super::{clean_cell, FileFormat, ReadError, Table, TableBuilder, MAX_CELLS, MAX_ROWS};

/// Excel's grid: rows 1 to 1,048,576 and columns A to XFD. A cell outside it means a damaged file.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;
/// Reasons from calamine are cut to this many characters for the user's message.
const MAX_REASON_CHARS: usize = 160;
/// The media type an OpenDocument file stores uncompressed at the start of its ZIP archive.
const OPEN_DOCUMENT_MEDIA_TYPE: &[u8] = b"application/vnd.oasis.opendocument";
/// Buddhist Era year = Common Era year + 543.
const BUDDHIST_ERA_OFFSET: u32 = 543;

/// Non-empty cells of a sheet: row index (0-based) → (column index, text), sorted by row.
type SheetCells = BTreeMap<u32, Vec<(u32, String)>>;

/// Reads the first worksheet of a ZIP-signed file. Never panics: calamine is run under `catch_unwind`
/// because a crafted file can make it panic (for example an overflowing cell reference in a debug build).
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    if is_open_document(bytes) {
        return Err(ReadError::OpenDocument);
    }
    catch_unwind(AssertUnwindSafe(|| read_first_worksheet(bytes)))
        .unwrap_or_else(|_| Err(ReadError::Xlsx("the workbook has content that cannot be interpreted".to_string())))
}

fn is_open_document(bytes: &[u8]) -> bool {
    let start = bytes.get(..128).unwrap_or(bytes);
    start.windows(OPEN_DOCUMENT_MEDIA_TYPE.len()).any(|window| window == OPEN_DOCUMENT_MEDIA_TYPE)
}

fn read_first_worksheet(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let sheet = workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .ok_or(ReadError::NoSheet)?;
    let cells = collect_cells(&mut workbook, &sheet)?;
    let first_column = cells.values().flatten().map(|&(column, _)| column).min().unwrap_or(0);
    let mut builder = TableBuilder::new();
    for (row, row_cells) in cells {
        builder.push(row as usize + 1, dense_row(row_cells, first_column))?;
    }
    builder.finish(FileFormat::Xlsx { sheet })
}

/// Streams the sheet's cells, keeping the non-empty ones, and enforces the limits as it goes.
fn collect_cells(workbook: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<SheetCells, ReadError> {
    let mut reader = workbook.worksheet_cells_reader(sheet).map_err(xlsx_error)?;
    let mut rows = SheetCells::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if row >= EXCEL_ROWS || column >= EXCEL_COLUMNS {
            return Err(ReadError::Xlsx("a cell lies outside the Excel grid".to_string()));
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(ReadError::TooManyCells { limit: MAX_CELLS });
        }
        rows.entry(row).or_default().push((column, text));
        if rows.len() > MAX_ROWS + 1 {
            return Err(ReadError::TooLarge { limit: MAX_ROWS });
        }
    }
    Ok(rows)
}

/// Lays a row's cells out from the sheet's first used column to the row's last non-empty cell.
fn dense_row(mut cells: Vec<(u32, String)>, first_column: u32) -> Vec<String> {
    cells.sort_by_key(|&(column, _)| column);
    let width = cells.last().map_or(0, |&(column, _)| (column - first_column) as usize + 1);
    let mut dense = vec![String::new(); width];
    for (column, text) in cells {
        dense[(column - first_column) as usize] = text;
    }
    dense
}

/// The text of one cell as the rest of the import sees it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => number_text(*number),
        DataRef::String(text) => clean_cell(text),
        DataRef::SharedString(text) => clean_cell(text),
        DataRef::Bool(true) => "TRUE".to_string(),
        DataRef::Bool(false) => "FALSE".to_string(),
        DataRef::DateTime(datetime) => datetime_text(datetime),
        DataRef::DateTimeIso(text) => iso_date_text(text).unwrap_or_else(|| clean_cell(text)),
        DataRef::DurationIso(text) => clean_cell(text),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// Numbers in plain decimal with the fewest digits that read back to the same value: integral values
/// without ".0" and never in exponent form (a citizen id stored as a number keeps its 13 digits).
fn number_text(number: f64) -> String {
    if !number.is_finite() {
        String::new()
    } else if number == 0.0 {
        "0".to_string()
    } else {
        format!("{number}")
    }
}

/// A date cell as dd/mm/yyyy in the Buddhist Era (any time of day dropped); a pure time as hh:mm:ss;
/// a duration as its number of days.
fn datetime_text(datetime: &ExcelDateTime) -> String {
    let serial = datetime.as_f64();
    if datetime.is_duration() || !serial.is_finite() {
        return number_text(serial);
    }
    let (year, month, day, hour, minute, second, _) = datetime.to_ymd_hms_milli();
    if (0.0..1.0).contains(&serial) {
        format!("{hour:02}:{minute:02}:{second:02}")
    } else {
        format!("{day:02}/{month:02}/{}", u32::from(year) + BUDDHIST_ERA_OFFSET)
    }
}

/// An ISO 8601 date or date-time ("1960-06-24", "1960-06-24T08:00:00") as dd/mm/yyyy in the Buddhist Era.
fn iso_date_text(text: &str) -> Option<String> {
    let date = text.trim().get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let year = u32::try_from(chrono::Datelike::year(&date)).ok()?;
    Some(format!(
        "{:02}/{:02}/{}",
        chrono::Datelike::day(&date),
        chrono::Datelike::month(&date),
        year + BUDDHIST_ERA_OFFSET
    ))
}

fn xlsx_error(error: XlsxError) -> ReadError {
    let reason: String = error.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
    ReadError::Xlsx(reason.chars().take(MAX_REASON_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::{datetime_text, iso_date_text, number_text};
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number_text(1_101_700_230_708.0), "1101700230708");
        assert_eq!(number_text(15.118923), "15.118923");
        assert_eq!(number_text(104.322), "104.322");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn dates_in_buddhist_era() {
        // 1960-06-24 is Excel serial 22091.
        let date = ExcelDateTime::new(22091.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&date), "24/06/2503");
        let with_time = ExcelDateTime::new(22091.75, ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&with_time), "24/06/2503");
        let time = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(datetime_text(&time), "12:00:00");
        assert_eq!(iso_date_text("1960-06-24T08:00:00"), Some("24/06/2503".to_string()));
        assert_eq!(iso_date_text("08:00:00"), None);
    }
}
