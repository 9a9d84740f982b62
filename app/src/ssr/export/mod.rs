//! Writing households out as XLSX (a workbook for the province) and CSV (one table), streamed.
//!
//! The caller reads households from the database one at a time and hands each to
//! [`XlsxExport::write_household`] or [`CsvExport::write_household`]; the writers keep only
//! small running totals, so memory stays bounded however many households are exported.
//! Citizen ids are printed as given: masking them is the caller's job.
mod cells;
mod columns;
mod csv_writer;
mod model;
mod summary;
mod xlsx_writer;

#[cfg(test)]
mod tests;

pub use columns::{
    csv_headers, dimension_sheet_name, HOUSEHOLD_HEADERS, PROBLEM_HEADERS, SHEET_HOUSEHOLDS, SHEET_MEMBERS,
    SHEET_SUMMARY, TEMPLATE_HEADERS,
};
pub use csv_writer::CsvExport;
pub use model::{ExportHousehold, ExportMember, ExportProblem};
pub use xlsx_writer::XlsxExport;

/// What an export wrote: households, their members and their problems (every status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ExportCounts {
    pub households: u64,
    pub members: u64,
    pub problems: u64,
}

impl ExportCounts {
    pub(crate) fn add(&mut self, h: &ExportHousehold) {
        self.households += 1;
        self.members += h.members.len() as u64;
        self.problems += h.problems.len() as u64;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the xlsx workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the csv file: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
}
