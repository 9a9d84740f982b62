//! The outbox as the officer sees it: each record made on this phone with its state (waiting,
//! sending, sent, needs attention), why it needs attention, and for a conflict both values with
//! a choice. Empty (and absent) until the browser has read the outbox.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::components::outbox::{use_outbox, Outbox};
use crate::domain::field_conflict::Choice;
use crate::domain::outbox::{unsent, OutboxItem, OutboxState};

#[component]
pub fn OutboxPanel() -> impl IntoView {
    let lang = use_lang();
    let Some(outbox) = use_outbox() else { return ().into_any() };
    let waiting = move || outbox.items.with(|i| unsent(i));
    let summary = move || {
        let n = waiting();
        if n == 0 {
            lang.t("ส่งครบทุกรายการแล้ว", "Everything has been sent").to_string()
        } else {
            match lang {
                crate::i18n::Lang::Th => format!("ยังไม่ได้ส่ง {n} รายการ"),
                crate::i18n::Lang::En => format!("{n} not sent yet"),
            }
        }
    };
    view! {
        <Show when=move || outbox.loaded.get() && outbox.items.with(|i| !i.is_empty())>
            <section class="card outbox" data-testid="outbox" aria-live="polite">
                <div class="outbox-head">
                    <h2>{lang.t("รายการที่บันทึกในเครื่อง", "Saved on this phone")}</h2>
                    <span class="outbox-summary" data-testid="outbox-summary">{summary}</span>
                    <button type="button" class="btn" on:click=move |_| outbox.flush()
                        disabled=move || outbox.sending.get() || waiting() == 0>
                        {move || if outbox.sending.get() { lang.t("กำลังส่ง…", "Sending…") } else { lang.t("ส่งตอนนี้", "Send now") }}
                    </button>
                </div>
                <ul class="outbox-list">
                    <For each=move || outbox.items.get().into_iter().rev() key=|i| (i.client_id.clone(), i.state, i.attempts, i.conflicts.len()) let:item>
                        <OutboxRow item outbox/>
                    </For>
                </ul>
            </section>
        </Show>
    }
    .into_any()
}

#[component]
fn OutboxRow(item: OutboxItem, outbox: Outbox) -> impl IntoView {
    let lang = use_lang();
    let id = item.client_id.clone();
    let conflicts = item.conflicts.clone();
    let attention = item.state == OutboxState::NeedsAttention;
    let choices = (!conflicts.is_empty()).then(|| {
        let rows = conflicts
            .iter()
            .map(|c| {
                view! {
                    <li>
                        <strong>{c.field.label(lang)}</strong>": "
                        {lang.t("ของคุณ", "yours")}" "<span class="mine" data-testid="conflict-mine">{c.value_label(c.yours.as_deref(), lang)}</span>
                        " · " {lang.t("บนเซิร์ฟเวอร์", "on the server")}" "<span class="theirs" data-testid="conflict-server">{c.value_label(c.server.as_deref(), lang)}</span>
                    </li>
                }
            })
            .collect_view();
        let (mine, theirs) = (id.clone(), id.clone());
        view! {
            <ul class="conflicts">{rows}</ul>
            <div class="outbox-actions">
                <button type="button" class="btn btn-primary" data-testid="keep-mine" on:click=move |_| outbox.choose(&mine, Choice::Mine)>
                    {lang.t("ใช้ค่าของฉัน", "Keep mine")}
                </button>
                <button type="button" class="btn" data-testid="keep-server" on:click=move |_| outbox.choose(&theirs, Choice::Server)>
                    {lang.t("ใช้ค่าบนเซิร์ฟเวอร์", "Keep the server's")}
                </button>
            </div>
        }
    });
    let fix = (attention && conflicts.is_empty()).then(|| {
        let (again, drop) = (id.clone(), id.clone());
        let confirm_text = lang.t("ลบรายการนี้ออกจากเครื่อง? ข้อมูลจะหายไป", "Remove this record from the phone? It will be lost.");
        view! {
            <div class="outbox-actions">
                <button type="button" class="btn" on:click=move |_| outbox.retry(&again)>{lang.t("ส่งอีกครั้ง", "Send again")}</button>
                <button type="button" class="btn btn-quiet" on:click=move |_| {
                    if window().confirm_with_message(confirm_text).unwrap_or(false) {
                        outbox.discard(&drop);
                    }
                }>{lang.t("ลบทิ้ง", "Remove")}</button>
            </div>
        }
    });
    view! {
        <li class=format!("outbox-item state-{}", item.state.as_str()) data-testid="outbox-item" data-state=item.state.as_str() data-kind=item.kind.as_str()>
            <div class="outbox-line">
                <span class=format!("badge state-{}", item.state.as_str())>{item.state.label(lang)}</span>
                <strong>{item.kind.label(lang)}</strong>
                " · " {item.household_label.clone()}
            </div>
            <p class="small">{item.summary.clone()}</p>
            {item.message.clone().map(|m| view! { <p class="small outbox-message">{m}</p> })}
            {choices}
            {fix}
        </li>
    }
}

/// What became of a record just saved on this phone (`client_id`), following its outbox item:
/// kept on the phone until there is a signal, being sent, sent, or needing attention.
#[component]
pub fn RecordNotice(
    client_id: String,
    what_th: &'static str,
    what_en: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let outbox = use_outbox();
    let state = move || {
        outbox?.items.with(|all| all.iter().find(|i| i.client_id == client_id).map(|i| (i.state, i.message.clone())))
    };
    let text = move || {
        let (state, note) = state()?;
        let after = match state {
            OutboxState::Waiting => {
                lang.t("เก็บไว้ในเครื่องแล้ว จะส่งเมื่อมีสัญญาณ", "kept on this phone; it will be sent when there is a signal")
            }
            OutboxState::Sending => lang.t("กำลังส่ง…", "sending…"),
            OutboxState::Sent => lang.t("ส่งถึงเซิร์ฟเวอร์แล้ว", "received by the server"),
            OutboxState::NeedsAttention => lang.t("แต่ต้องตรวจสอบ ดูรายการด้านล่าง", "but it needs attention (below)"),
        };
        let mut text = format!("{} · {after}", lang.t(what_th, what_en));
        if let (OutboxState::Sent, Some(n)) = (state, note) {
            text.push_str(&format!(" · {n}"));
        }
        Some((state, text))
    };
    move || {
        text().map(|(state, t)| {
            let class = if state == OutboxState::NeedsAttention { "warn-box" } else { "ok-box" };
            view! { <p class=class role="status" data-testid=testid data-state=state.as_str()>{t}</p> }
        })
    }
}
