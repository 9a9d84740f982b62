//! The assistance form as typed (every field a string, as in the form and in a saved draft) and
//! its reading into a record to send: a Buddhist Era date, baht amounts, the result and its
//! reason, "problem resolved", a stage proposal, and the values the officer's copy showed.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{be_year, parse_be_date};
use super::field::{assistance_gap, AssistanceResult, MediaConsent, PhotoKind};
use super::problem::ProblemStatus;
use super::stage::Stage;
use crate::api::field::NewAssistance;

/// A photo picked for the record (its bytes are kept by the browser under `client_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPhoto {
    pub client_id: String,
    pub kind: PhotoKind,
    pub consent: MediaConsent,
}

/// The form's fields, kept as typed so a draft restores exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistDraft {
    pub problem_id: String,
    pub menu_item_id: String,
    pub owner_agency_id: String,
    pub detail: String,
    /// วัน/เดือน/ปี พ.ศ.
    pub done_on: String,
    pub amount_baht: String,
    pub budget_source: String,
    pub in_kind_baht: String,
    pub result: String,
    pub result_reason: String,
    pub resolved: bool,
    pub propose_stage: String,
    /// What the officer's copy showed: the problem's status and the household's stage.
    pub base_problem_status: String,
    pub base_stage: String,
    pub lat: String,
    pub lon: String,
    pub photos: Vec<DraftPhoto>,
    /// The photo of the signed consent form (its client id), needed for public photos.
    pub consent_form: Option<String>,
}

/// Why the form cannot be sent yet, in Thai and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormGap {
    pub th: String,
    pub en: String,
}

fn gap(th: impl Into<String>, en: impl Into<String>) -> FormGap {
    FormGap { th: th.into(), en: en.into() }
}

/// "29/11/2569" for a day.
pub fn be_date_text(day: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", day.day(), day.month(), be_year(day.year()))
}

/// Baht as typed ("1,500", "250.50", "") in satang; a clear refusal for anything else.
pub fn parse_baht(text: &str, field_th: &str, field_en: &str) -> Result<Option<i64>, FormGap> {
    let t: String = text.trim().chars().filter(|c| *c != ',' && *c != ' ').collect();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || gap(format!("{field_th} '{text}' ไม่ใช่จำนวนเงิน"), format!("{field_en} '{text}' is not an amount"));
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole.checked_mul(100).and_then(|w| w.checked_add(frac)).filter(|v| *v <= 100_000_000_000).map(Some).ok_or_else(bad)
}

fn id(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|v: &i64| *v > 0)
}

fn coordinate(text: &str) -> Result<Option<f64>, FormGap> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    super::decimal::parse_decimal(&t)
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| gap(format!("พิกัด '{text}' ไม่ใช่ตัวเลข"), format!("The coordinate '{text}' is not a number")))
}

