//! The visit map on the planning pages: on the planner, a box drawn over the district adds
//! its households to the selection; on a plan, the route through the numbered stops. The
//! map's tiles and the district offices come from the map's setup.
use leptos::prelude::*;

use crate::api::map::get_map_setup;
use crate::api::plans::PlanPoint;
use crate::app::use_lang;
use crate::components::map_view::{ColourBy, MapView, RouteStop};
use crate::domain::map_cluster::BBox;

/// The first view around `points` with a margin, `[[south, west], [north, east]]`.
pub fn frame(points: &[(f64, f64)]) -> Option<[[f64; 2]; 2]> {
    if points.is_empty() {
        return None;
    }
    let s = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let n = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let w = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let e = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let m = 0.01;
    Some([[s - m, w - m], [n + m, e + m]])
}

/// The points of a day's route in order: the start, the stops, and the end when it is not the
/// start (the line then closes back to the start).
pub fn route_points(start: &PlanPoint, stops: &[(f64, f64)], end: Option<&PlanPoint>) -> Vec<RouteStop> {
    let endpoint = |p: &PlanPoint| RouteStop { lat: p.lat, lon: p.lon, endpoint: Some(p.label.clone()) };
    let mut points = vec![endpoint(start)];
    points.extend(stops.iter().map(|&(lat, lon)| RouteStop { lat, lon, endpoint: None }));
    points.push(endpoint(end.unwrap_or(start)));
    points
}

/// A map of the district's households with a box-selection toggle; `on_ids` gets the
/// households in a drawn box.
#[component]
pub fn SelectionMap(#[prop(into)] amphoe: Signal<String>, on_ids: Callback<Vec<i64>>) -> impl IntoView {
    let lang = use_lang();
    let setup = Resource::new(|| (), |_| get_map_setup());
    let selecting = RwSignal::new(false);
    let query = Signal::derive(move || format!("amphoe={}", amphoe.get()));
    let on_select = Callback::new(move |bbox: BBox| {
        selecting.set(false);
        ids_in_box(bbox, query.get_untracked(), on_ids);
    });
    view! {
        <div class="planner-map">
            <button type="button" class="btn" class:btn-primary=move || selecting.get() data-testid="box-select"
                on:click=move |_| selecting.update(|s| *s = !*s)>
                {move || if selecting.get() {
                    lang.t("ลากบนแผนที่เพื่อเลือกครัวเรือนในกรอบ…", "Drag on the map to select the households in a box…")
                } else {
                    lang.t("เลือกแบบกรอบบนแผนที่", "Select with a box on the map")
                }}
            </button>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => {
                            let offices = Signal::stored(s.offices.clone());
                            let mine: Vec<(f64, f64)> = s.offices.iter()
                                .filter(|o| o.amphoe_code == amphoe.get_untracked()).map(|o| (o.lat, o.lon)).collect();
                            let bounds = mine.first().map(|(lat, lon)| [[lat - 0.15, lon - 0.2], [lat + 0.15, lon + 0.2]]);
                            view! {
                                <MapView tile_url=s.tile_url.clone() attribution=s.attribution.clone() query
                                    colour_by=ColourBy::Stage offices bounds=bounds.unwrap_or(crate::components::map_view::PROVINCE_BOUNDS)
                                    selecting=selecting on_select/>
                            }.into_any()
                        }
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// A map of one plan's route: from its start through its numbered stops to its end (back at
/// the start when `end` is `None`).
#[component]
pub fn RouteMap(
    #[prop(into)] amphoe: String,
    #[prop(into)] stops: Signal<Vec<(f64, f64)>>,
    #[prop(into)] start: Signal<PlanPoint>,
    #[prop(into)] end: Signal<Option<PlanPoint>>,
) -> impl IntoView {
    let setup = Resource::new(|| (), |_| get_map_setup());
    let query = Signal::stored(format!("amphoe={amphoe}"));
    let route = Signal::derive(move || route_points(&start.get(), &stops.get(), end.get().as_ref()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match setup.await {
                    Ok(s) => {
                        let all: Vec<(f64, f64)> = route.get_untracked().iter().map(|p| (p.lat, p.lon)).collect();
                        let bounds = frame(&all).unwrap_or(crate::components::map_view::PROVINCE_BOUNDS);
                        view! {
                            <MapView tile_url=s.tile_url.clone() attribution=s.attribution.clone() query
                                colour_by=ColourBy::Stage offices=Signal::stored(s.offices.clone()) bounds route/>
                        }.into_any()
                    }
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

fn ids_in_box(bbox: BBox, query: String, on_ids: Callback<Vec<i64>>) {
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let url = format!("/api/v1/map/households/ids?bbox={}&{query}", bbox.to_param());
        let ids: Option<Vec<i64>> = async {
            let r = gloo_net::http::Request::get(&url).send().await.ok()?;
            let v: serde_json::Value = r.json().await.ok()?;
            Some(v["ids"].as_array()?.iter().filter_map(serde_json::Value::as_i64).collect())
        }
        .await;
        on_ids.run(ids.unwrap_or_default());
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (bbox, query, on_ids);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_holds_every_point() {
        let [[s, w], [n, e]] = frame(&[(15.0, 104.0), (15.2, 104.3)]).expect("a frame");
        assert!(s < 15.0 && n > 15.2 && w < 104.0 && e > 104.3);
        assert_eq!(frame(&[]), None);
    }

    #[test]
    fn a_route_runs_from_its_start_through_the_stops_to_its_end() {
        let office = PlanPoint { label: "ที่ว่าการอำเภอ".into(), lat: 15.1, lon: 104.3 };
        let temple = PlanPoint { label: "วัด".into(), lat: 15.3, lon: 104.5 };
        let stops = [(15.12, 104.31), (15.2, 104.4)];
        let there = route_points(&office, &stops, Some(&temple));
        let at: Vec<(f64, f64)> = there.iter().map(|p| (p.lat, p.lon)).collect();
        assert_eq!(at, [(15.1, 104.3), (15.12, 104.31), (15.2, 104.4), (15.3, 104.5)]);
        let ends: Vec<Option<&str>> = there.iter().map(|p| p.endpoint.as_deref()).collect();
        assert_eq!(ends, [Some("ที่ว่าการอำเภอ"), None, None, Some("วัด")]);
        // Back at the start: the line closes on it.
        let round = route_points(&office, &stops, None);
        assert_eq!(round.len(), 4);
        assert_eq!(round.first(), round.last());
    }
}
