//! The top bar: brand, main navigation, the signed-in user, language switch and sign-out.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::me::CurrentUser;
use crate::app::use_lang;
use crate::domain::access::Role;
use crate::domain::household_filter::percent_encode;
use crate::error::AppError;

#[component]
pub fn Header(me: Resource<Result<Option<CurrentUser>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let back = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let here = if search.is_empty() { path } else { format!("{path}?{}", search.trim_start_matches('?')) };
        format!("/lang?to={}&back={}", lang.other().code(), percent_encode(&here))
    };
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">{lang.t("ข้ามไปยังเนื้อหา", "Skip to content")}</a>
            <div class="topbar-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"ฮ"</span>
                    <span class="brand-text">
                        <strong>{lang.t("ฮักแพง", "Hakpaeng")}</strong>
                        <small>{lang.t("ศูนย์ปฏิบัติการขจัดความยากจน จ.ศรีสะเกษ", "Si Sa Ket poverty war room")}</small>
                    </span>
                </A>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(user)) => view! { <SignedInNav user/> }.into_any(),
                            _ => ().into_any(),
                        }
                    })}
                </Suspense>
                <a class="lang-switch" rel="external" href=back hreflang=lang.other().code()>
                    {lang.t("English", "ภาษาไทย")}
                </a>
            </div>
        </header>
    }
}

#[component]
fn SignedInNav(user: CurrentUser) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="mainnav" aria-label=lang.t("เมนูหลัก", "Main menu")>
            <A href="/" exact=true>{lang.t("ภาพรวม WAR Room", "WAR Room")}</A>
            {(user.role != Role::Executive).then(|| view! {
                <a rel="external" href="/field" class:active=move || use_location().pathname.get().starts_with("/field")>{lang.t("งานของฉัน", "My work")}</a>
            })}
            <A href="/households">{lang.t("ครัวเรือน", "Households")}</A>
            {matches!(user.role, Role::Admin | Role::Coordinator | Role::Executive).then(|| view! {
                <A href="/map">{lang.t("แผนที่", "Map")}</A>
            })}
            {(user.role != Role::Officer).then(|| view! {
                <A href="/boards/owners">{lang.t("บอร์ดเจ้าภาพ", "Owner board")}</A>
            })}
            {user.role.may_move_stages().then(|| view! {
                <A href="/boards/stages">{lang.t("บอร์ดระดับขั้น", "Stage board")}</A>
            })}
            {matches!(user.role, Role::Agency | Role::Coordinator | Role::Admin).then(|| view! {
                <A href="/boards/agency">{lang.t("บอร์ดหน่วยงาน", "Agency board")}</A>
            })}
            {(user.role != Role::Agency).then(|| view! {
                <A href="/plans">{lang.t("แผนเยี่ยม", "Visit plans")}</A>
            })}
            {user.role.may_manage_imports().then(|| view! {
                <A href="/imports">{lang.t("นำเข้าข้อมูล", "Imports")}</A>
            })}
        </nav>
        <div class="whoami">
            <span class="whoami-name">{user.display_name.clone()}</span>
            <span class="whoami-role">
                {user.role.label(lang)} " · " {user.scope_label(lang).to_string()}
            </span>
        </div>
        <form class="signout" method="post" action="/logout">
            <button type="submit" class="btn btn-quiet">{lang.t("ออกจากระบบ", "Sign out")}</button>
        </form>
    }
}
