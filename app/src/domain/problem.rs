//! Problems (one per failed indicator of a household): their status and the status filters.
use serde::{Deserialize, Serialize};

use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// Where a problem stands.
    pub enum ProblemStatus {
        Open = "open", "รอดำเนินการ", "Open";
        InProgress = "in_progress", "กำลังดำเนินการ", "In progress";
        Resolved = "resolved", "แก้ไขแล้ว", "Resolved";
        CannotResolve = "cannot_resolve", "แก้ไขไม่ได้", "Cannot resolve";
        NotApplicable = "not_applicable", "ไม่เข้าเกณฑ์ (ย้าย/เสียชีวิต/ข้อมูลผิด)", "Not applicable (moved, died, data error)";
    }
}

impl ProblemStatus {
    /// Still to be worked on: open or in progress.
    pub fn is_pending(self) -> bool {
        matches!(self, ProblemStatus::Open | ProblemStatus::InProgress)
    }
}

/// The problem-status filter of lists: one status, or every pending (open + in progress) one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    Pending,
    Is(ProblemStatus),
}

impl StatusFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Pending => "pending",
            StatusFilter::Is(s) => s.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "pending" {
            return Some(StatusFilter::Pending);
        }
        ProblemStatus::parse(s).map(StatusFilter::Is)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StatusFilter::Pending, Lang::Th) => "ค้างอยู่ (รอ/กำลังดำเนินการ)",
            (StatusFilter::Pending, Lang::En) => "Pending (open or in progress)",
            (StatusFilter::Is(s), l) => s.label(l),
        }
    }

    /// The stored statuses the filter matches.
    pub fn statuses(self) -> Vec<ProblemStatus> {
        match self {
            StatusFilter::Pending => vec![ProblemStatus::Open, ProblemStatus::InProgress],
            StatusFilter::Is(s) => vec![s],
        }
    }

    pub fn all() -> Vec<StatusFilter> {
        std::iter::once(StatusFilter::Pending).chain(ProblemStatus::ALL.into_iter().map(StatusFilter::Is)).collect()
    }
}

/// Who owns a problem, for filters: nobody yet, or one agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnerFilter {
    Nobody,
    Agency(i64),
}

impl OwnerFilter {
    pub fn to_param(self) -> String {
        match self {
            OwnerFilter::Nobody => "none".to_string(),
            OwnerFilter::Agency(id) => id.to_string(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "none" {
            return Some(OwnerFilter::Nobody);
        }
        s.parse().ok().filter(|id: &i64| *id > 0).map(OwnerFilter::Agency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_know_pending() {
        for s in ProblemStatus::ALL {
            assert_eq!(ProblemStatus::parse(s.as_str()), Some(s));
        }
        assert!(ProblemStatus::Open.is_pending());
        assert!(ProblemStatus::InProgress.is_pending());
        assert!(!ProblemStatus::Resolved.is_pending());
        assert!(!ProblemStatus::NotApplicable.is_pending());
    }

    #[test]
    fn status_filter_covers_pending_and_each_status() {
        assert_eq!(StatusFilter::parse("pending"), Some(StatusFilter::Pending));
        assert_eq!(StatusFilter::Pending.statuses(), vec![ProblemStatus::Open, ProblemStatus::InProgress]);
        assert_eq!(StatusFilter::parse("resolved"), Some(StatusFilter::Is(ProblemStatus::Resolved)));
        assert_eq!(StatusFilter::parse("done"), None);
        assert_eq!(StatusFilter::all().len(), 6);
        for f in StatusFilter::all() {
            assert_eq!(StatusFilter::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn owner_filter_parses_none_and_ids() {
        assert_eq!(OwnerFilter::parse("none"), Some(OwnerFilter::Nobody));
        assert_eq!(OwnerFilter::parse("12"), Some(OwnerFilter::Agency(12)));
        assert_eq!(OwnerFilter::parse("0"), None);
        assert_eq!(OwnerFilter::parse("-3"), None);
        assert_eq!(OwnerFilter::parse("PHO"), None);
        assert_eq!(OwnerFilter::Agency(5).to_param(), "5");
    }
}
