//! "ย้ายไป…" for one problem on an agency board: a note and a button per status, a plain form
//! post each (the path without dragging or JavaScript).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::agency_board::{get_status_choice, StatusChoice, STATUS_COLUMNS};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::error::AppError;
use crate::pages::owner_move::safe_back;

#[component]
pub fn StatusMovePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let choice = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_status_choice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let back = move || safe_back(query.read().get("back").or_else(|| Some("/boards/agency".into())));
    view! {
        <Title text=lang.t("เปลี่ยนสถานะปัญหา", "Change a problem's status")/>
        <p class="backlink"><a href=back>{lang.t("‹ กลับไปที่บอร์ด", "‹ Back to the board")}</a></p>
        <h1>{lang.t("เปลี่ยนสถานะปัญหา", "Change a problem's status")}</h1>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match choice.await {
                    Ok(c) => view! { <StatusForm c back=back()/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StatusForm(c: StatusChoice, back: String) -> impl IntoView {
    let lang = use_lang();
    let card = c.card;
    let buttons = STATUS_COLUMNS
        .into_iter()
        .map(|s| {
            let current = card.status == s;
            view! {
                <li>
                    <button type="submit" name="status" value=s.as_str() class="btn move-target" class:current=current
                        disabled=current || !c.may_move aria-current=current.then_some("true")>
                        {s.label(lang)}
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
        {(!c.may_move).then(|| view! {
            <p class="warn-box">{lang.t(
                "เปลี่ยนสถานะได้เฉพาะหน่วยงานเจ้าภาพของปัญหานี้หรือผู้ประสานงาน",
                "Only the problem's owner agency or a coordinator changes its status",
            )}</p>
        })}
        <form method="post" action=format!("/boards/agency/move/{}", card.problem_id) class="move-form" data-testid="move-form">
            <input type="hidden" name="version" value=card.version.to_string()/>
            <input type="hidden" name="back" value=back/>
            <label class="field">
                <span>{lang.t("บันทึกประกอบ (ถ้ามี)", "Note (optional)")}</span>
                <textarea name="note" rows="3" maxlength="1000"></textarea>
            </label>
            <ul class="move-targets">{buttons}</ul>
        </form>
    }
}
