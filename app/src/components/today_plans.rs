//! Today's visit plans on "My work": each confirmed plan with the officer on the team, its
//! stops in order with the estimated arrival, a navigate and a visit button each, and the
//! visits already made today.
use leptos::prelude::*;

use crate::api::plans::Plan;
use crate::app::use_lang;
use crate::domain::geo::{format_distance, geo_link, Position};
use crate::domain::visit_plan::clock;
use crate::i18n::Lang;

#[component]
pub fn TodayPlans(plans: Vec<Plan>) -> impl IntoView {
    let lang = use_lang();
    if plans.is_empty() {
        return ().into_any();
    }
    let list = plans.into_iter().map(|plan| view! { <TodayPlan plan/> }).collect_view();
    view! {
        <section class="today-plans" data-testid="today-plans">
            <h2>{lang.t("แผนเยี่ยมวันนี้", "Today's visit plan")}</h2>
            {list}
        </section>
    }
    .into_any()
}

#[component]
fn TodayPlan(plan: Plan) -> impl IntoView {
    let lang = use_lang();
    let stops = plan
        .stops
        .iter()
        .map(|s| {
            let id = s.household_id;
            let at = s.lat.zip(s.lon).map(|(lat, lon)| Position { lat, lon });
            let name = s.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อ)", "(no name)").to_string());
            view! {
                <li class="card today-stop" class:visited=s.visit.is_some() data-testid="today-stop" data-household=id.to_string()>
                    <div class="work-head">
                        <span class="stop-number">{s.position}</span>
                        <a rel="external" class="work-name" href=format!("/field/households/{id}")>{name}</a>
                        <span class="work-distance">{format!("{} {}", lang.t("ถึง", "at"), clock(s.arrive_minute))}</span>
                    </div>
                    <p class="small muted">{s.address.clone()}</p>
                    {s.visit.as_ref().map(|v| view! {
                        <p class="chips"><span class=format!("chip visit-{}", v.outcome.as_str()) data-testid="today-visit">{v.outcome.label(lang)}</span></p>
                    })}
                    <div class="big-actions">
                        {at.map(|p| view! { <a class="btn btn-big" href=geo_link(p) data-testid="today-navigate">{lang.t("นำทาง", "Navigate")}</a> })}
                        <a rel="external" class="btn btn-primary btn-big" href=format!("/households/{id}/visit")>{lang.t("เยี่ยมบ้าน", "Visit")}</a>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="today-plan" data-plan=plan.id.to_string()>
            <p class="small">
                <strong>{plan.title.clone()}</strong>
                {match lang {
                    Lang::Th => format!(
                        " · ออก {} จาก{} · {} จุด เยี่ยมแล้ว {} · รวม {}",
                        clock(plan.travel.start_minute), plan.start.label, plan.stops.len(), plan.visited(), format_distance(plan.distance_m, lang)
                    ),
                    Lang::En => format!(
                        " · leave {} from {} · {} stops, {} visited · {} in all",
                        clock(plan.travel.start_minute), plan.start.label, plan.stops.len(), plan.visited(), format_distance(plan.distance_m, lang)
                    ),
                }}
            </p>
            <ol class="work-list">{stops}</ol>
        </div>
    }
}
