//! The map page's side panels: the box selection and its plan link, the households without a
//! position (each placed by a tap on the map or the phone's position), and the district office
//! form for admins and coordinators.
use leptos::prelude::*;

use crate::api::households::address_parts;
use crate::api::map::{DistrictOffice, UnplacedPage};
use crate::app::use_lang;
use crate::error::AppError;
use crate::i18n::{group_thousands, Lang};
use crate::pages::map::{MapState, PlaceTarget};

/// The visit planner's address for a selection: `/plans/new?households=1,2,3`.
pub fn plan_link(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("/plans/new?households={}", list.join(","))
}

#[component]
pub fn SelectionBox(state: MapState) -> impl IntoView {
    let lang = use_lang();
    move || {
        state.selection.get().map(|ids| {
            let n = ids.len();
            view! {
                <section class="card map-selection" data-testid="selection" aria-live="polite">
                    <p>
                        {lang.t("เลือกแล้ว ", "Selected ")} <strong data-testid="selected-count">{group_thousands(n as i64)}</strong>
                        {lang.t(" ครัวเรือน", " households")}
                    </p>
                    {if n > 0 {
                        view! {
                            <a class="btn btn-primary" href=plan_link(&ids) data-testid="plan-link">
                                {lang.t("วางแผนการเยี่ยม", "Plan the visits")}
                            </a>
                        }.into_any()
                    } else {
                        view! { <p class="muted small">{lang.t("ไม่มีครัวเรือนในกรอบนี้ ลากกรอบใหม่", "No households in this box; draw another")}</p> }.into_any()
                    }}
                    <button type="button" class="btn btn-quiet" on:click=move |_| state.selection.set(None)>
                        {lang.t("ล้างการเลือก", "Clear")}
                    </button>
                </section>
            }
        })
    }
}

