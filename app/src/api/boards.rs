//! Moving things on the case boards: a problem's owner agency and a household's stage, each
//! guarded by the version the caller last saw. The shapes are those of the REST API.
use serde::{Deserialize, Serialize};

use crate::domain::stage::Stage;

/// `PUT /api/v1/problems/{id}/owner`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChange {
    /// The new owner, or `null` to clear it.
    pub agency_id: Option<i64>,
    /// The problem's version the change is based on.
    pub version: i64,
}

/// A problem's owner as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemOwner {
    pub problem_id: i64,
    pub household_id: i64,
    pub agency_id: Option<i64>,
    pub version: i64,
}

/// `POST /api/v1/problems/owner:bulk`: one owner for many problems, each at its current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOwnerChange {
    pub problem_ids: Vec<i64>,
    pub agency_id: Option<i64>,
}

/// One problem's result in a bulk change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOwnerItem {
    pub problem_id: i64,
    pub ok: bool,
    /// The problem after the change, when it was made.
    pub owner: Option<ProblemOwner>,
    /// `not_found`, `forbidden`… when it was not.
    pub error: Option<String>,
    pub message: Option<String>,
    pub message_th: Option<String>,
}

/// `PUT /api/v1/households/{id}/stage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: Stage,
    /// The household's version the move is based on.
    pub version: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// A household's stage as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdStage {
    pub household_id: i64,
    pub stage: Option<Stage>,
    pub version: i64,
}
