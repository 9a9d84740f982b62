//! What the field app sends and gets back: visits, assistance records and evidence photos, each
//! sent once however often the phone retries (its client id is the `Idempotency-Key`).
use serde::{Deserialize, Serialize};

use crate::api::case_file::{AssistanceView, HouseholdDetail, ProblemView};
use crate::domain::dimension::Dimension;
use crate::domain::field::{AssistanceResult, MediaConsent, PhotoKind, VisitOutcome};
use crate::domain::field_conflict::FieldConflict;
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::domain::text_enum::text_enum;

/// `POST /api/v1/visits`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    pub household_id: i64,
    pub outcome: VisitOutcome,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// When the visit happened (ISO 8601, UTC); the time it arrives when left out.
    #[serde(default)]
    pub visited_at: Option<String>,
}

/// A stored visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: i64,
    pub client_id: Option<String>,
    pub household_id: i64,
    pub officer_user_id: i64,
    pub outcome: VisitOutcome,
    pub note: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub visited_at: String,
    pub created_at: String,
}

/// `POST /api/v1/assistance`. Amounts are in satang (1/100 baht).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAssistance {
    pub household_id: i64,
    #[serde(default)]
    pub problem_id: Option<i64>,
    #[serde(default)]
    pub menu_item_id: Option<i64>,
    #[serde(default)]
    pub owner_agency_id: Option<i64>,
    #[serde(default)]
    pub detail: String,
    /// The day it was done (ISO date).
    #[serde(default)]
    pub done_on: Option<String>,
    #[serde(default)]
    pub amount_satang: Option<i64>,
    #[serde(default)]
    pub budget_source: Option<String>,
    #[serde(default)]
    pub in_kind_value_satang: Option<i64>,
    pub result: AssistanceResult,
    #[serde(default)]
    pub result_reason: Option<String>,
    /// The problem is solved by it: the problem is closed as resolved.
    #[serde(default)]
    pub resolved_problem: bool,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// The problem's status on the officer's copy: resolving a problem that changed since is a
    /// conflict (409) instead of an overwrite.
    #[serde(default)]
    pub base_problem_status: Option<ProblemStatus>,
    /// A stage the officer proposes for the household, checked by the province's stage rule:
    /// moved when the officer's role may move stages and the rule allows it, else kept on the
    /// record as a proposal.
    #[serde(default)]
    pub propose_stage: Option<Stage>,
    /// The household's stage on the officer's copy (absent: not yet assessed), with a proposal.
    #[serde(default)]
    pub base_stage: Option<Stage>,
}

/// A stored assistance record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assistance {
    pub id: i64,
    pub client_id: Option<String>,
    pub household_id: i64,
    pub problem_id: Option<i64>,
    pub menu_item_id: Option<i64>,
    pub owner_agency_id: Option<i64>,
    pub detail: String,
    pub done_on: Option<String>,
    pub amount_satang: Option<i64>,
    pub budget_source: Option<String>,
    pub in_kind_value_satang: Option<i64>,
    pub result: AssistanceResult,
    pub result_reason: Option<String>,
    pub resolved_problem: bool,
    /// The problem's status after this record, when it names one.
    pub problem_status: Option<ProblemStatus>,
    /// The stage proposed with it, and the household's stage now.
    pub proposed_stage: Option<Stage>,
    pub household_stage: Option<Stage>,
    /// Why a proposed stage was not made (the stage rule's reason, or that a coordinator
    /// decides); only in the answer that stored the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_note_th: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_note_en: Option<String>,
    pub created_at: String,
}

/// The 409 answer to a record made on a copy that changed on the server since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictBody {
    pub conflicts: Vec<FieldConflict>,
}

/// A stored evidence photo (its bytes at `url`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub id: i64,
    pub client_id: Option<String>,
    pub household_id: i64,
    pub assistance_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub kind: PhotoKind,
    pub consent: MediaConsent,
    /// The photo of the signed consent form, for a public photo.
    pub consent_form_id: Option<i64>,
    pub content_type: String,
    pub bytes: i64,
    pub sha256: String,
    pub url: String,
    pub created_at: String,
}

