//! Conflicts between what an officer recorded on a copy taken earlier (perhaps offline) and what
//! changed on the server since: which field, both values, and what each choice does to the
//! record that is sent again. Never silently overwritten: the officer (or a coordinator) chooses.
use serde::{Deserialize, Serialize};

use super::problem::ProblemStatus;
use super::stage::{stage_label, Stage};
use super::text_enum::text_enum;
use crate::i18n::Lang;

text_enum! {
    /// The field both sides changed.
    pub enum ConflictField {
        ProblemStatus = "problem_status", "สถานะของปัญหา", "Problem status";
        Stage = "stage", "ระดับขั้นของครัวเรือน", "Household stage";
    }
}

/// One field changed on both sides: the officer's value and the server's (stored texts;
/// `None` for a stage means not yet assessed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: ConflictField,
    pub yours: Option<String>,
    pub server: Option<String>,
}

impl FieldConflict {
    /// A value of this field in words.
    pub fn value_label(&self, value: Option<&str>, lang: Lang) -> String {
        match self.field {
            ConflictField::ProblemStatus => {
                value.and_then(ProblemStatus::parse).map(|s| s.label(lang)).unwrap_or("-").to_string()
            }
            ConflictField::Stage => stage_label(value.and_then(Stage::parse), lang).to_string(),
        }
    }
}

/// "Problem resolved" on a copy where the problem stood at `seen`, while it now stands at
/// `current`: a conflict unless nothing changed or it is already resolved.
pub fn problem_status_conflict(seen: ProblemStatus, current: ProblemStatus) -> Option<FieldConflict> {
    (current != seen && current != ProblemStatus::Resolved).then(|| FieldConflict {
        field: ConflictField::ProblemStatus,
        yours: Some(ProblemStatus::Resolved.as_str().into()),
        server: Some(current.as_str().into()),
    })
}

/// A stage proposal made on a copy where the household stood at `seen`, while it now stands at
/// `current`: a conflict unless nothing changed or it already is where proposed.
pub fn stage_conflict(proposed: Stage, seen: Option<Stage>, current: Option<Stage>) -> Option<FieldConflict> {
    (current != seen && current != Some(proposed)).then(|| FieldConflict {
        field: ConflictField::Stage,
        yours: Some(proposed.as_str().into()),
        server: current.map(|s| s.as_str().into()),
    })
}

/// Which value wins a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The officer's value, over the server's change.
    Mine,
    /// The server's value: the record is kept, without that change.
    Server,
}

/// The assistance body (JSON of `NewAssistance`) to send again after `choice` on `conflicts`:
/// keeping mine takes the server's value as the new "seen" one; keeping the server's drops
/// the change (the record itself is always kept).
pub fn apply_choice(body: &mut serde_json::Value, conflicts: &[FieldConflict], choice: Choice) {
    use serde_json::Value;
    let Some(obj) = body.as_object_mut() else { return };
    for c in conflicts {
        let server = c.server.clone().map(Value::String).unwrap_or(Value::Null);
        match (c.field, choice) {
            (ConflictField::ProblemStatus, Choice::Mine) => {
                obj.insert("base_problem_status".into(), server);
            }
            (ConflictField::ProblemStatus, Choice::Server) => {
                obj.insert("resolved_problem".into(), Value::Bool(false));
                obj.remove("base_problem_status");
            }
            (ConflictField::Stage, Choice::Mine) => {
                obj.insert("base_stage".into(), server);
            }
            (ConflictField::Stage, Choice::Server) => {
                obj.remove("propose_stage");
                obj.remove("base_stage");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_status_changed_elsewhere_is_a_conflict() {
        use ProblemStatus::*;
        assert_eq!(problem_status_conflict(Open, Open), None);
        assert_eq!(problem_status_conflict(Open, Resolved), None, "resolved by both: no conflict");
        let c = problem_status_conflict(Open, CannotResolve).expect("conflict");
        assert_eq!((c.yours.as_deref(), c.server.as_deref()), (Some("resolved"), Some("cannot_resolve")));
        assert_eq!(c.value_label(c.server.as_deref(), Lang::Th), "แก้ไขไม่ได้");
    }

    #[test]
    fn a_stage_changed_elsewhere_is_a_conflict() {
        use Stage::*;
        assert_eq!(stage_conflict(Sufficient, Some(Survive), Some(Survive)), None);
        assert_eq!(stage_conflict(Sufficient, Some(Survive), Some(Sufficient)), None);
        let c = stage_conflict(Sufficient, None, Some(Survive)).expect("conflict");
        assert_eq!(c.server.as_deref(), Some("survive"));
        let c = stage_conflict(Sustainable, Some(Sufficient), None).expect("conflict");
        assert_eq!(c.value_label(c.server.as_deref(), Lang::Th), "ยังไม่ประเมิน");
    }

    #[test]
    fn choices_rewrite_the_record_to_send() {
        let conflicts = vec![
            problem_status_conflict(ProblemStatus::Open, ProblemStatus::InProgress).expect("valid"),
            stage_conflict(Stage::Sufficient, None, Some(Stage::Survive)).expect("valid"),
        ];
        let body = json!({"household_id": 1, "resolved_problem": true, "base_problem_status": "open",
                          "propose_stage": "sufficient", "detail": "x"});
        let mut mine = body.clone();
        apply_choice(&mut mine, &conflicts, Choice::Mine);
        assert_eq!(mine["base_problem_status"], "in_progress");
        assert_eq!(mine["base_stage"], "survive");
        assert_eq!(mine["resolved_problem"], true);
        let mut server = body;
        apply_choice(&mut server, &conflicts, Choice::Server);
        assert_eq!(server["resolved_problem"], false);
        assert!(server.get("propose_stage").is_none() && server.get("base_problem_status").is_none());
        assert_eq!(server["detail"], "x", "the record itself is kept");
    }
}
