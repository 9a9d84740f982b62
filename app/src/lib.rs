//! Hakpaeng (ฮักแพง): the poverty-eradication war room's app, compiled twice: for the server
//! (`ssr`: pages rendered on the server, server functions, the data layer) and for the
//! browser (`hydrate`: the same pages made interactive).
#![recursion_limit = "512"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
#[cfg(feature = "hydrate")]
pub mod hydration_mark;
pub mod i18n;
pub mod lazy_pages;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

/// The browser entry point: hydrates the server-rendered page (a page in its own chunk is
/// hydrated once its chunk has loaded), then marks the page as interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        hydration_mark::set();
    });
}
