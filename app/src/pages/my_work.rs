//! "My work" (`/field`), the field officer's start page: the records waiting on this phone,
//! today's visit plan (stops in order, arrival times), and the households that need the officer today with a call, a map and a visit button
//! each; nearest first when the phone's position is allowed. Opens without a connection: the
//! page and each listed household's pages are kept on the phone.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::field::{get_my_work, MyWork, WorkItem};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::outbox_panel::OutboxPanel;
use crate::components::status::StageBadge;
use crate::components::today_plans::TodayPlans;
use crate::domain::dates::format_iso_timestamp;
use crate::domain::geo::{distance_m, format_distance, geo_link, Position};

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let days = move || query.with(|q| q.get("days").and_then(|d| d.parse::<i64>().ok()));
    let work = Resource::new_blocking(days, |days| get_my_work(None, None, days));
    view! {
        <Title text=lang.t("งานของฉัน", "My work")/>
        <h1>{lang.t("งานของฉันวันนี้", "My work today")}</h1>
        <OutboxPanel/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match work.await {
                    Ok(w) => view! { <WorkList work=w/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WorkList(work: MyWork) -> impl IntoView {
    let lang = use_lang();
    let days = work.days;
    let total = work.total;
    let list = RwSignal::new(work);
    let here = RwSignal::new(None::<Position>);
    #[cfg(feature = "hydrate")]
    browser::start(list, here);
    let rows =
        move || list.get().items.into_iter().map(|item| view! { <WorkRow item here=here.get()/> }).collect_view();
    view! {
        {move || view! { <TodayPlans plans=list.get().plans_today/> }}
        <h2 class="work-rest">{lang.t("ครัวเรือนที่ต้องติดตาม", "Households to follow")}</h2>
        <p class="muted small" data-testid="work-total">
            {move || match lang {
                crate::i18n::Lang::Th => format!(
                    "ครัวเรือนที่ต้องติดตาม {} ครัวเรือน (มีปัญหาค้าง และไม่ได้เยี่ยมเกิน {days} วัน หรือหน่วยงานของคุณเป็นเจ้าภาพ) แสดง {} ครัวเรือน{}",
                    total, list.with(|l| l.items.len()),
                    if list.with(|l| l.by_distance) || here.get().is_some() { " เรียงจากใกล้ไปไกล" } else { " เรียงจากที่ไม่ได้เยี่ยมนานที่สุด" }
                ),
                crate::i18n::Lang::En => format!(
                    "{} households to follow (pending problems, not visited for {days} days or owned by your agency); showing {}{}",
                    total, list.with(|l| l.items.len()),
                    if list.with(|l| l.by_distance) || here.get().is_some() { ", nearest first" } else { ", longest unvisited first" }
                ),
            }}
        </p>
        <ul class="work-list" data-testid="work-list">{rows}</ul>
    }
}

#[component]
fn WorkRow(item: WorkItem, here: Option<Position>) -> impl IntoView {
    let lang = use_lang();
    let id = item.household_id;
    let at = item.lat.zip(item.lon).map(|(lat, lon)| Position { lat, lon });
    let distance = here.zip(at).map(|(h, a)| format_distance(distance_m(h, a), lang));
    let dims = item
        .dimensions
        .iter()
        .map(|d| view! { <span class=format!("chip dim-{}", d.as_str())>{d.short_label(lang)}</span> })
        .collect_view();
    let reasons = item.reasons.iter().map(|r| view! { <span class="chip">{r.label(lang)}</span> }).collect_view();
    let last = item.last_visit.as_deref().map(|v| format_iso_timestamp(v, lang));
    view! {
        <li class="card work-item" data-testid="work-item" data-household=id.to_string()>
            <div class="work-head">
                <a rel="external" class="work-name" href=format!("/field/households/{id}")>
                    {item.head_name.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้าครัวเรือน)", "(no head named)").to_string())}
                </a>
                {distance.map(|d| view! { <span class="work-distance" data-testid="distance">{d}</span> })}
            </div>
            <p class="small muted">{item.address.clone()}</p>
            <p class="chips">
                <StageBadge stage=item.stage/>
                {dims}
                <span class="chip">{match lang {
                    crate::i18n::Lang::Th => format!("ปัญหาค้าง {}", item.open_problems),
                    crate::i18n::Lang::En => format!("{} pending", item.open_problems),
                }}</span>
                {reasons}
            </p>
            <p class="small muted">
                {lang.t("เยี่ยมล่าสุด: ", "Last visit: ")}
                {last.unwrap_or_else(|| lang.t("ยังไม่เคย", "never").to_string())}
            </p>
            <div class="big-actions">
                {item.phone.clone().map(|p| view! {
                    <a class="btn btn-big" href=format!("tel:{p}") data-testid="call">{lang.t("โทร", "Call")}</a>
                })}
                {at.map(|p| view! {
                    <a class="btn btn-big" href=geo_link(p) data-testid="navigate">{lang.t("นำทาง", "Navigate")}</a>
                })}
                <a rel="external" class="btn btn-primary btn-big" href=format!("/households/{id}/visit")>{lang.t("เยี่ยมบ้าน", "Visit")}</a>
            </div>
        </li>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;

    use super::*;
    use crate::components::field_store;
    use crate::domain::geo::sort_nearest;

    /// Registers the service worker, stores the listed households' pages for offline use, and
    /// re-orders the list nearest first once the phone's position is known (asking the
    /// server for the nearest of all when online, else sorting what is on the phone).
    pub fn start(list: RwSignal<MyWork>, here: RwSignal<Option<Position>>) {
        leptos::task::spawn_local(async move {
            field_store::register_worker().await;
            warm(list.get_untracked()).await;
        });
        crate::components::geolocate::current_position(move |found| {
            let Ok((lat, lon)) = found else { return };
            here.set(Some(Position { lat, lon }));
            leptos::task::spawn_local(async move {
                match get_my_work(Some(lat), Some(lon), Some(list.get_untracked().days)).await {
                    Ok(nearest) => {
                        list.set(nearest.clone());
                        warm(nearest).await;
                    }
                    Err(_) => list.update(|l| {
                        sort_nearest(&mut l.items, Position { lat, lon }, |i| {
                            i.lat.zip(i.lon).map(|(lat, lon)| Position { lat, lon })
                        })
                    }),
                }
            });
        });
    }

    async fn warm(work: MyWork) {
        let mut urls = vec!["/field".to_string()];
        let planned = work.plans_today.iter().flat_map(|p| p.stops.iter().map(|s| s.household_id));
        for id in work.items.iter().map(|i| i.household_id).chain(planned) {
            urls.push(format!("/field/households/{id}"));
            urls.push(format!("/households/{id}/visit"));
            urls.push(format!("/field/households/{id}/assist"));
        }
        field_store::warm_pages(urls).await;
    }
}
