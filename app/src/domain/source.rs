//! Where a target-household list comes from.
use super::text_enum::text_enum;

text_enum! {
    /// A list's origin: the national platform, its additions, or the province's own survey.
    pub enum ListSource {
        Tpmap = "tpmap", "TPMAP", "TPMAP";
        Thaiqm = "thaiqm", "ThaiQM", "ThaiQM";
        Local = "local", "สำรวจในพื้นที่", "Local survey";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_the_stored_ones() {
        assert_eq!(ListSource::parse("thaiqm"), Some(ListSource::Thaiqm));
        assert_eq!(ListSource::parse("TPMAP"), None);
        assert_eq!(ListSource::ALL.len(), 3);
    }
}
