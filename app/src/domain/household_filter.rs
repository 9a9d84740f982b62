//! The household list's filters, sorting and paging, parsed from and written to query strings
//! the same way by the browser, the server functions and the REST API.
use serde::{Deserialize, Serialize};

use super::dimension::Dimension;
use super::problem::{OwnerFilter, StatusFilter};
pub use super::sort_key::SortKey;
use super::stage::Stage;
pub use super::url::percent_encode;
use crate::i18n::Lang;

pub const DEFAULT_PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 200;
/// Longest search text accepted.
pub const MAX_QUERY_CHARS: usize = 100;

/// A household's stage for filtering: not yet assessed, or one rung of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageFilter {
    Unassessed,
    Is(Stage),
}

impl StageFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            StageFilter::Unassessed => "unassessed",
            StageFilter::Is(s) => s.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "unassessed" {
            return Some(StageFilter::Unassessed);
        }
        Stage::parse(s).map(StageFilter::Is)
    }

    pub fn all() -> [StageFilter; 4] {
        [
            StageFilter::Unassessed,
            StageFilter::Is(Stage::Survive),
            StageFilter::Is(Stage::Sufficient),
            StageFilter::Is(Stage::Sustainable),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdFilter {
    pub amphoe: Option<String>,
    pub tambon: Option<String>,
    pub village: Option<String>,
    pub dimension: Option<Dimension>,
    /// An indicator code of the current catalogue, e.g. `L2`.
    pub indicator: Option<String>,
    pub stage: Option<StageFilter>,
    pub status: Option<StatusFilter>,
    pub owner: Option<OwnerFilter>,
    /// Name, house number, or the last digits of a citizen id.
    pub q: Option<String>,
    pub sort: SortKey,
    pub page: u32,
    pub per_page: u32,
}

impl Default for HouseholdFilter {
    fn default() -> Self {
        HouseholdFilter {
            amphoe: None,
            tambon: None,
            village: None,
            dimension: None,
            indicator: None,
            stage: None,
            status: None,
            owner: None,
            q: None,
            sort: SortKey::Name,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// A query parameter whose value was refused; the rest of the filter still applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterError {
    pub param: String,
    pub value: String,
}

impl FilterError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Th => format!("ค่า \"{}\" ของตัวกรอง {} ไม่ถูกต้อง จึงไม่ได้ใช้", self.value, self.param),
            Lang::En => format!("Ignored the invalid value \"{}\" for {}", self.value, self.param),
        }
    }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_indicator_code(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && s.len() >= 2
        && s.len() <= 8
        && chars.all(|c| c.is_ascii_alphanumeric())
}

impl HouseholdFilter {
    /// Parses decoded query pairs. Empty values mean "any"; unknown parameters are ignored;
    /// invalid values are left out of the filter and reported.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<FilterError>) {
        let mut f = HouseholdFilter::default();
        let mut errors = Vec::new();
        for (key, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            let ok = match key {
                "amphoe" => set_if(&mut f.amphoe, digits(value, 4), value),
                "tambon" => set_if(&mut f.tambon, digits(value, 6), value),
                "village" => set_if(&mut f.village, digits(value, 8), value),
                "dimension" => Dimension::parse(value).map(|d| f.dimension = Some(d)).is_some(),
                "indicator" => {
                    let code = value.to_ascii_uppercase();
                    set_if(&mut f.indicator, is_indicator_code(&code), &code)
                }
                "stage" => StageFilter::parse(value).map(|s| f.stage = Some(s)).is_some(),
                "status" => StatusFilter::parse(value).map(|s| f.status = Some(s)).is_some(),
                "owner" => OwnerFilter::parse(value).map(|o| f.owner = Some(o)).is_some(),
                "q" => {
                    let q: String = value.chars().take(MAX_QUERY_CHARS).collect();
                    f.q = Some(q);
                    true
                }
                "sort" => SortKey::parse(value).map(|s| f.sort = s).is_some(),
                "page" => match value.parse::<u32>() {
                    Ok(p) if p >= 1 => {
                        f.page = p;
                        true
                    }
                    _ => false,
                },
                "per_page" => match value.parse::<u32>() {
                    Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => {
                        f.per_page = n;
                        true
                    }
                    _ => false,
                },
                _ => true,
            };
            if !ok {
                errors.push(FilterError { param: key.to_string(), value: value.to_string() });
            }
        }
        f.drop_areas_outside_parent();
        (f, errors)
    }

    /// A tambon outside the chosen amphoe (or a village outside the chosen tambon) is left
    /// over from an earlier choice: drop it rather than show an always-empty list.
    fn drop_areas_outside_parent(&mut self) {
        if let (Some(a), Some(t)) = (&self.amphoe, &self.tambon) {
            if !t.starts_with(a.as_str()) {
                self.tambon = None;
            }
        }
        let parent = self.tambon.as_ref().or(self.amphoe.as_ref());
        if let (Some(p), Some(v)) = (parent, &self.village) {
            if !v.starts_with(p.as_str()) {
                self.village = None;
            }
        }
    }

    /// The query pairs for this filter, leaving out defaults, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut v: Vec<(&'static str, String)> = Vec::new();
        let mut push = |k: &'static str, val: Option<String>| {
            if let Some(val) = val {
                v.push((k, val));
            }
        };
        push("amphoe", self.amphoe.clone());
        push("tambon", self.tambon.clone());
        push("village", self.village.clone());
        push("dimension", self.dimension.map(|d| d.as_str().to_string()));
        push("indicator", self.indicator.clone());
        push("stage", self.stage.map(|s| s.as_str().to_string()));
        push("status", self.status.map(|s| s.as_str().to_string()));
        push("owner", self.owner.map(|o| o.to_param()));
        push("q", self.q.clone());
        push("sort", (self.sort != SortKey::Name).then(|| self.sort.as_str().to_string()));
        push("page", (self.page != 1).then(|| self.page.to_string()));
        push("per_page", (self.per_page != DEFAULT_PER_PAGE).then(|| self.per_page.to_string()));
        v
    }

    /// `?amphoe=3301&…` (empty when every value is the default).
    pub fn to_query_string(&self) -> String {
        let pairs = self.to_pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
        format!("?{}", body.join("&"))
    }

    /// The same filter on another page.
    pub fn with_page(&self, page: u32) -> Self {
        HouseholdFilter { page, ..self.clone() }
    }

    /// Whether any problem-level condition is set (dimension, indicator, status or owner).
    pub fn has_problem_conditions(&self) -> bool {
        self.dimension.is_some() || self.indicator.is_some() || self.status.is_some() || self.owner.is_some()
    }

    /// Zero-based row offset of the first item on the page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }

    /// The search text as the last digits of a citizen id, when it is 4 to 13 digits
    /// (dashes and spaces allowed).
    pub fn q_citizen_digits(&self) -> Option<String> {
        let q = self.q.as_deref()?;
        let d: String = q.chars().filter(|c| *c != '-' && *c != ' ').collect();
        (d.len() >= 4 && d.len() <= 13 && d.bytes().all(|b| b.is_ascii_digit())).then_some(d)
    }
}

