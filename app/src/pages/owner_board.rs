//! The owner board: one lane of open problems nobody owns yet, then a lane per agency. The
//! number without an owner is shown large: the province drives it to 0. Every card has a
//! "ย้ายไป…" (move to) page that works with any input and without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::board_events::BoardChange;
use crate::api::boards::{get_owner_board, get_owner_lane, OwnerBoard, ProblemCard};
use crate::api::filter_options::{get_filter_options, FilterOptions};
use crate::app::use_lang;
use crate::components::board_drag::{DragCtl, DragGhost};
use crate::components::board_kit::{BoardNotices, LiveBadge, Notice};
use crate::components::board_send::settle_move;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::problem_card::{CardSetup, ProblemCardView};
use crate::domain::board_moves::{Board, Column};
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

#[component]
pub fn OwnerBoardPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    // A card just moved by the move page is shown on top of its lane, loaded or not.
    let moved = Memo::new(move |_| query.with(|q| q.get("moved").and_then(|m| m.parse::<i64>().ok())));
    let board = Resource::new_blocking(move || with_moved(&filter.with(board_query), moved.get()), get_owner_board);
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

/// The boards' filter form: district always; dimension and indicator when `kinds`. `keep` are
/// hidden fields carried along (e.g. the agency of an agency board).
#[component]
pub fn BoardFilters(
    f: HouseholdFilter,
    o: FilterOptions,
    #[prop(default = "/boards/owners")] action: &'static str,
    #[prop(default = true)] kinds: bool,
    #[prop(optional)] keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let lang = use_lang();
    let amphoes = o
        .amphoes
        .iter()
        .map(|a| {
            let selected = f.amphoe.as_deref() == Some(a.code.as_str());
            view! { <option value=a.code.clone() selected=selected>{a.name(lang).to_string()}</option> }
        })
        .collect_view();
    // Tambons of the chosen district (a province has hundreds).
    let tambons = f.amphoe.as_ref().map(|amphoe| {
        let options = o
            .tambons
            .iter()
            .filter(|t| t.parent == *amphoe)
            .map(|t| {
                let selected = f.tambon.as_deref() == Some(t.code.as_str());
                view! { <option value=t.code.clone() selected=selected>{t.name(lang).to_string()}</option> }
            })
            .collect_view();
        view! {
            <label class="field">
                <span>{lang.t("ตำบล", "Subdistrict")}</span>
                <select name="tambon"><option value="">{lang.t("ทุกตำบล", "All subdistricts")}</option>{options}</select>
            </label>
        }
    });
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
        <form method="get" action=action class="card board-filters" data-testid="board-filters">
            {keep.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label class="field">
                <span>{lang.t("อำเภอ", "District")}</span>
                <select name="amphoe"><option value="">{lang.t("ทุกอำเภอ", "All districts")}</option>{amphoes}</select>
            </label>
            {tambons}
            {kinds.then(|| view! {
                <label class="field">
                    <span>{lang.t("มิติ", "Dimension")}</span>
                    <select name="dimension"><option value="">{lang.t("ทุกมิติ", "All dimensions")}</option>{dimensions}</select>
                </label>
                <label class="field">
                    <span>{lang.t("ตัวชี้วัด", "Indicator")}</span>
                    <select name="indicator"><option value="">{lang.t("ทุกตัวชี้วัด", "All indicators")}</option>{indicators}</select>
                </label>
            })}
            <button type="submit" class="btn">{lang.t("แสดง", "Show")}</button>
        </form>
    }
}

/// The board's query with the card just moved, if any (`moved=ID`).
pub fn with_moved(query: &str, moved: Option<i64>) -> String {
    match moved {
        Some(id) if query.is_empty() => format!("?moved={id}"),
        Some(id) => format!("{query}&moved={id}"),
        None => query.to_string(),
    }
}

/// A lane's key on the page (`data-drop`): an agency id, or `none`.
pub fn lane_key(agency: Option<i64>) -> String {
    agency.map_or_else(|| "none".to_string(), |a| a.to_string())
}

fn parse_lane_key(key: &str) -> Option<Option<i64>> {
    match key {
        "none" => Some(None),
        other => other.parse().ok().map(Some),
    }
}

/// The lanes' names, fixed for the page (the board's cards and counts change, they do not).
#[derive(Clone)]
struct LaneName {
    agency_id: Option<i64>,
    title: String,
    full: String,
}

