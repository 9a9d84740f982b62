//! The visit-planning map (`/map`): the households of the list's filters, clustered and
//! coloured by stage or by dimension, the district offices, a box selection that becomes a
//! visit plan, and beside the map the households without a position to place.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::filter_options::{get_filter_options, FilterOptions};
use crate::api::map::{get_map_setup, get_unplaced, DistrictOffice, MapSetup};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::filter_form::FilterForm;
use crate::components::map_view::{initial_bounds, ColourBy, MapView};
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::{HouseholdFilter, SortKey, DEFAULT_PER_PAGE};
use crate::domain::map_cluster::BBox;
use crate::domain::stage::{stage_class, stage_label, Stage};
use crate::i18n::{group_thousands, Lang};
use crate::pages::map_side::{OfficeForm, SelectionBox, UnplacedList};

/// What the next tap on the map places.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceTarget {
    Household { id: i64, name: String },
    Office,
}

/// A message after an action: (it worked, the text).
pub type Notice = RwSignal<Option<(bool, String)>>;

/// The state the map and its side panels share.
#[derive(Clone, Copy)]
pub struct MapState {
    /// The filter as a query string without `?`, paging or sorting (what the map draws).
    pub query: Signal<String>,
    pub selection: RwSignal<Option<Vec<i64>>>,
    pub placing: RwSignal<Option<PlaceTarget>>,
    pub notice: Notice,
    pub reload: RwSignal<u32>,
    pub focus: RwSignal<Option<(f64, f64, u8)>>,
    pub offices: RwSignal<Vec<DistrictOffice>>,
    /// Filled by a tap while placing an office.
    pub office_position: RwSignal<Option<(f64, f64)>>,
    pub unplaced_key: RwSignal<u32>,
}

/// The offices of the filter's district (its subdistrict's), or all when none is chosen.
pub fn offices_of(offices: &[DistrictOffice], f: &HouseholdFilter) -> Vec<DistrictOffice> {
    let area = f.amphoe.clone().or_else(|| f.tambon.as_ref().and_then(|t| t.get(..4)).map(str::to_string));
    let chosen: Vec<DistrictOffice> =
        offices.iter().filter(|o| area.as_ref().is_none_or(|a| &o.amphoe_code == a)).cloned().collect();
    if chosen.is_empty() {
        offices.to_vec()
    } else {
        chosen
    }
}

/// The filter the map draws: the list's, without paging and sorting.
pub fn map_query(f: &HouseholdFilter) -> String {
    HouseholdFilter { page: 1, per_page: DEFAULT_PER_PAGE, sort: SortKey::Name, ..f.clone() }
        .to_query_string()
        .trim_start_matches('?')
        .to_string()
}

