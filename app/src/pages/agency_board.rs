//! An agency's household board: the problems it owns in columns open / in progress / resolved
//! / cannot resolve. The agency drags a card as its work goes on (or uses "ย้ายไป…", which also
//! works without JavaScript); coordinators open any agency's board.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agency_board::{get_agency_board, get_agency_column, AgencyBoard};
use crate::api::board_events::BoardChange;
use crate::api::boards::ProblemCard;
use crate::api::filter_options::get_filter_options;
use crate::app::use_lang;
use crate::components::board_column::BoardColumn;
use crate::components::board_drag::{DragCtl, DragGhost};
use crate::components::board_kit::{BoardNotices, LiveBadge, Notice};
use crate::components::board_send::settle_move;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::problem_card::{CardSetup, ProblemCardView};
use crate::domain::board_moves::Board;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::{OwnerFilter, ProblemStatus, StatusFilter};
use crate::domain::url::percent_encode;
use crate::i18n::Lang;
use crate::pages::owner_board::{board_query, BoardFilters};

type AgencyState = Board<ProblemStatus, ProblemCard>;

/// Applies a change from the live feed to the board of `agency`: a problem it is given
/// arrives, one taken away leaves, a status change moves it.
pub fn apply_feed(board: &mut AgencyState, agency: i64, change: BoardChange) {
    match change {
        BoardChange::Owner { from, to, card } => {
            let status = card.status;
            let was = (from == Some(agency)).then_some(&status);
            let is = (to == Some(agency)).then_some(&status);
            if was.is_some() || is.is_some() {
                board.apply(was, is, card);
            }
        }
        BoardChange::Status { from, to, card } if card.owner_agency_id == Some(agency) => {
            board.apply(Some(&from), Some(&to), card);
        }
        _ => {}
    }
}

