//! The summary sheet "สรุปรายมิติ": running totals per amphoe, written when the export finishes.
use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::domain::dimension::Dimension;
use crate::domain::stage::{stage_label, Stage};
use crate::i18n::Lang;

use super::model::ExportHousehold;
use super::xlsx_writer::Formats;

/// Label of the province total row.
pub const PROVINCE_TOTAL: &str = "รวมทั้งจังหวัด";

/// The summary's rows: title, date, note, group headers, headers, then one row per amphoe.
pub(crate) const SUMMARY_HEADER_ROW: u32 = 4;
const GROUP_ROW: u32 = 3;
const FIRST_DATA_ROW: u32 = SUMMARY_HEADER_ROW + 1;
/// Columns: amphoe code, amphoe, households, 5 dimensions, pending total, without owner, 4 stages.
const COL_DIMS: u16 = 3;
const COL_PENDING_TOTAL: u16 = COL_DIMS + 5;
const COL_NO_OWNER: u16 = COL_PENDING_TOTAL + 1;
const COL_STAGES: u16 = COL_NO_OWNER + 1;
const LAST_COL: u16 = COL_STAGES + 3;

/// The stages in the summary's order: not assessed, then up the ladder.
fn stage_slot(stage: Option<Stage>) -> usize {
    stage.and_then(|s| Stage::ALL.iter().position(|x| *x == s)).map_or(0, |i| i + 1)
}

fn dimension_slot(d: Dimension) -> usize {
    Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)
}

/// Totals of one amphoe (or of the province).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AreaTotals {
    pub name: String,
    pub households: u64,
    /// Pending (open + in progress) problems per dimension, in `Dimension::ALL` order.
    pub pending: [u64; 5],
    pub pending_without_owner: u64,
    /// Households not assessed, survive, sufficient, sustainable.
    pub stages: [u64; 4],
}

impl AreaTotals {
    fn add_household(&mut self, h: &ExportHousehold) {
        self.households += 1;
        for p in h.pending_problems() {
            self.pending[dimension_slot(p.dimension)] += 1;
            if p.is_pending_without_owner() {
                self.pending_without_owner += 1;
            }
        }
        self.stages[stage_slot(h.stage)] += 1;
    }

    fn merge(&mut self, other: &AreaTotals) {
        self.households += other.households;
        for (a, b) in self.pending.iter_mut().zip(other.pending) {
            *a += b;
        }
        self.pending_without_owner += other.pending_without_owner;
        for (a, b) in self.stages.iter_mut().zip(other.stages) {
            *a += b;
        }
    }

    pub fn pending_total(&self) -> u64 {
        self.pending.iter().sum()
    }

    fn numbers(&self) -> impl Iterator<Item = (u16, u64)> + '_ {
        std::iter::once((2, self.households))
            .chain(self.pending.iter().enumerate().map(|(i, n)| (COL_DIMS + i as u16, *n)))
            .chain([(COL_PENDING_TOTAL, self.pending_total()), (COL_NO_OWNER, self.pending_without_owner)])
            .chain(self.stages.iter().enumerate().map(|(i, n)| (COL_STAGES + i as u16, *n)))
    }
}

/// Running totals per amphoe code (a few dozen entries, whatever the number of households).
#[derive(Debug, Default)]
pub(crate) struct SummaryTotals {
    amphoes: BTreeMap<String, AreaTotals>,
}

impl SummaryTotals {
    pub fn add(&mut self, h: &ExportHousehold) {
        if !self.amphoes.contains_key(&h.amphoe_code) {
            let area = AreaTotals { name: h.amphoe_th.clone(), ..AreaTotals::default() };
            self.amphoes.insert(h.amphoe_code.clone(), area);
        }
        if let Some(area) = self.amphoes.get_mut(&h.amphoe_code) {
            area.add_household(h);
        }
    }

    pub fn province(&self) -> AreaTotals {
        let mut total = AreaTotals { name: PROVINCE_TOTAL.to_string(), ..AreaTotals::default() };
        for area in self.amphoes.values() {
            total.merge(area);
        }
        total
    }

    /// Writes the sheet (a standard worksheet: it is small and written at once).
    pub fn write(&self, ws: &mut Worksheet, title: &str, generated_at_be: &str, f: &Formats) -> Result<(), XlsxError> {
        ws.write_string_with_format(0, 0, title, &f.title)?;
        ws.write_string(1, 0, format!("ข้อมูล ณ {generated_at_be}"))?;
        ws.write_string(2, 0, "ปัญหาค้าง = รอดำเนินการ + กำลังดำเนินการ; ระดับ = จำนวนครัวเรือนในแต่ละระดับ")?;
        ws.merge_range(GROUP_ROW, COL_DIMS, GROUP_ROW, COL_NO_OWNER, "ปัญหาค้าง (รายมิติ)", &f.group)?;
        ws.merge_range(GROUP_ROW, COL_STAGES, GROUP_ROW, LAST_COL, "ครัวเรือนตามระดับ", &f.group)?;

        let mut headers: Vec<&str> = vec!["รหัสอำเภอ", "อำเภอ", "ครัวเรือน"];
        headers.extend(Dimension::ALL.iter().map(|d| d.label(Lang::Th)));
        headers.extend(["รวมปัญหาค้าง", "ไม่มีเจ้าภาพ", stage_label(None, Lang::Th)]);
        headers.extend(Stage::ALL.iter().map(|s| s.label(Lang::Th)));
        for (col, h) in headers.iter().enumerate() {
            ws.write_string_with_format(SUMMARY_HEADER_ROW, col as u16, *h, &f.header)?;
        }

        let mut row = FIRST_DATA_ROW;
        for (code, area) in &self.amphoes {
            ws.write_string_with_format(row, 0, code, &f.code)?;
            ws.write_string(row, 1, &area.name)?;
            for (col, n) in area.numbers() {
                ws.write_number(row, col, n as f64)?;
            }
            row += 1;
        }
        if row > FIRST_DATA_ROW {
            ws.autofilter(SUMMARY_HEADER_ROW, 0, row - 1, LAST_COL)?;
        }
        let total = self.province();
        ws.write_blank(row, 0, &f.total)?;
        ws.write_string_with_format(row, 1, &total.name, &f.total)?;
        for (col, n) in total.numbers() {
            ws.write_number_with_format(row, col, n as f64, &f.total)?;
        }

        ws.set_column_width(0, 10)?;
        ws.set_column_width(1, 20)?;
        ws.set_column_range_width(2, LAST_COL, 12)?;
        ws.set_freeze_panes(FIRST_DATA_ROW, 2)?;
        Ok(())
    }
}
