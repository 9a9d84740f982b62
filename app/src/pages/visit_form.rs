//! Recording a visit from a phone: the outcome as big buttons, a note, the position (filled
//! from the phone's location when allowed, editable when the signal is wrong). A plain form
//! post that works without JavaScript; the form carries its own client id, so sending it twice
//! (a double tap, a retry on a weak signal) stores one visit. With JavaScript the visit goes to
//! the phone's outbox instead (sent at once, or when the signal returns), so it works offline.
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
            <a rel="external" href=move || format!("/field/households/{}", id().unwrap_or_default())>{lang.t("‹ ครัวเรือน", "‹ Household")}</a>
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
        <crate::components::outbox_panel::OutboxPanel/>
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
    let outcome = RwSignal::new(VisitOutcome::parse(&chosen).unwrap_or(VisitOutcome::Met));
    let note = RwSignal::new(kept("note"));
    let saved = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<String>);
    let outcomes = VisitOutcome::ALL
        .iter()
        .map(|o| {
            let checked = chosen == o.as_str() || (chosen.is_empty() && *o == VisitOutcome::Met);
            let value = *o;
            view! {
                <label class="choice-big">
                    <input type="radio" name="outcome" value=o.as_str() checked=checked required
                        prop:checked=move || outcome.get() == value on:change=move |_| outcome.set(value)/>
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
    #[cfg(feature = "hydrate")]
    browser::keep_draft(v.household_id, note, outcome);
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let (household, label) = (v.household_id, v.head_name.clone().unwrap_or_default());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let form = browser::VisitInput {
                outcome: outcome.get_untracked(),
                note: note.get_untracked(),
                lat: lat.get_untracked(),
                lon: lon.get_untracked(),
            };
            match browser::submit(household, &label, form, lang) {
                Ok(id) => {
                    note.set(String::new());
                    crate::components::drafts::clear(&browser::draft_key(household));
                    refused.set(None);
                    saved.set(Some(id));
                }
                Err(m) => refused.set(Some(m)),
            }
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = |_: leptos::ev::SubmitEvent| {};
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
        {move || saved.get().map(|id| view! {
            <crate::components::outbox_panel::RecordNotice client_id=id what_th="บันทึกการเยี่ยมแล้ว" what_en="Visit saved" testid="visit-saved"/>
        })}
        {move || refused.get().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
        <form method="post" action=format!("/households/{}/visit", v.household_id) class="card visit-form" data-testid="visit-form"
            on:submit=on_submit>
            <input type="hidden" name="client_id" value=v.client_id.clone()/>
            <fieldset class="choices">
                <legend>{lang.t("ผลการเยี่ยม", "Outcome")}</legend>
                {outcomes}
            </fieldset>
            <label class="field">
                <span>{lang.t("บันทึก", "Note")}</span>
                <textarea name="note" rows="4" maxlength="2000" on:input=move |ev| note.set(event_target_value(&ev))
                    prop:value=move || note.get()>{kept("note")}</textarea>
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

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;

    use crate::api::field::NewVisit;
    use crate::components::field_store as store;
    use crate::components::outbox::{no_outbox, use_outbox};
    use crate::domain::field::VisitOutcome;
    use crate::domain::outbox::{OutboxItem, OutboxKind};
    use crate::i18n::Lang;

    pub fn draft_key(household: i64) -> String {
        format!("hakpaeng-draft:visit:{household}")
    }

    /// Keeps the note and outcome as a draft while typing; restores it (after hydration) when
    /// the form opens again with nothing typed.
    pub fn keep_draft(household: i64, note: RwSignal<String>, outcome: RwSignal<VisitOutcome>) {
        use crate::components::drafts;
        request_animation_frame(move || {
            if let Some((o, n)) = drafts::load::<(VisitOutcome, String)>(&draft_key(household)) {
                if note.get_untracked().is_empty() && !n.is_empty() {
                    outcome.set(o);
                    note.set(n);
                }
            }
            Effect::new(move |_| {
                let (o, n) = (outcome.get(), note.get());
                if n.trim().is_empty() {
                    drafts::clear(&draft_key(household));
                } else {
                    drafts::save(&draft_key(household), &(o, n));
                }
            });
        });
    }

    pub struct VisitInput {
        pub outcome: VisitOutcome,
        pub note: String,
        pub lat: String,
        pub lon: String,
    }

    fn coordinate(text: &str) -> Result<Option<f64>, ()> {
        let t = text.trim().replace(',', ".");
        if t.is_empty() {
            return Ok(None);
        }
        crate::domain::decimal::parse_decimal(&t).filter(|v| v.is_finite()).map(Some).ok_or(())
    }

    /// Puts the visit (made now) in the outbox; its client id, or why it cannot go.
    pub fn submit(household: i64, label: &str, f: VisitInput, lang: Lang) -> Result<String, String> {
        let bad = || lang.t("พิกัดต้องเป็นตัวเลข เช่น 15.118600", "Coordinates must be numbers, e.g. 15.118600").to_string();
        let (lat, lon) = (coordinate(&f.lat).map_err(|_| bad())?, coordinate(&f.lon).map_err(|_| bad())?);
        let visit = NewVisit {
            household_id: household,
            outcome: f.outcome,
            note: Some(f.note.trim().to_string()).filter(|n| !n.is_empty()),
            lat: lat.and(lon).and(lat),
            lon: lat.and(lon),
            visited_at: js_sys::Date::new_0().to_iso_string().as_string(),
        };
        let summary = match &visit.note {
            Some(n) => format!("{} · {n}", f.outcome.label(lang)),
            None => f.outcome.label(lang).to_string(),
        };
        let client_id = store::new_client_id();
        let outbox = use_outbox().ok_or_else(|| no_outbox(lang))?;
        outbox.add(OutboxItem::new(
            client_id.clone(),
            OutboxKind::Visit,
            household,
            label.to_string(),
            summary,
            js_sys::Date::now(),
            serde_json::to_value(&visit).unwrap_or_default(),
        ));
        Ok(client_id)
    }
}
