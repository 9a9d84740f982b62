//! When a household may stand on a rung of the ladder. Each indicator's problem belongs to a
//! level (the rung it holds a household at); a province's rule says, for each stage, which
//! levels must have no problem left unsolved. The rule is data: stored per province and
//! changed by an admin. The default: every problem of the lower stages solved.
use serde::{Deserialize, Serialize};

use super::problem::ProblemStatus;
use super::stage::Stage;
use crate::i18n::Lang;

/// For each stage, the levels whose problems must all be solved before a household stands there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRule {
    pub requires: Vec<(Stage, Vec<Stage>)>,
}

impl Default for StageRule {
    /// อยู่รอด needs nothing; พอเพียง needs the survival problems solved; ยั่งยืน needs the
    /// survival and sufficiency problems solved.
    fn default() -> Self {
        StageRule {
            requires: vec![
                (Stage::Survive, vec![]),
                (Stage::Sufficient, vec![Stage::Survive]),
                (Stage::Sustainable, vec![Stage::Survive, Stage::Sufficient]),
            ],
        }
    }
}

impl StageRule {
    /// The levels that must be clear for `stage`.
    pub fn levels_for(&self, stage: Stage) -> &[Stage] {
        self.requires.iter().find(|(s, _)| *s == stage).map_or(&[], |(_, levels)| levels.as_slice())
    }
}

