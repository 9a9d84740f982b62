//! Household members: how they relate to the head of the household, and their sex.
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Head,
    Spouse,
    Child,
    Parent,
    Grandchild,
    Relative,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 7] = [
        Relation::Head,
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::Grandchild,
        Relation::Relative,
        Relation::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Head => "head",
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Grandchild => "grandchild",
            Relation::Relative => "relative",
            Relation::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Relation::Head, Lang::Th) => "หัวหน้าครัวเรือน",
            (Relation::Spouse, Lang::Th) => "คู่สมรส",
            (Relation::Child, Lang::Th) => "บุตร",
            (Relation::Parent, Lang::Th) => "บิดา/มารดา",
            (Relation::Grandchild, Lang::Th) => "หลาน",
            (Relation::Relative, Lang::Th) => "ญาติ",
            (Relation::Other, Lang::Th) => "ผู้อาศัย",
            (Relation::Head, Lang::En) => "Head of household",
            (Relation::Spouse, Lang::En) => "Spouse",
            (Relation::Child, Lang::En) => "Child",
            (Relation::Parent, Lang::En) => "Parent",
            (Relation::Grandchild, Lang::En) => "Grandchild",
            (Relation::Relative, Lang::En) => "Relative",
            (Relation::Other, Lang::En) => "Other resident",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sex::Male, Lang::Th) => "ชาย",
            (Sex::Female, Lang::Th) => "หญิง",
            (Sex::Male, Lang::En) => "Male",
            (Sex::Female, Lang::En) => "Female",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_and_sexes_round_trip() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
        assert_eq!(Relation::parse("boss"), None);
        assert_eq!(Sex::parse("female"), Some(Sex::Female));
        assert_eq!(Sex::parse("f"), None);
        assert_eq!(Relation::Head.label(Lang::Th), "หัวหน้าครัวเรือน");
    }
}
