//! Visit plans: a district's day of field visits. Who may plan, how a plan's status moves,
//! what a new stop order must be, which stops are carried to a new plan, and the working days
//! a split selection is spread over.
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::access::Role;
use super::field::VisitOutcome;
use super::text_enum::text_enum;

/// The most stops one plan (one team's day) may hold.
pub const MAX_PLAN_STOPS: usize = 200;

text_enum! {
    /// Where a plan stands: drafted by the coordinator, confirmed (shared to the team's
    /// phones), or done (the day is over).
    pub enum PlanStatus {
        Draft = "draft", "ร่าง", "Draft";
        Confirmed = "confirmed", "ยืนยันแล้ว", "Confirmed";
        Done = "done", "เสร็จแล้ว", "Done";
    }
}

/// A refused plan change, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRuleError {
    pub th: String,
    pub en: String,
}

impl PlanRuleError {
    fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        PlanRuleError { th: th.into(), en: en.into() }
    }
}

/// Coordinators and administrators plan visit days; officers follow them, executives read.
pub fn may_plan(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Coordinator)
}

/// Draft ⇄ confirmed ⇄ done; a plan that is done can be reopened (confirmed) but not drafted
/// again, and a draft is confirmed before it can be done.
pub fn check_status_move(from: PlanStatus, to: PlanStatus) -> Result<(), PlanRuleError> {
    use PlanStatus::*;
    match (from, to) {
        (a, b) if a == b => Ok(()),
        (Draft, Confirmed) | (Confirmed, Draft) | (Confirmed, Done) | (Done, Confirmed) => Ok(()),
        (Draft, Done) => {
            Err(PlanRuleError::new("ต้องยืนยันแผนก่อนจึงจะบันทึกว่าเสร็จแล้ว", "Confirm the plan before marking it done"))
        }
        (Done, Draft) => Err(PlanRuleError::new(
            "แผนที่เสร็จแล้วกลับเป็นร่างไม่ได้ เปิดใหม่เป็น 'ยืนยันแล้ว' หรือสร้างแผนใหม่",
            "A finished plan cannot become a draft again; reopen it as confirmed or make a new plan",
        )),
        _ => Ok(()),
    }
}

/// Stops can be changed until the plan is done.
pub fn check_editable(status: PlanStatus) -> Result<(), PlanRuleError> {
    if status == PlanStatus::Done {
        return Err(PlanRuleError::new(
            "แผนนี้เสร็จแล้ว แก้ไขจุดแวะไม่ได้ (เปิดแผนใหม่เป็น 'ยืนยันแล้ว' ก่อน)",
            "This plan is done; reopen it as confirmed before changing its stops",
        ));
    }
    Ok(())
}

