//! A visit plan for printing on A4 (`/plans/:id/print`): the day, the team, a small drawing
//! of the route, and the stop list with arrival times, distances, phone numbers and a column
//! for the officer's notes. The top bar and buttons are left off the paper.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::plans::{get_plan, Plan};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::route_sketch::RouteSketch;
use crate::domain::dates::format_iso_date;
use crate::domain::geo::format_distance;
use crate::domain::visit_plan::clock;
use crate::error::AppError;

#[component]
pub fn PlanPrintPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_plan(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("พิมพ์แผนการเยี่ยม", "Print visit plan")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(plan) => view! { <PrintSheet plan/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrintSheet(plan: Plan) -> impl IntoView {
    let lang = use_lang();
    let team = plan.officers.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", ");
    let rows = plan
        .stops
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="print-stop">
                    <td class="num">{s.position}</td>
                    <td class="num">{clock(s.arrive_minute)}</td>
                    <td><strong>{s.head_name.clone().unwrap_or_default()}</strong><br/><span class="small">{s.address.clone()}</span></td>
                    <td class="small">{s.phone.clone().unwrap_or_default()}</td>
                    <td class="num">{format_distance(s.leg_m, lang)}</td>
                    <td class="notes-cell"></td>
                </tr>
            }
        })
        .collect_view();
    let id = plan.id;
    view! {
        <div class="print-sheet" data-testid="print-sheet">
            <div class="print-tools no-print">
                <a class="btn" href=format!("/plans/{id}")>{lang.t("‹ กลับไปที่แผน", "‹ Back to the plan")}</a>
                <button type="button" class="btn btn-primary" onclick="window.print()">{lang.t("พิมพ์", "Print")}</button>
            </div>
            <header class="print-head">
                <h1>{plan.title.clone()}</h1>
                <p>
                    {format_iso_date(&plan.visit_date, lang)} " · " {lang.t("อำเภอ", "Amphoe ")}{plan.amphoe_name_th.clone()}
                    " · " {plan.status.label(lang)}
                </p>
                <p>{lang.t("ทีม: ", "Team: ")}{team}</p>
                <p>
                    {lang.t("ออกจาก ", "From ")}{plan.start.label.clone()} " " {clock(plan.travel.start_minute)}
                    " · " {lang.t("ระยะทางรวมประมาณ ", "About ")}{format_distance(plan.distance_m, lang)}
                    " · " {lang.t("กลับถึงประมาณ ", "back about ")}{clock(plan.finish_minute)}
                </p>
            </header>
            <div class="print-map"><RouteSketch plan=plan.clone()/></div>
            <table class="print-table">
                <thead><tr>
                    <th>"#"</th>
                    <th>{lang.t("ถึง", "At")}</th>
                    <th>{lang.t("ครัวเรือน", "Household")}</th>
                    <th>{lang.t("โทร", "Phone")}</th>
                    <th>{lang.t("ระยะ", "Leg")}</th>
                    <th>{lang.t("ผลการเยี่ยม / บันทึก", "Outcome / notes")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="small print-foot">{lang.t(
                "เวลาและระยะทางเป็นค่าประมาณจากระยะเส้นตรง พิมพ์จากระบบฮักแพง ศูนย์ปฏิบัติการขจัดความยากจน จ.ศรีสะเกษ",
                "Times and distances are estimates from straight lines. Printed from Hakpaeng, Si Sa Ket poverty war room",
            )}</p>
        </div>
    }
}
