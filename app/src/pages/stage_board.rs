//! The stage board: households in columns not yet assessed / อยู่รอด / พอเพียง / ยั่งยืน with
//! their open problems per dimension. Dragging a card asks to move the household; the stage
//! rule decides, and a refused card goes back with the reason. "ย้ายไป…" does the same move
//! (with a note) without dragging or JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::board_events::BoardChange;
use crate::api::filter_options::get_filter_options;
use crate::api::stage_board::{get_stage_board, get_stage_column, HouseholdCard, StageBoard};
use crate::app::use_lang;
use crate::components::board_column::BoardColumn;
use crate::components::board_drag::{DragCtl, DragGhost};
use crate::components::board_kit::{BoardNotices, LiveBadge, Notice};
use crate::components::board_send::settle_move;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::board_moves::Board;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::{HouseholdFilter, StageFilter};
use crate::domain::stage::{stage_class, stage_label, Stage};
use crate::domain::url::percent_encode;
use crate::i18n::Lang;
use crate::pages::owner_board::BoardFilters;

type StageState = Board<Option<Stage>, HouseholdCard>;

/// A column's key on the page (`data-drop`): a stage, or `none` for not yet assessed.
pub fn stage_key(stage: Option<Stage>) -> &'static str {
    stage.map_or("none", Stage::as_str)
}

/// The stage board's own part of a household filter (its area) as a query string.
pub fn stage_query(f: &HouseholdFilter) -> String {
    HouseholdFilter { amphoe: f.amphoe.clone(), tambon: f.tambon.clone(), ..HouseholdFilter::default() }
        .to_query_string()
}

/// Applies a change from the live feed to the stage board: households move between stages,
/// and a card's open problems follow their statuses.
pub fn apply_feed(board: &mut StageState, change: BoardChange) {
    match change {
        BoardChange::Stage { from, to, card } => {
            board.apply(Some(&from), Some(&Some(to)), card);
        }
        BoardChange::Status { from, to, card } if from.is_pending() != to.is_pending() => {
            board.edit(card.household_id, |h| h.problem_changed(card.dimension, &card.indicator, to.is_pending()));
        }
        _ => {}
    }
}

#[component]
pub fn StageBoardPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    let board = Resource::new_blocking(move || filter.with(stage_query), get_stage_board);
    let options = Resource::new_blocking(|| None::<String>, get_filter_options);
    view! {
        <Title text=lang.t("บอร์ดระดับการพัฒนา", "Stage board")/>
        <div class="page-head">
            <h1>{lang.t("บอร์ดระดับการพัฒนา: อยู่รอด → พอเพียง → ยั่งยืน", "Stage board: survive → sufficient → sustainable")}</h1>
        </div>
        <QueryErrorBox/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let f = filter.get_untracked();
                match (board.await, options.await) {
                    (Ok(b), Ok(o)) => view! {
                        <BoardFilters f=f.clone() o action="/boards/stages" kinds=false/>
                        <StageBoardView b f/>
                    }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StageBoardView(b: StageBoard, f: HouseholdFilter) -> impl IntoView {
    let lang = use_lang();
    let query = stage_query(&f);
    let back = format!("/boards/stages{query}");
    let may_move = b.may_move;
    let board = RwSignal::new(Board::new(b.columns.clone()));
    let notice = RwSignal::new(None::<Notice>);
    let live = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let on_drop = Callback::new(move |(id, key): (i64, String)| {
        let Some(to) = Stage::parse(&key) else {
            notice.set(Some(Notice::Refused(
                lang.t(
                    "ย้ายกลับไปเป็น 'ยังไม่ประเมิน' ไม่ได้ เลือกระดับอยู่รอด พอเพียง หรือยั่งยืน",
                    "A household cannot go back to 'not assessed': choose a stage",
                )
                .to_string(),
            )));
            return;
        };
        let Some(request) = board.try_update(|b| b.start_move(id, &Some(to))).flatten() else { return };
        notice.set(None);
        let body = serde_json::json!({ "stage": to, "version": request.version });
        let done = match lang {
            Lang::Th => format!("ย้ายครัวเรือนไประดับ{}แล้ว", to.label(lang)),
            Lang::En => format!("Moved the household to {}", to.label(lang)),
        };
        let url = format!("/api/v1/households/{id}/stage");
        let stands = |now: &serde_json::Value| Some(now["stage"].as_str().and_then(Stage::parse));
        settle_move(board, notice, lang, url, body, request, stands, done);
    });
    let columns: Vec<(String, String)> =
        b.columns.iter().map(|c| (stage_key(c.key).to_string(), stage_label(c.key, lang).to_string())).collect();
    let drag = DragCtl::new(columns, lang, on_drop);
    #[cfg(feature = "hydrate")]
    {
        let feed_filter = f.clone();
        let query = query.clone();
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
                    if let Ok(fresh) = get_stage_board(query).await {
                        board.set(Board::new(fresh.columns));
                    }
                });
            },
        );
    }
    let loading = RwSignal::new(false);
    let columns = b
        .columns
        .iter()
        .map(|c| {
            let key = c.key;
            let back = back.clone();
            let card_view = move |card: HouseholdCard| {
                let id = card.household_id;
                let pending = Signal::derive(move || board.with(|b| b.is_pending(id)));
                let move_href = may_move.then(|| format!("/boards/stages/move/{id}?back={}", percent_encode(&back)));
                view! { <HouseholdCardView card column=stage_key(key) drag hydrated pending move_href/> }.into_any()
            };
            let query = query.clone();
            let load_more = move |offset: i64| {
                if loading.get_untracked() {
                    return;
                }
                loading.set(true);
                let query = query.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(cards) = get_stage_column(query, key, offset).await {
                        board.update(|b| b.append(&key, cards));
                    }
                    loading.set(false);
                });
            };
            let more_href = format!(
                "/households{}",
                HouseholdFilter {
                    stage: Some(key.map_or(StageFilter::Unassessed, StageFilter::Is)),
                    ..HouseholdFilter { page: 1, ..f.clone() }
                }
                .to_query_string()
            );
            view! {
                <BoardColumn key drop=stage_key(key).to_string() title=stage_label(key, lang).to_string()
                    class=format!("stage-lane stage-{}", stage_class(key)) board drag hydrated card_view load_more loading
                    more_href/>
            }
        })
        .collect_view();
    view! {
        <div class="board-status">
            <LiveBadge live/>
            {may_move.then(|| view! {
                <span class="small muted">{lang.t(
                    "ลากการ์ดไปยังระดับใหม่ ระบบตรวจตามเกณฑ์ของจังหวัดก่อนย้าย",
                    "Drag a card to a new stage; the province's rule is checked first",
                )}</span>
            })}
        </div>
        <BoardNotices notice announcement=drag.announcement/>
        <div class="lanes lanes-4" data-testid="stage-board">{columns}</div>
        <DragGhost drag/>
    }
}

