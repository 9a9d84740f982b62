//! Hakpaeng (ฮักแพง): the poverty-eradication war room's app, compiled twice: for the server
//! (`ssr`: pages rendered on the server, server functions, the data layer) and for the
//! browser (`hydrate`: the same pages made interactive).
#![recursion_limit = "512"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets browser tests wait for an interactive page.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__hakpaeng_hydrated".into(), &true.into());
    }
}
