//! A board card for one open problem (owner and agency boards): indicator, dimension, days
//! open, the household; a drag handle once the page runs (mouse, touch, keyboard) and a
//! "ย้ายไป…" (move to) link that works with any input and without JavaScript.
use leptos::prelude::*;

use crate::api::boards::ProblemCard;
use crate::app::use_lang;
use crate::components::board_drag::DragCtl;
use crate::domain::dates::{days_between, parse_iso_date};
use crate::i18n::Lang;

/// Days a problem has been open on `today` (both ISO dates; 0 when unreadable).
pub fn days_open(opened_on: &str, today: &str) -> i64 {
    match (parse_iso_date(opened_on.get(..10).unwrap_or(opened_on)), parse_iso_date(today)) {
        (Some(a), Some(b)) => days_between(a, b).max(0),
        _ => 0,
    }
}

/// How a card is shown and moved.
#[derive(Clone)]
pub struct CardSetup {
    pub today: String,
    /// The key of the column it is in (`data-drop` of the columns).
    pub column: String,
    /// The "move to" page, when the caller may move it.
    pub move_href: Option<String>,
    /// Show the bulk bar's checkbox.
    pub pick: bool,
    pub drag: DragCtl,
    pub pending: Signal<bool>,
    /// True once the page runs in the browser (the drag handle needs it).
    pub hydrated: RwSignal<bool>,
}

#[component]
pub fn ProblemCardView(card: ProblemCard, setup: CardSetup) -> impl IntoView {
    let lang = use_lang();
    let id = card.problem_id;
    let days = days_open(&card.opened_on, &setup.today);
    let head = card.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้า)", "(no head named)").to_string());
    let name = format!("{} {}", card.indicator, head);
    let drag = setup.drag;
    let column = setup.column.clone();
    let movable = setup.move_href.is_some();
    let held = move || drag.state.with(|d| d.as_ref().is_some_and(|d| d.id == id && d.keyboard));
    let handle = move || {
        (movable && setup.hydrated.get()).then(|| {
            let (c1, c2, n, n1) = (column.clone(), column.clone(), name.clone(), name.clone());
            view! {
                <button type="button" class="drag-handle" data-testid="drag-handle"
                    aria-label=format!("{} {}", lang.t("ลากหรือกด Enter เพื่อย้าย", "Drag, or press Enter to move"), n)
                    aria-pressed=move || if held() { "true" } else { "false" }
                    on:pointerdown=move |ev| drag.pointer_down(&ev, id, &c1, &n1)
                    on:pointermove=move |ev| drag.pointer_move(&ev)
                    on:pointerup=move |ev| drag.pointer_up(&ev)
                    on:pointercancel=move |_| drag.pointer_cancel()
                    on:keydown=move |ev| drag.key_down(&ev, id, &c2, &n)>
                    <span aria-hidden="true">"⠿"</span>
                </button>
            }
        })
    };
    view! {
        <li class=format!("board-card dim-{}", card.dimension.as_str())
            class:dragging=move || drag.dragging(id)
            class:held=held
            class:pending=move || setup.pending.get()
            data-problem=id data-version=card.version>
            <div class="card-top">
                {handle}
                {setup.pick.then(|| view! {
                    <input type="checkbox" name="problem" value=id.to_string() form="bulk-form" class="card-pick"
                        aria-label=format!("{} {} {}", lang.t("เลือก", "Select"), card.indicator, head.clone())/>
                })}
                <span class="indicator-code">{card.indicator.clone()}</span>
                <span class="dim-label">{card.dimension.short_label(lang)}</span>
                <span class="days-open" title=lang.t("จำนวนวันที่เปิดอยู่", "Days open")>
                    {match lang { Lang::Th => format!("{days} วัน"), Lang::En => format!("{days} d") }}
                </span>
            </div>
            <a class="card-head" href=format!("/households/{}", card.household_id)>{head.clone()}</a>
            <p class="card-address small muted">{card.address.clone()}</p>
            {setup.move_href.clone().map(|href| view! {
                <a class="btn btn-quiet btn-small move-link" href=href
                    aria-label=format!("{} {} {}", lang.t("ย้ายปัญหา", "Move problem"), card.indicator, head.clone())>
                    {lang.t("ย้ายไป…", "Move to…")}
                </a>
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_open_counts_whole_days() {
        assert_eq!(days_open("2026-11-01", "2026-11-29"), 28);
        assert_eq!(days_open("2026-11-01T08:00:00Z", "2026-11-29"), 28);
        assert_eq!(days_open("garbage", "2026-11-29"), 0);
    }
}
