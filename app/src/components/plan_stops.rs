//! A plan's stops in order: number, household, the leg that reaches it and the estimated
//! arrival, the visit made that day; reordered by dragging the ⠿ handle (mouse or finger,
//! pointer events) or with the ▲ ▼ buttons (keyboard, screen readers).
use leptos::prelude::*;

use crate::api::plans::{Plan, PlanStop};
use crate::app::use_lang;
use crate::domain::geo::{format_distance, geo_link, Position};
use crate::domain::visit_plan::clock;

/// A stop being dragged: where it was, and the position it would drop at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StopDrag {
    pub from: usize,
    pub over: usize,
}

#[component]
pub fn PlanStops(
    plan: RwSignal<Plan>,
    /// Whether the order may be changed now.
    #[prop(into)]
    editable: Signal<bool>,
    /// (from, to), 0-based.
    on_move: Callback<(usize, usize)>,
) -> impl IntoView {
    let drag = RwSignal::new(None::<StopDrag>);
    let rows = move || {
        let p = plan.get();
        let count = p.stops.len();
        p.stops
            .into_iter()
            .enumerate()
            .map(|(i, stop)| view! { <StopRow stop index=i count editable drag on_move/> })
            .collect_view()
    };
    view! {
        <ol class="plan-stops" data-testid="plan-stops" class:dragging=move || drag.get().is_some()>
            {rows}
        </ol>
        <p class="small muted plan-return" data-testid="plan-return">
            {move || {
                let p = plan.get();
                let lang = use_lang();
                let end = p.end.as_ref().map(|e| e.label.clone()).unwrap_or_else(|| p.start.label.clone());
                match lang {
                    crate::i18n::Lang::Th => format!(
                        "กลับถึง{end} {} (อีก {}) รวมทั้งวัน {}",
                        clock(p.finish_minute), format_distance(p.return_leg_m, lang), format_distance(p.distance_m, lang)
                    ),
                    crate::i18n::Lang::En => format!(
                        "Back at {end} {} ({} more); the whole day {}",
                        clock(p.finish_minute), format_distance(p.return_leg_m, lang), format_distance(p.distance_m, lang)
                    ),
                }
            }}
        </p>
    }
}