type OwnerState = Board<Option<i64>, ProblemCard>;

fn state_of(b: &OwnerBoard) -> OwnerState {
    Board::new(b.lanes.iter().map(|l| Column { key: l.agency_id, total: l.total, cards: l.cards.clone() }).collect())
}

/// Applies a change from the live feed to the owner board.
pub fn apply_feed(board: &mut OwnerState, change: BoardChange) {
    match change {
        BoardChange::Owner { from, to, card } => {
            board.apply(Some(&from), Some(&to), card);
        }
        BoardChange::Status { from, to, card } => {
            let owner = card.owner_agency_id;
            board.apply(from.is_pending().then_some(&owner), to.is_pending().then_some(&owner), card);
        }
        BoardChange::Stage { .. } => {}
    }
}

#[component]
fn BoardView(b: OwnerBoard, f: HouseholdFilter) -> impl IntoView {
    let lang = use_lang();
    let back = format!("/boards/owners{}", board_query(&f));
    let today = b.today.clone();
    let may_move = b.may_move;
    let may_bulk = b.may_bulk;
    let names: Vec<LaneName> = b
        .lanes
        .iter()
        .map(|l| LaneName {
            agency_id: l.agency_id,
            title: if l.agency_id.is_none() { lang.t(&l.name_th, &l.name_en).to_string() } else { l.short_th.clone() },
            full: lang.t(&l.name_th, &l.name_en).to_string(),
        })
        .collect();
    let board = RwSignal::new(state_of(&b));
    let notice = RwSignal::new(None::<Notice>);
    let live = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let lane_names = StoredValue::new(names.clone());
    let on_drop = Callback::new(move |(id, key): (i64, String)| {
        let Some(to) = parse_lane_key(&key) else { return };
        let Some(request) = board.try_update(|b| b.start_move(id, &to)).flatten() else { return };
        notice.set(None);
        let to_name = lane_names.with_value(|n| n.iter().find(|l| l.agency_id == to).map(|l| l.title.clone()));
        let body = serde_json::json!({ "agency_id": request.to, "version": request.version });
        let done = match lang {
            Lang::Th => format!("ย้ายไปที่ {} แล้ว", to_name.unwrap_or_default()),
            Lang::En => format!("Moved to {}", to_name.unwrap_or_default()),
        };
        let url = format!("/api/v1/problems/{id}/owner");
        settle_move(board, notice, lang, url, body, request, |now| Some(now["agency_id"].as_i64()), done);
    });
    let drag = DragCtl::new(names.iter().map(|l| (lane_key(l.agency_id), l.full.clone())).collect(), lang, on_drop);
    #[cfg(feature = "hydrate")]
    {
        let feed_filter = f.clone();
        let query = board_query(&f);
        crate::components::board_feed::follow(
            b.last_event_id,
            live,
            move |event| {
                if event.matches(&feed_filter) {
                    board.update(|b| apply_feed(b, event.change));
                }
            },
            move || {
                let query = query.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = get_owner_board(query).await {
                        board.set(state_of(&fresh));
                    }
                });
            },
        );
    }
    let targets =
        names.iter().map(|l| view! { <option value=lane_key(l.agency_id)>{l.title.clone()}</option> }).collect_view();
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
    let unowned = move || board.with(|b| b.total(&None));
    let setup = LaneSetup { today, back, may_move, may_bulk, query: board_query(&f), f: f.clone(), drag, hydrated };
    let lanes = names.into_iter().map(|name| view! { <Lane name board setup=setup.clone()/> }).collect_view();
    view! {
        <section class="unowned-figure" class:zero=move || unowned() == 0 aria-live="polite">
            <span class="kpi-label">{lang.t("ปัญหาที่ยังไม่มีเจ้าภาพ", "Open problems without an owner")}</span>
            <strong class="unowned-value" data-testid="unowned-count">{move || group_thousands(unowned())}</strong>
            <span class="kpi-sub">{lang.t("เป้าหมายคือ 0", "The goal is 0")}</span>
        </section>
        {done}
        {bulk_bar}
        <div class="board-status">
            <LiveBadge live/>
            {may_move.then(|| view! {
                <span class="small muted">{lang.t(
                    "ลากการ์ดด้วยปุ่ม ⠿ ไปวางที่เจ้าภาพ หรือกด ย้ายไป…",
                    "Drag a card by its ⠿ handle onto an owner, or use Move to…",
                )}</span>
            })}
        </div>
        <BoardNotices notice announcement=drag.announcement/>
        <div class="lanes" data-testid="owner-board">{lanes}</div>
        <DragGhost drag/>
    }
}