/// A household card: head, address, open problems per dimension and their codes.
#[component]
pub fn HouseholdCardView(
    card: HouseholdCard,
    /// The key of the column it is shown in.
    column: &'static str,
    drag: DragCtl,
    hydrated: RwSignal<bool>,
    pending: Signal<bool>,
    move_href: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let id = card.household_id;
    let head = card.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้า)", "(no head named)").to_string());
    let from = column.to_string();
    let movable = move_href.is_some();
    let held = move || drag.state.with(|d| d.as_ref().is_some_and(|d| d.id == id && d.keyboard));
    let name = head.clone();
    let handle = move || {
        (movable && hydrated.get()).then(|| {
            let (f1, f2, n1, n2) = (from.clone(), from.clone(), name.clone(), name.clone());
            view! {
                <button type="button" class="drag-handle" data-testid="drag-handle"
                    aria-label=format!("{} {}", lang.t("ลากหรือกด Enter เพื่อย้าย", "Drag, or press Enter to move"), n1)
                    aria-pressed=move || if held() { "true" } else { "false" }
                    on:pointerdown=move |ev| drag.pointer_down(&ev, id, &f1, &n2)
                    on:pointermove=move |ev| drag.pointer_move(&ev)
                    on:pointerup=move |ev| drag.pointer_up(&ev)
                    on:pointercancel=move |_| drag.pointer_cancel()
                    on:keydown=move |ev| drag.key_down(&ev, id, &f2, &n1)>
                    <span aria-hidden="true">"⠿"</span>
                </button>
            }
        })
    };
    let chips = Dimension::ALL
        .iter()
        .filter(|d| card.open_in(**d) > 0)
        .map(|d| {
            view! {
                <span class=format!("dim-chip dim-{}", d.as_str()) title=d.label(lang)>
                    {format!("{} {}", d.short_label(lang), card.open_in(*d))}
                </span>
            }
        })
        .collect_view();
    let total = card.open_total();
    view! {
        <li class="board-card household-card" class:dragging=move || drag.dragging(id) class:held=held
            class:pending=move || pending.get() data-household=id data-version=card.version>
            <div class="card-top">
                {handle}
                <a class="card-head" href=format!("/households/{id}")>{head.clone()}</a>
            </div>
            <p class="card-address small muted">{card.address.clone()}</p>
            <p class="card-open small">
                {if total == 0 {
                    view! { <span class="ok-text">{lang.t("ไม่มีปัญหาค้าง", "No open problems")}</span> }.into_any()
                } else {
                    view! {
                        <span>{match lang { Lang::Th => format!("ค้าง {total} ข้อ:"), Lang::En => format!("{total} open:") }}</span>
                        " " {chips}
                        <span class="open-codes muted">{card.open_codes.join(", ")}</span>
                    }.into_any()
                }}
            </p>
            {move_href.map(|href| view! {
                <a class="btn btn-quiet btn-small move-link" href=href
                    aria-label=format!("{} {}", lang.t("ย้ายระดับครัวเรือน", "Move household"), head.clone())>
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
    fn the_stage_board_keeps_only_the_area() {
        let f = HouseholdFilter {
            amphoe: Some("3304".into()),
            dimension: Some(Dimension::Health),
            page: 3,
            ..Default::default()
        };
        assert_eq!(stage_query(&f), "?amphoe=3304");
        assert_eq!(stage_key(None), "none");
        assert_eq!(stage_key(Some(Stage::Sufficient)), "sufficient");
    }
}