#[component]
fn StopRow(
    stop: PlanStop,
    index: usize,
    count: usize,
    editable: Signal<bool>,
    drag: RwSignal<Option<StopDrag>>,
    on_move: Callback<(usize, usize)>,
) -> impl IntoView {
    let lang = use_lang();
    let id = stop.household_id;
    let at = stop.lat.zip(stop.lon).map(|(lat, lon)| Position { lat, lon });
    let visit = stop.visit.as_ref().map(|v| {
        let class = format!("chip visit-{}", v.outcome.as_str());
        view! { <span class=class data-testid="stop-visit">{v.outcome.label(lang)}</span> }
    });
    let dims = stop
        .dimensions
        .iter()
        .map(|d| view! { <span class=format!("chip dim-{}", d.as_str())>{d.short_label(lang)}</span> })
        .collect_view();
    let last = index + 1 >= count;
    let is_from = move || drag.get().is_some_and(|d| d.from == index);
    let is_over = move || drag.get().is_some_and(|d| d.over == index && d.from != index);
    let name = stop.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้าครัวเรือน)", "(no head named)").to_string());
    let handle_label = match lang {
        crate::i18n::Lang::Th => format!("ลากเพื่อย้ายจุดที่ {}", index + 1),
        crate::i18n::Lang::En => format!("Drag to move stop {}", index + 1),
    };
    view! {
        <li class="plan-stop card" data-testid="plan-stop" data-household=id.to_string() data-index=index.to_string()
            class:drag-from=is_from class:drag-over=is_over>
            <Show when=move || editable.get()>
                <button type="button" class="stop-handle" aria-label=handle_label.clone() data-testid="stop-handle"
                    on:pointerdown=move |ev| start_drag(ev, index, drag)
                    on:pointermove=move |ev| follow_drag(ev, drag)
                    on:pointerup=move |_| end_drag(drag, on_move)
                    on:pointercancel=move |_| drag.set(None)>
                    "⠿"
                </button>
            </Show>
            <span class="stop-number" aria-hidden="true">{index + 1}</span>
            <div class="stop-body">
                <div class="stop-head">
                    <a rel="external" href=format!("/field/households/{id}") class="stop-name">{name}</a>
                    <span class="stop-eta" data-testid="stop-eta">
                        {format!("{} {}", lang.t("ถึง", "at"), clock(stop.arrive_minute))}
                    </span>
                </div>
                <p class="small muted">{stop.address.clone()}</p>
                <p class="chips">
                    <span class="chip" data-testid="stop-leg">
                        {match lang {
                            crate::i18n::Lang::Th => format!("ระยะจากจุดก่อน {}", format_distance(stop.leg_m, lang)),
                            crate::i18n::Lang::En => format!("{} from the previous stop", format_distance(stop.leg_m, lang)),
                        }}
                    </span>
                    {dims}
                    {visit}
                </p>
                <div class="stop-actions">
                    {at.map(|p| view! { <a class="btn btn-small" href=geo_link(p)>{lang.t("นำทาง", "Navigate")}</a> })}
                    <Show when=move || editable.get()>
                        <button type="button" class="btn btn-small btn-quiet" data-testid="stop-up" disabled=index == 0
                            aria-label=lang.t("เลื่อนขึ้น", "Move up") on:click=move |_| on_move.run((index, index.saturating_sub(1)))>"▲"</button>
                        <button type="button" class="btn btn-small btn-quiet" data-testid="stop-down" disabled=last
                            aria-label=lang.t("เลื่อนลง", "Move down") on:click=move |_| on_move.run((index, index + 1))>"▼"</button>
                    </Show>
                </div>
            </div>
        </li>
    }
}

#[cfg(feature = "hydrate")]
fn start_drag(ev: web_sys::PointerEvent, index: usize, drag: RwSignal<Option<StopDrag>>) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
        let _ = target.set_pointer_capture(ev.pointer_id());
    }
    drag.set(Some(StopDrag { from: index, over: index }));
}

/// The stop under the pointer: the row whose middle is the last one above it.
#[cfg(feature = "hydrate")]
fn follow_drag(ev: web_sys::PointerEvent, drag: RwSignal<Option<StopDrag>>) {
    let Some(mut d) = drag.get_untracked() else { return };
    let Some(rows) =
        web_sys::window().and_then(|w| w.document()).and_then(|doc| doc.query_selector_all(".plan-stop").ok())
    else {
        return;
    };
    let y = f64::from(ev.client_y());
    let mut over = 0;
    for i in 0..rows.length() {
        use wasm_bindgen::JsCast;
        let Some(el) = rows.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let r = el.get_bounding_client_rect();
        if y > r.top() + r.height() / 2.0 {
            over = (i as usize + 1).min(rows.length() as usize - 1);
        }
        if y >= r.top() && y <= r.bottom() {
            over = i as usize;
            break;
        }
    }
    if d.over != over {
        d.over = over;
        drag.set(Some(d));
    }
}

#[cfg(feature = "hydrate")]
fn end_drag(drag: RwSignal<Option<StopDrag>>, on_move: Callback<(usize, usize)>) {
    if let Some(d) = drag.get_untracked() {
        drag.set(None);
        if d.from != d.over {
            on_move.run((d.from, d.over));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
fn start_drag<E>(_: E, _: usize, _: RwSignal<Option<StopDrag>>) {}
#[cfg(not(feature = "hydrate"))]
fn follow_drag<E>(_: E, _: RwSignal<Option<StopDrag>>) {}
#[cfg(not(feature = "hydrate"))]
fn end_drag(_: RwSignal<Option<StopDrag>>, _: Callback<(usize, usize)>) {}
