//! Planning visits (`/plans/new`): choose households (those selected on the map, or every
//! household of the district with open problems of an owner agency, a tambon, a dimension),
//! the day, the team, the start point and travel settings; then either one day's route
//! (ordered by the solver and saved as a draft) or a split of a large selection into several
//! days or teams, each within the working day, saved as one draft plan each.
use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::plans::{get_plan_candidates, get_plan_choices, Candidate, CandidateQuery, PlanChoices};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::plan_map::SelectionMap;
use crate::components::plan_split::{PlanSplit, SplitSettings};
use crate::components::point_choice::PointChoice;
use crate::domain::dates::format_iso_date;
use crate::domain::decimal::parse_decimal;
use crate::domain::dimension::Dimension;
use crate::i18n::Lang;

#[component]
pub fn PlanNewPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let ids: Vec<i64> = query
        .with_untracked(|q| q.get("households"))
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    let amphoe = query.with_untracked(|q| q.get("amphoe")).filter(|a| !a.is_empty());
    // Households from the map fix the district; else the one asked for, or the user's first.
    let start = Resource::new_blocking(
        move || (amphoe.clone(), ids.clone()),
        |(amphoe, ids)| async move {
            let picked = if ids.is_empty() {
                Vec::new()
            } else {
                get_plan_candidates(CandidateQuery { ids, ..CandidateQuery::default() }).await?
            };
            let district = picked.first().map(|c| c.tambon_code[..4].to_string()).or(amphoe);
            let choices = get_plan_choices(district).await?;
            Ok::<_, crate::error::AppError>((choices, picked))
        },
    );
    view! {
        <Title text=lang.t("วางแผนการเยี่ยม", "Plan visits")/>
        <p class="backlink"><a href="/plans">{lang.t("‹ แผนการเยี่ยมทั้งหมด", "‹ All visit plans")}</a></p>
        <h1>{lang.t("วางแผนการเยี่ยมติดตาม", "Plan follow-up visits")}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match start.await {
                    Ok((choices, picked)) => view! { <Planner choices picked/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Everything the planner has chosen so far.
#[derive(Clone, Copy)]
pub struct PlannerState {
    pub choices: RwSignal<PlanChoices>,
    pub candidates: RwSignal<Vec<Candidate>>,
    pub selected: RwSignal<BTreeSet<i64>>,
    pub date_be: RwSignal<String>,
    pub team: RwSignal<BTreeSet<i64>>,
    pub start_time: RwSignal<String>,
    pub speed: RwSignal<String>,
    pub detour: RwSignal<String>,
    pub per_visit: RwSignal<String>,
    pub said: RwSignal<Option<(bool, String)>>,
    pub busy: RwSignal<bool>,
    /// The start point (`None` while a typed one is not valid).
    pub start: RwSignal<Option<crate::api::plans::PlanPoint>>,
    /// The end point; `None` = back at the start.
    pub end: RwSignal<Option<crate::api::plans::PlanPoint>>,
    pub point_error: RwSignal<Option<String>>,
}

impl PlannerState {
    /// The selected households that can be routed, in the candidates' order.
    pub fn routable(&self) -> Vec<i64> {
        let selected = self.selected.get();
        self.candidates.with(|c| {
            c.iter().filter(|c| selected.contains(&c.household_id) && c.lat.is_some()).map(|c| c.household_id).collect()
        })
    }
}

fn be_text(iso: &str) -> String {
    crate::domain::dates::parse_iso_date(iso).map(crate::domain::assist_draft::be_date_text).unwrap_or_default()
}

#[component]
fn Planner(choices: PlanChoices, picked: Vec<Candidate>) -> impl IntoView {
    let lang = use_lang();
    let travel = choices.travel;
    let selected: BTreeSet<i64> = picked.iter().filter(|c| c.lat.is_some()).map(|c| c.household_id).collect();
    let office = choices.office.clone();
    let state = PlannerState {
        start: RwSignal::new(Some(office)),
        end: RwSignal::new(None),
        point_error: RwSignal::new(None),
        date_be: RwSignal::new(be_text(&choices.default_date)),
        choices: RwSignal::new(choices),
        candidates: RwSignal::new(picked),
        selected: RwSignal::new(selected),
        team: RwSignal::new(BTreeSet::new()),
        start_time: RwSignal::new(crate::domain::visit_plan::clock(travel.start_minute)),
        speed: RwSignal::new(format!("{:.0}", travel.speed_kmh)),
        detour: RwSignal::new(format!("{:.1}", travel.detour_factor)),
        per_visit: RwSignal::new(travel.minutes_per_visit.to_string()),
        said: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let split = RwSignal::new(false);
    view! {
        <div class="planner">
            <section class="card planner-section">
                <h2>{lang.t("1. เลือกครัวเรือน", "1. Choose households")}</h2>
                <DistrictAndFilters state/>
                <SelectionMap amphoe=Signal::derive(move || state.choices.with(|c| c.amphoe_code.clone()))
                    on_ids=Callback::new(move |ids| add_from_map(state, ids, lang))/>
                <CandidateList state/>
            </section>
            <section class="card planner-section">
                <h2>{lang.t("2. วัน ทีม และการเดินทาง", "2. Day, team and travel")}</h2>
                <DayAndTeam state/>
            </section>
            <section class="card planner-section">
                <h2>{lang.t("3. จัดเส้นทาง", "3. Route")}</h2>
                <div class="segmented" role="group">
                    <button type="button" class="btn" class:btn-primary=move || !split.get() data-testid="mode-day"
                        on:click=move |_| split.set(false)>{lang.t("วันเดียว ทีมเดียว", "One day, one team")}</button>
                    <button type="button" class="btn" class:btn-primary=move || split.get() data-testid="mode-split"
                        on:click=move |_| split.set(true)>{lang.t("แบ่งหลายวัน / หลายทีม", "Split into days / teams")}</button>
                </div>
                <Show when=move || !split.get() fallback=move || view! { <PlanSplit state settings=SplitSettings::new()/> }>
                    <p class="small muted">{lang.t(
                        "ฮักแพงจะเรียงลำดับจุดแวะให้ระยะทางสั้นที่สุด แล้วบันทึกเป็นร่าง แก้ลำดับต่อได้ในหน้าถัดไป",
                        "Hakpaeng orders the stops for the shortest route and saves a draft; adjust the order on the next page",
                    )}</p>
                    <button type="button" class="btn btn-primary btn-big" data-testid="plan-day"
                        disabled=move || state.busy.get() || state.routable().is_empty()
                        on:click=move |_| save_day(state, lang)>
                        {move || match lang {
                            Lang::Th => format!("จัดเส้นทาง {} จุดและบันทึกร่าง", state.routable().len()),
                            Lang::En => format!("Route {} stops and save a draft", state.routable().len()),
                        }}
                    </button>
                </Show>
                <p class="notice" role="status" aria-live="polite" data-testid="planner-notice"
                    class:notice-error=move || state.said.get().is_some_and(|(ok, _)| !ok)
                    class:hidden=move || state.said.get().is_none()>
                    {move || state.said.get().map(|(_, t)| t).unwrap_or_default()}
                </p>
            </section>
        </div>
    }
}

/// Households in a box drawn on the map join the candidates, selected.
fn add_from_map(state: PlannerState, ids: Vec<i64>, lang: Lang) {
    if ids.is_empty() {
        state.said.set(Some((false, lang.t("ไม่มีครัวเรือนในกรอบที่เลือก", "No households in that box").to_string())));
        return;
    }
    let amphoe = state.choices.with_untracked(|c| c.amphoe_code.clone());
    state.busy.set(true);
    leptos::task::spawn_local(async move {
        match get_plan_candidates(CandidateQuery { amphoe, ids, ..CandidateQuery::default() }).await {
            Ok(found) => {
                let added = found.len();
                state.selected.update(|s| s.extend(found.iter().filter(|c| c.lat.is_some()).map(|c| c.household_id)));
                state.candidates.update(|list| {
                    for c in found {
                        if !list.iter().any(|x| x.household_id == c.household_id) {
                            list.push(c);
                        }
                    }
                });
                state.said.set(Some((
                    true,
                    match lang {
                        Lang::Th => format!("เพิ่มจากแผนที่ {added} ครัวเรือน"),
                        Lang::En => format!("{added} households added from the map"),
                    },
                )));
            }
            Err(e) => state.said.set(Some((false, e.message(lang)))),
        }
        state.busy.set(false);
    });
}

#[component]
fn DistrictAndFilters(state: PlannerState) -> impl IntoView {
    let lang = use_lang();
    let tambon = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let dimension = RwSignal::new(String::new());
    let search = move |_| {
        let q = CandidateQuery {
            amphoe: state.choices.with_untracked(|c| c.amphoe_code.clone()),
            tambon: Some(tambon.get_untracked()).filter(|t| !t.is_empty()),
            owner: owner.get_untracked().parse().ok(),
            dimension: Dimension::parse(&dimension.get_untracked()),
            ids: Vec::new(),
        };
        state.busy.set(true);
        leptos::task::spawn_local(async move {
            match get_plan_candidates(q).await {
                Ok(found) => {
                    let placed: BTreeSet<i64> =
                        found.iter().filter(|c| c.lat.is_some()).map(|c| c.household_id).collect();
                    state.said.set(Some((
                        true,
                        match lang {
                            Lang::Th => format!("พบ {} ครัวเรือน (มีพิกัด {})", found.len(), placed.len()),
                            Lang::En => format!("{} households found ({} with a position)", found.len(), placed.len()),
                        },
                    )));
                    state.selected.set(placed);
                    state.candidates.set(found);
                }
                Err(e) => state.said.set(Some((false, e.message(lang)))),
            }
            state.busy.set(false);
        });
    };
    let change_district = move |code: String| {
        state.busy.set(true);
        leptos::task::spawn_local(async move {
            match get_plan_choices(Some(code)).await {
                Ok(c) => {
                    state.start.set(Some(c.office.clone()));
                    state.end.set(None);
                    state.choices.set(c);
                    state.candidates.set(Vec::new());
                    state.selected.set(BTreeSet::new());
                    state.team.set(BTreeSet::new());
                }
                Err(e) => state.said.set(Some((false, e.message(lang)))),
            }
            state.busy.set(false);
        });
    };
    view! {
        <div class="form-grid">
            <label>{lang.t("อำเภอ", "Amphoe")}
                <select data-testid="plan-amphoe" on:change=move |ev| change_district(event_target_value(&ev))>
                    {move || state.choices.with(|c| c.amphoes.iter().map(|(code, name)| {
                        let chosen = *code == c.amphoe_code;
                        view! { <option value=code.clone() selected=chosen>{name.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label>{lang.t("ตำบล", "Tambon")}
                <select data-testid="plan-tambon" on:change=move |ev| tambon.set(event_target_value(&ev))>
                    <option value="">{lang.t("ทุกตำบล", "All tambons")}</option>
                    {move || state.choices.with(|c| c.tambons.iter().map(|(code, name)| view! {
                        <option value=code.clone()>{name.clone()}</option>
                    }).collect_view())}
                </select>
            </label>
            <label>{lang.t("เจ้าภาพ", "Owner")}
                <select data-testid="plan-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">{lang.t("ทุกหน่วยงาน", "Any agency")}</option>
                    {move || state.choices.with(|c| c.agencies.iter().map(|(id, name)| view! {
                        <option value=id.to_string()>{name.clone()}</option>
                    }).collect_view())}
                </select>
            </label>
            <label>{lang.t("มิติ", "Dimension")}
                <select data-testid="plan-dimension" on:change=move |ev| dimension.set(event_target_value(&ev))>
                    <option value="">{lang.t("ทุกมิติ", "All dimensions")}</option>
                    {Dimension::ALL.into_iter().map(|d| view! { <option value=d.as_str()>{d.label(lang)}</option> }).collect_view()}
                </select>
            </label>
        </div>
        <button type="button" class="btn" data-testid="plan-search" disabled=move || state.busy.get() on:click=search>
            {lang.t("หาครัวเรือนที่มีปัญหาค้าง", "Find households with open problems")}
        </button>
        <a class="btn btn-quiet" href="/map">{lang.t("เลือกบนแผนที่", "Select on the map")}</a>
    }
}

#[component]
fn CandidateList(state: PlannerState) -> impl IntoView {
    let lang = use_lang();
    let all = move |on: bool| {
        let ids: BTreeSet<i64> = if on {
            state.candidates.with(|c| c.iter().filter(|c| c.lat.is_some()).map(|c| c.household_id).collect())
        } else {
            BTreeSet::new()
        };
        state.selected.set(ids);
    };
    let rows = move || {
        state
            .candidates
            .get()
            .into_iter()
            .map(|c| {
                let id = c.household_id;
                let placed = c.lat.is_some();
                let checked = move || state.selected.with(|s| s.contains(&id));
                view! {
                    <li class="candidate" class:unplaced=!placed data-testid="candidate" data-household=id.to_string()>
                        <label>
                            <input type="checkbox" disabled=!placed prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                }/>
                            <span>
                                <strong>{c.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อ)", "(no name)").to_string())}</strong>
                                " " <span class="small muted">{c.address.clone()}</span>
                                {(!placed).then(|| view! {
                                    <span class="chip chip-warn">{lang.t("ไม่มีพิกัด: กำหนดบนแผนที่ก่อน", "No position: place it on the map first")}</span>
                                })}
                            </span>
                        </label>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <p class="small" data-testid="selected-count">
            {move || match lang {
                Lang::Th => format!("เลือกแล้ว {} จาก {} ครัวเรือน", state.selected.with(|s| s.len()), state.candidates.with(|c| c.len())),
                Lang::En => format!("{} of {} households selected", state.selected.with(|s| s.len()), state.candidates.with(|c| c.len())),
            }}
            " "
            <button type="button" class="btn btn-small btn-quiet" on:click=move |_| all(true)>{lang.t("เลือกทั้งหมด", "All")}</button>
            <button type="button" class="btn btn-small btn-quiet" on:click=move |_| all(false)>{lang.t("ไม่เลือก", "None")}</button>
        </p>
        <ul class="candidates" data-testid="candidates">{rows}</ul>
    }
}

#[component]
fn DayAndTeam(state: PlannerState) -> impl IntoView {
    let lang = use_lang();
    let officers = move || {
        state.choices.with(|c| {
            c.officers
                .iter()
                .map(|o| {
                    let id = o.user_id;
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid="team-officer" value=id.to_string()
                                prop:checked=move || state.team.with(|t| t.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    state.team.update(|t| { if on { t.insert(id); } else { t.remove(&id); } });
                                }/>
                            {o.name.clone()}
                        </label>
                    }
                })
                .collect_view()
        })
    };
    let text_input = |label: &'static str,
                      label_en: &'static str,
                      value: RwSignal<String>,
                      testid: &'static str,
                      mode: &'static str| {
        view! {
            <label>{lang.t(label, label_en)}
                <input type="text" inputmode=mode data-testid=testid prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <div class="form-grid">
            {text_input("วันที่เยี่ยม (วว/ดด/ปปปป พ.ศ.)", "Visit day (dd/mm/yyyy BE)", state.date_be, "plan-date", "numeric")}
            {text_input("ออกเดินทางเวลา", "Leave at", state.start_time, "plan-start-time", "numeric")}
            {text_input("ความเร็วเฉลี่ย (กม./ชม.)", "Average speed (km/h)", state.speed, "plan-speed", "decimal")}
            {text_input("ตัวคูณระยะทางถนน", "Road detour factor", state.detour, "plan-detour", "decimal")}
            {text_input("นาทีต่อครัวเรือน", "Minutes per household", state.per_visit, "plan-per-visit", "numeric")}
        </div>
        <p class="small muted">
            {lang.t("ที่ว่าการอำเภอ: ", "District office: ")}
            <strong data-testid="plan-office">{move || state.choices.with(|c| c.office.label.clone())}</strong>
            {move || format!(" · {} {}", lang.t("วันทำการถัดไป", "next working day"), format_iso_date(&state.choices.with(|c| c.default_date.clone()), lang))}
        </p>
        <div class="form-grid">
            {move || {
                // Rebuilt when the district changes, so the office list and defaults follow it.
                let offices = Signal::derive(move || state.choices.with(|c| c.offices.clone()));
                let _ = state.choices.with(|c| c.amphoe_code.clone());
                view! {
                    <PointChoice label="ออกเดินทางจาก" label_en="Start from" testid="plan-start" offices
                        value=state.start back_option=false error=state.point_error/>
                    <PointChoice label="สิ้นสุดที่" label_en="End at" testid="plan-end" offices
                        value=state.end back_option=true error=state.point_error/>
                }
            }}
        </div>
        <fieldset class="team">
            <legend>{lang.t("ทีมที่ลงพื้นที่", "The team")}</legend>
            {officers}
        </fieldset>
    }
}

/// The travel settings typed, or what is wrong with them.
pub fn travel(state: &PlannerState, lang: Lang) -> Result<crate::api::plans::PlanTravel, String> {
    let bad = |th: &str, en: &str| lang.t(th, en).to_string();
    let time = state.start_time.get_untracked();
    let (h, m) = time
        .trim()
        .split_once([':', '.'])
        .ok_or_else(|| bad("เวลาออกเดินทางเขียนเป็น ชช:นน เช่น 08:30", "Write the start time as hh:mm, e.g. 08:30"))?;
    let (h, m): (u32, u32) = (
        h.trim().parse().map_err(|_| bad("เวลาออกเดินทางอ่านไม่ได้", "Cannot read the start time"))?,
        m.trim().parse().map_err(|_| bad("เวลาออกเดินทางอ่านไม่ได้", "Cannot read the start time"))?,
    );
    if h > 23 || m > 59 {
        return Err(bad("เวลาออกเดินทางต้องอยู่ระหว่าง 00:00 ถึง 23:59", "The start time must be 00:00 to 23:59"));
    }
    Ok(crate::api::plans::PlanTravel {
        start_minute: h * 60 + m,
        speed_kmh: parse_decimal(&state.speed.get_untracked())
            .ok_or_else(|| bad("ความเร็วต้องเป็นตัวเลข", "The speed must be a number"))?,
        detour_factor: parse_decimal(&state.detour.get_untracked())
            .ok_or_else(|| bad("ตัวคูณระยะทางต้องเป็นตัวเลข", "The detour factor must be a number"))?,
        minutes_per_visit: state
            .per_visit
            .get_untracked()
            .trim()
            .parse()
            .map_err(|_| bad("นาทีต่อครัวเรือนต้องเป็นจำนวนเต็ม", "Minutes per household must be a whole number"))?,
    })
}

/// The visit day typed (BE) as an ISO date, or what is wrong with it.
pub fn visit_date(state: &PlannerState, lang: Lang) -> Result<chrono::NaiveDate, String> {
    crate::domain::dates::parse_be_date(&state.date_be.get_untracked()).map_err(|e| match lang {
        Lang::Th => e.message_th().to_string(),
        Lang::En => e.to_string(),
    })
}

/// A plan's body for the chosen households in `order`.
pub fn plan_body(
    state: &PlannerState,
    date: chrono::NaiveDate,
    travel: crate::api::plans::PlanTravel,
    team: Vec<i64>,
    household_ids: Vec<i64>,
    optimise: bool,
) -> crate::api::plans::PlanInput {
    let c = state.choices.get_untracked();
    crate::api::plans::PlanInput {
        amphoe_code: c.amphoe_code.clone(),
        visit_date: crate::domain::dates::iso_date(date),
        title: None,
        start: state.start.get_untracked().unwrap_or(c.office),
        end: state.end.get_untracked(),
        travel,
        officer_ids: team,
        household_ids,
        optimise,
        carried_from: None,
        version: None,
    }
}

/// What is wrong with the chosen start or end point, if anything.
pub fn points_error(state: &PlannerState) -> Result<(), String> {
    match state.point_error.get_untracked() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn save_day(state: PlannerState, lang: Lang) {
    let checked =
        points_error(&state).and_then(|_| travel(&state, lang)).and_then(|t| visit_date(&state, lang).map(|d| (t, d)));
    let (travel, date) = match checked {
        Ok(v) => v,
        Err(message) => {
            state.said.set(Some((false, message)));
            return;
        }
    };
    let body =
        plan_body(&state, date, travel, state.team.get_untracked().into_iter().collect(), state.routable(), true);
    #[cfg(feature = "hydrate")]
    {
        state.busy.set(true);
        leptos::task::spawn_local(async move {
            let body = serde_json::to_value(&body).unwrap_or_default();
            match crate::components::plan_send::send("POST", "/api/v1/plans", Some(&body), lang).await {
                Ok(plan) => {
                    let next = plan["id"].as_i64().map(|id| format!("/plans/{id}")).unwrap_or_else(|| "/plans".into());
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&next);
                    }
                }
                Err(message) => {
                    state.said.set(Some((false, message)));
                    state.busy.set(false);
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = body;
}