#[derive(Clone)]
struct LaneSetup {
    today: String,
    back: String,
    may_move: bool,
    may_bulk: bool,
    query: String,
    f: HouseholdFilter,
    drag: DragCtl,
    hydrated: RwSignal<bool>,
}

#[component]
fn Lane(name: LaneName, board: RwSignal<OwnerState>, setup: LaneSetup) -> impl IntoView {
    let lang = use_lang();
    let agency = name.agency_id;
    let key = lane_key(agency);
    let total = move || board.with(|b| b.total(&agency));
    let loaded = move || board.with(|b| b.columns.iter().find(|c| c.key == agency).map_or(0, |c| c.cards.len())) as i64;
    let list_href = format!(
        "/households{}",
        HouseholdFilter {
            owner: Some(agency.map_or(OwnerFilter::Nobody, OwnerFilter::Agency)),
            status: Some(crate::domain::problem::StatusFilter::Pending),
            ..HouseholdFilter { page: 1, ..setup.f.clone() }
        }
        .to_query_string()
    );
    let drag = setup.drag;
    let hydrated = setup.hydrated;
    let loading = RwSignal::new(false);
    let query = setup.query.clone();
    let load_more = move |_| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let (query, offset) = (query.clone(), loaded());
        leptos::task::spawn_local(async move {
            if let Ok(cards) = get_owner_lane(query, agency, offset).await {
                board.update(|b| b.append(&agency, cards));
            }
            loading.set(false);
        });
    };
    let column = key.clone();
    let cards =
        move || board.with(|b| b.columns.iter().find(|c| c.key == agency).map(|c| c.cards.clone()).unwrap_or_default());
    let card_view = move |card: ProblemCard| {
        let id = card.problem_id;
        let move_href = setup
            .may_move
            .then(|| format!("/boards/owners/move/{}?back={}", card.problem_id, percent_encode(&setup.back)));
        let card_setup = CardSetup {
            today: setup.today.clone(),
            column: column.clone(),
            move_href,
            pick: setup.may_bulk,
            drag,
            pending: Signal::derive(move || board.with(|b| b.is_pending(id))),
            hydrated,
        };
        view! { <ProblemCardView card setup=card_setup/> }
    };
    let drop_key = key.clone();
    view! {
        <section class="lane" class:lane-unowned=agency.is_none() class:lane-empty=move || total() == 0
            class:drop-target=move || drag.over(&drop_key)
            data-lane=key.clone() data-drop=key.clone() aria-label=move || format!("{} {}", name.title, total())>
            <header class="lane-head">
                <h2 title=name.full.clone()>{name.title.clone()}</h2>
                <span class="lane-count" data-testid="lane-count">{move || group_thousands(total())}</span>
            </header>
            <ul class="cards">
                <For each=cards key=|c| (c.problem_id, c.version) children=card_view/>
            </ul>
            {move || (total() > loaded()).then(|| {
                let rest = total() - loaded();
                view! {
                    {hydrated.get().then(|| view! {
                        <button type="button" class="btn btn-quiet btn-small lane-load" on:click=load_more.clone()
                            disabled=move || loading.get() data-testid="lane-load">
                            {match lang {
                                Lang::Th => format!("แสดงเพิ่ม (เหลืออีก {})", group_thousands(rest)),
                                Lang::En => format!("Show more ({} left)", group_thousands(rest)),
                            }}
                        </button>
                    })}
                    <a class="lane-more" href=list_href.clone()>
                        {match lang {
                            Lang::Th => format!("ดูทั้ง {} รายการในรายชื่อครัวเรือน", group_thousands(total())),
                            Lang::En => format!("All {} in the household list", group_thousands(total())),
                        }}
                    </a>
                }
            })}
        </section>
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
        assert_eq!(with_moved("?amphoe=3304", Some(7)), "?amphoe=3304&moved=7");
        assert_eq!(with_moved("", Some(7)), "?moved=7");
        assert_eq!(with_moved("?amphoe=3304", None), "?amphoe=3304");
    }
}