#[component]
pub fn UnplacedList(
    state: MapState,
    unplaced: Resource<Result<UnplacedPage, AppError>>,
    may_place: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card map-unplaced" data-testid="unplaced">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match unplaced.await {
                        Ok(p) => view! { <UnplacedItems state p may_place lang/> }.into_any(),
                        Err(e) => view! { <p class="warn-box">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UnplacedItems(state: MapState, p: UnplacedPage, may_place: bool, lang: Lang) -> impl IntoView {
    let items = p
        .items
        .into_iter()
        .map(|h| {
            let name = h.head_name.clone().unwrap_or_else(|| "-".to_string());
            let address = address_parts(
                lang,
                h.house_no.as_deref(),
                h.moo,
                h.village_name.as_deref(),
                lang.t(&h.tambon_name_th, &h.tambon_name_en),
                None,
            )
            .join(" ");
            let centre = h.tambon_lat.zip(h.tambon_lon);
            let target = PlaceTarget::Household { id: h.id, name: name.clone() };
            let start = move |_| {
                state.placing.set(Some(target.clone()));
                state.notice.set(None);
                if let Some((lat, lon)) = centre {
                    state.focus.set(Some((lat, lon, 14)));
                }
            };
            let here_name = name.clone();
            let from_phone = move |_| use_phone_position(state, h.id, here_name.clone(), lang);
            view! {
                <li data-household=h.id.to_string()>
                    <a href=format!("/field/households/{}", h.id) rel="external"><strong>{name}</strong></a>
                    <span class="small muted">{address}</span>
                    {may_place.then(|| view! {
                        <span class="map-place-actions">
                            <button type="button" class="btn btn-small" on:click=start data-testid="place">
                                {lang.t("ระบุตำแหน่ง", "Set position")}
                            </button>
                            <button type="button" class="btn btn-small btn-quiet" on:click=from_phone
                                title=lang.t("ใช้ตำแหน่งปัจจุบันของโทรศัพท์ (เมื่ออยู่ที่บ้านหลังนี้)", "Use the phone's position (when at this house)")>
                                {lang.t("ตำแหน่งของฉัน", "My position")}
                            </button>
                        </span>
                    })}
                </li>
            }
        })
        .collect_view();
    let pages = i64::try_from(crate::domain::household_filter::page_count(p.total.max(0).unsigned_abs(), p.per_page))
        .unwrap_or(1);
    let page_link = move |n: u32| {
        let q = state.query.get_untracked();
        if q.is_empty() {
            format!("/map?page={n}")
        } else {
            format!("/map?{q}&page={n}")
        }
    };
    view! {
        <h2>{lang.t("ครัวเรือนที่ยังไม่มีพิกัด", "Households without a position")}
            " " <span class="count" data-testid="unplaced-total">{group_thousands(p.total)}</span></h2>
        {if p.total == 0 {
            view! { <p class="muted">{lang.t("ทุกครัวเรือนตามตัวกรองนี้มีพิกัดแล้ว", "Every household of this filter has a position")}</p> }.into_any()
        } else {
            view! { <ul class="map-unplaced-list">{items}</ul> }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pager small">
                {(p.page > 1).then(|| view! { <a class="btn btn-quiet" href=page_link(p.page - 1)>{lang.t("‹ ก่อนหน้า", "‹ Previous")}</a> })}
                <span>{format!("{} / {}", p.page, pages)}</span>
                {(i64::from(p.page) < pages).then(|| view! { <a class="btn btn-quiet" href=page_link(p.page + 1)>{lang.t("ถัดไป ›", "Next ›")}</a> })}
            </nav>
        })}
    }
}

/// The phone's current position as the household's (the officer stands at the house).
fn use_phone_position(state: MapState, id: i64, name: String, lang: Lang) {
    #[cfg(feature = "hydrate")]
    crate::components::geolocate::current_position(move |at| match at {
        Ok((lat, lon)) => crate::pages::map::save_position(state, id, name.clone(), lat, lon, lang),
        Err(()) => state.notice.set(Some((
            false,
            lang.t(
                "อ่านตำแหน่งของโทรศัพท์ไม่ได้ อนุญาตการเข้าถึงตำแหน่งแล้วลองใหม่",
                "No position from the phone; allow location and try again",
            )
            .to_string(),
        ))),
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, id, name, lang);
}

/// Admins and coordinators correct a district office's name and position.
#[component]
pub fn OfficeForm(state: MapState) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(state.offices.with_untracked(|o| o.first().map(|o| o.amphoe_code.clone())));
    let current = move || -> Option<DistrictOffice> {
        let code = chosen.get()?;
        state.offices.with(|list| list.iter().find(|o| o.amphoe_code == code).cloned())
    };
    let name = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(o) = current() {
            name.set(o.name_th.clone());
            lat.set(format!("{:.6}", o.lat));
            lon.set(format!("{:.6}", o.lon));
        }
    });
    Effect::new(move |_| {
        if let Some((a, b)) = state.office_position.get() {
            lat.set(format!("{a:.6}"));
            lon.set(format!("{b:.6}"));
        }
    });
    let options = move || {
        state
            .offices
            .get()
            .into_iter()
            .map(|o| view! { <option value=o.amphoe_code.clone()>{o.amphoe_name_th.clone()}</option> })
            .collect_view()
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(code) = chosen.get_untracked() else { return };
        save_office(state, code, name.get_untracked(), lat.get_untracked(), lon.get_untracked(), lang);
    };
    view! {
        <section class="card map-offices">
            <h2>{lang.t("ที่ว่าการอำเภอ (จุดเริ่มต้น)", "District offices (start points)")}</h2>
            <form on:submit=save class="stack">
                <label class="field"><span>{lang.t("อำเภอ", "District")}</span>
                    <select on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>{options}</select>
                </label>
                <label class="field"><span>{lang.t("ชื่อ", "Name")}</span>
                    <input type="text" maxlength="200" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <div class="row">
                    <label class="field"><span>{lang.t("ละติจูด", "Latitude")}</span>
                        <input type="text" inputmode="decimal" prop:value=lat on:input=move |ev| lat.set(event_target_value(&ev))/>
                    </label>
                    <label class="field"><span>{lang.t("ลองจิจูด", "Longitude")}</span>
                        <input type="text" inputmode="decimal" prop:value=lon on:input=move |ev| lon.set(event_target_value(&ev))/>
                    </label>
                </div>
                {move || current().filter(|o| o.is_approximate).map(|_| view! {
                    <p class="small muted">{lang.t("ตำแหน่งนี้เป็นค่าประมาณ (กลางตำบลที่ตั้ง) โปรดตรวจสอบ", "This position is approximate (the seat tambon's centre); please check it")}</p>
                })}
                <div class="row">
                    <button type="button" class="btn" on:click=move |_| state.placing.set(Some(PlaceTarget::Office))>
                        {lang.t("แตะบนแผนที่", "Tap on the map")}
                    </button>
                    <button type="submit" class="btn btn-primary">{lang.t("บันทึก", "Save")}</button>
                </div>
            </form>
        </section>
    }
}

fn save_office(state: MapState, code: String, name: String, lat: String, lon: String, lang: Lang) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        use crate::components::board_send::{put, MoveAnswer};
        let number = |s: &str| crate::domain::decimal::parse_decimal(s);
        let body = serde_json::json!({"name_th": name, "lat": number(&lat), "lon": number(&lon)});
        match put(&format!("/api/v1/district-offices/{code}"), &body, lang).await {
            MoveAnswer::Done(saved) => {
                if let Ok(office) = serde_json::from_value::<DistrictOffice>(saved) {
                    state.offices.update(|list| {
                        if let Some(slot) = list.iter_mut().find(|o| o.amphoe_code == office.amphoe_code) {
                            *slot = office;
                        }
                    });
                }
                state.notice.set(Some((true, lang.t("บันทึกที่ว่าการอำเภอแล้ว", "District office saved").to_string())));
            }
            MoveAnswer::Stale { message, .. } | MoveAnswer::Refused(message) => {
                state.notice.set(Some((false, message)))
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, code, name, lat, lon, lang);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_links_to_the_planner() {
        assert_eq!(plan_link(&[3, 1, 20]), "/plans/new?households=3,1,20");
    }
}
