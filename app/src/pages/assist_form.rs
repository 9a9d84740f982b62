//! Recording assistance on the phone (`/field/households/:id/assist?problem=`): the problem,
//! an item of that dimension's assistance menu (its owner agency filled in), what was done,
//! the date in the Buddhist Era, money and in-kind value, the result, "problem resolved", an
//! optional stage proposal, and before/after photos with their media consent. With JavaScript
//! the record goes to the phone's outbox (sent now or when the signal returns; the draft is
//! kept while typing: `components::assist_photos`, `components::assist_submit`); without it,
//! the form posts as it is.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::field::{get_field_household, FieldHousehold};
use crate::app::use_lang;
#[cfg(feature = "hydrate")]
use crate::components::assist_submit;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::outbox_panel::OutboxPanel;
use crate::domain::assist_draft::{be_date_text, AssistDraft};
use crate::domain::dates::parse_iso_date;
use crate::domain::field::{AssistanceResult, MediaConsent, PhotoKind};
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::i18n::Lang;

#[component]
pub fn AssistFormPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_field_household(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("บันทึกความช่วยเหลือ", "Record assistance")/>
        <p class="backlink">
            <a rel="external" href=move || format!("/field/households/{}", id().unwrap_or_default())>{lang.t("‹ ครัวเรือน", "‹ Household")}</a>
        </p>
        <h1>{lang.t("บันทึกความช่วยเหลือ", "Record assistance")}</h1>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(h) => view! { <AssistForm h/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <OutboxPanel/>
    }
}

/// The form's starting values: a restored draft, or the values sent back after a refusal,
/// or the problem from the link and today's date.
fn initial(h: &FieldHousehold, kept: impl Fn(&str) -> String) -> AssistDraft {
    let problem = kept("problem_id");
    let problem = if problem.is_empty() { kept("problem") } else { problem };
    let today = parse_iso_date(&h.today).map(be_date_text).unwrap_or_default();
    let owner = h
        .problems
        .iter()
        .find(|p| p.id.to_string() == problem)
        .and_then(|p| p.owner_agency_id)
        .map(|o| o.to_string())
        .unwrap_or_default();
    let or = |k: &str, default: String| {
        let v = kept(k);
        if v.is_empty() {
            default
        } else {
            v
        }
    };
    AssistDraft {
        problem_id: problem,
        menu_item_id: kept("menu_item_id"),
        owner_agency_id: or("owner_agency_id", owner),
        detail: kept("detail"),
        done_on: or("done_on", today),
        amount_baht: kept("amount_baht"),
        budget_source: kept("budget_source"),
        in_kind_baht: kept("in_kind_baht"),
        result: or("result", AssistanceResult::Done.as_str().to_string()),
        result_reason: kept("result_reason"),
        resolved: kept("resolved") == "on",
        propose_stage: kept("propose_stage"),
        ..AssistDraft::default()
    }
}

