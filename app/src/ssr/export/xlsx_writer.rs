//! The XLSX export: a summary, households, members (the import template) and a sheet per dimension.
//!
//! Every data sheet is a `rust_xlsxwriter` constant-memory worksheet: each row goes to a temporary
//! file (in the output's folder) as soon as the next one starts, so memory stays flat. A sheet that
//! reaches Excel's 1,048,576 rows continues on a new sheet "ชื่อ (2)" added at the end of the workbook.
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::cells::{clip_for_xlsx, Cell};
use super::columns::{
    dimension_sheet_name, household_row, problem_row, template_row, HOUSEHOLD_HEADERS, HOUSEHOLD_WIDTHS,
    PROBLEM_HEADERS, PROBLEM_WIDTHS, SHEET_HOUSEHOLDS, SHEET_MEMBERS, SHEET_SUMMARY, TEMPLATE_HEADERS, TEMPLATE_WIDTHS,
};
use super::model::ExportHousehold;
use super::summary::SummaryTotals;
use super::{ExportCounts, ExportError};
use crate::domain::dimension::Dimension;

/// Excel's last row (0-based): a sheet holds 1,048,576 rows, the header included.
const EXCEL_MAX_ROW: u32 = 1_048_575;
/// The summary is the first sheet.
const SUMMARY_INDEX: usize = 0;

/// The cell formats of the workbook (the default font, Calibri, which LibreOffice maps to Carlito).
pub(crate) struct Formats {
    pub header: Format,
    pub group: Format,
    pub title: Format,
    pub total: Format,
    pub code: Format,
    pub coord: Format,
}

impl Formats {
    fn new() -> Formats {
        let fill = Color::RGB(0xDD_EB_F7);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(fill)
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            group: Format::new().set_bold().set_background_color(fill).set_align(FormatAlign::Center),
            title: Format::new().set_bold().set_font_size(14),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            code: Format::new().set_num_format("@"),
            coord: Format::new().set_num_format("0.000000"),
        }
    }
}

/// One data sheet being streamed: where it is in the workbook and its next row.
struct SheetStream {
    name: String,
    part: u32,
    index: usize,
    next_row: u32,
    headers: &'static [&'static str],
    widths: &'static [f64],
}

impl SheetStream {
    fn open(
        wb: &mut Workbook,
        name: String,
        headers: &'static [&'static str],
        widths: &'static [f64],
        f: &Formats,
    ) -> Result<SheetStream, XlsxError> {
        let mut s = SheetStream { name, part: 1, index: 0, next_row: 1, headers, widths };
        s.add_sheet(wb, f)?;
        Ok(s)
    }

    fn add_sheet(&mut self, wb: &mut Workbook, f: &Formats) -> Result<(), XlsxError> {
        let name = if self.part == 1 { self.name.clone() } else { format!("{} ({})", self.name, self.part) };
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (col, (h, w)) in self.headers.iter().zip(self.widths).enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &f.header)?;
            ws.set_column_width(col as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        self.index = wb.worksheets().len() - 1;
        self.next_row = 1;
        Ok(())
    }

    fn write_row(&mut self, wb: &mut Workbook, cells: &[Cell<'_>], f: &Formats, max_row: u32) -> Result<(), XlsxError> {
        if self.next_row > max_row {
            self.close(wb)?;
            self.part += 1;
            self.add_sheet(wb, f)?;
        }
        let ws = wb.worksheet_from_index(self.index)?;
        write_cells(ws, self.next_row, cells, f)?;
        self.next_row += 1;
        Ok(())
    }

    /// The autofilter covers the rows written, known only at the end.
    fn close(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let last_col = self.headers.len().saturating_sub(1) as u16;
        wb.worksheet_from_index(self.index)?.autofilter(0, 0, self.next_row - 1, last_col)?;
        Ok(())
    }
}

fn write_cells(ws: &mut Worksheet, row: u32, cells: &[Cell<'_>], f: &Formats) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Empty => {}
            Cell::Text(s) if s.is_empty() => {}
            Cell::Code(s) if s.is_empty() => {}
            Cell::Text(s) => {
                ws.write_string(row, col, clip_for_xlsx(s))?;
            }
            Cell::Code(s) => {
                ws.write_string_with_format(row, col, clip_for_xlsx(s), &f.code)?;
            }
            Cell::Int(i) => {
                ws.write_number(row, col, *i as f64)?;
            }
            Cell::Coord(x) => {
                ws.write_number_with_format(row, col, *x, &f.coord)?;
            }
        }
    }
    Ok(())
}

