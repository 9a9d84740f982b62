//! Household members: how they relate to the head of the household, and their sex.
use super::text_enum::text_enum;

text_enum! {
    /// How a member is related to the head of the household.
    pub enum Relation {
        Head = "head", "หัวหน้าครัวเรือน", "Head of household";
        Spouse = "spouse", "คู่สมรส", "Spouse";
        Child = "child", "บุตร", "Child";
        Parent = "parent", "บิดา/มารดา", "Parent";
        Grandchild = "grandchild", "หลาน", "Grandchild";
        Relative = "relative", "ญาติ", "Relative";
        Other = "other", "ผู้อาศัย", "Other resident";
    }
}

text_enum! {
    pub enum Sex {
        Male = "male", "ชาย", "Male";
        Female = "female", "หญิง", "Female";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

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