impl AssistDraft {
    /// The record to send for household `household_id`, or what is missing.
    pub fn to_record(&self, household_id: i64) -> Result<NewAssistance, FormGap> {
        let result = AssistanceResult::parse(&self.result)
            .ok_or_else(|| gap("เลือกผลการช่วยเหลือ", "Choose the result of the assistance"))?;
        let reason = Some(self.result_reason.trim().to_string()).filter(|r| !r.is_empty());
        if let Some((th, en)) = assistance_gap(result, reason.as_deref()) {
            return Err(gap(th, en));
        }
        let problem_id = id(&self.problem_id);
        let menu_item_id = id(&self.menu_item_id);
        let detail = self.detail.trim().to_string();
        if menu_item_id.is_none() && detail.is_empty() {
            return Err(gap(
                "เลือกรายการความช่วยเหลือ หรือเขียนรายละเอียดว่าช่วยอะไร",
                "Choose an assistance from the menu or describe what was done",
            ));
        }
        let done_on = match self.done_on.trim() {
            "" => None,
            t => Some(
                parse_be_date(t).map_err(|e| gap(e.message_th(), e.to_string())).map(crate::domain::dates::iso_date)?,
            ),
        };
        if self.resolved && problem_id.is_none() {
            return Err(gap("เลือกปัญหาที่แก้ไขได้แล้ว", "Choose the problem that was resolved"));
        }
        if self.resolved && result != AssistanceResult::Done {
            return Err(gap(
                "ปัญหาจะแก้ไขได้แล้วก็ต่อเมื่อผลคือ \"ดำเนินการแล้ว\"",
                "A problem is resolved only when the result is \"Done\"",
            ));
        }
        if self.photos.iter().any(|p| p.consent == MediaConsent::Public) && self.consent_form.is_none() {
            return Err(gap(
                "รูปที่เผยแพร่ต่อสาธารณะต้องมีรูปแบบยินยอมที่ลงนามแล้ว",
                "Public photos need a photo of the signed consent form",
            ));
        }
        let (lat, lon) = (coordinate(&self.lat)?, coordinate(&self.lon)?);
        let propose_stage = Stage::parse(&self.propose_stage);
        Ok(NewAssistance {
            household_id,
            problem_id,
            menu_item_id,
            owner_agency_id: id(&self.owner_agency_id),
            detail,
            done_on,
            amount_satang: parse_baht(&self.amount_baht, "จำนวนเงิน", "The amount")?,
            budget_source: Some(self.budget_source.trim().to_string()).filter(|b| !b.is_empty()),
            in_kind_value_satang: parse_baht(&self.in_kind_baht, "มูลค่าสิ่งของ", "The in-kind value")?,
            result,
            result_reason: reason,
            resolved_problem: self.resolved,
            lat: lat.and(lon).and(lat),
            lon: lat.and(lon),
            base_problem_status: if self.resolved { ProblemStatus::parse(&self.base_problem_status) } else { None },
            propose_stage,
            base_stage: propose_stage.and_then(|_| Stage::parse(&self.base_stage)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> AssistDraft {
        AssistDraft {
            problem_id: "12".into(),
            menu_item_id: "3".into(),
            detail: " ซ่อมหลังคา ".into(),
            done_on: "29/11/2569".into(),
            amount_baht: "1,500.5".into(),
            result: "done".into(),
            resolved: true,
            base_problem_status: "in_progress".into(),
            propose_stage: "sufficient".into(),
            base_stage: "".into(),
            lat: "15.1".into(),
            lon: "104.3".into(),
            ..AssistDraft::default()
        }
    }

    #[test]
    fn a_filled_form_reads_into_a_record() {
        let r = filled().to_record(5).expect("complete");
        assert_eq!(r.household_id, 5);
        assert_eq!((r.problem_id, r.menu_item_id), (Some(12), Some(3)));
        assert_eq!(r.detail, "ซ่อมหลังคา");
        assert_eq!(r.done_on.as_deref(), Some("2026-11-29"));
        assert_eq!(r.amount_satang, Some(150_050));
        assert_eq!(r.base_problem_status, Some(ProblemStatus::InProgress));
        assert_eq!((r.propose_stage, r.base_stage), (Some(Stage::Sufficient), None));
        assert_eq!((r.lat, r.lon), (Some(15.1), Some(104.3)));
        assert_eq!(be_date_text(NaiveDate::from_ymd_opt(2026, 11, 29).expect("valid")), "29/11/2569");
    }

    #[test]
    fn gaps_are_named_in_thai() {
        let mut d = filled();
        d.result = "cannot_do".into();
        d.resolved = false;
        assert_eq!(d.to_record(5).expect_err("refused").th, "ถ้าดำเนินการไม่ได้ ต้องระบุเหตุผล");
        let mut d = filled();
        d.result = "in_progress".into();
        assert!(d.to_record(5).expect_err("refused").th.contains("ดำเนินการแล้ว"));
        let mut d = filled();
        d.done_on = "29/11/2026".into();
        assert_eq!(d.to_record(5).expect_err("refused").th, "ปี พ.ศ. ต้องอยู่ระหว่าง 2400 ถึง 2600");
        let mut d = filled();
        d.menu_item_id.clear();
        d.detail.clear();
        assert!(d.to_record(5).expect_err("refused").th.starts_with("เลือกรายการ"));
        let mut d = filled();
        d.photos.push(DraftPhoto {
            client_id: "p-12345678".into(),
            kind: PhotoKind::After,
            consent: MediaConsent::Public,
        });
        assert!(d.to_record(5).expect_err("refused").th.contains("แบบยินยอม"));
        d.consent_form = Some("c-12345678".into());
        assert!(d.to_record(5).is_ok());
    }

    #[test]
    fn baht_amounts() {
        assert_eq!(parse_baht("", "x", "x"), Ok(None));
        assert_eq!(parse_baht("2,000", "x", "x"), Ok(Some(200_000)));
        assert_eq!(parse_baht("0.5", "x", "x"), Ok(Some(50)));
        assert_eq!(parse_baht(".75", "x", "x"), Ok(Some(75)));
        assert!(parse_baht("12.345", "จำนวนเงิน", "x").expect_err("refused").th.contains("ไม่ใช่จำนวนเงิน"));
        assert!(parse_baht("-5", "x", "x").is_err());
        assert!(parse_baht("สองร้อย", "x", "x").is_err());
        assert!(parse_baht(".", "x", "x").is_err());
    }

    #[test]
    fn an_unresolved_record_carries_no_seen_status() {
        let mut d = filled();
        d.resolved = false;
        d.propose_stage.clear();
        let r = d.to_record(5).expect("valid");
        assert_eq!((r.base_problem_status, r.propose_stage, r.base_stage), (None, None, None));
    }
}