impl StageRule {
    /// A rule an admin may save: each stage once, each level once per stage, and only levels
    /// below the stage (a household cannot wait on problems of its own rung or above).
    pub fn check(&self) -> Result<(), (String, String)> {
        for (i, (stage, levels)) in self.requires.iter().enumerate() {
            if self.requires[..i].iter().any(|(s, _)| s == stage) {
                return Err((
                    format!("ระดับ{}ระบุซ้ำ", stage.label(Lang::Th)),
                    format!("{} is listed twice", stage.label(Lang::En)),
                ));
            }
            for (j, level) in levels.iter().enumerate() {
                if levels[..j].contains(level) || level >= stage {
                    return Err((
                        format!("ระดับ{}ต้องการได้เฉพาะปัญหาระดับที่ต่ำกว่า แต่ละระดับครั้งเดียว", stage.label(Lang::Th)),
                        format!("{} may only require lower levels, each once", stage.label(Lang::En)),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Levels as stored: `survive,sufficient` (empty for none).
pub fn levels_to_stored(levels: &[Stage]) -> String {
    levels.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
}

/// Reads stored levels; unknown names are an error naming them.
pub fn levels_from_stored(stored: &str) -> Result<Vec<Stage>, String> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Stage::parse(s).ok_or_else(|| s.to_string()))
        .collect()
}

/// A problem of the household as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderProblem {
    /// Indicator code, e.g. `L1`.
    pub indicator: String,
    /// The level its indicator belongs to (`None`: it holds no rung).
    pub level: Option<Stage>,
    pub status: ProblemStatus,
}

/// Whether a problem still holds a household back: anything but solved or not applicable.
pub fn holds_back(status: ProblemStatus) -> bool {
    !matches!(status, ProblemStatus::Resolved | ProblemStatus::NotApplicable)
}

/// Why a household may not stand on a stage: the unsolved problems per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRefusal {
    pub stage: Stage,
    /// Per level, in the rule's order, the indicator codes of problems still unsolved.
    pub blocking: Vec<(Stage, Vec<String>)>,
}

/// The level's problems named as a group ("survival problems").
fn level_noun(level: Stage, lang: Lang) -> &'static str {
    match (level, lang) {
        (Stage::Survive, Lang::Th) => "ระดับอยู่รอด",
        (Stage::Sufficient, Lang::Th) => "ระดับพอเพียง",
        (Stage::Sustainable, Lang::Th) => "ระดับยั่งยืน",
        (Stage::Survive, Lang::En) => "survival",
        (Stage::Sufficient, Lang::En) => "sufficiency",
        (Stage::Sustainable, Lang::En) => "sustainability",
    }
}

impl StageRefusal {
    /// E.g. "ปัญหาระดับอยู่รอดยังไม่ได้แก้ไข 2 รายการ: L1, A2" / "2 survival problems still open: L1, A2".
    pub fn reasons(&self, lang: Lang) -> Vec<String> {
        self.blocking
            .iter()
            .map(|(level, codes)| {
                let n = codes.len();
                let list = codes.join(", ");
                match lang {
                    Lang::Th => format!("ปัญหา{}ยังไม่ได้แก้ไข {n} รายการ: {list}", level_noun(*level, lang)),
                    Lang::En => {
                        let s = if n == 1 { "" } else { "s" };
                        format!("{n} {} problem{s} still open: {list}", level_noun(*level, lang))
                    }
                }
            })
            .collect()
    }

    /// One sentence for an error message.
    pub fn message(&self, lang: Lang) -> String {
        let head = match lang {
            Lang::Th => format!("ยังย้ายไประดับ{}ไม่ได้: ", self.stage.label(lang)),
            Lang::En => format!("Cannot move to {} yet: ", self.stage.label(lang)),
        };
        format!("{head}{}", self.reasons(lang).join("; "))
    }
}

/// Whether a household with `problems` may stand on `stage` under `rule`.
pub fn check_stage(rule: &StageRule, stage: Stage, problems: &[LadderProblem]) -> Result<(), StageRefusal> {
    let blocking: Vec<(Stage, Vec<String>)> = rule
        .levels_for(stage)
        .iter()
        .filter_map(|level| {
            let mut codes: Vec<String> = problems
                .iter()
                .filter(|p| p.level == Some(*level) && holds_back(p.status))
                .map(|p| p.indicator.clone())
                .collect();
            codes.sort();
            codes.dedup();
            (!codes.is_empty()).then_some((*level, codes))
        })
        .collect();
    if blocking.is_empty() {
        Ok(())
    } else {
        Err(StageRefusal { stage, blocking })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(code: &str, level: Stage, status: ProblemStatus) -> LadderProblem {
        LadderProblem { indicator: code.into(), level: Some(level), status }
    }

    #[test]
    fn survive_needs_nothing_and_sufficient_needs_survival_solved() {
        let rule = StageRule::default();
        let problems = vec![
            p("L1", Stage::Survive, ProblemStatus::Open),
            p("A2", Stage::Survive, ProblemStatus::CannotResolve),
            p("E4", Stage::Sufficient, ProblemStatus::Open),
            p("L2", Stage::Survive, ProblemStatus::Resolved),
        ];
        assert_eq!(check_stage(&rule, Stage::Survive, &problems), Ok(()));
        let refusal = check_stage(&rule, Stage::Sufficient, &problems).expect_err("held back");
        assert_eq!(refusal.blocking, vec![(Stage::Survive, vec!["A2".to_string(), "L1".to_string()])]);
        assert_eq!(refusal.reasons(Lang::En), vec!["2 survival problems still open: A2, L1"]);
        assert_eq!(refusal.reasons(Lang::Th), vec!["ปัญหาระดับอยู่รอดยังไม่ได้แก้ไข 2 รายการ: A2, L1"]);
        assert!(refusal.message(Lang::Th).starts_with("ยังย้ายไประดับพอเพียงไม่ได้: "));
    }

    #[test]
    fn sustainable_needs_both_lower_levels_and_names_each() {
        let rule = StageRule::default();
        let problems = vec![
            p("L1", Stage::Survive, ProblemStatus::InProgress),
            p("E4", Stage::Sufficient, ProblemStatus::Open),
            p("I3", Stage::Sustainable, ProblemStatus::Open),
        ];
        let refusal = check_stage(&rule, Stage::Sustainable, &problems).expect_err("held back");
        assert_eq!(refusal.blocking.len(), 2);
        assert_eq!(refusal.reasons(Lang::En)[1], "1 sufficiency problem still open: E4");
    }

    #[test]
    fn solved_or_not_applicable_problems_and_unlevelled_ones_do_not_hold_back() {
        let rule = StageRule::default();
        let problems = vec![
            p("L1", Stage::Survive, ProblemStatus::Resolved),
            p("A1", Stage::Survive, ProblemStatus::NotApplicable),
            LadderProblem { indicator: "X9".into(), level: None, status: ProblemStatus::Open },
        ];
        assert_eq!(check_stage(&rule, Stage::Sustainable, &problems), Ok(()));
    }

    #[test]
    fn a_province_may_loosen_the_rule() {
        let rule = StageRule { requires: vec![(Stage::Sufficient, vec![])] };
        let problems = vec![p("L1", Stage::Survive, ProblemStatus::Open)];
        assert_eq!(check_stage(&rule, Stage::Sufficient, &problems), Ok(()));
        assert_eq!(check_stage(&rule, Stage::Sustainable, &problems), Ok(()), "a stage the rule omits needs nothing");
    }

    #[test]
    fn only_lower_levels_may_be_required() {
        assert_eq!(StageRule::default().check(), Ok(()));
        let own = StageRule { requires: vec![(Stage::Sufficient, vec![Stage::Sufficient])] };
        assert!(own.check().is_err());
        let twice = StageRule { requires: vec![(Stage::Survive, vec![]), (Stage::Survive, vec![])] };
        assert!(twice.check().expect_err("twice").1.contains("twice"));
    }

    #[test]
    fn levels_round_trip_through_storage() {
        assert_eq!(levels_to_stored(&[Stage::Survive, Stage::Sufficient]), "survive,sufficient");
        assert_eq!(levels_from_stored("survive, sufficient"), Ok(vec![Stage::Survive, Stage::Sufficient]));
        assert_eq!(levels_from_stored(""), Ok(vec![]));
        assert_eq!(levels_from_stored("survive,rich"), Err("rich".to_string()));
    }
}
