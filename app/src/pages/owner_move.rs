//! "ย้ายไป…" for one problem: every lane as a big button, a plain form post each. The path
//! for keyboards, screen readers and phones without drag and drop, and without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::boards::{get_move_choice, MoveChoice};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::error::AppError;

/// Where to go back to: a board address of this site, else the board.
pub fn safe_back(back: Option<String>) -> String {
    back.filter(|b| b.starts_with("/boards/") && !b.starts_with("//")).unwrap_or_else(|| "/boards/owners".to_string())
}

#[component]
pub fn OwnerMovePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let choice = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_move_choice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let back = move || safe_back(query.read().get("back"));
    view! {
        <Title text=lang.t("ย้ายปัญหาไปยังเจ้าภาพ", "Move a problem to an owner")/>
        <p class="backlink"><a href=back>{lang.t("‹ กลับไปที่บอร์ดเจ้าภาพ", "‹ Back to the owner board")}</a></p>
        <h1>{lang.t("ย้ายปัญหาไปยังเจ้าภาพ", "Move a problem to an owner")}</h1>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match choice.await {
                    Ok(c) => view! { <MoveForm c back=back()/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MoveForm(c: MoveChoice, back: String) -> impl IntoView {
    let lang = use_lang();
    let card = c.card.clone();
    let action = format!("/boards/owners/move/{}", card.problem_id);
    let buttons = c
        .lanes
        .into_iter()
        .map(|lane| {
            let current = lane.agency_id == c.owner_agency_id;
            let value = lane.agency_id.map_or_else(|| "none".to_string(), |a| a.to_string());
            let label = if lane.agency_id.is_none() {
                lang.t(&lane.name_th, &lane.name_en).to_string()
            } else {
                format!("{} · {}", lane.short_th, lang.t(&lane.name_th, &lane.name_en))
            };
            view! {
                <li>
                    <button type="submit" name="agency" value=value class="btn move-target" class:current=current
                        disabled=current aria-current=current.then_some("true")>
                        {label}
                        {current.then(|| view! { <span class="muted small">{lang.t(" (ปัจจุบัน)", " (now)")}</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card move-problem">
            <p><span class="indicator-code">{card.indicator.clone()}</span> " " {card.dimension.label(lang)}</p>
            <p><a href=format!("/households/{}", card.household_id)>{card.head_name.clone().unwrap_or_default()}</a></p>
            <p class="small muted">{card.address.clone()}</p>
        </section>
        <form method="post" action=action class="move-form" data-testid="move-form">
            <input type="hidden" name="version" value=card.version.to_string()/>
            <input type="hidden" name="back" value=back/>
            <ul class="move-targets">{buttons}</ul>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_board_addresses_are_gone_back_to() {
        assert_eq!(safe_back(Some("/boards/owners?amphoe=3301".into())), "/boards/owners?amphoe=3301");
        assert_eq!(safe_back(Some("https://evil.example/".into())), "/boards/owners");
        assert_eq!(safe_back(Some("//evil.example/boards/".into())), "/boards/owners");
        assert_eq!(safe_back(None), "/boards/owners");
    }
}
