//! Why a file could not be read at all, with messages for the user in Thai and English.

/// A file that cannot be turned into a table. Problems with individual rows are not errors here:
/// the rows are returned and the validator reports them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Zero bytes, or no row with any non-blank cell.
    #[error("The file is empty: no row with any data was found.")]
    Empty,
    /// More than [`super::MAX_ROWS`] data rows.
    #[error("The file has more than {limit} data rows. Split it into several files and import them one at a time.")]
    TooLarge { limit: usize },
    /// More than [`super::MAX_CELLS`] cells in all.
    #[error(
        "The file has more than {limit} cells (rows × columns). Remove the columns that are not needed or split \
         the file."
    )]
    TooManyCells { limit: usize },
    /// An old binary Excel file (`.xls`, or another OLE document).
    #[error(
        "This is an old-format Excel file (.xls), which cannot be read. Open it in Excel, choose Save As, pick \
         Excel Workbook (.xlsx) or CSV UTF-8, and import that file."
    )]
    LegacyXls,
    /// An OpenDocument spreadsheet (`.ods`).
    #[error(
        "This is an OpenDocument spreadsheet (.ods), which cannot be read. Save it as Excel Workbook (.xlsx) or \
         CSV UTF-8 and import that file."
    )]
    OpenDocument,
    /// HTML or XML text, often exported by web systems under an `.xls` name.
    #[error(
        "This file is a web page or XML document named like a spreadsheet, not a real Excel or CSV file. Open it \
         in Excel, choose Save As, pick Excel Workbook (.xlsx) or CSV UTF-8, and import that file."
    )]
    WebPage,
    /// A ZIP file that is not a readable workbook: damaged, cut short, password-protected, or another
    /// kind of archive. Holds a short reason in English.
    #[error(
        "The Excel file (.xlsx) could not be read: it may be damaged, incompletely downloaded or password \
         protected. Open it in Excel and save it again, or save it as CSV UTF-8. (Reason: {0})"
    )]
    Xlsx(String),
    /// A workbook without any worksheet (only chart sheets, for example).
    #[error("The Excel workbook contains no worksheet with data.")]
    NoSheet,
}

impl ReadError {
    /// The message for the user, in Thai.
    pub fn message_th(&self) -> String {
        match self {
            ReadError::Empty => "ไฟล์ว่างเปล่า ไม่พบแถวที่มีข้อมูล".to_string(),
            ReadError::TooLarge { limit } => {
                format!("ไฟล์มีข้อมูลเกิน {limit} แถว กรุณาแบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์")
            }
            ReadError::TooManyCells { limit } => {
                format!("ไฟล์มีช่องข้อมูลเกิน {limit} ช่อง (จำนวนแถว × จำนวนคอลัมน์) กรุณาลบคอลัมน์ที่ไม่ใช้ หรือแบ่งเป็นหลายไฟล์")
            }
            ReadError::LegacyXls => "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) ซึ่งระบบอ่านไม่ได้ กรุณาเปิดใน Excel แล้วเลือก \
                                     \"บันทึกเป็น\" (Save As) ชนิด Excel Workbook (.xlsx) หรือ CSV UTF-8 แล้วนำเข้าไฟล์นั้น"
                .to_string(),
            ReadError::OpenDocument => "ไฟล์นี้เป็นตารางคำนวณ OpenDocument (.ods) ซึ่งระบบอ่านไม่ได้ กรุณาบันทึกเป็น \
                                        Excel Workbook (.xlsx) หรือ CSV UTF-8 แล้วนำเข้าไฟล์นั้น"
                .to_string(),
            ReadError::WebPage => "ไฟล์นี้เป็นหน้าเว็บหรือเอกสาร XML ที่ตั้งชื่อเหมือนไฟล์ Excel ไม่ใช่ไฟล์ Excel หรือ CSV จริง \
                                   กรุณาเปิดใน Excel แล้วเลือก \"บันทึกเป็น\" (Save As) ชนิด Excel Workbook (.xlsx) \
                                   หรือ CSV UTF-8 แล้วนำเข้าไฟล์นั้น"
                .to_string(),
            ReadError::Xlsx(reason) => format!(
                "อ่านไฟล์ Excel (.xlsx) ไม่ได้ ไฟล์อาจเสียหาย ดาวน์โหลดมาไม่ครบ หรือตั้งรหัสผ่านไว้ กรุณาเปิดใน Excel \
                 แล้วบันทึกใหม่ หรือบันทึกเป็น CSV UTF-8 (สาเหตุ: {reason})"
            ),
            ReadError::NoSheet => "ไม่พบแผ่นงาน (worksheet) ที่มีข้อมูลในไฟล์ Excel นี้".to_string(),
        }
    }

    /// The message for the user, in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::ReadError;

    #[test]
    fn every_error_has_both_messages() {
        let all = [
            ReadError::Empty,
            ReadError::TooLarge { limit: 10 },
            ReadError::TooManyCells { limit: 10 },
            ReadError::LegacyXls,
            ReadError::OpenDocument,
            ReadError::WebPage,
            ReadError::Xlsx("bad zip".into()),
            ReadError::NoSheet,
        ];
        for error in all {
            assert!(error.message_th().chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)), "{error:?}");
            assert!(error.message_en().is_ascii() || error.message_en().contains('×'), "{error:?}");
            assert!(!error.message_en().contains('\n'));
        }
        assert!(ReadError::TooLarge { limit: 10 }.message_th().contains("10"));
    }
}
