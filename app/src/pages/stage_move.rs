//! "ย้ายไป…" for one household on the stage board: a note and a button per stage, a plain form
//! post each. The stage rule decides; a refusal comes back with its reason.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::stage_board::{get_stage_choice, StageChoice};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::stage::{stage_label, Stage};
use crate::error::AppError;
use crate::pages::owner_move::safe_back;

#[component]
pub fn StageMovePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let choice = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_stage_choice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let back = move || safe_back(query.read().get("back").or_else(|| Some("/boards/stages".into())));
    view! {
        <Title text=lang.t("ย้ายระดับครัวเรือน", "Move a household to a stage")/>
        <p class="backlink"><a href=back>{lang.t("‹ กลับไปที่บอร์ด", "‹ Back to the board")}</a></p>
        <h1>{lang.t("ย้ายระดับครัวเรือน", "Move a household to a stage")}</h1>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match choice.await {
                    Ok(c) => view! { <StageForm c back=back()/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StageForm(c: StageChoice, back: String) -> impl IntoView {
    let lang = use_lang();
    let card = c.card;
    let buttons = Stage::ALL
        .into_iter()
        .map(|s| {
            let current = card.stage == Some(s);
            view! {
                <li>
                    <button type="submit" name="stage" value=s.as_str() class="btn move-target" class:current=current
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
            <p><a href=format!("/households/{}", card.household_id)>{card.head_name.clone().unwrap_or_default()}</a></p>
            <p class="small muted">{card.address.clone()}</p>
            <p>{lang.t("ระดับตอนนี้: ", "Stage now: ")}<strong>{stage_label(card.stage, lang)}</strong></p>
            <p class="small">{if card.open_codes.is_empty() {
                lang.t("ไม่มีปัญหาค้าง", "No open problems").to_string()
            } else {
                format!("{}{}", lang.t("ปัญหาที่ยังค้าง: ", "Open problems: "), card.open_codes.join(", "))
            }}</p>
        </section>
        {(!c.may_move).then(|| view! {
            <p class="warn-box">{lang.t("บทบาทของคุณดูบอร์ดได้แต่ย้ายระดับไม่ได้", "Your role may view the board but not move stages")}</p>
        })}
        <form method="post" action=format!("/boards/stages/move/{}", card.household_id) class="move-form" data-testid="move-form">
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
