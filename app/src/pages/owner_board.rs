//! The owner board: one lane of open problems nobody owns yet, then a lane per agency. The
//! number without an owner is shown large: the province drives it to 0. Every card has a
//! "ย้ายไป…" (move to) page that works with any input and without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::boards::{get_owner_board, OwnerBoard, OwnerLane, ProblemCard};
use crate::api::filter_options::{get_filter_options, FilterOptions};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::dates::{days_between, parse_iso_date};
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::OwnerFilter;
use crate::domain::url::percent_encode;
use crate::i18n::{group_thousands, Lang};

/// The board's own part of a household filter (area, dimension, indicator) as a query string.
pub fn board_query(f: &HouseholdFilter) -> String {
    HouseholdFilter {
        amphoe: f.amphoe.clone(),
        tambon: f.tambon.clone(),
        dimension: f.dimension,
        indicator: f.indicator.clone(),
        ..HouseholdFilter::default()
    }
    .to_query_string()
}

/// Days a problem has been open on `today` (both ISO dates; 0 when unreadable).
pub fn days_open(opened_on: &str, today: &str) -> i64 {
    match (parse_iso_date(opened_on.get(..10).unwrap_or(opened_on)), parse_iso_date(today)) {
        (Some(a), Some(b)) => days_between(a, b).max(0),
        _ => 0,
    }
}

