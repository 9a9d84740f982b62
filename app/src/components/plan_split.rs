//! Splitting a large selection on the planner: how many days (or as few as fit), how many
//! teams, how long a working day; the groups the server proposes (balanced, compact, each
//! ordered, each within the day) with their day and team; then one draft plan saved per group.
use leptos::prelude::*;

use crate::api::plans::{SplitAnswer, SplitRequest};
use crate::app::use_lang;
use crate::domain::dates::format_date;
use crate::domain::geo::format_distance;
use crate::domain::visit_plan::{group_slots, working_days};
use crate::i18n::Lang;
use crate::pages::plan_new::{plan_body, travel, visit_date, PlannerState};

/// What the planner typed for the split.
#[derive(Clone, Copy)]
pub struct SplitSettings {
    pub days: RwSignal<String>,
    pub teams: RwSignal<String>,
    pub hours: RwSignal<String>,
    pub answer: RwSignal<Option<SplitAnswer>>,
}

impl SplitSettings {
    pub fn new() -> Self {
        SplitSettings {
            days: RwSignal::new(String::new()),
            teams: RwSignal::new("1".into()),
            hours: RwSignal::new("7".into()),
            answer: RwSignal::new(None),
        }
    }

    fn teams_n(&self) -> usize {
        self.teams.get_untracked().trim().parse::<usize>().unwrap_or(1).clamp(1, 20)
    }
}

impl Default for SplitSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// The team of group slot `team` when `teams` teams share the chosen officers in turn.
fn team_of(officers: &[i64], teams: usize, team: usize) -> Vec<i64> {
    officers.iter().enumerate().filter(|(i, _)| i % teams.max(1) == team).map(|(_, id)| *id).collect()
}

