//! The CSV export: one row per person (template columns, then household columns), UTF-8 with BOM, CRLF.
use std::io::Write;

use super::cells::Cell;
use super::columns::{csv_dimension_part, csv_headers, csv_household_part, template_row};
use super::model::ExportHousehold;
use super::{ExportCounts, ExportError};

/// The byte order mark that makes Excel read the file as UTF-8 (Thai would be garbled otherwise).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV table being written to `W` (a file, a response body, `io::sink()`...).
/// Output is buffered; [`CsvExport::flush`] pushes what is buffered through to `W`.
pub struct CsvExport<W: Write> {
    writer: csv::Writer<W>,
    counts: ExportCounts,
}

impl<W: Write> CsvExport<W> {
    /// Writes the BOM and the header row.
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(UTF8_BOM)?;
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        writer.write_record(csv_headers())?;
        Ok(CsvExport { writer, counts: ExportCounts::default() })
    }

    /// Writes one row per member (one row with the person columns empty when there are none).
    /// The failed indicator codes are on the head's row only, as the import template expects.
    pub fn write_household(&mut self, h: &ExportHousehold) -> Result<(), ExportError> {
        let codes = h.pending_codes();
        let household = csv_household_part(h);
        let dimensions = csv_dimension_part(h);
        let mut write = |person: [Cell<'_>; 15]| -> Result<(), csv::Error> {
            for cell in person.iter().chain(&household).chain(&dimensions) {
                self.writer.write_field(cell.csv_field().as_bytes())?;
            }
            self.writer.write_record(None::<&[u8]>)
        };
        if h.members.is_empty() {
            write(template_row(h, None, &codes, true))?;
        } else {
            let with_codes = h.indicator_member();
            for (i, m) in h.members.iter().enumerate() {
                write(template_row(h, Some(m), &codes, with_codes == Some(i)))?;
            }
        }
        self.counts.add(h);
        Ok(())
    }

    /// What has been written so far (for progress reports).
    pub fn counts(&self) -> ExportCounts {
        self.counts
    }

    /// Pushes buffered rows through to the output.
    pub fn flush(&mut self) -> Result<(), ExportError> {
        self.writer.flush()?;
        Ok(())
    }

    /// Flushes and gives back the output with what was written.
    pub fn finish(self) -> Result<(W, ExportCounts), ExportError> {
        let counts = self.counts;
        let out = self.writer.into_inner().map_err(|e| ExportError::Io(e.into_error()))?;
        Ok((out, counts))
    }
}
