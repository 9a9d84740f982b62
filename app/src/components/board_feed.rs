//! Following the boards' live feed in the browser: an `EventSource` on
//! `/api/v1/boards/events` from the board's last event id. The browser reconnects by itself
//! and sends the last id it saw, so the server replays what was missed; a `reset` event asks
//! the board to reload its data (no full page reload).
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::board_events::{BoardEvent, RESET_EVENT};

/// Opens the feed after event `after`; `live` tells whether it is connected. The stream is
/// closed when the calling component goes away.
pub fn follow(
    after: i64,
    live: RwSignal<bool>,
    on_event: impl Fn(BoardEvent) + 'static,
    on_reset: impl Fn() + 'static,
) {
    let Ok(source) = web_sys::EventSource::new(&format!("/api/v1/boards/events?after={after}")) else {
        return;
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(event) = e.data().as_string().and_then(|text| serde_json::from_str::<BoardEvent>(&text).ok()) {
            on_event(event);
        }
    });
    let on_reset = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| on_reset());
    let on_open = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| live.set(true));
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| live.set(false));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = source.add_event_listener_with_callback(RESET_EVENT, on_reset.as_ref().unchecked_ref());
    let kept = SendWrapper::new((source, on_message, on_reset, on_open, on_error));
    on_cleanup(move || {
        kept.0.close();
        drop(kept);
    });
}
