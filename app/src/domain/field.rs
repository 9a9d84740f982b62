//! What field officers record: a visit's outcome, an assistance's result, a photo's kind and
//! media consent, and the client-made id that makes every record's sending exactly-once.
use super::text_enum::text_enum;

text_enum! {
    /// How a visit to a household went.
    pub enum VisitOutcome {
        Met = "met", "พบครัวเรือน", "Met the household";
        NobodyHome = "nobody_home", "ไม่มีคนอยู่บ้าน", "Nobody home";
        Moved = "moved", "ย้ายออกแล้ว", "Moved away";
        Died = "died", "เสียชีวิต", "Died";
        Refused = "refused", "ปฏิเสธการเยี่ยม", "Refused the visit";
    }
}

text_enum! {
    /// Where an assistance stands.
    pub enum AssistanceResult {
        Done = "done", "ดำเนินการแล้ว", "Done";
        InProgress = "in_progress", "กำลังดำเนินการ", "In progress";
        CannotDo = "cannot_do", "ดำเนินการไม่ได้", "Cannot be done";
    }
}

text_enum! {
    /// Who may see a photo: nobody beyond the case file, the province's staff, or the public
    /// (best-practice clips; needs the signed consent form).
    pub enum MediaConsent {
        None = "none", "ไม่อนุญาตให้เผยแพร่", "No consent";
        Internal = "internal", "ใช้ภายในหน่วยงาน", "Internal use";
        Public = "public", "เผยแพร่ต่อสาธารณะได้", "Public";
    }
}

text_enum! {
    /// What a photo shows.
    pub enum PhotoKind {
        Before = "before", "ก่อนช่วยเหลือ", "Before";
        After = "after", "หลังช่วยเหลือ", "After";
        ConsentForm = "consent_form", "แบบยินยอมที่ลงนามแล้ว", "Signed consent form";
        Other = "other", "อื่น ๆ", "Other";
    }
}

/// Whether `key` may serve as a record's client id (`Idempotency-Key`): 8 to 100 letters,
/// digits, `-`, `_`, `.` or `:` (a UUID made on the phone fits).
pub fn valid_client_id(key: &str) -> bool {
    (8..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// Why an assistance record is incomplete, in Thai and English (`None`: complete).
pub fn assistance_gap(result: AssistanceResult, reason: Option<&str>) -> Option<(&'static str, &'static str)> {
    let no_reason = reason.is_none_or(|r| r.trim().is_empty());
    (result == AssistanceResult::CannotDo && no_reason)
        .then_some(("ถ้าดำเนินการไม่ได้ ต้องระบุเหตุผล", "A reason is needed when the assistance cannot be done"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_short_safe_tokens() {
        assert!(valid_client_id("0b6f3c7e-2f4a-4d1b-9a3e-5c2d8e7f1a90"));
        assert!(valid_client_id("visit:2026-11-29:0001"));
        assert!(!valid_client_id("short"));
        assert!(!valid_client_id("has space in it"));
        assert!(!valid_client_id("ไทยไทยไทยไทย"));
        assert!(!valid_client_id(&"x".repeat(101)));
    }

    #[test]
    fn a_cannot_do_result_needs_its_reason() {
        assert!(assistance_gap(AssistanceResult::CannotDo, None).is_some());
        assert!(assistance_gap(AssistanceResult::CannotDo, Some("  ")).is_some());
        assert!(assistance_gap(AssistanceResult::CannotDo, Some("ไม่มีงบประมาณ")).is_none());
        assert!(assistance_gap(AssistanceResult::Done, None).is_none());
    }

    #[test]
    fn outcomes_read_back_from_their_codes() {
        assert_eq!(VisitOutcome::parse("nobody_home"), Some(VisitOutcome::NobodyHome));
        assert_eq!(MediaConsent::parse("public"), Some(MediaConsent::Public));
        assert_eq!(PhotoKind::parse("selfie"), None);
    }
}
