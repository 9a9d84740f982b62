//! The visit map, reusable by any page (the map page, the visit-day planner): Leaflet on a
//! canvas, driven from Leptos through `public/js/map.js`. The households come from
//! `GET /api/v1/map/households` as the view moves: clusters (a pie of their stages or
//! dimensions with the count inside) from far, single households from close (a tap opens a
//! popup linking to the quick view `/field/households/{id}`).
//!
//! Props:
//! - `tile_url`, `attribution`: the tile server (`{z}/{x}/{y}`) and its credit; an empty URL
//!   draws on a plain background (tests need no network).
//! - `query`: the household list's filter as a query string (`amphoe=3301&stage=survive`); a
//!   change redraws with it.
//! - `colour_by`: [`ColourBy::Stage`] or [`ColourBy::Dimension`].
//! - `offices`: the district offices, drawn as square "อ." markers (the default start points).
//! - `bounds` (optional): the first view, `[[south, west], [north, east]]`; by default the
//!   offices' extent ([`initial_bounds`]).
//! - `route` (optional): a route, drawn as a line from its start (a square) through numbered
//!   markers 1, 2, 3… to its end (a square, unless back at the start)
//! - `selecting` (optional): box selection mode (a drag with a finger or a mouse draws a box);
//!   with a mouse, Shift + drag selects in any mode. `on_select` gets the box; ask
//!   `GET /api/v1/map/households/ids?bbox=…&<filter>` for the households in it.
//! - `placing` (optional): the next tap on the map calls `on_place(lat, lon)`.
//! - `focus` (optional): `(lat, lon, zoom)` to show; a new value moves the map.
//! - `reload` (optional): a counter; a new value asks for the view's households again.
//! - `on_loaded` (optional): the number of households in view after each load.
//!
//! Without JavaScript the map says it needs it; the rest of the page keeps working.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::map::DistrictOffice;
use crate::app::use_lang;
use crate::domain::map_cluster::BBox;

/// How households and clusters are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ColourBy {
    #[default]
    Stage,
    Dimension,
}

impl ColourBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ColourBy::Stage => "stage",
            ColourBy::Dimension => "dimension",
        }
    }
}

/// One point of a route drawn on the map: a numbered stop, or (with `endpoint`, its name) where
/// the day starts or ends, drawn as a square.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteStop {
    pub lat: f64,
    pub lon: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

/// Si Sa Ket's extent, `[[south, west], [north, east]]`, when there is no office to frame.
pub const PROVINCE_BOUNDS: [[f64; 2]; 2] = [[14.45, 103.95], [15.55, 104.85]];

/// The first view: the offices in scope with a margin (one district's office alone gets a
/// district-sized frame), else the province.
pub fn initial_bounds(offices: &[DistrictOffice]) -> [[f64; 2]; 2] {
    if offices.is_empty() {
        return PROVINCE_BOUNDS;
    }
    let fold =
        |f: fn(f64, f64) -> f64, pick: fn(&DistrictOffice) -> f64, start: f64| offices.iter().map(pick).fold(start, f);
    let (s, n) = (fold(f64::min, |o| o.lat, f64::INFINITY), fold(f64::max, |o| o.lat, f64::NEG_INFINITY));
    let (w, e) = (fold(f64::min, |o| o.lon, f64::INFINITY), fold(f64::max, |o| o.lon, f64::NEG_INFINITY));
    let m = 0.12;
    [[s - m, w - m], [n + m, e + m]]
}

/// The labels the map's popups and tooltips use, in the page's language.
fn labels(lang: crate::i18n::Lang) -> serde_json::Value {
    use crate::domain::dimension::Dimension;
    use crate::domain::stage::{stage_label, Stage};
    let stages =
        [None, Some(Stage::Survive), Some(Stage::Sufficient), Some(Stage::Sustainable)].map(|s| stage_label(s, lang));
    let dims: Vec<&str> = Dimension::ALL.iter().map(|d| d.label(lang)).collect();
    serde_json::json!({
        "stages": stages,
        "dims": dims,
        "none": lang.t("ไม่มีปัญหาค้าง", "No pending problem"),
        "open": lang.t("ดูข้อมูลครัวเรือน", "Open the household"),
        "approx": lang.t("ตำแหน่งโดยประมาณ", "approximate position"),
    })
}

