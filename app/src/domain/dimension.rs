//! The 5 dimensions of deprivation (5 มิติความขัดสน) every indicator belongs to.
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Health,
    Living,
    Education,
    Income,
    Access,
}

impl Dimension {
    /// In the order the province reports them.
    pub const ALL: [Dimension; 5] =
        [Dimension::Health, Dimension::Living, Dimension::Education, Dimension::Income, Dimension::Access];

    /// The TEXT value stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Health => "health",
            Dimension::Living => "living",
            Dimension::Education => "education",
            Dimension::Income => "income",
            Dimension::Access => "access",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::Health, Lang::Th) => "สุขภาพ",
            (Dimension::Living, Lang::Th) => "ความเป็นอยู่",
            (Dimension::Education, Lang::Th) => "การศึกษา",
            (Dimension::Income, Lang::Th) => "รายได้",
            (Dimension::Access, Lang::Th) => "การเข้าถึงบริการรัฐ",
            (Dimension::Health, Lang::En) => "Health",
            (Dimension::Living, Lang::En) => "Living conditions",
            (Dimension::Education, Lang::En) => "Education",
            (Dimension::Income, Lang::En) => "Income",
            (Dimension::Access, Lang::En) => "Access to public services",
        }
    }

    /// A short label for narrow table headers.
    pub fn short_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Dimension::Access, Lang::Th) => "บริการรัฐ",
            (Dimension::Living, Lang::En) => "Living",
            (Dimension::Access, Lang::En) => "Access",
            (d, l) => d.label(l),
        }
    }

    /// The letter indicator codes of this dimension start with (H1, L2, E3, I1, A2).
    pub fn code_letter(self) -> char {
        match self {
            Dimension::Health => 'H',
            Dimension::Living => 'L',
            Dimension::Education => 'E',
            Dimension::Income => 'I',
            Dimension::Access => 'A',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_stored_text() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()), Some(d));
        }
        assert_eq!(Dimension::parse("Health"), None);
        assert_eq!(Dimension::parse(""), None);
    }

    #[test]
    fn labels_exist_in_both_languages() {
        for d in Dimension::ALL {
            assert!(!d.label(Lang::Th).is_empty());
            assert!(d.label(Lang::En).is_ascii());
        }
        assert_eq!(Dimension::Access.label(Lang::Th), "การเข้าถึงบริการรัฐ");
    }
}
