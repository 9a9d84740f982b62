//! The 5 dimensions of deprivation (5 มิติความขัดสน) every indicator belongs to.
use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// A dimension of deprivation, in the order the province reports them.
    pub enum Dimension {
        Health = "health", "สุขภาพ", "Health";
        Living = "living", "ความเป็นอยู่", "Living conditions";
        Education = "education", "การศึกษา", "Education";
        Income = "income", "รายได้", "Income";
        Access = "access", "การเข้าถึงบริการรัฐ", "Access to public services";
    }
}

impl Dimension {
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
