//! One household's case file: address, members, the 5-dimension profile, problems and
//! their owners, the assistance timeline and the stage history.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::filter_options::IndicatorOption;
use crate::domain::dimension::Dimension;
use crate::domain::member::{Relation, Sex};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdDetail {
    pub id: i64,
    pub province_name_th: String,
    pub province_name_en: String,
    pub amphoe_code: String,
    pub amphoe_name_th: String,
    pub amphoe_name_en: String,
    pub tambon_code: String,
    pub tambon_name_th: String,
    pub tambon_name_en: String,
    pub postal_code: Option<String>,
    pub village_code: Option<String>,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub house_no: Option<String>,
    pub house_code: Option<String>,
    pub head_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub stage: Option<Stage>,
    pub welfare_card: bool,
    pub is_synthetic: bool,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub source: String,
    pub source_year: Option<i64>,
    pub source_ref: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub citizen_id_masked: Option<String>,
    pub prefix: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<String>,
    pub age: Option<i32>,
    pub relation: Relation,
    pub is_disabled: bool,
    pub is_bedridden: bool,
}

impl MemberView {
    pub fn full_name(&self) -> String {
        format!("{}{} {}", self.prefix.as_deref().unwrap_or(""), self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemView {
    pub id: i64,
    pub indicator_code: String,
    pub indicator_name_th: String,
    pub indicator_name_en: String,
    pub dimension: Dimension,
    pub status: ProblemStatus,
    pub owner_agency_id: Option<i64>,
    pub owner_short_th: Option<String>,
    pub owner_name_th: Option<String>,
    pub owner_name_en: Option<String>,
    pub opened_on: String,
    pub closed_on: Option<String>,
    /// Days from opening to closing, or to today while pending.
    pub days_open: Option<i64>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistanceView {
    pub id: i64,
    pub planned_on: Option<String>,
    pub done_on: Option<String>,
    pub menu_name_th: Option<String>,
    pub menu_name_en: Option<String>,
    pub dimension: Option<Dimension>,
    pub indicator_code: Option<String>,
    pub agency_short_th: Option<String>,
    pub agency_name_en: Option<String>,
    pub detail: String,
    pub result: String,
    pub result_reason: Option<String>,
    pub amount_satang: Option<i64>,
    pub budget_source: Option<String>,
    pub in_kind_value_satang: Option<i64>,
    pub resolved_problem: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChangeView {
    pub changed_at: String,
    pub from_stage: Option<Stage>,
    pub to_stage: Option<Stage>,
    pub changed_by: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    pub household: HouseholdDetail,
    pub sources: Vec<SourceRef>,
    pub members: Vec<MemberView>,
    /// The current indicator catalogue, for the 5-dimension profile.
    pub indicators: Vec<IndicatorOption>,
    pub problems: Vec<ProblemView>,
    pub assistance: Vec<AssistanceView>,
    pub stage_history: Vec<StageChangeView>,
}

impl CaseFile {
    /// The household's problem for an indicator, if it fails it.
    pub fn problem_for(&self, indicator_code: &str) -> Option<&ProblemView> {
        self.problems.iter().find(|p| p.indicator_code == indicator_code)
    }
}

/// Baht from satang, with thousands separators: "12,500.00".
pub fn baht(satang: i64) -> String {
    let whole = crate::i18n::group_thousands(satang / 100);
    format!("{whole}.{:02}", (satang % 100).abs())
}

#[server(endpoint = "household", output = crate::api::wire::JsonText)]
pub async fn get_case_file(id: i64) -> Result<CaseFile, AppError> {
    use crate::ssr::db::audit::{record, AuditAction, AuditEvent};
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            let file = crate::ssr::db::case_file::case_file(&state.db, &user.scope, id).await?;
            let event = AuditEvent {
                user_id: Some(user.id),
                action: AuditAction::ViewHousehold,
                entity: Some("household"),
                entity_id: Some(id.to_string()),
                detail: None,
            };
            record(&state.db, event, &crate::ssr::db::now_iso()).await?;
            Ok(file)
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baht_formats_satang() {
        assert_eq!(baht(1_250_000), "12,500.00");
        assert_eq!(baht(5), "0.05");
    }
}