#[component]
pub fn AgencyBoardPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    let agency = Memo::new(move |_| query.with(|q| q.get("agency").and_then(|a| a.parse::<i64>().ok())));
    let board = Resource::new_blocking(
        move || (filter.with(board_query), agency.get()),
        |(q, agency)| get_agency_board(q, agency),
    );
    let options = Resource::new_blocking(|| None::<String>, get_filter_options);
    view! {
        <Title text=lang.t("บอร์ดงานของหน่วยงาน", "Agency board")/>
        <div class="page-head">
            <h1>{lang.t("บอร์ดงานของหน่วยงาน", "Agency board")}</h1>
        </div>
        <QueryErrorBox/>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let f = filter.get_untracked();
                match (board.await, options.await) {
                    (Ok(b), Ok(o)) => {
                        let keep = b.agency.as_ref().filter(|_| !b.agencies.is_empty())
                            .map(|a| vec![("agency", a.id.to_string())]).unwrap_or_default();
                        view! {
                            <AgencyChooser b=b.clone()/>
                            <BoardFilters f=f.clone() o action="/boards/agency" keep/>
                            <AgencyBoardView b f/>
                        }.into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Coordinators choose whose board to open (an agency user sees its own).
#[component]
fn AgencyChooser(b: AgencyBoard) -> impl IntoView {
    let lang = use_lang();
    let current = b.agency.as_ref().map(|a| a.id);
    let title = b.agency.as_ref().map(|a| lang.t(&a.name_th, &a.name_en).to_string());
    let chooser = (!b.agencies.is_empty()).then(|| {
        let options = b
            .agencies
            .iter()
            .map(|a| view! { <option value=a.id.to_string() selected=current == Some(a.id)>{a.short_th.clone()}</option> })
            .collect_view();
        view! {
            <form method="get" action="/boards/agency" class="card board-filters" data-testid="agency-chooser">
                <label class="field">
                    <span>{lang.t("หน่วยงาน", "Agency")}</span>
                    <select name="agency" required>
                        <option value="">{lang.t("เลือกหน่วยงาน…", "Choose an agency…")}</option>
                        {options}
                    </select>
                </label>
                <button type="submit" class="btn">{lang.t("เปิดบอร์ด", "Open the board")}</button>
            </form>
        }
    });
    view! {
        {title.map(|t| view! { <p class="agency-title"><strong>{t}</strong></p> })}
        {chooser}
    }
}

#[component]
fn AgencyBoardView(b: AgencyBoard, f: HouseholdFilter) -> impl IntoView {
    let lang = use_lang();
    let Some(agency) = b.agency.as_ref().map(|a| a.id) else {
        return view! {
            <p class="info-box">{lang.t("เลือกหน่วยงานเพื่อเปิดบอร์ดงาน", "Choose an agency to open its board")}</p>
        }
        .into_any();
    };
    let query = board_query(&f);
    let back = if b.agencies.is_empty() {
        format!("/boards/agency{query}")
    } else {
        let sep = if query.is_empty() { '?' } else { '&' };
        format!("/boards/agency{query}{sep}agency={agency}")
    };
    let may_move = b.may_move;
    let board = RwSignal::new(Board::new(b.columns.clone()));
    let notice = RwSignal::new(None::<Notice>);
    let live = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let on_drop = Callback::new(move |(id, key): (i64, String)| {
        let Some(to) = ProblemStatus::parse(&key) else { return };
        let Some(request) = board.try_update(|b| b.start_move(id, &to)).flatten() else { return };
        notice.set(None);
        let body = serde_json::json!({ "status": request.to, "version": request.version });
        let done = match lang {
            Lang::Th => format!("เปลี่ยนสถานะเป็น {} แล้ว", to.label(lang)),
            Lang::En => format!("Status changed to {}", to.label(lang)),
        };
        let url = format!("/api/v1/problems/{id}/status");
        let stands = |now: &serde_json::Value| now["status"].as_str().and_then(ProblemStatus::parse);
        settle_move(board, notice, lang, url, body, request, stands, done);
    });
    let drag = DragCtl::new(
        b.columns.iter().map(|c| (c.key.as_str().to_string(), c.key.label(lang).to_string())).collect(),
        lang,
        on_drop,
    );
    #[cfg(feature = "hydrate")]
    {
        let feed_filter = f.clone();
        let query = query.clone();
        crate::components::board_feed::follow(
            b.last_event_id,
            live,
            move |event| {
                if event.matches(&feed_filter) {
                    board.update(|b| apply_feed(b, agency, event.change));
                }
            },
            move || {
                let query = query.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = get_agency_board(query, Some(agency)).await {
                        board.set(Board::new(fresh.columns));
                    }
                });
            },
        );
    }
    let loading = RwSignal::new(false);
    let today = b.today.clone();
    let columns = b
        .columns
        .iter()
        .map(|c| {
            let key = c.key;
            let (back, today) = (back.clone(), today.clone());
            let card_view = move |card: ProblemCard| {
                let id = card.problem_id;
                let setup = CardSetup {
                    today: today.clone(),
                    column: key.as_str().to_string(),
                    move_href: may_move.then(|| format!("/boards/agency/move/{id}?back={}", percent_encode(&back))),
                    pick: false,
                    drag,
                    pending: Signal::derive(move || board.with(|b| b.is_pending(id))),
                    hydrated,
                };
                view! { <ProblemCardView card setup/> }.into_any()
            };
            let query = query.clone();
            let load_more = move |offset: i64| {
                if loading.get_untracked() {
                    return;
                }
                loading.set(true);
                let query = query.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(cards) = get_agency_column(query, agency, key, offset).await {
                        board.update(|b| b.append(&key, cards));
                    }
                    loading.set(false);
                });
            };
            let more_href = format!(
                "/households{}",
                HouseholdFilter {
                    owner: Some(OwnerFilter::Agency(agency)),
                    status: Some(StatusFilter::Is(key)),
                    ..HouseholdFilter { page: 1, ..f.clone() }
                }
                .to_query_string()
            );
            view! {
                <BoardColumn key drop=key.as_str().to_string() title=key.label(lang).to_string()
                    class=format!("status-lane status-{}", key.as_str()) board drag hydrated card_view load_more loading
                    more_href/>
            }
        })
        .collect_view();
    view! {
        <div class="board-status">
            <LiveBadge live/>
            {may_move.then(|| view! {
                <span class="small muted">{lang.t(
                    "ลากการ์ดไปยังสถานะใหม่เมื่องานคืบหน้า หรือกด ย้ายไป…",
                    "Drag a card to its new status as the work goes on, or use Move to…",
                )}</span>
            })}
        </div>
        <BoardNotices notice announcement=drag.announcement/>
        <div class="lanes lanes-4" data-testid="agency-board">{columns}</div>
        <DragGhost drag/>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board_moves::Column;
    use crate::domain::dimension::Dimension;

    fn card(id: i64, version: i64, owner: Option<i64>, status: ProblemStatus) -> ProblemCard {
        ProblemCard {
            problem_id: id,
            version,
            household_id: 1,
            head_name: None,
            address: String::new(),
            indicator: "H1".into(),
            dimension: Dimension::Health,
            status,
            owner_agency_id: owner,
            opened_on: format!("2026-01-{id:02}"),
        }
    }

    #[test]
    fn the_agency_board_follows_its_own_problems() {
        let mut b: AgencyState = Board::new(
            crate::api::agency_board::STATUS_COLUMNS
                .into_iter()
                .map(|s| Column { key: s, total: 0, cards: vec![] })
                .collect(),
        );
        // Given to agency 3: arrives open.
        let given = card(1, 2, Some(3), ProblemStatus::Open);
        apply_feed(&mut b, 3, BoardChange::Owner { from: None, to: Some(3), card: given });
        assert_eq!(b.total(&ProblemStatus::Open), 1);
        // Given to agency 5: not ours.
        let other = card(2, 2, Some(5), ProblemStatus::Open);
        apply_feed(&mut b, 3, BoardChange::Owner { from: None, to: Some(5), card: other });
        assert_eq!(b.total(&ProblemStatus::Open), 1);
        // Resolved by us: moves across.
        let done = card(1, 3, Some(3), ProblemStatus::Resolved);
        let change = BoardChange::Status { from: ProblemStatus::Open, to: ProblemStatus::Resolved, card: done };
        apply_feed(&mut b, 3, change);
        assert_eq!((b.total(&ProblemStatus::Open), b.total(&ProblemStatus::Resolved)), (0, 1));
        // Taken away by a coordinator: leaves the board.
        let taken = card(1, 4, Some(5), ProblemStatus::Resolved);
        apply_feed(&mut b, 3, BoardChange::Owner { from: Some(3), to: Some(5), card: taken });
        assert_eq!(b.total(&ProblemStatus::Resolved), 0);
    }
}
