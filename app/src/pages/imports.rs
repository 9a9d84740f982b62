//! Household-list imports: upload a file for a preview, the template's help, the pending
//! uncertain matches and the history of every import. Coordinators and admins only.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::imports::{get_import_history, get_merge_candidates, ImportSummary};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::status::ImportStatusBadge;
use crate::components::template_help::TemplateHelp;
use crate::components::upload_form::UploadForm;
use crate::domain::dates::format_iso_timestamp;
use crate::domain::source::ListSource;
use crate::i18n::{group_thousands, Lang};

/// The first 12 hex digits of a file's SHA-256: enough to tell files apart at a glance.
pub fn short_checksum(sha256: &str) -> String {
    sha256.chars().take(12).collect()
}

/// A stored source (`tpmap`…) in words.
pub fn source_label(source: &str, lang: Lang) -> String {
    ListSource::parse(source).map_or_else(|| source.to_string(), |s| s.label(lang).to_string())
}

#[component]
pub fn ImportsPage() -> impl IntoView {
    let lang = use_lang();
    let history = Resource::new_blocking(|| (), |_| get_import_history());
    let merges = Resource::new_blocking(|| (), |_| get_merge_candidates());
    view! {
        <Title text=lang.t("นำเข้าบัญชีครัวเรือน", "Import household lists")/>
        <div class="page-head">
            <h1>{lang.t("นำเข้าบัญชีครัวเรือน", "Import household lists")}</h1>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (history.await, merges.await) {
                    (Ok(h), Ok(m)) => view! { <ImportsView history=h pending=m.len()/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportsView(history: Vec<ImportSummary>, pending: usize) -> impl IntoView {
    let lang = use_lang();
    let merges_text = if pending == 0 {
        lang.t("ไม่มีคู่ครัวเรือนที่รอตรวจสอบ", "No uncertain matches waiting").to_string()
    } else {
        match lang {
            Lang::Th => format!("ครัวเรือนที่ไม่แน่ใจว่าซ้ำ รอตรวจสอบ {pending} คู่"),
            Lang::En => format!("{pending} uncertain matches waiting for a decision"),
        }
    };
    view! {
        <QueryErrorBox/>
        <a class="merges-link" class:has-pending=pending.gt(&0) href="/imports/merges" data-testid="merges-link">
            <span>{merges_text}</span>
            <span aria-hidden="true">" ›"</span>
        </a>
        <div class="imports-grid">
            <UploadForm/>
            <TemplateHelp/>
        </div>
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{lang.t("ประวัติการนำเข้า", "Import history")}</h2>
            <HistoryTable history/>
        </section>
    }
}

#[component]
fn HistoryTable(history: Vec<ImportSummary>) -> impl IntoView {
    let lang = use_lang();
    if history.is_empty() {
        return view! { <p class="muted">{lang.t("ยังไม่มีการนำเข้า", "Nothing has been imported yet.")}</p> }.into_any();
    }
    let count_labels = [
        lang.t("ใหม่", "New"),
        lang.t("ปรับปรุง", "Updated"),
        lang.t("ไม่เปลี่ยน", "Unchanged"),
        lang.t("รอตรวจสอบ", "Uncertain"),
        lang.t("ไม่นำเข้า", "Rejected"),
    ];
    let rows = history
        .into_iter()
        .map(|s| {
            let c = &s.counts;
            let counts = [
                c.households_new,
                c.households_updated,
                c.households_unchanged,
                c.households_uncertain,
                c.rows_rejected,
            ];
            let cells = counts
                .iter()
                .zip(count_labels)
                .enumerate()
                .map(|(i, (n, label))| {
                    let alert = (i == 3 || i == 4) && *n > 0;
                    view! { <td class="num count-cell" class:alert=alert data-label=label>{group_thousands(*n)}</td> }
                })
                .collect_view();
            let href = format!("/imports/{}", s.id);
            let rejected = (c.rows_rejected > 0).then(|| {
                let csv = format!("/api/v1/imports/{}/rejected.csv", s.id);
                view! {
                    <a class="btn btn-quiet btn-small" href=csv rel="external" download="">
                        {lang.t("แถวที่ไม่นำเข้า (CSV)", "Rejected rows (CSV)")}
                    </a>
                }
            });
            view! {
                <tr data-import=s.id>
                    <td class="file-cell" data-label=lang.t("ไฟล์", "File")>
                        <a href=href.clone()>{s.file_name.clone()}</a>
                    </td>
                    <td class="meta-cell" data-label=lang.t("เวลา", "Time")>{format_iso_timestamp(&s.created_at, lang)}</td>
                    <td class="meta-cell" data-label=lang.t("ผู้นำเข้า", "By")>{s.created_by.clone().unwrap_or_else(|| "–".into())}</td>
                    <td class="meta-cell" data-label=lang.t("แหล่งข้อมูล", "Source")>{source_label(&s.source, lang)}</td>
                    <td class="meta-cell" data-label="SHA-256"><code class="checksum" title=s.sha256.clone()>{short_checksum(&s.sha256)}</code></td>
                    <td class="meta-cell" data-label=lang.t("สถานะ", "Status")><ImportStatusBadge status=s.status.clone()/></td>
                    {cells}
                    <td class="open-cell">
                        <a class="btn btn-quiet btn-small" href=href>{lang.t("ดูรายละเอียด", "Open")}</a>
                        {rejected}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data stack-on-phone imports-history" data-testid="import-history">
                <thead><tr>
                    <th>{lang.t("ไฟล์", "File")}</th>
                    <th>{lang.t("เวลา", "Time")}</th>
                    <th>{lang.t("ผู้นำเข้า", "By")}</th>
                    <th>{lang.t("แหล่งข้อมูล", "Source")}</th>
                    <th><abbr title=lang.t("ลายนิ้วมือของไฟล์: ไฟล์เดียวกันได้ค่าเดียวกัน", "The file's fingerprint: the same file gives the same value")>"SHA-256"</abbr></th>
                    <th>{lang.t("สถานะ", "Status")}</th>
                    {count_labels.iter().map(|l| view! { <th class="num">{*l}</th> }).collect_view()}
                    <th><span class="sr-only">{lang.t("รายละเอียด", "Details")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
