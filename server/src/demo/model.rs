//! The plain data of the demo province: reference data in, generated rows out.
use std::ops::Range;

use chrono::NaiveDate;

/// A tambon as read from the database.
#[derive(Debug, Clone, PartialEq)]
pub struct TambonRef {
    pub code: String,
    pub amphoe_code: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRef {
    pub id: i64,
    pub code: String,
    pub dimension: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyRef {
    pub id: i64,
    pub dimension: Option<String>,
    pub is_lead: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MenuRef {
    pub id: i64,
    pub code: String,
    pub dimension: Option<String>,
    pub stage: String,
}

/// The reference data generation needs (TPMAP17 indicators only).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RefData {
    pub tambons: Vec<TambonRef>,
    pub indicators: Vec<IndicatorRef>,
    pub agencies: Vec<AgencyRef>,
    pub menu: Vec<MenuRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    pub code: String,
    pub tambon_code: String,
    pub moo: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub amphoe_code: String,
    pub tambon_code: String,
    /// Index into [`Province::villages`].
    pub village: usize,
    pub house_no: String,
    pub house_code: Option<String>,
    pub head_name: String,
    pub head_sort_key: String,
    pub lat_lon: Option<(f64, f64)>,
    pub stage: Option<&'static str>,
    pub welfare_card: bool,
    /// When the household first appeared on a list (its problems open from then on).
    pub first_seen: NaiveDate,
    /// Indices into [`Province::members`]; the head comes first.
    pub members: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub household: usize,
    pub source: &'static str,
    pub year: i64,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub household: usize,
    pub citizen_id: Option<String>,
    pub prefix: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub male: bool,
    pub birth_date: NaiveDate,
    /// Full years on [`super::generate::REFERENCE_DATE`].
    pub age: i32,
    pub relation: &'static str,
    pub is_disabled: bool,
    pub is_bedridden: bool,
    pub sort_order: i64,
}

/// The whole generated province; rows refer to each other by index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Province {
    pub villages: Vec<Village>,
    pub households: Vec<Household>,
    pub sources: Vec<Source>,
    pub members: Vec<Member>,
    pub problems: Vec<Problem>,
    pub assistance: Vec<Assistance>,
    pub stage_changes: Vec<StageChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub household: usize,
    pub indicator_id: i64,
    pub indicator_code: String,
    pub dimension: String,
    pub status: &'static str,
    pub owner_agency_id: Option<i64>,
    /// The member the problem is about, when it is about one (the elder, the child…).
    pub member: Option<usize>,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assistance {
    pub household: usize,
    pub member: Option<usize>,
    pub problem: usize,
    pub menu_item_id: i64,
    pub detail: &'static str,
    pub owner_agency_id: Option<i64>,
    pub target_stage: String,
    pub planned_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub amount_satang: Option<i64>,
    pub budget_source: Option<&'static str>,
    pub in_kind_value_satang: Option<i64>,
    pub result: &'static str,
    pub resolved_problem: bool,
    pub media_consent: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageChange {
    pub household: usize,
    pub from_stage: Option<&'static str>,
    pub to_stage: &'static str,
    pub changed_at: String,
    pub note: &'static str,
}