/// A plan's households: at least one, at most [`MAX_PLAN_STOPS`], each once.
pub fn check_stops(household_ids: &[i64]) -> Result<(), PlanRuleError> {
    if household_ids.is_empty() {
        return Err(PlanRuleError::new("เลือกครัวเรือนอย่างน้อย 1 ครัวเรือน", "Choose at least one household"));
    }
    if household_ids.len() > MAX_PLAN_STOPS {
        return Err(PlanRuleError::new(
            format!("แผนหนึ่งวันมีได้ไม่เกิน {MAX_PLAN_STOPS} จุด (เลือกไว้ {}) ใช้ 'แบ่งเป็นหลายวัน' แทน", household_ids.len()),
            format!(
                "A day's plan holds at most {MAX_PLAN_STOPS} stops ({} chosen); split it into several days",
                household_ids.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = household_ids.iter().find(|id| !seen.insert(**id)) {
        return Err(PlanRuleError::new(
            format!("ครัวเรือน #{dup} อยู่ในแผนซ้ำกัน"),
            format!("Household #{dup} appears twice in the plan"),
        ));
    }
    Ok(())
}

/// A new order of a plan's stops must hold exactly the same households.
pub fn check_reorder(current: &[i64], proposed: &[i64]) -> Result<(), PlanRuleError> {
    let mut a = current.to_vec();
    let mut b = proposed.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    if a != b {
        return Err(PlanRuleError::new(
            "ลำดับใหม่ต้องมีครัวเรือนชุดเดิมทุกครัวเรือน",
            "The new order must hold exactly the plan's households",
        ));
    }
    Ok(())
}

/// Whether a stop still needs a visit: none recorded that day, or nobody was home.
pub fn needs_another_visit(outcome: Option<VisitOutcome>) -> bool {
    matches!(outcome, None | Some(VisitOutcome::NobodyHome))
}

/// The stops to carry to a new plan, in their order: those that still need a visit.
pub fn carried_stops(stops: &[(i64, Option<VisitOutcome>)]) -> Vec<i64> {
    stops.iter().filter(|(_, outcome)| needs_another_visit(*outcome)).map(|(id, _)| *id).collect()
}

/// The UTC instants (RFC 3339) that bound a day in Thailand (UTC+7): a visit recorded at
/// `from <= visited_at < to` happened on `date`.
pub fn thai_day_in_utc(date: NaiveDate) -> (String, String) {
    let start = date.and_hms_opt(0, 0, 0).unwrap_or_default() - Duration::hours(7);
    let end = start + Duration::days(1);
    (crate::domain::dates::iso_utc_timestamp(start), crate::domain::dates::iso_utc_timestamp(end))
}

/// The next working day (Monday to Friday) on or after `date`.
pub fn working_day_on_or_after(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// The dates of `days` consecutive working days from `first` (weekends skipped).
pub fn working_days(first: NaiveDate, days: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(days);
    let mut d = working_day_on_or_after(first);
    while out.len() < days {
        out.push(d);
        d = working_day_on_or_after(d + Duration::days(1));
    }
    out
}

/// Which day and team each of `groups` split groups goes to, with `teams` teams working in
/// parallel: groups 0..teams go on the first day, the next `teams` on the second, and so on.
pub fn group_slots(groups: usize, teams: usize) -> Vec<(usize, usize)> {
    let teams = teams.max(1);
    (0..groups).map(|g| (g / teams, g % teams)).collect()
}

/// `items` with the one at `from` taken out and put at `to` (a dragged stop); out-of-range
/// positions leave the order as it was.
pub fn moved<T: Clone>(items: &[T], from: usize, to: usize) -> Vec<T> {
    let mut out = items.to_vec();
    if from < out.len() && to < out.len() && from != to {
        let item = out.remove(from);
        out.insert(to, item);
    }
    out
}

/// "09:30" for minutes after midnight (wrapping past midnight).
pub fn clock(minute: u32) -> String {
    let m = minute % (24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    #[test]
    fn only_coordinators_and_admins_plan() {
        assert!(may_plan(Role::Coordinator) && may_plan(Role::Admin));
        assert!(!may_plan(Role::Officer) && !may_plan(Role::Executive) && !may_plan(Role::Agency));
    }

    #[test]
    fn status_moves_follow_the_day() {
        use PlanStatus::*;
        assert!(check_status_move(Draft, Confirmed).is_ok());
        assert!(check_status_move(Confirmed, Done).is_ok());
        assert!(check_status_move(Done, Confirmed).is_ok());
        assert!(check_status_move(Confirmed, Draft).is_ok());
        assert!(check_status_move(Draft, Draft).is_ok());
        let e = check_status_move(Draft, Done).expect_err("a draft is confirmed first");
        assert!(e.th.contains("ยืนยัน"));
        assert!(check_status_move(Done, Draft).is_err());
        assert!(check_editable(Done).is_err() && check_editable(Confirmed).is_ok());
    }

    #[test]
    fn stops_are_checked() {
        assert!(check_stops(&[]).is_err());
        assert!(check_stops(&[1, 2, 3]).is_ok());
        let e = check_stops(&[1, 2, 1]).expect_err("a duplicate");
        assert!(e.th.contains("#1"), "{}", e.th);
        let many: Vec<i64> = (0..=MAX_PLAN_STOPS as i64).collect();
        assert!(check_stops(&many).expect_err("too many").th.contains("แบ่งเป็นหลายวัน"));
    }

    #[test]
    fn a_reorder_keeps_the_households() {
        assert!(check_reorder(&[1, 2, 3], &[3, 1, 2]).is_ok());
        assert!(check_reorder(&[1, 2, 3], &[3, 1]).is_err());
        assert!(check_reorder(&[1, 2, 3], &[3, 1, 4]).is_err());
        assert!(check_reorder(&[1, 2, 3], &[3, 1, 1]).is_err());
    }

    #[test]
    fn unvisited_and_nobody_home_stops_are_carried() {
        let stops = [
            (10, Some(VisitOutcome::Met)),
            (11, None),
            (12, Some(VisitOutcome::NobodyHome)),
            (13, Some(VisitOutcome::Moved)),
            (14, None),
        ];
        assert_eq!(carried_stops(&stops), vec![11, 12, 14]);
    }

    #[test]
    fn a_thai_day_starts_at_five_pm_utc_the_day_before() {
        assert_eq!(
            thai_day_in_utc(day(2026, 11, 30)),
            ("2026-11-29T17:00:00Z".to_string(), "2026-11-30T17:00:00Z".to_string())
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-27 is a Friday.
        assert_eq!(working_days(day(2026, 11, 27), 3), vec![day(2026, 11, 27), day(2026, 11, 30), day(2026, 12, 1)]);
        assert_eq!(working_day_on_or_after(day(2026, 11, 28)), day(2026, 11, 30));
        assert!(working_days(day(2026, 11, 27), 0).is_empty());
    }

    #[test]
    fn groups_fill_the_teams_of_a_day_first() {
        assert_eq!(group_slots(5, 2), vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]);
        assert_eq!(group_slots(2, 0), vec![(0, 0), (1, 0)]);
    }

    #[test]
    fn a_dragged_stop_moves_and_the_rest_keep_their_order() {
        assert_eq!(moved(&[1, 2, 3, 4], 0, 2), vec![2, 3, 1, 4]);
        assert_eq!(moved(&[1, 2, 3, 4], 3, 0), vec![4, 1, 2, 3]);
        assert_eq!(moved(&[1, 2, 3], 1, 1), vec![1, 2, 3]);
        assert_eq!(moved(&[1, 2, 3], 5, 0), vec![1, 2, 3]);
    }

    #[test]
    fn clock_text() {
        assert_eq!(clock(510), "08:30");
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(24 * 60 + 75), "01:15");
    }
}
