//! The assistance form's send in the browser: the record and its photos go to the outbox
//! (photos after their record, a public one with its consent form), and the form starts afresh.
use leptos::prelude::*;
use serde_json::json;

use crate::components::field_store as store;
use crate::components::outbox::use_outbox;
use crate::domain::assist_draft::AssistDraft;
use crate::domain::field::{MediaConsent, PhotoKind};
use crate::domain::outbox::{OutboxItem, OutboxKind};
use crate::domain::problem::ProblemStatus;
use crate::domain::stage::Stage;
use crate::i18n::Lang;

/// The household as the officer's copy shows it: who, and what the record would change.
pub struct Copy<'a> {
    pub household: i64,
    pub label: &'a str,
    pub status_of: &'a dyn Fn(&str) -> Option<ProblemStatus>,
    pub stage_now: Option<Stage>,
    /// The untouched form, reset after a send.
    pub pristine: StoredValue<AssistDraft>,
}

/// Puts the record and its photos in the outbox (`saved` gets its client id), or says in
/// `notice` what is missing.
pub fn submit(
    copy: Copy<'_>,
    draft: RwSignal<AssistDraft>,
    notice: RwSignal<Option<(bool, String)>>,
    saved: RwSignal<Option<String>>,
    lang: Lang,
) {
    let Copy { household, label: household_label, status_of, stage_now, pristine } = copy;
    let mut d = draft.get_untracked();
    d.base_problem_status = status_of(&d.problem_id).map(|s| s.as_str().to_string()).unwrap_or_default();
    d.base_stage = stage_now.map(|s| s.as_str().to_string()).unwrap_or_default();
    let record = match d.to_record(household) {
        Ok(r) => r,
        Err(gap) => {
            notice.set(Some((false, lang.t(&gap.th, &gap.en).to_string())));
            return;
        }
    };
    let Some(outbox) = use_outbox() else {
        notice.set(Some((false, crate::components::outbox::no_outbox(lang))));
        return;
    };
    let now = js_sys::Date::now();
    let assist_id = store::new_client_id();
    let summary = if record.detail.is_empty() { record.result.label(lang).to_string() } else { record.detail.clone() };
    let item = |client_id: String, kind: OutboxKind, at: f64, summary: String, body: serde_json::Value| {
        OutboxItem::new(client_id, kind, household, household_label.to_string(), summary, at, body)
    };
    outbox.add(item(
        assist_id.clone(),
        OutboxKind::Assistance,
        now,
        summary,
        serde_json::to_value(&record).unwrap_or_default(),
    ));
    let mut at = now;
    if let Some(form) = d.consent_form.clone() {
        at += 1.0;
        let mut i = item(
            form,
            OutboxKind::Photo,
            at,
            PhotoKind::ConsentForm.label(lang).into(),
            json!({"household_id": household.to_string(), "kind": "consent_form", "consent": "internal"}),
        );
        i.parent = Some(assist_id.clone());
        outbox.add(i);
    }
    for p in &d.photos {
        at += 1.0;
        let mut i = item(
            p.client_id.clone(),
            OutboxKind::Photo,
            at,
            format!("{} · {}", p.kind.label(lang), p.consent.label(lang)),
            json!({"household_id": household.to_string(), "kind": p.kind.as_str(), "consent": p.consent.as_str()}),
        );
        i.parent = Some(assist_id.clone());
        if p.consent == MediaConsent::Public {
            i.consent_form = d.consent_form.clone();
        }
        outbox.add(i);
    }
    let fresh = AssistDraft {
        problem_id: d.problem_id.clone(),
        owner_agency_id: d.owner_agency_id.clone(),
        done_on: d.done_on.clone(),
        result: d.result.clone(),
        ..AssistDraft::default()
    };
    pristine.set_value(fresh.clone());
    draft.set(fresh);
    notice.set(None);
    saved.set(Some(assist_id));
}
