//! What the field app sends and gets back: visits, assistance records and evidence photos, each
//! sent once however often the phone retries (its client id is the `Idempotency-Key`).
use serde::{Deserialize, Serialize};

use crate::domain::field::{AssistanceResult, MediaConsent, PhotoKind, VisitOutcome};
use crate::domain::problem::ProblemStatus;

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
    pub created_at: String,
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

#[leptos::server(endpoint = "visit_form")]
pub async fn get_visit_form(household_id: i64) -> Result<VisitForm, crate::error::AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, user) = crate::ssr::auth::require_user().await?;
            crate::ssr::field::visits::visit_form(&state.db, &user, household_id).await
        }
        .await,
    )
}