#[component]
pub fn PlanSplit(state: PlannerState, settings: SplitSettings) -> impl IntoView {
    let lang = use_lang();
    let input = |th: &'static str, en: &'static str, value: RwSignal<String>, testid: &'static str| {
        view! {
            <label>{lang.t(th, en)}
                <input type="text" inputmode="numeric" data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    let groups_view = move || {
        settings.answer.get().map(|answer| {
            let teams = settings.teams_n();
            let days_n = answer.groups.len().div_ceil(teams);
            let dates = visit_date(&state, lang).map(|d| working_days(d, days_n)).unwrap_or_default();
            let officers: Vec<i64> = state.team.get().into_iter().collect();
            let names = state.choices.with(|c| c.officers.clone());
            let slots = group_slots(answer.groups.len(), teams);
            let rows = answer
                .groups
                .iter()
                .zip(slots)
                .enumerate()
                .map(|(i, (g, (day, team)))| {
                    let date = dates.get(day).map(|d| format_date(*d, lang)).unwrap_or_default();
                    let team_names: Vec<String> = team_of(&officers, teams, team)
                        .iter()
                        .filter_map(|id| names.iter().find(|o| o.user_id == *id).map(|o| o.name.clone()))
                        .collect();
                    view! {
                        <li class="card split-group" class:over-limit=g.over_limit data-testid="split-group">
                            <strong>{match lang {
                                Lang::Th => format!("กลุ่ม {} · {} · ทีม {}", i + 1, date, team + 1),
                                Lang::En => format!("Group {} · {} · team {}", i + 1, date, team + 1),
                            }}</strong>
                            <span class="small">{match lang {
                                Lang::Th => format!(" {} ครัวเรือน · {} · {:.1} ชั่วโมง", g.household_ids.len(), format_distance(g.distance_m, lang), g.minutes / 60.0),
                                Lang::En => format!(" {} households · {} · {:.1} hours", g.household_ids.len(), format_distance(g.distance_m, lang), g.minutes / 60.0),
                            }}</span>
                            <span class="small muted">{" "}{team_names.join(", ")}</span>
                            {g.over_limit.then(|| view! {
                                <span class="chip chip-warn">{lang.t("เกินเวลาทำงาน", "Longer than the day")}</span>
                            })}
                        </li>
                    }
                })
                .collect_view();
            let count = answer.groups.len();
            view! {
                <ol class="split-groups" data-testid="split-groups">{rows}</ol>
                {(!answer.without_position.is_empty()).then(|| view! {
                    <p class="small">{match lang {
                        Lang::Th => format!("ไม่ได้จัดเข้ากลุ่ม {} ครัวเรือนเพราะไม่มีพิกัด", answer.without_position.len()),
                        Lang::En => format!("{} households left out: no position", answer.without_position.len()),
                    }}</p>
                })}
                <button type="button" class="btn btn-primary btn-big" data-testid="save-split" disabled=move || state.busy.get()
                    on:click=move |_| save_all(state, settings, lang)>
                    {match lang {
                        Lang::Th => format!("บันทึกเป็นร่าง {count} แผน"),
                        Lang::En => format!("Save {count} draft plans"),
                    }}
                </button>
            }
        })
    };
    view! {
        <div class="form-grid">
            {input("จำนวนวัน (เว้นว่าง = น้อยที่สุดที่ทำได้)", "Days (empty = as few as fit)", settings.days, "split-days")}
            {input("จำนวนทีมต่อวัน", "Teams per day", settings.teams, "split-teams")}
            {input("ชั่วโมงทำงานต่อวัน", "Working hours per day", settings.hours, "split-hours")}
        </div>
        <button type="button" class="btn" data-testid="split-run" disabled=move || state.busy.get() || state.routable().is_empty()
            on:click=move |_| run_split(state, settings, lang)>
            {move || match lang {
                Lang::Th => format!("แบ่ง {} ครัวเรือนเป็นกลุ่ม", state.routable().len()),
                Lang::En => format!("Split {} households into groups", state.routable().len()),
            }}
        </button>
        {groups_view}
    }
}

fn run_split(state: PlannerState, settings: SplitSettings, lang: Lang) {
    let travel = match travel(&state, lang) {
        Ok(t) => t,
        Err(m) => return state.said.set(Some((false, m))),
    };
    let hours = match crate::domain::decimal::parse_decimal(&settings.hours.get_untracked()) {
        Some(h) => h,
        None => {
            return state
                .said
                .set(Some((false, lang.t("ชั่วโมงทำงานต้องเป็นตัวเลข", "Working hours must be a number").into())))
        }
    };
    let teams = settings.teams_n();
    let days: Option<usize> = settings.days.get_untracked().trim().parse().ok().filter(|d| *d > 0);
    if let Err(m) = crate::pages::plan_new::points_error(&state) {
        return state.said.set(Some((false, m)));
    }
    let request = SplitRequest {
        start: state.start.get_untracked().unwrap_or_else(|| state.choices.with_untracked(|c| c.office.clone())),
        end: state.end.get_untracked(),
        travel,
        household_ids: state.routable(),
        groups: days.map(|d| d * teams),
        workday_minutes: (hours * 60.0).round() as u32,
    };
    #[cfg(feature = "hydrate")]
    {
        state.busy.set(true);
        leptos::task::spawn_local(async move {
            let body = serde_json::to_value(&request).unwrap_or_default();
            let answer = crate::components::plan_send::send("POST", "/api/v1/plans/split", Some(&body), lang).await;
            match answer.and_then(|a| crate::components::plan_send::read::<SplitAnswer>(a, lang)) {
                Ok(a) => {
                    state.said.set(None);
                    settings.answer.set(Some(a));
                }
                Err(m) => state.said.set(Some((false, m))),
            }
            state.busy.set(false);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = request;
}

fn save_all(state: PlannerState, settings: SplitSettings, lang: Lang) {
    let Some(answer) = settings.answer.get_untracked() else { return };
    let checked = travel(&state, lang).and_then(|t| visit_date(&state, lang).map(|d| (t, d)));
    let (travel, first) = match checked {
        Ok(v) => v,
        Err(m) => return state.said.set(Some((false, m))),
    };
    let teams = settings.teams_n();
    let dates = working_days(first, answer.groups.len().div_ceil(teams));
    let officers: Vec<i64> = state.team.get_untracked().into_iter().collect();
    let bodies: Vec<_> = answer
        .groups
        .iter()
        .zip(group_slots(answer.groups.len(), teams))
        .map(|(g, (day, team))| {
            plan_body(&state, dates[day], travel, team_of(&officers, teams, team), g.household_ids.clone(), false)
        })
        .collect();
    let amphoe = state.choices.with_untracked(|c| c.amphoe_code.clone());
    #[cfg(feature = "hydrate")]
    {
        state.busy.set(true);
        leptos::task::spawn_local(async move {
            let mut saved = 0;
            for body in &bodies {
                let json = serde_json::to_value(body).unwrap_or_default();
                match crate::components::plan_send::send("POST", "/api/v1/plans", Some(&json), lang).await {
                    Ok(_) => saved += 1,
                    Err(m) => {
                        state.said.set(Some((
                            false,
                            match lang {
                                Lang::Th => format!("บันทึกแล้ว {saved} จาก {} แผน ที่เหลือไม่สำเร็จ: {m}", bodies.len()),
                                Lang::En => format!("{saved} of {} plans saved; the rest failed: {m}", bodies.len()),
                            },
                        )));
                        state.busy.set(false);
                        return;
                    }
                }
            }
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&format!("/plans?amphoe={amphoe}&status=draft"));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (bodies, amphoe);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officers_take_turns_between_teams() {
        assert_eq!(team_of(&[1, 2, 3, 4, 5], 2, 0), vec![1, 3, 5]);
        assert_eq!(team_of(&[1, 2, 3, 4, 5], 2, 1), vec![2, 4]);
        assert_eq!(team_of(&[1, 2], 1, 0), vec![1, 2]);
        assert!(team_of(&[], 3, 2).is_empty());
    }
}
