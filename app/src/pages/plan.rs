//! One visit plan (`/plans/:id`): its day, team, start and end, the route drawn, the stops in
//! order with legs, arrivals and the visits made; coordinators reorder stops by dragging (the
//! distances update), reorder for the shortest route, confirm it for the team's phones, mark
//! it done, carry the unvisited stops to a new day, print it, or delete a draft.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::plans::{get_plan, Plan};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::plan_map::RouteMap;
use crate::components::plan_stops::PlanStops;
use crate::components::route_sketch::RouteSketch;
use crate::domain::dates::format_iso_date;
use crate::domain::geo::format_distance;
use crate::domain::visit_plan::{clock, needs_another_visit, PlanStatus};
use crate::error::AppError;
use crate::i18n::Lang;

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_plan(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("แผนการเยี่ยม", "Visit plan")/>
        <p class="backlink"><a href="/plans">{lang.t("‹ แผนการเยี่ยมทั้งหมด", "‹ All visit plans")}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(plan) => view! { <PlanView plan/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the last action said: (succeeded, text).
type Said = Option<(bool, String)>;

#[component]
fn PlanView(plan: Plan) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(plan);
    let said = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let editable = Signal::derive(move || current.with(|p| p.may_edit && p.status != PlanStatus::Done));
    let on_move =
        Callback::new(move |(from, to): (usize, usize)| actions::reorder(current, said, busy, from, to, lang));
    let route = Signal::derive(move || {
        current.with(|p| p.stops.iter().filter_map(|s| s.lat.zip(s.lon)).collect::<Vec<(f64, f64)>>())
    });
    let header = move || {
        let p = current.get();
        let team = if p.officers.is_empty() {
            lang.t("ยังไม่ได้เลือกทีม", "no team chosen yet").to_string()
        } else {
            p.officers.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", ")
        };
        let end = p.end.as_ref().map(|e| e.label.clone()).unwrap_or_else(|| lang.t("จุดเริ่มต้น", "the start").to_string());
        view! {
            <h1 data-testid="plan-title">{p.title.clone()}</h1>
            <p class="plan-meta">
                <span class=format!("badge plan-{}", p.status.as_str()) data-testid="plan-status">{p.status.label(lang)}</span>
                " " {format_iso_date(&p.visit_date, lang)}
                " · " {lang.t("อำเภอ", "Amphoe ")}{lang.t(&p.amphoe_name_th, &p.amphoe_name_en).to_string()}
            </p>
            <dl class="plan-facts">
                <dt>{lang.t("ทีม", "Team")}</dt><dd data-testid="plan-team">{team}</dd>
                <dt>{lang.t("ออกจาก", "From")}</dt><dd>{format!("{} {}", p.start.label, clock(p.travel.start_minute))}</dd>
                <dt>{lang.t("สิ้นสุดที่", "Ends at")}</dt><dd>{end}</dd>
                <dt>{lang.t("ระยะทางรวม", "Distance")}</dt>
                <dd data-testid="plan-distance">{format_distance(p.distance_m, lang)}</dd>
                <dt>{lang.t("จุดแวะ", "Stops")}</dt>
                <dd>{match lang {
                    Lang::Th => format!("{} ครัวเรือน เยี่ยมแล้ว {} · เสร็จประมาณ {}", p.stops.len(), p.visited(), clock(p.finish_minute)),
                    Lang::En => format!("{} households, {} visited · done about {}", p.stops.len(), p.visited(), clock(p.finish_minute)),
                }}</dd>
            </dl>
            <p class="small muted">{match lang {
                Lang::Th => format!(
                    "ประมาณจากระยะเส้นตรง × {:.1} ที่ {:.0} กม./ชม. และ {} นาทีต่อครัวเรือน",
                    p.travel.detour_factor, p.travel.speed_kmh, p.travel.minutes_per_visit
                ),
                Lang::En => format!(
                    "Estimated from straight lines × {:.1} at {:.0} km/h and {} minutes per household",
                    p.travel.detour_factor, p.travel.speed_kmh, p.travel.minutes_per_visit
                ),
            }}</p>
        }
    };
    view! {
        {header}
        <PlanActions current said busy/>
        <p class="notice" role="status" aria-live="polite" data-testid="plan-notice"
            class:notice-error=move || said.get().is_some_and(|(ok, _)| !ok)
            class:hidden=move || said.get().is_none()>
            {move || said.get().map(|(_, t)| t).unwrap_or_default()}
        </p>
        <div class="plan-layout">
            <div class="plan-map">
                <RouteMap amphoe=current.with_untracked(|p| p.amphoe_code.clone()) stops=route
                    start=Signal::derive(move || current.with(|p| p.start.clone()))
                    end=Signal::derive(move || current.with(|p| p.end.clone()))/>
                {move || view! { <RouteSketch plan=current.get()/> }}
            </div>
            <div class="plan-list">
                <h2>{lang.t("ลำดับการเยี่ยม", "Stops in order")}</h2>
                {move || editable.get().then(|| view! {
                    <p class="small muted">{lang.t(
                        "ลาก ⠿ หรือกด ▲ ▼ เพื่อเปลี่ยนลำดับ ระยะทางและเวลาถึงคำนวณใหม่ทันที",
                        "Drag ⠿ or press ▲ ▼ to change the order; distances and times are recalculated",
                    )}</p>
                })}
                <PlanStops plan=current editable on_move/>
            </div>
        </div>
    }
}

