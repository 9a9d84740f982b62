//! One column of a live board (stage and agency boards): its title and exact count, its cards
//! as the board state holds them, the drop highlight, and "show more" once the page runs.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::components::board_drag::DragCtl;
use crate::domain::board_moves::{Board, BoardCard};
use crate::i18n::{group_thousands, Lang};

#[component]
pub fn BoardColumn<K, C, V, L>(
    key: K,
    /// `data-drop` of the column.
    drop: String,
    title: String,
    /// An extra CSS class (e.g. the stage's colour).
    #[prop(into)]
    class: String,
    board: RwSignal<Board<K, C>>,
    drag: DragCtl,
    hydrated: RwSignal<bool>,
    card_view: V,
    /// Loads the cards after the first `offset` into the board.
    load_more: L,
    loading: RwSignal<bool>,
    /// The household list with the column's cards (the way to them without JavaScript).
    more_href: String,
) -> impl IntoView
where
    K: Clone + PartialEq + Send + Sync + 'static,
    C: BoardCard + Send + Sync + 'static,
    V: Fn(C) -> AnyView + Clone + Send + Sync + 'static,
    L: Fn(i64) + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let (k1, k2, k3) = (key.clone(), key.clone(), key);
    let total = Signal::derive(move || board.with(|b| b.total(&k1)));
    let loaded = Signal::derive(move || {
        board.with(|b| b.columns.iter().find(|c| c.key == k2).map_or(0, |c| c.cards.len())) as i64
    });
    let cards =
        move || board.with(|b| b.columns.iter().find(|c| c.key == k3).map(|c| c.cards.clone()).unwrap_or_default());
    let drop_key = drop.clone();
    let label = title.clone();
    view! {
        <section class=format!("lane {class}") class:drop-target=move || drag.over(&drop_key)
            class:lane-empty=move || total.get() == 0
            data-lane=drop.clone() data-drop=drop aria-label=move || format!("{label} {}", total.get())>
            <header class="lane-head">
                <h2>{title}</h2>
                <span class="lane-count" data-testid="lane-count">{move || group_thousands(total.get())}</span>
            </header>
            <ul class="cards">
                <For each=cards key=|c| (c.id(), c.version()) children=card_view/>
            </ul>
            {move || (total.get() > loaded.get()).then(|| {
                let rest = total.get() - loaded.get();
                let load_more = load_more.clone();
                view! {
                    {hydrated.get().then(|| view! {
                        <button type="button" class="btn btn-quiet btn-small lane-load" data-testid="lane-load"
                            disabled=move || loading.get() on:click=move |_| load_more(loaded.get())>
                            {match lang {
                                Lang::Th => format!("แสดงเพิ่ม (เหลืออีก {})", group_thousands(rest)),
                                Lang::En => format!("Show more ({} left)", group_thousands(rest)),
                            }}
                        </button>
                    })}
                    <a class="lane-more" href=more_href.clone()>
                        {match lang {
                            Lang::Th => format!("ดูทั้ง {} รายการในรายชื่อครัวเรือน", group_thousands(total.get())),
                            Lang::En => format!("All {} in the household list", group_thousands(total.get())),
                        }}
                    </a>
                }
            })}
        </section>
    }
}
