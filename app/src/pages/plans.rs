//! Visit plans (`/plans`): the plans in the user's scope or with them on the team, newest day
//! first, by status; each with its district, stops visited so far and team; planners start a
//! new plan from here (or from a box selection on the map).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::plans::{list_plans, PlanQuery, PlanSummary};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::domain::dates::format_iso_date;
use crate::domain::visit_plan::PlanStatus;

#[component]
pub fn PlansPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| PlanQuery {
            amphoe: q.get("amphoe").filter(|a| !a.is_empty()),
            status: q.get("status").and_then(|s| PlanStatus::parse(&s)),
            ..PlanQuery::default()
        })
    };
    let plans = Resource::new_blocking(filter, list_plans);
    let tab = move |status: Option<PlanStatus>| {
        let amphoe = query.with(|q| q.get("amphoe")).map(|a| format!("amphoe={a}&")).unwrap_or_default();
        let href = match status {
            Some(s) => format!("/plans?{amphoe}status={}", s.as_str()),
            None => format!("/plans?{amphoe}").trim_end_matches(['?', '&']).to_string(),
        };
        let label = status.map(|s| s.label(lang)).unwrap_or(lang.t("ทั้งหมด", "All"));
        let current = move || filter().status == status;
        view! { <a href=href class="tab" class:active=current aria-current=move || current().then_some("page")>{label}</a> }
    };
    view! {
        <Title text=lang.t("แผนการเยี่ยม", "Visit plans")/>
        <div class="page-head">
            <h1>{lang.t("แผนการเยี่ยมติดตามครัวเรือน", "Household follow-up visit plans")}</h1>
            <a class="btn btn-primary" href="/plans/new" data-testid="new-plan">{lang.t("วางแผนใหม่", "New plan")}</a>
        </div>
        <nav class="tabs" aria-label=lang.t("สถานะแผน", "Plan status")>
            {tab(None)}
            {PlanStatus::ALL.into_iter().map(|s| tab(Some(s))).collect_view()}
        </nav>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty" data-testid="no-plans">{lang.t(
                            "ยังไม่มีแผน เลือกครัวเรือนบนแผนที่หรือกด 'วางแผนใหม่'",
                            "No plans yet: select households on the map or press 'New plan'",
                        )}</p>
                    }.into_any(),
                    Ok(list) => view! { <PlanTable list/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanTable(list: Vec<PlanSummary>) -> impl IntoView {
    let lang = use_lang();
    let rows = list
        .into_iter()
        .map(|p| {
            let team = if p.officers.is_empty() { "–".to_string() } else { p.officers.join(", ") };
            view! {
                <tr data-testid="plan-row" data-plan=p.id.to_string()>
                    <td>{format_iso_date(&p.visit_date, lang)}</td>
                    <td><a href=format!("/plans/{}", p.id)>{p.title.clone()}</a></td>
                    <td>{p.amphoe_name_th.clone()}</td>
                    <td><span class=format!("badge plan-{}", p.status.as_str())>{p.status.label(lang)}</span></td>
                    <td class="num">{format!("{}/{}", p.visited, p.stops)}</td>
                    <td class="small">{team}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="plans-table">
                <thead><tr>
                    <th>{lang.t("วันที่", "Date")}</th>
                    <th>{lang.t("แผน", "Plan")}</th>
                    <th>{lang.t("อำเภอ", "Amphoe")}</th>
                    <th>{lang.t("สถานะ", "Status")}</th>
                    <th class="num">{lang.t("เยี่ยมแล้ว/จุด", "Visited/stops")}</th>
                    <th>{lang.t("ทีม", "Team")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
