//! How an error reaches the user: their language, what to do next, never internals.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::error::AppError;

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let sign_in = matches!(error, AppError::Unauthenticated).then(|| {
        view! { <a class="btn" href="/login" rel="external">{lang.t("เข้าสู่ระบบ", "Sign in")}</a> }
    });
    view! {
        <div class="error-box" role="alert">
            <p>{error.message(lang)}</p>
            {sign_in}
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" aria-live="polite">{lang.t("กำลังโหลด…", "Loading…")}</p> }
}

/// The `?error=` message a form post was redirected back with (already in Thai), if any.
#[component]
pub fn QueryErrorBox() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query.read().get("error").filter(|m| !m.trim().is_empty()).map(|m| {
            view! {
                <div class="error-box" role="alert" data-testid="form-error">
                    <p>{m}</p>
                </div>
            }
        })
    }
}
