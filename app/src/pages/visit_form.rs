//! Recording a visit from a phone: the outcome as big buttons, a note, the position (filled
//! from the phone's location when allowed, editable when the signal is wrong). A plain form
//! post that works without JavaScript; the form carries its own client id, so sending it twice
//! (a double tap, a retry on a weak signal) stores one visit.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::field::{get_visit_form, VisitForm};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::dates::format_iso_timestamp;
use crate::domain::field::VisitOutcome;
use crate::error::AppError;

#[component]
pub fn VisitFormPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let form = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_visit_form(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("บันทึกการเยี่ยมบ้าน", "Record a visit")/>
        <p class="backlink">
            <a href=move || format!("/households/{}", id().unwrap_or_default())>{lang.t("‹ แฟ้มครัวเรือน", "‹ Case file")}</a>
        </p>
        <h1>{lang.t("บันทึกการเยี่ยมบ้าน", "Record a visit")}</h1>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(v) => view! { <VisitFormView v/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VisitFormView(v: VisitForm) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    // Values sent back after a refusal, so nothing typed is lost.
    let kept = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let chosen = kept("outcome");
    let recorded = query.with_untracked(|q| q.get("recorded"));
    let lat = RwSignal::new(kept("lat"));
    let lon = RwSignal::new(kept("lon"));
    let located = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    if lat.get_untracked().is_empty() {
        crate::components::geolocate::current_position(move |result| match result {
            Ok((la, lo)) => {
                lat.set(format!("{la:.6}"));
                lon.set(format!("{lo:.6}"));
                located.set(Some(
                    lang.t("ได้ตำแหน่งจากโทรศัพท์แล้ว แก้ไขได้ถ้าไม่ตรง", "Position taken from the phone; edit it if wrong")
                        .to_string(),
                ));
            }
            Err(()) => located.set(Some(
                lang.t(
                    "ไม่ได้ตำแหน่งจากโทรศัพท์ กรอกเองได้หรือเว้นว่าง",
                    "No position from the phone; type it or leave it empty",
                )
                .to_string(),
            )),
        });
    }
    let outcomes = VisitOutcome::ALL
        .iter()
        .map(|o| {
            let checked = chosen == o.as_str() || (chosen.is_empty() && *o == VisitOutcome::Met);
            view! {
                <label class="choice-big">
                    <input type="radio" name="outcome" value=o.as_str() checked=checked required/>
                    <span>{o.label(lang)}</span>
                </label>
            }
        })
        .collect_view();
    let recent = v
        .recent
        .iter()
        .map(|r| {
            view! {
                <li class="visit-row" data-testid="recent-visit">
                    <strong>{r.outcome.label(lang)}</strong>
                    " · " <span class="muted">{format_iso_timestamp(&r.visited_at, lang)}</span>
                    {r.note.clone().map(|n| view! { <p class="small">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card move-problem">
            <p><strong>{v.head_name.clone().unwrap_or_default()}</strong></p>
            <p class="small muted">{v.address.clone()}</p>
        </section>
        {recorded.map(|_| view! {
            <p class="ok-box" role="status" data-testid="visit-recorded">{lang.t("บันทึกการเยี่ยมแล้ว", "Visit recorded")}</p>
        })}
        {(!v.may_record).then(|| view! {
            <p class="warn-box">{lang.t("บทบาทของคุณดูข้อมูลได้แต่บันทึกการเยี่ยมไม่ได้", "Your role may view but not record visits")}</p>
        })}
        <form method="post" action=format!("/households/{}/visit", v.household_id) class="card visit-form" data-testid="visit-form">
            <input type="hidden" name="client_id" value=v.client_id.clone()/>
            <fieldset class="choices">
                <legend>{lang.t("ผลการเยี่ยม", "Outcome")}</legend>
                {outcomes}
            </fieldset>
            <label class="field">
                <span>{lang.t("บันทึก", "Note")}</span>
                <textarea name="note" rows="4" maxlength="2000">{kept("note")}</textarea>
            </label>
            <div class="coords">
                <label class="field">
                    <span>{lang.t("ละติจูด", "Latitude")}</span>
                    <input name="lat" inputmode="decimal" prop:value=move || lat.get() on:input=move |ev| lat.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{lang.t("ลองจิจูด", "Longitude")}</span>
                    <input name="lon" inputmode="decimal" prop:value=move || lon.get() on:input=move |ev| lon.set(event_target_value(&ev))/>
                </label>
            </div>
            {move || located.get().map(|m| view! { <p class="small muted" data-testid="located">{m}</p> })}
            <button type="submit" class="btn btn-primary btn-big" disabled=!v.may_record>{lang.t("บันทึกการเยี่ยม", "Save the visit")}</button>
        </form>
        <section class="card">
            <h2>{lang.t("การเยี่ยมล่าสุด", "Recent visits")}</h2>
            {if v.recent.is_empty() {
                view! { <p class="muted">{lang.t("ยังไม่มีการเยี่ยม", "No visits yet")}</p> }.into_any()
            } else {
                view! { <ul class="visit-list">{recent}</ul> }.into_any()
            }}
        </section>
    }
}
