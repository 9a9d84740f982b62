//! The household ladder: อยู่รอด survive → พอเพียง sufficient → ยั่งยืน sustainable.
use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// A rung of the ladder, lowest first.
    pub enum Stage {
        Survive = "survive", "อยู่รอด", "Survive";
        Sufficient = "sufficient", "พอเพียง", "Sufficient";
        Sustainable = "sustainable", "ยั่งยืน", "Sustainable";
    }
}

impl Stage {
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