/// A workbook being written; [`XlsxExport::finish`] writes the summary and saves it.
pub struct XlsxExport {
    workbook: Workbook,
    path: PathBuf,
    title: String,
    generated_at_be: String,
    formats: Formats,
    households: SheetStream,
    members: SheetStream,
    /// In `Dimension::ALL` order.
    dimensions: Vec<SheetStream>,
    totals: SummaryTotals,
    counts: ExportCounts,
    max_row: u32,
}

impl XlsxExport {
    /// Starts a workbook to be saved at `path`; its temporary files go to the same folder.
    /// `title` heads the summary ("ครัวเรือนเป้าหมาย อ.เมืองศรีสะเกษ"), followed by
    /// "ข้อมูล ณ {generated_at_be}" ("28 พ.ย. 2569 20:30").
    pub fn create(path: &Path, title: &str, generated_at_be: &str) -> Result<Self, ExportError> {
        let mut workbook = Workbook::new();
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        workbook.set_tempdir(dir)?;
        workbook.set_properties(&DocProperties::new().set_title(title).set_author("Hakpaeng"));
        let formats = Formats::new();
        workbook.add_worksheet().set_name(SHEET_SUMMARY)?;
        let households =
            SheetStream::open(&mut workbook, SHEET_HOUSEHOLDS.into(), &HOUSEHOLD_HEADERS, &HOUSEHOLD_WIDTHS, &formats)?;
        let members =
            SheetStream::open(&mut workbook, SHEET_MEMBERS.into(), &TEMPLATE_HEADERS, &TEMPLATE_WIDTHS, &formats)?;
        let mut dimensions = Vec::with_capacity(Dimension::ALL.len());
        for d in Dimension::ALL {
            let name = dimension_sheet_name(d);
            dimensions.push(SheetStream::open(&mut workbook, name, &PROBLEM_HEADERS, &PROBLEM_WIDTHS, &formats)?);
        }
        Ok(XlsxExport {
            workbook,
            path: path.to_path_buf(),
            title: title.to_string(),
            generated_at_be: generated_at_be.to_string(),
            formats,
            households,
            members,
            dimensions,
            totals: SummaryTotals::default(),
            counts: ExportCounts::default(),
            max_row: EXCEL_MAX_ROW,
        })
    }

    /// Adds one household: a row in "ครัวเรือน", a row per member in "สมาชิก" and a row per
    /// problem in its dimension's sheet.
    pub fn write_household(&mut self, h: &ExportHousehold) -> Result<(), ExportError> {
        let (wb, f, max) = (&mut self.workbook, &self.formats, self.max_row);
        let codes = h.pending_codes();
        self.households.write_row(wb, &household_row(h, &codes), f, max)?;
        let with_codes = h.indicator_member();
        for (i, m) in h.members.iter().enumerate() {
            self.members.write_row(wb, &template_row(h, Some(m), &codes, with_codes == Some(i)), f, max)?;
        }
        for p in &h.problems {
            let slot = Dimension::ALL.iter().position(|d| *d == p.dimension).unwrap_or(0);
            if let Some(sheet) = self.dimensions.get_mut(slot) {
                sheet.write_row(wb, &problem_row(h, p), f, max)?;
            }
        }
        self.totals.add(h);
        self.counts.add(h);
        Ok(())
    }

    /// What has been written so far (for progress reports).
    pub fn counts(&self) -> ExportCounts {
        self.counts
    }

    /// Writes the summary sheet and saves the workbook at the path given to [`XlsxExport::create`].
    pub fn finish(mut self) -> Result<ExportCounts, ExportError> {
        let wb = &mut self.workbook;
        self.households.close(wb)?;
        self.members.close(wb)?;
        for sheet in &self.dimensions {
            sheet.close(wb)?;
        }
        let summary = wb.worksheet_from_index(SUMMARY_INDEX)?;
        self.totals.write(summary, &self.title, &self.generated_at_be, &self.formats)?;
        wb.save(&self.path)?;
        Ok(self.counts)
    }

    /// Lowers the row limit per sheet so tests can reach it.
    #[cfg(test)]
    pub(crate) fn set_max_row(&mut self, max_row: u32) {
        self.max_row = max_row.max(1);
    }
}