/// The visit form of one household: who and where, a fresh client id for this form, and the
/// latest visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitForm {
    pub household_id: i64,
    pub head_name: Option<String>,
    pub address: String,
    pub may_record: bool,
    /// Sent with the form: a second send of the same form stores nothing new.
    pub client_id: String,
    pub recent: Vec<Visit>,
}

text_enum! {
    /// Why a household is on an officer's list today.
    pub enum WorkReason {
        OwnedProblems = "owned_problems", "หน่วยงานของคุณเป็นเจ้าภาพ", "Your agency owns problems";
        NotVisited = "not_visited", "ไม่ได้เยี่ยมนานแล้ว", "Not visited for a while";
        NeverVisited = "never_visited", "ยังไม่เคยเยี่ยม", "Never visited";
    }
}

/// A household on "My work".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    pub household_id: i64,
    pub head_name: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub stage: Option<Stage>,
    pub open_problems: i64,
    /// The dimensions of its open problems.
    pub dimensions: Vec<Dimension>,
    pub last_visit: Option<String>,
    pub reasons: Vec<WorkReason>,
}

/// The households that need the signed-in officer today, nearest first when the phone's
/// position is known, else the longest unvisited first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyWork {
    pub items: Vec<WorkItem>,
    /// How many households need the officer (the list shows the first of them).
    pub total: i64,
    /// "Not visited" means not for this many days.
    pub days: i64,
    pub by_distance: bool,
    /// Today's confirmed visit plans with the officer on the team, stops in order.
    #[serde(default)]
    pub plans_today: Vec<crate::api::plans::Plan>,
}

/// An entry of the assistance menu.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuItem {
    pub id: i64,
    pub dimension: Option<Dimension>,
    pub name_th: String,
    pub name_en: String,
    pub owner_agency_id: Option<i64>,
    pub stage: Stage,
}

/// An agency that may own a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyChoice {
    pub id: i64,
    pub short_th: String,
    pub name_en: String,
    pub dimension: Option<Dimension>,
}

/// One household for the phone: what the quick view and the assistance form show of the case
/// file (the household, its problems, the latest assistance), its contact, the latest visit,
/// and what the assistance form offers (the menu and the agencies). Cached on the phone for
/// offline use. Members, sources and the stage history stay on the case file page: a phone on
/// a weak signal does not download (or decode) what it does not show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldHousehold {
    pub household: HouseholdDetail,
    pub problems: Vec<ProblemView>,
    pub last_assistance: Option<AssistanceView>,
    pub phone: Option<String>,
    pub last_visit: Option<Visit>,
    pub menu: Vec<MenuItem>,
    pub agencies: Vec<AgencyChoice>,
    pub may_record: bool,
    /// Today, for the form's date (ISO).
    pub today: String,
    /// A client id for a form sent without JavaScript.
    pub client_id: String,
}

#[leptos::server(endpoint = "my_work", output = crate::api::wire::JsonText)]
pub async fn get_my_work(
    lat: Option<f64>,
    lon: Option<f64>,
    days: Option<i64>,
) -> Result<MyWork, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::field::my_work::my_work(&state.db, &user, lat.zip(lon), days).await
        }
        .await,
    )
}

#[leptos::server(endpoint = "field_household", output = crate::api::wire::JsonText)]
pub async fn get_field_household(id: i64) -> Result<FieldHousehold, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::field::quick_view::field_household(&state.db, &user, id).await
        }
        .await,
    )
}

#[leptos::server(endpoint = "visit_form", output = crate::api::wire::JsonText)]
pub async fn get_visit_form(household_id: i64) -> Result<VisitForm, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::field::visits::visit_form(&state.db, &user, household_id).await
        }
        .await,
    )
}