#[component]
fn AssistForm(h: FieldHousehold) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let kept = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let household = h.household.id;
    let start = initial(&h, kept);
    let draft = RwSignal::new(start.clone());
    let notice = RwSignal::new(None::<(bool, String)>);
    let saved = RwSignal::new(None::<String>);
    let recorded = query.with_untracked(|q| q.get("recorded"));
    let pending: Vec<_> = h.problems.iter().filter(|p| p.status.is_pending()).cloned().collect();
    let menu = h.menu.clone();
    let agencies = h.agencies.clone();
    let stage_now = h.household.stage;
    let dimension_of = {
        let problems = h.problems.clone();
        move |id: &str| problems.iter().find(|p| p.id.to_string() == id).map(|p| p.dimension)
    };
    let status_of = {
        let problems = h.problems.clone();
        move |id: &str| problems.iter().find(|p| p.id.to_string() == id).map(|p| p.status)
    };

    #[cfg(feature = "hydrate")]
    let pristine = StoredValue::new(start.clone());
    #[cfg(feature = "hydrate")]
    let photos = crate::components::assist_photos::start(household, pristine, draft, notice, lang);

    let set = move |edit: fn(&mut AssistDraft, String)| {
        move |ev: leptos::ev::Event| draft.update(|d| edit(d, event_target_value(&ev)))
    };
    let problem_options = pending
        .iter()
        .map(|p| {
            let v = p.id.to_string();
            let selected = start.problem_id == v;
            view! {
                <option value=v.clone() selected=selected>
                    {format!("{} {} · {}", p.dimension.short_label(lang), p.indicator_code, lang.t(&p.indicator_name_th, &p.indicator_name_en))}
                </option>
            }
        })
        .collect_view();
    let menu_options = {
        let dimension_of = dimension_of.clone();
        move || {
            let dim = draft.with(|d| dimension_of(&d.problem_id));
            let chosen = draft.with(|d| d.menu_item_id.clone());
            menu.iter()
                .filter(|m| dim.is_none() || m.dimension.is_none() || m.dimension == dim)
                .map(|m| {
                    let v = m.id.to_string();
                    let selected = chosen == v;
                    view! { <option value=v selected=selected>{lang.t(&m.name_th, &m.name_en).to_string()}</option> }
                })
                .collect_view()
        }
    };
    let owner_options = agencies
        .iter()
        .map(|a| {
            let v = a.id.to_string();
            let selected = start.owner_agency_id == v;
            view! { <option value=v selected=selected>{if lang == Lang::Th { a.short_th.clone() } else { a.name_en.clone() }}</option> }
        })
        .collect_view();
    let choose_menu = {
        let menu = h.menu.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let owner = menu.iter().find(|m| m.id.to_string() == v).and_then(|m| m.owner_agency_id);
            draft.update(|d| {
                d.menu_item_id = v;
                if let Some(o) = owner {
                    d.owner_agency_id = o.to_string();
                }
            });
        }
    };
    let choose_problem = {
        let problems = h.problems.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            let owner = problems.iter().find(|p| p.id.to_string() == v).and_then(|p| p.owner_agency_id);
            draft.update(|d| {
                d.problem_id = v;
                d.menu_item_id.clear();
                if let Some(o) = owner {
                    d.owner_agency_id = o.to_string();
                }
            });
        }
    };
    let results = AssistanceResult::ALL
        .iter()
        .map(|r| {
            let value = r.as_str();
            let checked = start.result == value;
            view! {
                <label class="choice-big">
                    <input type="radio" name="result" value=value checked=checked
                        prop:checked=move || draft.with(|d| d.result == value)
                        on:change=move |_| draft.update(|d| d.result = value.to_string())/>
                    <span>{r.label(lang)}</span>
                </label>
            }
        })
        .collect_view();
    let stage_options = Stage::ALL
        .iter()
        .map(|s| {
            let selected = start.propose_stage == s.as_str();
            view! { <option value=s.as_str() selected=selected>{s.label(lang)}</option> }
        })
        .collect_view();
    let consents =
        MediaConsent::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label(lang)}</option> }).collect_view();

    #[cfg(feature = "hydrate")]
    let on_submit = {
        let household_label = h.household.head_name.clone().unwrap_or_default();
        let status_of = status_of.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let copy =
                assist_submit::Copy { household, label: &household_label, status_of: &status_of, stage_now, pristine };
            assist_submit::submit(copy, draft, notice, saved, lang);
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = {
        let _ = (&status_of, stage_now);
        |_: leptos::ev::SubmitEvent| {}
    };
    let cannot = move || draft.with(|d| d.result == AssistanceResult::CannotDo.as_str());
    let public = move || draft.with(|d| d.photos.iter().any(|p| p.consent == MediaConsent::Public));
    #[cfg(feature = "hydrate")]
    let photo_input = move |kind: PhotoKind| photos.input(kind);
    #[cfg(not(feature = "hydrate"))]
    let photo_input = |_: PhotoKind| move |_: leptos::ev::Event| {};
    #[cfg(feature = "hydrate")]
    let thumbs = move || photos.thumbnails();
    #[cfg(not(feature = "hydrate"))]
    let thumbs = || ();
    #[cfg(feature = "hydrate")]
    let set_consent = move |ev: leptos::ev::Event| photos.set_consent(&event_target_value(&ev));
    #[cfg(not(feature = "hydrate"))]
    let set_consent = |_: leptos::ev::Event| {};

    view! {
        <section class="card move-problem">
            <p><strong>{h.household.head_name.clone().unwrap_or_default()}</strong></p>
        </section>
        {recorded.map(|_| view! {
            <p class="ok-box" role="status" data-testid="assist-recorded">{lang.t("บันทึกการช่วยเหลือแล้ว", "Assistance recorded")}</p>
        })}
        {move || saved.get().map(|id| view! {
            <crate::components::outbox_panel::RecordNotice client_id=id what_th="บันทึกการช่วยเหลือแล้ว" what_en="Assistance saved" testid="assist-saved"/>
        })}
        {move || notice.get().map(|(ok, m)| view! {
            <p class=if ok { "ok-box" } else { "error-box" } role="status" data-testid="assist-notice">{m}</p>
        })}
        {(!h.may_record).then(|| view! {
            <p class="warn-box">{lang.t("บทบาทของคุณดูข้อมูลได้แต่บันทึกไม่ได้", "Your role may view but not record")}</p>
        })}
        <form method="post" enctype="multipart/form-data" action=format!("/field/households/{household}/assist")
            class="card assist-form" data-testid="assist-form" on:submit=on_submit>
            <input type="hidden" name="client_id" value=h.client_id.clone()/>
            <input type="hidden" name="base_stage" value=stage_now.map(|s| s.as_str()).unwrap_or_default()/>
            <label class="field">
                <span>{lang.t("ปัญหาที่ช่วยเหลือ", "Problem")}</span>
                <select name="problem_id" data-testid="assist-problem" on:change=choose_problem prop:value=move || draft.with(|d| d.problem_id.clone())>
                    <option value="">{lang.t("(ไม่ระบุปัญหา)", "(no particular problem)")}</option>
                    {problem_options}
                </select>
            </label>
            <label class="field">
                <span>{lang.t("รายการความช่วยเหลือ", "Assistance from the menu")}</span>
                <select name="menu_item_id" data-testid="assist-menu" on:change=choose_menu prop:value=move || draft.with(|d| d.menu_item_id.clone())>
                    <option value="">{lang.t("(อื่น ๆ เขียนในรายละเอียด)", "(other: describe below)")}</option>
                    {menu_options}
                </select>
            </label>
            <label class="field">
                <span>{lang.t("หน่วยงานเจ้าภาพ", "Owner agency")}</span>
                <select name="owner_agency_id" on:change=set(|d, v| d.owner_agency_id = v) prop:value=move || draft.with(|d| d.owner_agency_id.clone())>
                    <option value="">{lang.t("(ไม่ระบุ)", "(none)")}</option>
                    {owner_options}
                </select>
            </label>
            <label class="field">
                <span>{lang.t("รายละเอียด", "What was done")}</span>
                <textarea name="detail" rows="3" maxlength="4000" data-testid="assist-detail"
                    on:input=set(|d, v| d.detail = v) prop:value=move || draft.with(|d| d.detail.clone())>{start.detail.clone()}</textarea>
            </label>
            <label class="field">
                <span>{lang.t("วันที่ช่วยเหลือ (วัน/เดือน/ปี พ.ศ.)", "Date (day/month/year BE)")}</span>
                <input name="done_on" inputmode="numeric" placeholder="29/11/2569" value=start.done_on.clone() data-testid="assist-date"
                    on:input=set(|d, v| d.done_on = v) prop:value=move || draft.with(|d| d.done_on.clone())/>
            </label>
            <div class="coords">
                <label class="field">
                    <span>{lang.t("จำนวนเงิน (บาท)", "Amount (THB)")}</span>
                    <input name="amount_baht" inputmode="decimal" value=start.amount_baht.clone() data-testid="assist-amount"
                        on:input=set(|d, v| d.amount_baht = v) prop:value=move || draft.with(|d| d.amount_baht.clone())/>
                </label>
                <label class="field">
                    <span>{lang.t("มูลค่าสิ่งของ (บาท)", "In-kind value (THB)")}</span>
                    <input name="in_kind_baht" inputmode="decimal" value=start.in_kind_baht.clone()
                        on:input=set(|d, v| d.in_kind_baht = v) prop:value=move || draft.with(|d| d.in_kind_baht.clone())/>
                </label>
            </div>
            <label class="field">
                <span>{lang.t("แหล่งงบประมาณ", "Budget source")}</span>
                <input name="budget_source" value=start.budget_source.clone() placeholder=lang.t("เช่น งบ อบต. / กองทุน", "e.g. TAO budget")
                    on:input=set(|d, v| d.budget_source = v) prop:value=move || draft.with(|d| d.budget_source.clone())/>
            </label>
            <fieldset class="choices">
                <legend>{lang.t("ผลการช่วยเหลือ", "Result")}</legend>
                {results}
            </fieldset>
            <label class="field" class:hidden-field=move || !cannot()>
                <span>{lang.t("เหตุผล (ถ้าดำเนินการไม่ได้)", "Reason (when it cannot be done)")}</span>
                <input name="result_reason" value=start.result_reason.clone()
                    on:input=set(|d, v| d.result_reason = v) prop:value=move || draft.with(|d| d.result_reason.clone())/>
            </label>
            <label class="check-big">
                <input type="checkbox" name="resolved" checked=start.resolved data-testid="assist-resolved"
                    on:change=move |ev| draft.update(|d| d.resolved = event_target_checked(&ev))
                    prop:checked=move || draft.with(|d| d.resolved)/>
                <span>{lang.t("ปัญหานี้แก้ไขได้แล้ว", "This problem is resolved")}</span>
            </label>
            <input type="hidden" name="base_problem_status"
                value=status_of(&start.problem_id).map(|s| s.as_str()).unwrap_or_default()
                prop:value=move || draft.with(|d| status_of(&d.problem_id).map(|s| s.as_str()).unwrap_or_default())/>
            <label class="field">
                <span>{lang.t("เสนอระดับขั้นของครัวเรือน (ถ้ามี)", "Propose a household stage (optional)")}</span>
                <select name="propose_stage" data-testid="assist-stage" on:change=set(|d, v| d.propose_stage = v)
                    prop:value=move || draft.with(|d| d.propose_stage.clone())>
                    <option value="">{lang.t("(ไม่เสนอ)", "(no proposal)")}</option>
                    {stage_options}
                </select>
            </label>
            <fieldset class="photos">
                <legend>{lang.t("รูปถ่ายหลักฐาน", "Evidence photos")}</legend>
                <label class="field">
                    <span>{lang.t("การยินยอมให้ใช้รูป", "Media consent")}</span>
                    <select name="consent" data-testid="assist-consent" on:change=set_consent>{consents}</select>
                </label>
                <label class="btn btn-big file-btn">
                    {lang.t("ถ่ายรูปก่อนช่วยเหลือ", "Photo before")}
                    <input type="file" name="photo_before" accept="image/jpeg,image/png,image/webp" capture="environment"
                        data-testid="photo-before" on:change=photo_input(PhotoKind::Before)/>
                </label>
                <label class="btn btn-big file-btn">
                    {lang.t("ถ่ายรูปหลังช่วยเหลือ", "Photo after")}
                    <input type="file" name="photo_after" accept="image/jpeg,image/png,image/webp" capture="environment"
                        data-testid="photo-after" on:change=photo_input(PhotoKind::After)/>
                </label>
                <label class="btn btn-big file-btn" class:hidden-field=move || !public()>
                    {lang.t("ถ่ายรูปแบบยินยอมที่ลงนามแล้ว", "Photo of the signed consent form")}
                    <input type="file" name="consent_form_photo" accept="image/jpeg,image/png,image/webp" capture="environment"
                        data-testid="photo-consent-form" on:change=photo_input(PhotoKind::ConsentForm)/>
                </label>
                <div class="thumbs" data-testid="thumbs">{thumbs}</div>
            </fieldset>
            <button type="submit" class="btn btn-primary btn-big" disabled=!h.may_record data-testid="assist-save">
                {lang.t("บันทึกการช่วยเหลือ", "Save the assistance")}
            </button>
        </form>
    }
}
