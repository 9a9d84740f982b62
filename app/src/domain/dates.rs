//! Thai dates: Buddhist Era (พ.ศ. = ค.ศ. + 543) display and entry, fiscal years, ages.
//! Dates are stored as ISO text (`2022-06-24`), timestamps as UTC ISO text; both are shown
//! in the Buddhist Era and, for timestamps, in Thailand's time zone (UTC+7, no daylight saving).
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, Timelike, Utc};

use crate::i18n::Lang;

pub const BE_OFFSET: i32 = 543;

const MONTHS_TH: [&str; 12] =
    ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub fn be_year(ce_year: i32) -> i32 {
    ce_year + BE_OFFSET
}

/// "24 มิ.ย. 2565" in Thai, "24 Jun 2565 BE" in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    let month = date.month0() as usize;
    let year = be_year(date.year());
    match lang {
        Lang::Th => format!("{} {} {}", date.day(), MONTHS_TH[month], year),
        Lang::En => format!("{} {} {} BE", date.day(), MONTHS_EN[month], year),
    }
}

/// Formats a stored ISO date; a value that is not one is shown as it is.
pub fn format_iso_date(iso: &str, lang: Lang) -> String {
    match parse_iso_date(iso) {
        Some(d) => format_date(d, lang),
        None => iso.to_string(),
    }
}

fn thailand() -> FixedOffset {
    // UTC+7 is always representable.
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix())
}

/// Formats a stored UTC timestamp in Thai time: "24 มิ.ย. 2565 13:05".
pub fn format_iso_timestamp(iso: &str, lang: Lang) -> String {
    match DateTime::parse_from_rfc3339(iso) {
        Ok(t) => {
            let local = t.with_timezone(&thailand());
            format!("{} {:02}:{:02}", format_date(local.date_naive(), lang), local.hour(), local.minute())
        }
        Err(_) => iso.to_string(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("write the date as day/month/year in the Buddhist Era, e.g. 24/06/2565")]
    Format,
    #[error("the Buddhist Era year must be between 2400 and 2600")]
    YearOutOfRange,
    #[error("no such day in the calendar")]
    NoSuchDay,
}

impl DateError {
    pub fn message_th(self) -> &'static str {
        match self {
            DateError::Format => "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 24/06/2565",
            DateError::YearOutOfRange => "ปี พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2600",
            DateError::NoSuchDay => "ไม่มีวันที่นี้ในปฏิทิน",
        }
    }
}

/// Parses `dd/mm/yyyy` (also `-` or `.` between the parts) with a Buddhist Era year.
pub fn parse_be_date(input: &str) -> Result<NaiveDate, DateError> {
    let parts: Vec<&str> = input.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(DateError::Format);
    };
    let num = |s: &str, max_len: usize| -> Result<u32, DateError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        s.parse().map_err(|_| DateError::Format)
    };
    let (day, month, year_be) = (num(d, 2)?, num(m, 2)?, num(y, 4)?);
    if y.len() != 4 {
        return Err(DateError::Format);
    }
    if !(2400..=2600).contains(&year_be) {
        return Err(DateError::YearOutOfRange);
    }
    NaiveDate::from_ymd_opt(year_be as i32 - BE_OFFSET, month, day).ok_or(DateError::NoSuchDay)
}

/// The Thai government fiscal year (1 Oct – 30 Sep), named by its ending BE year.
pub fn fiscal_year_be(date: NaiveDate) -> i32 {
    let ce = if date.month() >= 10 { date.year() + 1 } else { date.year() };
    be_year(ce)
}

/// Age in whole years on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Reads a stored ISO date, `yyyy-mm-dd` (month and day may have one digit).
///
/// Dates are read and written by hand here and in [`iso_date`], not through chrono's
/// format strings: those pull chrono's whole format parser into the browser's bundle.
pub fn parse_iso_date(iso: &str) -> Option<NaiveDate> {
    let mut parts = iso.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(y, 4..=4)? as i32, digits(m, 1..=2)?, digits(d, 1..=2)?)
}

