//! Uncertain matches from imports (same address, different head): the known household beside
//! the file's, and the coordinator's two answers, merge or keep apart. Both are plain posts.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::imports::{get_merge_candidates, MergeCandidateView};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::dates::format_iso_timestamp;
use crate::i18n::group_thousands;

#[component]
pub fn MergeCandidatesPage() -> impl IntoView {
    let lang = use_lang();
    let candidates = Resource::new_blocking(|| (), |_| get_merge_candidates());
    view! {
        <Title text=lang.t("ตรวจสอบครัวเรือนที่อาจซ้ำ", "Uncertain matches")/>
        <p class="backlink"><a href="/imports">{lang.t("‹ นำเข้าบัญชีครัวเรือน", "‹ Household-list imports")}</a></p>
        <div class="page-head">
            <h1>{lang.t("ตรวจสอบครัวเรือนที่อาจซ้ำ", "Uncertain matches")}</h1>
        </div>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match candidates.await {
                    Ok(list) => view! { <CandidateList list/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CandidateList(list: Vec<MergeCandidateView>) -> impl IntoView {
    let lang = use_lang();
    if list.is_empty() {
        return view! {
            <p class="empty card" data-testid="no-candidates">
                {lang.t("ไม่มีครัวเรือนที่รอตรวจสอบ ทุกครัวเรือนจากไฟล์ที่นำเข้าจับคู่ได้ชัดเจนแล้ว",
                    "Nothing to decide: every imported household was matched with certainty.")}
            </p>
        }
        .into_any();
    }
    let count = list.len() as i64;
    let cards = list.into_iter().map(|c| view! { <CandidateCard c/> }).collect_view();
    view! {
        <p class="muted">
            {lang.t("ครัวเรือนในไฟล์มีที่อยู่เดียวกับครัวเรือนที่มีอยู่ แต่หัวหน้าครัวเรือนต่างกัน เลือกว่าเป็นครัวเรือนเดียวกันหรือไม่ (",
                "A household of a file has the address of a known one but another head. Decide whether they are one household (")}
            <strong>{group_thousands(count)}</strong>
            {lang.t(" คู่)", " waiting)")}
        </p>
        <ul class="candidates" data-testid="merge-candidates">{cards}</ul>
    }
    .into_any()
}

#[component]
fn CandidateCard(c: MergeCandidateView) -> impl IntoView {
    let lang = use_lang();
    let members = c.incoming_members.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view();
    let member_count = c.incoming_members.len();
    view! {
        <li class="card candidate" data-candidate=c.id>
            <div class="candidate-pair">
                <section class="candidate-side known">
                    <h2 class="side-label">{lang.t("ครัวเรือนในระบบ", "Known household")}</h2>
                    <a class="candidate-head" href=format!("/households/{}", c.household_id)>
                        {c.existing_head.clone().unwrap_or_else(|| lang.t("(ไม่มีชื่อหัวหน้า)", "(no head named)").to_string())}
                    </a>
                    <p class="small">{c.existing_address.clone()}</p>
                    <p class="muted small">{format!("#{}", c.household_id)}</p>
                </section>
                <section class="candidate-side incoming">
                    <h2 class="side-label">{lang.t("ครัวเรือนในไฟล์", "Household in the file")}</h2>
                    <strong class="candidate-head">{c.incoming_head.clone()}</strong>
                    <p class="small muted">{member_count} {lang.t(" คน", " people")}</p>
                    <ul class="candidate-members small">{members}</ul>
                </section>
            </div>
            <p class="candidate-reason">
                <span class="chip chip-alert">{lang.t("เหตุผล", "Why")}</span> " "
                {lang.t(&c.reason_th, &c.reason_en).to_string()}
            </p>
            <p class="muted small">
                {lang.t("จากการนำเข้า ", "From import ")}
                <a href=format!("/imports/{}", c.import_id)>{format!("#{}", c.import_id)}</a>
                " · " {format_iso_timestamp(&c.created_at, lang)}
            </p>
            <div class="candidate-actions">
                <form method="post" action=format!("/imports/merges/{}/confirm", c.id)>
                    <button type="submit" class="btn btn-primary">{lang.t("รวมเป็นครัวเรือนเดียวกัน", "Same household: merge")}</button>
                </form>
                <form method="post" action=format!("/imports/merges/{}/reject", c.id)>
                    <button type="submit" class="btn">{lang.t("แยกเป็นครัวเรือนใหม่", "Different: keep as a new household")}</button>
                </form>
            </div>
        </li>
    }
}
