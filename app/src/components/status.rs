//! Small badges: household stage, problem status, import status, synthetic-data marker.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::{stage_class, stage_label, Stage};
use crate::i18n::Lang;

#[component]
pub fn StageBadge(stage: Option<Stage>) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge stage-{}", stage_class(stage))>{stage_label(stage, lang)}</span> }
}

#[component]
pub fn StatusBadge(status: ProblemStatus) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("badge status-{}", status.as_str())>{status.label(lang)}</span> }
}

/// An import's stored status (`previewed`, `committed`, `discarded`) in words.
pub fn import_status_label(status: &str, lang: Lang) -> &str {
    match status {
        "previewed" => lang.t("รอยืนยัน", "Awaiting confirmation"),
        "committed" => lang.t("บันทึกแล้ว", "Committed"),
        "discarded" => lang.t("ยกเลิกแล้ว", "Discarded"),
        other => other,
    }
}

#[component]
pub fn ImportStatusBadge(status: String) -> impl IntoView {
    let lang = use_lang();
    let label = import_status_label(&status, lang).to_string();
    view! { <span class=format!("badge import-{status}") data-status=status.clone()>{label}</span> }
}

/// Marks demo records so nobody mistakes them for real people.
#[component]
pub fn SyntheticBadge() -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="badge synthetic" title=lang.t("ข้อมูลสมมุติสำหรับสาธิต ไม่ใช่บุคคลจริง", "Synthetic demo data, not real people")>
            {lang.t("ข้อมูลสาธิต", "Demo data")}
        </span>
    }
}