#[component]
fn PlanActions(current: RwSignal<Plan>, said: RwSignal<Said>, busy: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let status_button = move |to: PlanStatus, th: &'static str, en: &'static str, testid: &'static str| {
        view! {
            <button type="button" class="btn" class:btn-primary=to == PlanStatus::Confirmed data-testid=testid
                disabled=move || busy.get() on:click=move |_| actions::set_status(current, said, busy, to, lang)>
                {lang.t(th, en)}
            </button>
        }
    };
    let carry_date = RwSignal::new(String::new());
    view! {
        <div class="plan-actions">
            <a class="btn" href=move || format!("/plans/{}/print", current.with(|p| p.id)) rel="external" data-testid="plan-print">
                {lang.t("พิมพ์ A4", "Print A4")}
            </a>
            {move || {
                let p = current.get();
                if !p.may_edit {
                    return ().into_any();
                }
                let to_visit = p.stops.iter().any(|s| needs_another_visit(s.visit.as_ref().map(|v| v.outcome)));
                view! {
                    {(p.status != PlanStatus::Done).then(|| view! {
                        <button type="button" class="btn" data-testid="plan-optimise" disabled=move || busy.get()
                            on:click=move |_| actions::optimise(current, said, busy, lang)>
                            {lang.t("จัดลำดับให้สั้นที่สุด", "Shortest order")}
                        </button>
                    })}
                    {match p.status {
                        PlanStatus::Draft => view! {
                            {status_button(PlanStatus::Confirmed, "ยืนยันและส่งให้ทีม", "Confirm and share with the team", "plan-confirm")}
                            <button type="button" class="btn btn-quiet" data-testid="plan-delete" disabled=move || busy.get()
                                on:click=move |_| actions::delete(current, said, busy, lang)>
                                {lang.t("ลบร่าง", "Delete draft")}
                            </button>
                        }.into_any(),
                        PlanStatus::Confirmed => view! {
                            {status_button(PlanStatus::Done, "บันทึกว่าเสร็จแล้ว", "Mark done", "plan-done")}
                            {status_button(PlanStatus::Draft, "กลับเป็นร่าง", "Back to draft", "plan-draft")}
                        }.into_any(),
                        PlanStatus::Done => status_button(PlanStatus::Confirmed, "เปิดแผนอีกครั้ง", "Reopen", "plan-reopen").into_any(),
                    }}
                    {to_visit.then(|| view! {
                        <form class="carry-over" on:submit=move |ev| {
                            ev.prevent_default();
                            actions::carry_over(current, said, busy, carry_date.get_untracked(), lang);
                        }>
                            <label>
                                {lang.t("ยกจุดที่ยังไม่ได้เยี่ยมไปวันที่ (วว/ดด/ปปปป พ.ศ.)", "Carry unvisited stops to (dd/mm/yyyy BE)")}
                                <input type="text" inputmode="numeric" data-testid="carry-date" placeholder="30/11/2569"
                                    prop:value=move || carry_date.get() on:input=move |ev| carry_date.set(event_target_value(&ev))/>
                            </label>
                            <button type="submit" class="btn" data-testid="carry-over" disabled=move || busy.get()>
                                {lang.t("สร้างแผนต่อ", "Make the follow-up plan")}
                            </button>
                        </form>
                    })}
                }
                .into_any()
            }}
        </div>
    }
}

/// What the buttons do: each sends one change and shows the plan as the server now holds it,
/// or says why not (and keeps what was shown).
mod actions {
    use leptos::prelude::*;

    use super::Said;
    use crate::api::plans::Plan;
    use crate::domain::visit_plan::PlanStatus;
    use crate::i18n::Lang;

    pub fn reorder(
        current: RwSignal<Plan>,
        said: RwSignal<Said>,
        busy: RwSignal<bool>,
        from: usize,
        to: usize,
        lang: Lang,
    ) {
        if busy.get_untracked() {
            return;
        }
        let before = current.get_untracked();
        let ids = crate::domain::visit_plan::moved(&before.household_ids(), from, to);
        if ids == before.household_ids() {
            return;
        }
        // Shown at once; the server's answer brings the new legs and times.
        current.update(|p| p.stops = crate::domain::visit_plan::moved(&p.stops, from, to));
        let body = serde_json::to_value(before.edit(ids, false)).unwrap_or_default();
        send(
            current,
            said,
            busy,
            "PUT",
            format!("/api/v1/plans/{}", before.id),
            Some(body),
            Some(before),
            lang,
            ("ย้ายจุดแวะแล้ว ระยะทางและเวลาคำนวณใหม่", "Stop moved; distances and times recalculated"),
        );
    }

