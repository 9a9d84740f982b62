//! The household ladder: อยู่รอด survive → พอเพียง sufficient → ยั่งยืน sustainable.
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Survive,
    Sufficient,
    Sustainable,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Survive, Stage::Sufficient, Stage::Sustainable];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Survive => "survive",
            Stage::Sufficient => "sufficient",
            Stage::Sustainable => "sustainable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Survive, Lang::Th) => "อยู่รอด",
            (Stage::Sufficient, Lang::Th) => "พอเพียง",
            (Stage::Sustainable, Lang::Th) => "ยั่งยืน",
            (Stage::Survive, Lang::En) => "Survive",
            (Stage::Sufficient, Lang::En) => "Sufficient",
            (Stage::Sustainable, Lang::En) => "Sustainable",
        }
    }

    /// The next rung of the ladder, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Survive => Some(Stage::Sufficient),
            Stage::Sufficient => Some(Stage::Sustainable),
            Stage::Sustainable => None,
        }
    }
}

/// Label for a household's stage, where `None` means not yet assessed.
pub fn stage_label(stage: Option<Stage>, lang: Lang) -> &'static str {
    match stage {
        Some(s) => s.label(lang),
        None => match lang {
            Lang::Th => "ยังไม่ประเมิน",
            Lang::En => "Not assessed",
        },
    }
}

/// CSS modifier for a stage badge or bar segment.
pub fn stage_class(stage: Option<Stage>) -> &'static str {
    match stage {
        Some(s) => s.as_str(),
        None => "unassessed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_ordered_up_the_ladder() {
        assert!(Stage::Survive < Stage::Sufficient && Stage::Sufficient < Stage::Sustainable);
        assert_eq!(Stage::Survive.next(), Some(Stage::Sufficient));
        assert_eq!(Stage::Sustainable.next(), None);
    }

    #[test]
    fn parses_only_stored_values() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("unassessed"), None);
        assert_eq!(stage_label(None, Lang::Th), "ยังไม่ประเมิน");
        assert_eq!(stage_class(None), "unassessed");
    }
}
