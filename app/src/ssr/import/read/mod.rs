//! Reading an uploaded household-list file (CSV in any common encoding, or XLSX) into a table of text cells.

mod csv_table;
mod encoding;
mod error;
mod xlsx_table;

#[cfg(test)]
mod tests_csv;
#[cfg(test)]
mod tests_props;
#[cfg(test)]
mod tests_xlsx;

pub use error::ReadError;

/// More data rows than this (the header not counted) and the file is refused with [`ReadError::TooLarge`].
pub const MAX_ROWS: usize = 1_000_000;

/// More cells than this (rows × columns, after padding to the header) and the file is refused with
/// [`ReadError::TooManyCells`]: it keeps a crafted file (a very wide header over many short rows, or a
/// small compressed workbook) from exhausting memory. A real list of a million rows by 40 columns fits.
pub const MAX_CELLS: usize = 40_000_000;

/// How a file was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV text. `encoding` is one of "UTF-8", "UTF-8 (BOM)", "windows-874" (TIS-620),
    /// "UTF-16LE" or "UTF-16BE" (Excel's "Unicode Text", recognised by its byte-order mark).
    Csv { delimiter: u8, encoding: &'static str },
    /// An Excel workbook; `sheet` is the name of the worksheet that was read (the first one).
    Xlsx { sheet: String },
}

/// One data row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based: for CSV the physical line where the record starts, for XLSX the sheet's row number.
    pub line: usize,
    /// Trimmed cells; at least as many as there are headers (padded with `""`), more if the row is longer.
    pub cells: Vec<String>,
}

/// A file read as text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub format: FileFormat,
    /// Line (CSV) or row number (XLSX) of the header, 1-based.
    pub header_line: usize,
    /// Trimmed header cells, as written in the file (empty strings for blank header cells).
    pub headers: Vec<String>,
    pub rows: Vec<Record>,
}

/// First bytes of a ZIP archive (every `.xlsx`).
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// First bytes of an OLE compound file (old binary `.xls`, also `.doc`).
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads an uploaded file into a [`Table`].
///
/// The format is decided by the bytes, not the name: a ZIP signature means XLSX (its first worksheet is
/// read), the signature of an old binary workbook means `.xls` (refused with advice), HTML or XML text is
/// refused with advice, anything else is read as CSV text. Every cell comes out as trimmed text; the header
/// is the first non-empty row; empty rows are skipped; rows shorter than the header are padded with `""`.
/// Rows cut short at the end of a truncated file come back as ordinary records for the validator to report.
/// `_file_name` is not consulted: callers pass it uniformly and messages may use it later.
pub fn read_table(_file_name: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.starts_with(ZIP_SIGNATURE) {
        return xlsx_table::read_xlsx(bytes);
    }
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(ReadError::LegacyXls);
    }
    let decoded = encoding::decode(bytes);
    if looks_like_markup(&decoded.text) {
        return Err(ReadError::WebPage);
    }
    csv_table::read_csv(&decoded.text, decoded.encoding)
}

/// True for HTML or XML text: what many systems export under an `.xls` name, or Excel 2003 XML.
fn looks_like_markup(text: &str) -> bool {
    let start: String = text.trim_start_matches(is_blank_char).chars().take(16).collect::<String>().to_lowercase();
    ["<!doctype html", "<html", "<table", "<?xml", "<head", "<body"].iter().any(|tag| start.starts_with(tag))
}

/// Characters trimmed from both ends of every cell: Unicode white space (which includes NBSP U+00A0)
/// and the invisible zero-width space, word joiner and byte-order mark.
pub(crate) fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// A cell as it goes into the table.
pub(crate) fn clean_cell(raw: &str) -> String {
    raw.trim_matches(is_blank_char).to_string()
}

/// Collects rows the same way for both formats: the first non-empty row is the header, empty rows are
/// skipped, short rows are padded, and the row and cell limits are enforced while reading.
pub(crate) struct TableBuilder {
    header: Option<(usize, Vec<String>)>,
    rows: Vec<Record>,
    cells: usize,
}

impl TableBuilder {
    pub(crate) fn new() -> Self {
        TableBuilder { header: None, rows: Vec::new(), cells: 0 }
    }

    /// Adds a row whose cells are already cleaned. Blank rows are ignored.
    pub(crate) fn push(&mut self, line: usize, mut cells: Vec<String>) -> Result<(), ReadError> {
        if cells.iter().all(|cell| cell.is_empty()) {
            return Ok(());
        }
        let Some((_, headers)) = &self.header else {
            self.cells = cells.len();
            self.check_cells()?;
            self.header = Some((line, cells));
            return Ok(());
        };
        if self.rows.len() >= MAX_ROWS {
            return Err(ReadError::TooLarge { limit: MAX_ROWS });
        }
        let width = cells.len().max(headers.len());
        self.cells = self.cells.saturating_add(width);
        self.check_cells()?;
        cells.resize(width, String::new());
        self.rows.push(Record { line, cells });
        Ok(())
    }

    fn check_cells(&self) -> Result<(), ReadError> {
        if self.cells > MAX_CELLS {
            return Err(ReadError::TooManyCells { limit: MAX_CELLS });
        }
        Ok(())
    }

    pub(crate) fn finish(self, format: FileFormat) -> Result<Table, ReadError> {
        let (header_line, headers) = self.header.ok_or(ReadError::Empty)?;
        Ok(Table { format, header_line, headers, rows: self.rows })
    }
}