    pub fn optimise(current: RwSignal<Plan>, said: RwSignal<Said>, busy: RwSignal<bool>, lang: Lang) {
        let p = current.get_untracked();
        let body = serde_json::to_value(p.edit(p.household_ids(), true)).unwrap_or_default();
        send(
            current,
            said,
            busy,
            "PUT",
            format!("/api/v1/plans/{}", p.id),
            Some(body),
            None,
            lang,
            ("จัดลำดับใหม่ให้ระยะทางสั้นที่สุดแล้ว", "Reordered for the shortest route"),
        );
    }

    pub fn set_status(current: RwSignal<Plan>, said: RwSignal<Said>, busy: RwSignal<bool>, to: PlanStatus, lang: Lang) {
        let p = current.get_untracked();
        let body = serde_json::json!({"status": to, "version": p.version});
        let done = match to {
            PlanStatus::Confirmed => {
                ("ยืนยันแล้ว ทีมเห็นแผนนี้ใน 'งานของฉัน' ในวันที่เยี่ยม", "Confirmed: the team sees it in 'My work' on the day")
            }
            PlanStatus::Done => ("บันทึกว่าเสร็จแล้ว", "Marked done"),
            PlanStatus::Draft => {
                ("กลับเป็นร่างแล้ว ทีมจะไม่เห็นจนกว่าจะยืนยันอีกครั้ง", "Back to draft: hidden from the team until confirmed again")
            }
        };
        send(current, said, busy, "PUT", format!("/api/v1/plans/{}/status", p.id), Some(body), None, lang, done);
    }

    pub fn carry_over(
        current: RwSignal<Plan>,
        said: RwSignal<Said>,
        busy: RwSignal<bool>,
        date_be: String,
        lang: Lang,
    ) {
        let date = match crate::domain::dates::parse_be_date(&date_be) {
            Ok(d) => crate::domain::dates::iso_date(d),
            Err(e) => {
                said.set(Some((
                    false,
                    match lang {
                        Lang::Th => e.message_th().to_string(),
                        Lang::En => e.to_string(),
                    },
                )));
                return;
            }
        };
        let id = current.get_untracked().id;
        go(
            said,
            busy,
            "POST",
            format!("/api/v1/plans/{id}/carry_over"),
            Some(serde_json::json!({"visit_date": date})),
            lang,
        );
    }

    pub fn delete(current: RwSignal<Plan>, said: RwSignal<Said>, busy: RwSignal<bool>, lang: Lang) {
        let id = current.get_untracked().id;
        go(said, busy, "DELETE", format!("/api/v1/plans/{id}"), None, lang);
    }

    /// Sends a change whose answer is the plan; on refusal shows `restore` again (if given).
    #[allow(clippy::too_many_arguments)]
    fn send(
        current: RwSignal<Plan>,
        said: RwSignal<Said>,
        busy: RwSignal<bool>,
        method: &'static str,
        url: String,
        body: Option<serde_json::Value>,
        restore: Option<Plan>,
        lang: Lang,
        done: (&'static str, &'static str),
    ) {
        #[cfg(feature = "hydrate")]
        {
            busy.set(true);
            said.set(None);
            leptos::task::spawn_local(async move {
                let answer = crate::components::plan_send::send(method, &url, body.as_ref(), lang).await;
                match answer.and_then(|a| crate::components::plan_send::read::<Plan>(a, lang)) {
                    Ok(plan) => {
                        current.set(plan);
                        said.set(Some((true, lang.t(done.0, done.1).to_string())));
                    }
                    Err(message) => {
                        if let Some(p) = restore {
                            current.set(p);
                        }
                        said.set(Some((false, message)));
                    }
                }
                busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (current, said, busy, method, url, body, restore, lang, done);
    }

    /// Sends a change that leads to another page: the new plan, or the list after a deletion.
    fn go(
        said: RwSignal<Said>,
        busy: RwSignal<bool>,
        method: &'static str,
        url: String,
        body: Option<serde_json::Value>,
        lang: Lang,
    ) {
        #[cfg(feature = "hydrate")]
        {
            busy.set(true);
            leptos::task::spawn_local(async move {
                match crate::components::plan_send::send(method, &url, body.as_ref(), lang).await {
                    Ok(answer) => {
                        let next = answer["id"]
                            .as_i64()
                            .map(|id| format!("/plans/{id}"))
                            .unwrap_or_else(|| "/plans".to_string());
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().set_href(&next);
                        }
                    }
                    Err(message) => said.set(Some((false, message))),
                }
                busy.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (said, busy, method, url, body, lang);
    }
}
