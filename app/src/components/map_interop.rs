//! The Leaflet glue (`public/js/map.js`, loaded with the first map by `app/js/map_loader.js`)
//! as Rust functions: thin bindings, one per JS export.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/map_loader.js")]
extern "C" {
    #[wasm_bindgen(js_name = createMap)]
    pub fn create_map(el: &web_sys::HtmlElement, options: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setQuery)]
    pub fn set_query(handle: &JsValue, query: &str);
    #[wasm_bindgen(js_name = setColourBy)]
    pub fn set_colour_by(handle: &JsValue, mode: &str);
    #[wasm_bindgen(js_name = reload)]
    pub fn reload(handle: &JsValue);
    #[wasm_bindgen(js_name = setSelecting)]
    pub fn set_selecting(handle: &JsValue, on: bool);
    #[wasm_bindgen(js_name = setPlacing)]
    pub fn set_placing(handle: &JsValue, on: bool);
    #[wasm_bindgen(js_name = flyTo)]
    pub fn fly_to(handle: &JsValue, lat: f64, lon: f64, zoom: u8);
    #[wasm_bindgen(js_name = setOffices)]
    pub fn set_offices(handle: &JsValue, offices: &JsValue);
    #[wasm_bindgen(js_name = setRoute)]
    pub fn set_route(handle: &JsValue, stops: &JsValue);
    #[wasm_bindgen(js_name = destroy)]
    pub fn destroy(handle: &JsValue);
}

/// A plain JS object from a JSON value (options, offices, stops).
pub fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// Sets `key` on a JS object.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}
