//! What the caller hands the writers: one household with its members and problems, as text.
use crate::domain::dimension::Dimension;
use crate::domain::member::{Relation, Sex};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;

/// A member of a household.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportMember {
    /// Already masked or full, as text (printed as it is).
    pub citizen_id: Option<String>,
    pub prefix: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub sex: Option<Sex>,
    /// ISO `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    pub relation: Relation,
    pub is_disabled: bool,
    pub is_bedridden: bool,
}

/// A problem (one failed indicator) of a household, whatever its status.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportProblem {
    pub indicator_code: String,
    pub indicator_name_th: String,
    pub dimension: Dimension,
    pub status: ProblemStatus,
    pub owner_th: Option<String>,
    /// ISO `yyyy-mm-dd`.
    pub opened_on: String,
    /// ISO `yyyy-mm-dd`.
    pub closed_on: Option<String>,
}

/// A household with everything the exports print about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportHousehold {
    pub id: i64,
    pub amphoe_code: String,
    pub amphoe_th: String,
    pub tambon_code: String,
    pub tambon_th: String,
    pub moo: Option<i64>,
    pub village_name: Option<String>,
    pub house_no: Option<String>,
    pub house_code: Option<String>,
    pub head_name: Option<String>,
    pub stage: Option<Stage>,
    pub welfare_card: bool,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// e.g. "TPMAP 2565: TPMAP65-3301-000123".
    pub sources: String,
    pub members: Vec<ExportMember>,
    pub problems: Vec<ExportProblem>,
}

impl ExportProblem {
    /// Still to be worked on (open or in progress).
    pub fn is_pending(&self) -> bool {
        self.status.is_pending()
    }

    /// Pending and nobody owns it yet.
    pub fn is_pending_without_owner(&self) -> bool {
        self.is_pending() && self.owner_th.as_deref().is_none_or(|o| o.trim().is_empty())
    }
}

impl ExportHousehold {
    pub fn pending_problems(&self) -> impl Iterator<Item = &ExportProblem> {
        self.problems.iter().filter(|p| p.is_pending())
    }

    /// Codes of the pending problems in the order given, e.g. "H1,L2" (the template's format).
    pub fn pending_codes(&self) -> String {
        let mut codes = String::new();
        for p in self.pending_problems() {
            if !codes.is_empty() {
                codes.push(',');
            }
            codes.push_str(p.indicator_code.trim());
        }
        codes
    }

    pub fn pending_count(&self) -> usize {
        self.pending_problems().count()
    }

    pub fn pending_without_owner_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_pending_without_owner()).count()
    }

    /// The member whose row carries the household's failed indicators in the template:
    /// the head, or the first member when no one is marked head.
    pub fn indicator_member(&self) -> Option<usize> {
        if self.members.is_empty() {
            return None;
        }
        Some(self.members.iter().position(|m| m.relation == Relation::Head).unwrap_or(0))
    }
}
