//! `window.__hakpaeng_hydrated`: set once the page is interactive (hydrated, its chunk loaded
//! when it has one), so browser tests and the field benchmark know when a tap is handled.

pub fn set() {
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__hakpaeng_hydrated".into(), &true.into());
    }
}