#[component]
#[allow(clippy::too_many_arguments)]
pub fn MapView(
    #[prop(into)] tile_url: String,
    #[prop(into)] attribution: String,
    #[prop(into)] query: Signal<String>,
    #[prop(into)] colour_by: Signal<ColourBy>,
    #[prop(into)] offices: Signal<Vec<DistrictOffice>>,
    #[prop(optional)] bounds: Option<[[f64; 2]; 2]>,
    #[prop(optional, into)] route: MaybeProp<Vec<RouteStop>>,
    #[prop(optional, into)] selecting: MaybeProp<bool>,
    #[prop(optional, into)] on_select: Option<Callback<BBox>>,
    #[prop(optional, into)] placing: MaybeProp<bool>,
    #[prop(optional, into)] on_place: Option<Callback<(f64, f64)>>,
    #[prop(optional, into)] focus: MaybeProp<(f64, f64, u8)>,
    #[prop(optional, into)] reload: MaybeProp<u32>,
    #[prop(optional, into)] on_loaded: Option<Callback<u64>>,
) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<leptos::html::Div>::new();
    let options = serde_json::json!({
        "tileUrl": tile_url,
        "attribution": attribution,
        "dataUrl": "/api/v1/map/households",
        "labels": labels(lang),
        "bounds": bounds.unwrap_or_else(|| initial_bounds(&offices.get_untracked())),
    });
    #[cfg(feature = "hydrate")]
    browser::drive(
        node,
        options,
        browser::Inputs { query, colour_by, offices, route, selecting, placing, focus, reload },
        browser::Outputs { on_select, on_place, on_loaded },
        lang,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = (options, query, colour_by, route, selecting, on_select, placing, on_place, focus, reload, on_loaded);
    view! {
        <div class="map-canvas" node_ref=node data-testid="map" role="region"
            aria-label=lang.t("แผนที่ครัวเรือน", "Map of households")>
            <p class="map-nojs">
                {lang.t("แผนที่ต้องใช้ JavaScript: เปิดใช้งานแล้วโหลดหน้านี้ใหม่",
                    "The map needs JavaScript: turn it on and reload this page")}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    use super::{ColourBy, RouteStop};
    use crate::api::map::DistrictOffice;
    use crate::components::map_interop as js;
    use crate::domain::map_cluster::BBox;
    use crate::i18n::Lang;

    pub struct Inputs {
        pub query: Signal<String>,
        pub colour_by: Signal<ColourBy>,
        pub offices: Signal<Vec<DistrictOffice>>,
        pub route: MaybeProp<Vec<RouteStop>>,
        pub selecting: MaybeProp<bool>,
        pub placing: MaybeProp<bool>,
        pub focus: MaybeProp<(f64, f64, u8)>,
        pub reload: MaybeProp<u32>,
    }

    pub struct Outputs {
        pub on_select: Option<Callback<BBox>>,
        pub on_place: Option<Callback<(f64, f64)>>,
        pub on_loaded: Option<Callback<u64>>,
    }

    fn offices_js(offices: &[DistrictOffice], lang: Lang) -> JsValue {
        let list: Vec<serde_json::Value> = offices
            .iter()
            .map(|o| serde_json::json!({"lat": o.lat, "lon": o.lon, "name": o.name(lang), "approximate": o.is_approximate}))
            .collect();
        js::to_js(&serde_json::Value::Array(list))
    }

    /// Creates the map once its element is in the page, then hands it every input change.
    pub fn drive(
        node: NodeRef<leptos::html::Div>,
        mut options: serde_json::Value,
        inputs: Inputs,
        outputs: Outputs,
        lang: Lang,
    ) {
        let handle: StoredValue<Option<JsValue>, LocalStorage> = StoredValue::new_local(None);
        let ready = RwSignal::new(false);
        let Inputs { query, colour_by, offices, route, selecting, placing, focus, reload } = inputs;
        Effect::new(move |created: Option<bool>| {
            if created == Some(true) {
                return true;
            }
            let Some(el) = node.get() else { return false };
            options["query"] = serde_json::Value::String(query.get_untracked());
            options["colourBy"] = serde_json::Value::String(colour_by.get_untracked().as_str().to_string());
            let opts = js::to_js(&options);
            if let Some(cb) = outputs.on_select {
                let f = Closure::<dyn Fn(String)>::new(move |b: String| {
                    if let Some(b) = BBox::parse(&b) {
                        cb.run(b);
                    }
                });
                js::set(&opts, "onSelect", &f.into_js_value());
            }
            if let Some(cb) = outputs.on_place {
                let f = Closure::<dyn Fn(f64, f64)>::new(move |lat: f64, lon: f64| cb.run((lat, lon)));
                js::set(&opts, "onPlace", &f.into_js_value());
            }
            if let Some(cb) = outputs.on_loaded {
                let f = Closure::<dyn Fn(f64)>::new(move |n: f64| cb.run(n.max(0.0) as u64));
                js::set(&opts, "onLoaded", &f.into_js_value());
            }
            leptos::task::spawn_local(async move {
                match JsFuture::from(js::create_map(&el, &opts)).await {
                    Ok(h) => {
                        handle.set_value(Some(h));
                        ready.set(true);
                    }
                    Err(e) => leptos::logging::warn!("map: {e:?}"),
                }
            });
            true
        });
        let with = move |f: &dyn Fn(&JsValue)| {
            handle.with_value(|h| {
                if let Some(h) = h {
                    f(h);
                }
            })
        };
        Effect::new(move |_| {
            let q = query.get();
            if ready.get() {
                with(&|h| js::set_query(h, &q));
            }
        });
        Effect::new(move |_| {
            let mode = colour_by.get();
            if ready.get() {
                with(&|h| js::set_colour_by(h, mode.as_str()));
            }
        });
        Effect::new(move |_| {
            let list = offices.get();
            if ready.get() {
                with(&|h| js::set_offices(h, &offices_js(&list, lang)));
            }
        });
        Effect::new(move |_| {
            let stops = route.get().unwrap_or_default();
            if ready.get() {
                let v = serde_json::to_value(&stops).unwrap_or_default();
                with(&|h| js::set_route(h, &js::to_js(&v)));
            }
        });
        Effect::new(move |_| {
            let on = selecting.get().unwrap_or(false);
            if ready.get() {
                with(&|h| js::set_selecting(h, on));
            }
        });
        Effect::new(move |_| {
            let on = placing.get().unwrap_or(false);
            if ready.get() {
                with(&|h| js::set_placing(h, on));
            }
        });
        Effect::new(move |_| {
            let target = focus.get();
            if let (true, Some((lat, lon, zoom))) = (ready.get(), target) {
                with(&|h| js::fly_to(h, lat, lon, zoom));
            }
        });
        Effect::new(move |previous: Option<Option<u32>>| {
            let n = reload.get();
            if ready.get_untracked() && previous.is_some_and(|p| p != n) {
                with(&|h| js::reload(h));
            }
            n
        });
        on_cleanup(move || {
            handle.with_value(|h| {
                if let Some(h) = h {
                    js::destroy(h);
                }
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(lat: f64, lon: f64) -> DistrictOffice {
        DistrictOffice {
            amphoe_code: "3301".into(),
            amphoe_name_th: "เมืองศรีสะเกษ".into(),
            amphoe_name_en: "Mueang Si Sa Ket".into(),
            name_th: "ที่ว่าการอำเภอเมืองศรีสะเกษ".into(),
            name_en: "Mueang Si Sa Ket District Office".into(),
            lat,
            lon,
            is_approximate: true,
        }
    }

    #[test]
    fn the_first_view_frames_the_offices() {
        assert_eq!(initial_bounds(&[]), PROVINCE_BOUNDS);
        let b = initial_bounds(&[office(15.1, 104.3), office(14.5, 104.7)]);
        assert!((b[0][0] - 14.38).abs() < 1e-9 && (b[1][1] - 104.82).abs() < 1e-9);
        let one = initial_bounds(&[office(15.1, 104.3)]);
        assert!(one[1][0] > one[0][0] && one[1][1] > one[0][1], "a single office still gets an area");
    }
}