#[component]
pub fn OwnerBoardPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    let board = Resource::new_blocking(move || filter.with(board_query), get_owner_board);
    let options = Resource::new_blocking(|| None::<String>, get_filter_options);
    view! {
        <Title text=lang.t("บอร์ดเจ้าภาพ", "Owner board")/>
        <div class="page-head">
            <h1>{lang.t("บอร์ดเจ้าภาพ: ทุกปัญหาต้องมีเจ้าภาพ", "Owner board: every problem gets an owner")}</h1>
        </div>
        <QueryErrorBox/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let f = filter.get_untracked();
                match (board.await, options.await) {
                    (Ok(b), Ok(o)) => view! { <BoardFilters f=f.clone() o/> <BoardView b f/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BoardFilters(f: HouseholdFilter, o: FilterOptions) -> impl IntoView {
    let lang = use_lang();
    let amphoes = o
        .amphoes
        .iter()
        .map(|a| {
            let selected = f.amphoe.as_deref() == Some(a.code.as_str());
            view! { <option value=a.code.clone() selected=selected>{a.name(lang).to_string()}</option> }
        })
        .collect_view();
    let dimensions = Dimension::ALL
        .iter()
        .map(|d| view! { <option value=d.as_str() selected=f.dimension == Some(*d)>{d.label(lang)}</option> })
        .collect_view();
    let indicators = o
        .indicators
        .iter()
        .map(|i| {
            let selected = f.indicator.as_deref() == Some(i.code.as_str());
            view! { <option value=i.code.clone() selected=selected>{format!("{} {}", i.code, i.name(lang))}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/boards/owners" class="card board-filters" data-testid="board-filters">
            <label class="field">
                <span>{lang.t("อำเภอ", "District")}</span>
                <select name="amphoe"><option value="">{lang.t("ทุกอำเภอ", "All districts")}</option>{amphoes}</select>
            </label>
            <label class="field">
                <span>{lang.t("มิติ", "Dimension")}</span>
                <select name="dimension"><option value="">{lang.t("ทุกมิติ", "All dimensions")}</option>{dimensions}</select>
            </label>
            <label class="field">
                <span>{lang.t("ตัวชี้วัด", "Indicator")}</span>
                <select name="indicator"><option value="">{lang.t("ทุกตัวชี้วัด", "All indicators")}</option>{indicators}</select>
            </label>
            <button type="submit" class="btn">{lang.t("แสดง", "Show")}</button>
        </form>
    }
}

#[component]
fn BoardView(b: OwnerBoard, f: HouseholdFilter) -> impl IntoView {
    let lang = use_lang();
    let unowned = b.unowned();
    let back = format!("/boards/owners{}", board_query(&f));
    let today = b.today.clone();
    let may_move = b.may_move;
    let may_bulk = b.may_bulk;
    let targets = b
        .lanes
        .iter()
        .map(|l| {
            let value = l.agency_id.map_or_else(|| "none".to_string(), |a| a.to_string());
            let label =
                if l.agency_id.is_none() { lang.t(&l.name_th, &l.name_en).to_string() } else { l.short_th.clone() };
            view! { <option value=value>{label}</option> }
        })
        .collect_view();
    let query = use_query_map();
    let done = move || {
        query.with(|q| {
            q.get("assigned").and_then(|n| n.parse::<i64>().ok()).map(|n| {
                let refused = q.get("refused").and_then(|r| r.parse::<i64>().ok()).unwrap_or(0);
                let text = match lang {
                    Lang::Th if refused > 0 => {
                        format!("มอบเจ้าภาพแล้ว {n} รายการ ไม่สำเร็จ {refused} รายการ (นอกพื้นที่หรือถูกเปลี่ยนไปแล้ว)")
                    }
                    Lang::Th => format!("มอบเจ้าภาพแล้ว {n} รายการ"),
                    Lang::En if refused > 0 => {
                        format!("{n} problems assigned; {refused} could not be (out of scope or changed)")
                    }
                    Lang::En => format!("{n} problems assigned"),
                };
                view! { <p class="ok-box" role="status" data-testid="bulk-done">{text}</p> }
            })
        })
    };
    let bulk_bar = may_bulk.then(|| {
        view! {
            <form method="post" action="/boards/owners/bulk" id="bulk-form" class="card bulk-bar" data-testid="bulk-form">
                <input type="hidden" name="back" value=back.clone()/>
                <span>{lang.t("มอบปัญหาที่เลือกให้", "Give the selected problems to")}</span>
                <select name="agency" aria-label=lang.t("เจ้าภาพที่จะมอบให้", "Owner to give them to")>{targets}</select>
                <button type="submit" class="btn btn-primary">{lang.t("มอบเจ้าภาพ", "Assign")}</button>
            </form>
        }
    });
    let lanes = b
        .lanes
        .into_iter()
        .filter(|l| l.agency_id.is_none() || l.total > 0)
        .map(|lane| view! { <Lane lane f=f.clone() today=today.clone() back=back.clone() may_move may_bulk/> })
        .collect_view();
    view! {
        <section class="unowned-figure" class:zero=unowned == 0 aria-live="polite">
            <span class="kpi-label">{lang.t("ปัญหาที่ยังไม่มีเจ้าภาพ", "Open problems without an owner")}</span>
            <strong class="unowned-value" data-testid="unowned-count">{group_thousands(unowned)}</strong>
            <span class="kpi-sub">{lang.t("เป้าหมายคือ 0", "The goal is 0")}</span>
        </section>
        {done}
        {bulk_bar}
        <div class="lanes" data-testid="owner-board">{lanes}</div>
    }
}

#[component]
fn Lane(
    lane: OwnerLane,
    f: HouseholdFilter,
    today: String,
    back: String,
    may_move: bool,
    may_bulk: bool,
) -> impl IntoView {
    let lang = use_lang();
    let shown = lane.cards.len() as i64;
    let rest = lane.total - shown;
    let list_href = format!(
        "/households{}",
        HouseholdFilter {
            owner: Some(lane.agency_id.map_or(OwnerFilter::Nobody, OwnerFilter::Agency)),
            status: Some(crate::domain::problem::StatusFilter::Pending),
            ..HouseholdFilter { page: 1, ..f.clone() }
        }
        .to_query_string()
    );
    let title =
        if lane.agency_id.is_none() { lang.t(&lane.name_th, &lane.name_en).to_string() } else { lane.short_th.clone() };
    let lane_label = format!("{title} {}", lane.total);
    let lane_key = lane.agency_id.map_or_else(|| "none".to_string(), |a| a.to_string());
    let cards = lane
        .cards
        .into_iter()
        .map(|card| view! { <Card card today=today.clone() back=back.clone() may_move may_bulk/> })
        .collect_view();
    view! {
        <section class="lane" class:lane-unowned=lane.agency_id.is_none() data-lane=lane_key
            aria-label=lane_label>
            <header class="lane-head">
                <h2 title=lang.t(&lane.name_th, &lane.name_en).to_string()>{title}</h2>
                <span class="lane-count" data-testid="lane-count">{group_thousands(lane.total)}</span>
            </header>
            <ul class="cards">{cards}</ul>
            {(rest > 0).then(|| view! {
                <a class="lane-more" href=list_href.clone()>
                    {match lang {
                        Lang::Th => format!("และอีก {} รายการ ดูในรายชื่อครัวเรือน", group_thousands(rest)),
                        Lang::En => format!("{} more in the household list", group_thousands(rest)),
                    }}
                </a>
            })}
        </section>
    }
}

#[component]
fn Card(card: ProblemCard, today: String, back: String, may_move: bool, may_bulk: bool) -> impl IntoView {
    let lang = use_lang();
    let days = days_open(&card.opened_on, &today);
    let move_href = format!("/boards/owners/move/{}?back={}", card.problem_id, percent_encode(&back));
    let head = card.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้า)", "(no head named)").to_string());
    view! {
        <li class=format!("board-card dim-{}", card.dimension.as_str()) data-problem=card.problem_id data-version=card.version>
            <div class="card-top">
                {may_bulk.then(|| view! {
                    <input type="checkbox" name="problem" value=card.problem_id.to_string() form="bulk-form" class="card-pick"
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
            {may_move.then(|| view! {
                <a class="btn btn-quiet btn-small move-link" href=move_href.clone()
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
    fn the_board_keeps_only_its_own_filters() {
        let f = HouseholdFilter {
            amphoe: Some("3304".into()),
            dimension: Some(Dimension::Health),
            q: Some("สม".into()),
            page: 4,
            ..Default::default()
        };
        assert_eq!(board_query(&f), "?amphoe=3304&dimension=health");
    }

    #[test]
    fn days_open_counts_whole_days() {
        assert_eq!(days_open("2026-11-01", "2026-11-29"), 28);
        assert_eq!(days_open("2026-11-01T08:00:00Z", "2026-11-29"), 28);
        assert_eq!(days_open("garbage", "2026-11-29"), 0);
    }
}
