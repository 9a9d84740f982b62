//! The phone's position for a record, when the officer allows it (browser only): one reading,
//! high accuracy, given up after 10 seconds.
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Calls `done` once with (latitude, longitude), or `Err(())` when there is no position.
pub fn current_position(done: impl Fn(Result<(f64, f64), ()>) + 'static) {
    let Some(geo) = leptos::prelude::window().navigator().geolocation().ok() else {
        done(Err(()));
        return;
    };
    let done = std::rc::Rc::new(done);
    let (ok, fail) = (done.clone(), done);
    let on_ok = Closure::<dyn Fn(JsValue)>::new(move |p: JsValue| {
        // `position.coords.latitude` and `.longitude`, read as plain properties.
        let number =
            |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
        let coords = js_sys::Reflect::get(&p, &JsValue::from_str("coords")).unwrap_or(JsValue::NULL);
        match (number(&coords, "latitude"), number(&coords, "longitude")) {
            (Some(lat), Some(lon)) => ok(Ok((lat, lon))),
            _ => ok(Err(())),
        }
    });
    let on_err = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| fail(Err(())));
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(10_000);
    let asked = geo.get_current_position_with_error_callback_and_options(
        on_ok.as_ref().unchecked_ref(),
        Some(on_err.as_ref().unchecked_ref()),
        &options,
    );
    if asked.is_ok() {
        // The browser calls back once, later: the closures live until then.
        let kept = SendWrapper::new((on_ok, on_err));
        std::mem::forget(kept);
    }
}
