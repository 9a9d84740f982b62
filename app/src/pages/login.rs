//! Sign-in: a plain form posted to `/login`, so it works on any phone, JavaScript or not.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::app::use_lang;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let next = move || {
        query.read().get("next").filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/".into())
    };
    let username = move || query.read().get("username").unwrap_or_default();
    let message = move || {
        query.read().get("error").map(|code| match code.as_str() {
            "invalid" => lang.t("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong username or password."),
            "required" => lang.t("กรุณาเข้าสู่ระบบเพื่อดูหน้านี้", "Please sign in to see this page."),
            "missing" => lang.t("กรุณากรอกชื่อผู้ใช้และรหัสผ่าน", "Enter your username and password."),
            _ => lang.t("เข้าสู่ระบบไม่สำเร็จ กรุณาลองใหม่", "Sign-in failed. Please try again."),
        })
    };
    view! {
        <Title text=lang.t("เข้าสู่ระบบ", "Sign in")/>
        <section class="login-card">
            <h1>{lang.t("เข้าสู่ระบบ", "Sign in")}</h1>
            <p class="muted">{lang.t("สำหรับเจ้าหน้าที่ ศจพ. และหน่วยงานภาคี", "For war-room officers and partner agencies")}</p>
            {move || message().map(|m| view! { <p class="error-box" role="alert">{m}</p> })}
            <form method="post" action="/login" class="stack">
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span>{lang.t("ชื่อผู้ใช้", "Username")}</span>
                    <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value=username/>
                </label>
                <label class="field">
                    <span>{lang.t("รหัสผ่าน", "Password")}</span>
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <button type="submit" class="btn btn-primary btn-block">{lang.t("เข้าสู่ระบบ", "Sign in")}</button>
            </form>
        </section>
    }
}
