//! The page for addresses that lead nowhere (answered with HTTP 404).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::use_lang;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=lang.t("ไม่พบหน้านี้", "Page not found")/>
        <section class="card">
            <h1>{lang.t("ไม่พบหน้านี้", "Page not found")}</h1>
            <p><a href="/">{lang.t("กลับไปหน้าภาพรวม", "Back to the overview")}</a></p>
        </section>
    }
}
