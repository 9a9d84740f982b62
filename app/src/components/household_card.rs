//! One household in a list: who, where, stage and pending problems per dimension.
use leptos::prelude::*;

use crate::api::households::HouseholdListItem;
use crate::app::use_lang;
use crate::components::address::Address;
use crate::components::status::{StageBadge, SyntheticBadge};
use crate::domain::dimension::Dimension;

#[component]
pub fn HouseholdCard(item: HouseholdListItem) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/households/{}", item.id);
    let chips = Dimension::ALL
        .iter()
        .zip(item.pending.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(d, n)| view! { <span class=format!("chip dim-{}", d.as_str())>{d.short_label(lang)} " " <b>{*n}</b></span> })
        .collect_view();
    let pending = item.pending_total();
    view! {
        <li class="hh-card" data-household=item.id>
            <div class="hh-main">
                <a class="hh-name" href=href>{item.head_name.clone().unwrap_or_else(|| lang.t("(ไม่ระบุหัวหน้าครัวเรือน)", "(no head recorded)").to_string())}</a>
                <span class="hh-id mono">{item.head_citizen_id_masked.clone().unwrap_or_default()}</span>
                <span class="hh-address"><Address parts=item.address_parts(lang)/></span>
            </div>
            <div class="hh-side">
                <StageBadge stage=item.stage/>
                {item.is_synthetic.then(|| view! { <SyntheticBadge/> })}
                <span class="muted small">{item.members} {lang.t(" คน", " people")}</span>
            </div>
            <div class="hh-problems">
                {if pending == 0 {
                    view! { <span class="muted small">{lang.t("ไม่มีปัญหาค้าง", "No pending problems")}</span> }.into_any()
                } else {
                    view! { <span class="chips">{chips}</span> }.into_any()
                }}
                {(item.unowned > 0).then(|| view! {
                    <span class="chip chip-alert">{lang.t("ไม่มีเจ้าภาพ ", "No owner ")} <b>{item.unowned}</b></span>
                })}
            </div>
        </li>
    }
}
