//! The orders the household list can be sorted in.
use super::text_enum::text_enum;

text_enum! {
    /// An order of the household list.
    #[derive(Default)]
    pub enum SortKey {
        /// Head of household's name in Thai dictionary order.
        #[default]
        Name = "name", "ชื่อหัวหน้าครัวเรือน", "Head's name";
        /// Amphoe, tambon, village and house number.
        Address = "address", "ที่อยู่", "Address";
        /// Most pending problems first.
        Problems = "problems", "ปัญหาค้างมากสุด", "Most pending problems";
        /// Most recently updated first.
        Updated = "updated", "ปรับปรุงล่าสุด", "Recently updated";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_round_trip() {
        for k in SortKey::ALL {
            assert_eq!(SortKey::parse(k.as_str()), Some(k));
        }
        assert_eq!(SortKey::parse("random"), None);
        assert_eq!(SortKey::default(), SortKey::Name);
    }
}