/// A date as stored: ISO `yyyy-mm-dd`.
pub fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// A UTC instant as stored: RFC 3339 to the second, `yyyy-mm-ddThh:mm:ssZ`.
pub fn iso_utc_timestamp(at: NaiveDateTime) -> String {
    format!("{}T{:02}:{:02}:{:02}Z", iso_date(at.date()), at.hour(), at.minute(), at.second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn reads_and_writes_iso_dates_by_hand() {
        assert_eq!(parse_iso_date("2022-06-24"), Some(d(2022, 6, 24)));
        assert_eq!(parse_iso_date("2024-2-9"), Some(d(2024, 2, 9)));
        for bad in [
            "",
            "2022-06",
            "2022-06-24-1",
            "22-06-24",
            "2022-13-01",
            "2023-02-29",
            "2022-06-24T00:00",
            "2022/06/24",
            " 2022-06-24",
            "2022-+6-24",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        assert_eq!(iso_date(d(2026, 1, 5)), "2026-01-05");
        let at = d(2026, 11, 28).and_hms_opt(17, 4, 9).expect("valid time");
        assert_eq!(iso_utc_timestamp(at), "2026-11-28T17:04:09Z");
        // The same as chrono's own formatting and parsing, over five years of days.
        let mut day = d(2023, 1, 1);
        while day < d(2028, 1, 1) {
            assert_eq!(iso_date(day), day.format("%Y-%m-%d").to_string());
            assert_eq!(parse_iso_date(&day.format("%Y-%m-%d").to_string()), Some(day));
            day = day.succ_opt().expect("next day");
        }
    }

    #[test]
    fn formats_in_the_buddhist_era() {
        assert_eq!(format_date(d(2022, 6, 24), Lang::Th), "24 มิ.ย. 2565");
        assert_eq!(format_date(d(2022, 6, 24), Lang::En), "24 Jun 2565 BE");
        assert_eq!(format_iso_date("2026-01-01", Lang::Th), "1 ม.ค. 2569");
        assert_eq!(format_iso_date("not a date", Lang::Th), "not a date");
    }

    #[test]
    fn timestamps_show_in_thai_time() {
        // 17:30 UTC on 31 Dec is 00:30 on 1 Jan in Thailand: the BE year changes too.
        assert_eq!(format_iso_timestamp("2022-12-31T17:30:00Z", Lang::Th), "1 ม.ค. 2566 00:30");
    }

    #[test]
    fn parses_be_dates() {
        assert_eq!(parse_be_date("24/06/2565"), Ok(d(2022, 6, 24)));
        assert_eq!(parse_be_date("1/1/2500"), Ok(d(1957, 1, 1)));
        assert_eq!(parse_be_date(" 29-02-2567 "), Ok(d(2024, 2, 29)));
        assert_eq!(parse_be_date("29/02/2566"), Err(DateError::NoSuchDay));
        assert_eq!(parse_be_date("24/06/2022"), Err(DateError::YearOutOfRange));
        assert_eq!(parse_be_date("24/06/65"), Err(DateError::Format));
        assert_eq!(parse_be_date("2565-06-24"), Err(DateError::Format));
        assert_eq!(parse_be_date("24/06"), Err(DateError::Format));
        assert_eq!(parse_be_date("aa/06/2565"), Err(DateError::Format));
        assert!(DateError::NoSuchDay.message_th().contains("ปฏิทิน"));
    }

    #[test]
    fn fiscal_year_starts_in_october() {
        assert_eq!(fiscal_year_be(d(2022, 9, 30)), 2565);
        assert_eq!(fiscal_year_be(d(2022, 10, 1)), 2566);
    }

    #[test]
    fn ages_and_day_counts() {
        assert_eq!(age_on(d(1960, 6, 24), d(2022, 6, 23)), 61);
        assert_eq!(age_on(d(1960, 6, 24), d(2022, 6, 24)), 62);
        assert_eq!(age_on(d(2030, 1, 1), d(2022, 1, 1)), 0);
        assert_eq!(days_between(d(2022, 6, 1), d(2022, 6, 24)), 23);
        assert_eq!(parse_iso_date("2022-06-24"), Some(d(2022, 6, 24)));
    }
}