#[component]
pub fn MapPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    let options = Resource::new_blocking(move || filter.with(|f| f.tambon.clone()), get_filter_options);
    let setup = Resource::new_blocking(|| (), |_| get_map_setup());
    view! {
        <Title text=lang.t("แผนที่วางแผนการเยี่ยม", "Visit-planning map")/>
        <div class="page-head">
            <h1>{lang.t("แผนที่วางแผนการเยี่ยม", "Visit-planning map")}</h1>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match (options.await, setup.await) {
                    (Ok(o), Ok(s)) => view! { <MapScreen filter o s/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MapScreen(filter: Memo<HouseholdFilter>, o: FilterOptions, s: MapSetup) -> impl IntoView {
    let lang = use_lang();
    let colour = RwSignal::new(ColourBy::Stage);
    let selecting = RwSignal::new(false);
    let in_view = RwSignal::new(None::<u64>);
    let state = MapState {
        query: Signal::derive(move || filter.with(map_query)),
        selection: RwSignal::new(None),
        placing: RwSignal::new(None),
        notice: RwSignal::new(None),
        reload: RwSignal::new(0),
        focus: RwSignal::new(None),
        offices: RwSignal::new(s.offices.clone()),
        office_position: RwSignal::new(None),
        unplaced_key: RwSignal::new(0),
    };
    let on_select = Callback::new(move |bbox: BBox| select_box(state, bbox, lang));
    let on_place = Callback::new(move |(lat, lon): (f64, f64)| place(state, lat, lon, lang));
    let on_loaded = Callback::new(move |n: u64| in_view.set(Some(n)));
    let bounds = initial_bounds(&offices_of(&s.offices, &filter.get_untracked()));
    // A district chosen later: the map goes to its office.
    let all_offices = s.offices.clone();
    Effect::new(move |previous: Option<Option<String>>| {
        let area = filter.with(|f| f.amphoe.clone());
        if previous.is_some_and(|p| p != area) {
            if let Some(o) = offices_of(&all_offices, &filter.get_untracked()).first().filter(|_| area.is_some()) {
                state.focus.set(Some((o.lat, o.lon, 11)));
            }
        }
        area
    });
    let filters = move || {
        let f = filter.get();
        view! { <FilterForm filter=f options=o.clone() action="/map" closed=true/> }
    };
    let unplaced = Resource::new(
        move || (filter.with(|f| f.to_query_string()), state.unplaced_key.get()),
        |(q, _)| get_unplaced(q),
    );
    view! {
        {filters}
        <div class="map-toolbar" role="toolbar" aria-label=lang.t("เครื่องมือแผนที่", "Map tools")>
            <fieldset class="seg-toggle">
                <legend class="sr-only">{lang.t("ระบายสีตาม", "Colour by")}</legend>
                <span class="seg-label" aria-hidden="true">{lang.t("สีตาม", "Colour by")}</span>
                <label><input type="radio" name="colour" checked=true
                    on:change=move |_| colour.set(ColourBy::Stage)/> {lang.t("ระดับขั้น", "Stage")}</label>
                <label><input type="radio" name="colour"
                    on:change=move |_| colour.set(ColourBy::Dimension)/> {lang.t("มิติปัญหา", "Dimension")}</label>
            </fieldset>
            <button type="button" class="btn" class:btn-primary=move || selecting.get()
                aria-pressed=move || selecting.get().to_string() data-testid="box-select"
                on:click=move |_| {
                    selecting.update(|s| *s = !*s);
                    if !selecting.get_untracked() {
                        state.selection.set(None);
                    }
                }>
                "⬚ " {lang.t("เลือกแบบกรอบ", "Box select")}
            </button>
            <span class="muted small" data-testid="in-view">
                {move || in_view.get().map(|n| format!("{} {} {}", lang.t("ในแผนที่", "In view:"), group_thousands(n as i64), lang.t("ครัวเรือน", "households")))}
            </span>
        </div>
        <Banner state lang/>
        <div class="map-layout">
            <div class="map-main">
                <MapView tile_url=s.tile_url.clone() attribution=s.attribution.clone() query=state.query
                    colour_by=colour offices=state.offices bounds selecting=selecting on_select
                    placing=Signal::derive(move || state.placing.with(Option::is_some)) on_place
                    focus=state.focus reload=state.reload on_loaded/>
                <Legend colour lang/>
            </div>
            <aside class="map-side">
                <SelectionBox state/>
                <UnplacedList state unplaced may_place=s.may_set_positions/>
                {s.may_edit_offices.then(|| view! { <OfficeForm state/> })}
            </aside>
        </div>
    }
}

/// The placing prompt and the last action's message.
#[component]
fn Banner(state: MapState, lang: Lang) -> impl IntoView {
    view! {
        {move || state.placing.get().map(|t| {
            let what = match t {
                PlaceTarget::Household { name, .. } => name,
                PlaceTarget::Office => lang.t("ที่ว่าการอำเภอ", "the district office").to_string(),
            };
            view! {
                <div class="info-box map-placing-bar" role="status" data-testid="placing">
                    <span>{lang.t("แตะบนแผนที่ตรงตำแหน่งของ ", "Tap the map where this is: ")} <strong>{what}</strong></span>
                    <button type="button" class="btn btn-quiet" on:click=move |_| state.placing.set(None)>
                        {lang.t("ยกเลิก", "Cancel")}
                    </button>
                </div>
            }
        })}
        {move || state.notice.get().map(|(ok, text)| view! {
            <p class=if ok { "ok-box" } else { "warn-box" } role="status" data-testid="map-notice">{text}</p>
        })}
    }
}

#[component]
fn Legend(colour: RwSignal<ColourBy>, lang: Lang) -> impl IntoView {
    let items = move || {
        match colour.get() {
        ColourBy::Stage => [None, Some(Stage::Survive), Some(Stage::Sufficient), Some(Stage::Sustainable)]
            .into_iter()
            .map(|st| view! { <li><span class=format!("swatch stage-{}", stage_class(st))></span>{stage_label(st, lang)}</li> })
            .collect_view()
            .into_any(),
        ColourBy::Dimension => Dimension::ALL
            .iter()
            .map(|d| (format!("swatch dim-{}", d.as_str()), d.label(lang)))
            .chain(std::iter::once(("swatch stage-unassessed".to_string(), lang.t("ไม่มีปัญหาค้าง", "No pending problem"))))
            .map(|(class, label)| view! { <li><span class=class></span>{label}</li> })
            .collect_view()
            .into_any(),
    }
    };
    view! {
        <ul class="map-legend" aria-label=lang.t("คำอธิบายสัญลักษณ์", "Legend")>
            {items}
            <li><span class="map-office-key">"อ."</span>{lang.t("ที่ว่าการอำเภอ", "District office")}</li>
        </ul>
    }
}

/// Asks for the households in a drawn box and keeps their ids as the selection.
fn select_box(state: MapState, bbox: BBox, lang: Lang) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let url = format!("/api/v1/map/households/ids?bbox={}&{}", bbox.to_param(), state.query.get_untracked());
        let ids: Option<Vec<i64>> = async {
            let r = gloo_net::http::Request::get(&url).send().await.ok()?;
            let v: serde_json::Value = r.json().await.ok()?;
            Some(v["ids"].as_array()?.iter().filter_map(serde_json::Value::as_i64).collect())
        }
        .await;
        match ids {
            Some(ids) => state.selection.set(Some(ids)),
            None => state
                .notice
                .set(Some((false, lang.t("เลือกไม่สำเร็จ ลองอีกครั้ง", "The selection failed; try again").to_string()))),
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, bbox, lang);
}

/// A tap while placing: saves a household's position, or fills the office form's.
fn place(state: MapState, lat: f64, lon: f64, lang: Lang) {
    match state.placing.get_untracked() {
        None => {}
        Some(PlaceTarget::Office) => {
            state.office_position.set(Some((lat, lon)));
            state.placing.set(None);
        }
        Some(PlaceTarget::Household { id, name }) => save_position(state, id, name, lat, lon, lang),
    }
}

/// `PUT /api/v1/households/{id}/position`, then the list and the map read again.
pub fn save_position(state: MapState, id: i64, name: String, lat: f64, lon: f64, lang: Lang) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        use crate::components::board_send::{put, MoveAnswer};
        let body = serde_json::json!({"lat": lat, "lon": lon});
        match put(&format!("/api/v1/households/{id}/position"), &body, lang).await {
            MoveAnswer::Done(_) => {
                state.placing.set(None);
                state.notice.set(Some((true, format!("{}{name}", lang.t("บันทึกตำแหน่งแล้ว: ", "Position saved: ")))));
                state.unplaced_key.update(|k| *k += 1);
                state.reload.update(|k| *k += 1);
            }
            MoveAnswer::Stale { message, .. } | MoveAnswer::Refused(message) => {
                state.notice.set(Some((false, message)));
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, id, name, lat, lon, lang);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_draws_the_filter_without_paging_or_sorting() {
        let (f, _) = HouseholdFilter::from_pairs([("amphoe", "3301"), ("page", "3"), ("sort", "updated")]);
        assert_eq!(map_query(&f), "amphoe=3301");
        assert_eq!(map_query(&HouseholdFilter::default()), "");
    }
}
