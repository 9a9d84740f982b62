//! The household quick view on the phone (`/field/households/:id`): head, address, call and
//! navigate buttons, the pending problems per dimension with owner and status (each with a
//! button to record assistance), the latest visit and assistance. Kept on the phone for
//! offline use (its links load whole pages, which the service worker can serve).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::case_file::{baht, ProblemView};
use crate::api::field::{get_field_household, FieldHousehold};
use crate::api::households::address_parts;
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::outbox_panel::OutboxPanel;
use crate::components::status::{StageBadge, StatusBadge};
use crate::domain::dates::{format_iso_date, format_iso_timestamp};
use crate::domain::geo::{geo_link, Position};
use crate::error::AppError;
use crate::i18n::Lang;

#[component]
pub fn FieldHouseholdPage() -> impl IntoView {
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
        <Title text=lang.t("ครัวเรือน", "Household")/>
        <p class="backlink"><a rel="external" href="/field">{lang.t("‹ งานของฉัน", "‹ My work")}</a></p>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(h) => view! { <QuickView h/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <OutboxPanel/>
    }
}

#[component]
fn QuickView(h: FieldHousehold) -> impl IntoView {
    let lang = use_lang();
    let d = &h.household;
    let id = d.id;
    let address = address_parts(
        lang,
        d.house_no.as_deref(),
        d.moo,
        d.village_name.as_deref(),
        lang.t(&d.tambon_name_th, &d.tambon_name_en),
        Some(lang.t(&d.amphoe_name_th, &d.amphoe_name_en)),
    )
    .join(" ");
    let at = d.lat.zip(d.lon).map(|(lat, lon)| Position { lat, lon });
    let pending: Vec<ProblemView> = h.problems.iter().filter(|p| p.status.is_pending()).cloned().collect();
    let closed = h.problems.len() - pending.len();
    let problems =
        pending.into_iter().map(|p| view! { <ProblemRow p household=id may_record=h.may_record/> }).collect_view();
    let last_visit = match h.last_visit.clone() {
        Some(v) => view! {
            <p data-testid="last-visit"><strong>{v.outcome.label(lang)}</strong> " · " {format_iso_timestamp(&v.visited_at, lang)}</p>
            {v.note.clone().map(|n| view! { <p class="small">{n}</p> })}
        }
        .into_any(),
        None => view! { <p class="muted">{lang.t("ยังไม่เคยเยี่ยม", "Never visited")}</p> }.into_any(),
    };
    let last_assist = h.last_assistance.clone().map(|a| {
        let title =
            lang.t(a.menu_name_th.as_deref().unwrap_or(""), a.menu_name_en.as_deref().unwrap_or("")).to_string();
        let when =
            a.done_on.as_deref().or(a.planned_on.as_deref()).map(|d| format_iso_date(d, lang)).unwrap_or_default();
        view! {
            <p data-testid="last-assistance">
                <strong>{if title.is_empty() { a.detail.clone() } else { title }}</strong> " · " {when}
                {a.amount_satang.map(|s| format!(" · {} {}", baht(s), lang.t("บาท", "THB")))}
            </p>
        }
    });
    view! {
        <section class="card quick-head">
            <h1 data-testid="quick-name">{d.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อ)", "(no name)").to_string())}</h1>
            <p class="small muted">{address}</p>
            <p class="chips"><StageBadge stage=d.stage/></p>
            <div class="big-actions">
                {h.phone.clone().map(|p| view! {
                    <a class="btn btn-big" href=format!("tel:{p}") data-testid="call">{lang.t("โทร ", "Call ")}{p.clone()}</a>
                })}
                {at.map(|p| view! { <a class="btn btn-big" href=geo_link(p) data-testid="navigate">{lang.t("นำทาง", "Navigate")}</a> })}
                <a rel="external" class="btn btn-primary btn-big" href=format!("/households/{id}/visit") data-testid="visit-link">
                    {lang.t("บันทึกการเยี่ยม", "Record a visit")}
                </a>
                <a rel="external" class="btn btn-big" href=format!("/field/households/{id}/assist") data-testid="assist-link">
                    {lang.t("บันทึกความช่วยเหลือ", "Record assistance")}
                </a>
            </div>
        </section>
        <section class="card">
            <h2>{lang.t("ปัญหาที่ยังค้าง", "Pending problems")}</h2>
            <ul class="quick-problems" data-testid="quick-problems">{problems}</ul>
            {(closed > 0).then(|| view! {
                <p class="small muted">{match lang {
                    Lang::Th => format!("แก้ไขแล้วหรือปิดแล้ว {closed} รายการ"),
                    Lang::En => format!("{closed} resolved or closed"),
                }}</p>
            })}
        </section>
        <section class="card">
            <h2>{lang.t("การเยี่ยมล่าสุด", "Last visit")}</h2>
            {last_visit}
            <h2>{lang.t("การช่วยเหลือล่าสุด", "Last assistance")}</h2>
            {last_assist.map(IntoAny::into_any).unwrap_or_else(|| view! { <p class="muted">{lang.t("ยังไม่มี", "None yet")}</p> }.into_any())}
            <p><a href=format!("/households/{id}")>{lang.t("เปิดแฟ้มครัวเรือนฉบับเต็ม", "Open the full case file")}</a></p>
        </section>
    }
}

#[component]
fn ProblemRow(p: ProblemView, household: i64, may_record: bool) -> impl IntoView {
    let lang = use_lang();
    let owner = p
        .owner_short_th
        .clone()
        .map(|th| if lang == Lang::Th { th } else { p.owner_name_en.clone().unwrap_or(th) })
        .unwrap_or_else(|| lang.t("ยังไม่มีเจ้าภาพ", "No owner yet").to_string());
    view! {
        <li class="quick-problem" data-testid="quick-problem" data-problem=p.id.to_string()>
            <div>
                <span class=format!("chip dim-{}", p.dimension.as_str())>{p.dimension.short_label(lang)} " " {p.indicator_code.clone()}</span>
                " " {lang.t(&p.indicator_name_th, &p.indicator_name_en).to_string()}
            </div>
            <div class="small"><StatusBadge status=p.status/> " · " {lang.t("เจ้าภาพ: ", "Owner: ")} {owner}</div>
            {may_record.then(|| view! {
                <a rel="external" class="btn" href=format!("/field/households/{household}/assist?problem={}", p.id)>
                    {lang.t("บันทึกความช่วยเหลือ", "Record assistance")}
                </a>
            })}
        </li>
    }
}