fn set_if(slot: &mut Option<String>, ok: bool, value: &str) -> bool {
    if ok {
        *slot = Some(value.to_string());
    }
    ok
}

/// Number of pages needed for `total` items.
pub fn page_count(total: u64, per_page: u32) -> u64 {
    if per_page == 0 {
        return 0;
    }
    total.div_ceil(u64::from(per_page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::problem::ProblemStatus;

    #[test]
    fn parses_every_parameter() {
        let (f, errors) = HouseholdFilter::from_pairs([
            ("amphoe", "3301"),
            ("tambon", "330101"),
            ("village", "33010105"),
            ("dimension", "living"),
            ("indicator", "l2"),
            ("stage", "unassessed"),
            ("status", "pending"),
            ("owner", "none"),
            ("q", " สมชาย "),
            ("sort", "problems"),
            ("page", "3"),
            ("per_page", "20"),
            ("utm_source", "line"),
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f.amphoe.as_deref(), Some("3301"));
        assert_eq!(f.village.as_deref(), Some("33010105"));
        assert_eq!(f.dimension, Some(Dimension::Living));
        assert_eq!(f.indicator.as_deref(), Some("L2"));
        assert_eq!(f.stage, Some(StageFilter::Unassessed));
        assert_eq!(f.status, Some(StatusFilter::Pending));
        assert_eq!(f.owner, Some(OwnerFilter::Nobody));
        assert_eq!(f.q.as_deref(), Some("สมชาย"));
        assert_eq!(f.sort, SortKey::Problems);
        assert_eq!((f.page, f.per_page), (3, 20));
        assert_eq!(f.offset(), 40);
        assert!(f.has_problem_conditions());
    }

    #[test]
    fn keeps_the_good_values_and_reports_the_bad() {
        let (f, errors) = HouseholdFilter::from_pairs([
            ("amphoe", "33O1"),
            ("tambon", "330101"),
            ("stage", "rich"),
            ("page", "0"),
            ("per_page", "5000"),
            ("status", ""),
        ]);
        assert_eq!(f.amphoe, None);
        assert_eq!(f.tambon.as_deref(), Some("330101"));
        assert_eq!(f.stage, None);
        assert_eq!((f.page, f.per_page), (1, DEFAULT_PER_PAGE));
        let params: Vec<&str> = errors.iter().map(|e| e.param.as_str()).collect();
        assert_eq!(params, vec!["amphoe", "stage", "page", "per_page"]);
        assert!(errors[0].message(Lang::Th).contains("33O1"));
    }

    #[test]
    fn areas_outside_their_parent_are_dropped() {
        let (f, errors) =
            HouseholdFilter::from_pairs([("amphoe", "3302"), ("tambon", "330101"), ("village", "33010101")]);
        assert!(errors.is_empty());
        assert_eq!(f.amphoe.as_deref(), Some("3302"));
        assert_eq!(f.tambon, None);
        assert_eq!(f.village, None);
        let (f, _) = HouseholdFilter::from_pairs([("tambon", "330101"), ("village", "33010105")]);
        assert_eq!(f.village.as_deref(), Some("33010105"));
        let (f, _) = HouseholdFilter::from_pairs([("amphoe", "3301"), ("tambon", "330101"), ("village", "33010201")]);
        assert_eq!((f.tambon.as_deref(), f.village), (Some("330101"), None));
    }

    #[test]
    fn query_strings_round_trip() {
        let f = HouseholdFilter {
            amphoe: Some("3304".into()),
            status: Some(StatusFilter::Is(ProblemStatus::InProgress)),
            owner: Some(OwnerFilter::Agency(7)),
            q: Some("12/3 หมู่".into()),
            page: 2,
            ..Default::default()
        };
        let qs = f.to_query_string();
        assert!(qs.starts_with("?amphoe=3304&status=in_progress&owner=7&q=12%2F3%20%E0%B8%AB"));
        assert!(qs.ends_with("&page=2"));
        let decoded = [("amphoe", "3304"), ("status", "in_progress"), ("owner", "7"), ("q", "12/3 หมู่"), ("page", "2")];
        let (back, errors) = HouseholdFilter::from_pairs(decoded);
        assert!(errors.is_empty());
        assert_eq!(back, f);
        assert_eq!(HouseholdFilter::default().to_query_string(), "");
        assert!(!f.with_page(1).to_query_string().contains("page="));
    }

    #[test]
    fn citizen_digit_search_needs_four_to_thirteen_digits() {
        let with_q = |q: &str| HouseholdFilter { q: Some(q.into()), ..Default::default() };
        assert_eq!(with_q("70-8").q_citizen_digits(), None);
        assert_eq!(with_q("0708").q_citizen_digits().as_deref(), Some("0708"));
        assert_eq!(with_q("1-1017-00230-70-8").q_citizen_digits().as_deref(), Some("1101700230708"));
        assert_eq!(with_q("สมชาย").q_citizen_digits(), None);
    }

    #[test]
    fn counts_pages() {
        assert_eq!(page_count(0, 50), 0);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
    }
}
