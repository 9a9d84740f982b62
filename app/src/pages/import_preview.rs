//! One import: what the file would do (a preview, before anything is written) or did (after
//! commit); the rows refused and why; commit or discard.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::imports::{get_import, ImportCounts, ImportPreview, RowIssue, MAX_ISSUES_SHOWN};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::components::status::ImportStatusBadge;
use crate::domain::column_choice::ColumnsTarget;
use crate::domain::source::ListSource;
use crate::error::AppError;
use crate::i18n::{group_thousands, Lang};
use crate::pages::imports::source_label;

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let preview = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_import(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("ผลการตรวจสอบไฟล์นำเข้า", "Import preview")/>
        <p class="backlink"><a href="/imports">{lang.t("‹ นำเข้าบัญชีครัวเรือน", "‹ Household-list imports")}</a></p>
        <QueryErrorBox/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => view! { <PreviewView p/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PreviewView(p: ImportPreview) -> impl IntoView {
    let lang = use_lang();
    let c = p.counts.clone();
    let previewed = p.status == "previewed";
    let committed = p.status == "committed";
    let state = match p.status.as_str() {
        "committed" => view! {
            <div class="ok-box" role="status" data-testid="import-committed">
                <p>{lang.t("บันทึกการนำเข้าเรียบร้อยแล้ว ตัวเลขด้านล่างคือสิ่งที่บันทึกลงระบบ",
                    "The import is committed. The figures below are what was written.")}</p>
                <a class="btn" href="/households">{lang.t("ดูรายชื่อครัวเรือน", "See the households")}</a>
            </div>
        }
        .into_any(),
        "discarded" => view! {
            <p class="warn-box" role="status">{lang.t("ยกเลิกการนำเข้านี้แล้ว ไม่มีข้อมูลใดถูกบันทึก", "This import was discarded; nothing was written.")}</p>
        }
        .into_any(),
        _ if p.already_committed => view! {
            <p class="warn-box" role="status" data-testid="already-committed">
                {lang.t("ไฟล์นี้เคยนำเข้าแล้ว การนำเข้าซ้ำจะไม่เปลี่ยนข้อมูล", "This file was imported before; importing it again changes nothing.")}
            </p>
        }
        .into_any(),
        _ => view! {
            <p class="info-box">{lang.t("ผลการตรวจสอบ ยังไม่มีข้อมูลใดถูกบันทึก", "A preview: nothing has been written yet.")}</p>
        }
        .into_any(),
    };
    let rejected_href = format!("/api/v1/imports/{}/rejected.csv", p.import_id);
    let any_rejected = c.rows_rejected > 0;
    let unused = p.unused_columns.iter().map(|h| view! { <span class="chip">{h.clone()}</span> }).collect_view();
    let columns_href = ColumnsTarget {
        sha256: p.sha256.clone(),
        file_name: p.file_name.clone(),
        source: ListSource::parse(&p.source).unwrap_or(ListSource::Tpmap),
        source_year: p.source_year,
        replaces: Some(p.import_id),
    }
    .href(None, None);
    let columns_text = if p.mapped {
        lang.t("ใช้การจับคู่คอลัมน์ที่กำหนดเอง", "Columns matched by hand")
    } else {
        lang.t("ใช้หัวคอลัมน์ตามแม่แบบ", "Columns matched by the template's headers")
    };
    view! {
        <article class="import-preview" data-testid="import-preview" data-status=p.status.clone()>
            <header class="card import-head">
                <div class="import-title">
                    <h1 class="file-name">{p.file_name.clone()}</h1>
                    <ImportStatusBadge status=p.status.clone()/>
                </div>
                <dl class="facts">
                    <div><dt>{lang.t("แหล่งข้อมูล", "Source")}</dt><dd>{source_label(&p.source, lang)}</dd></div>
                    <div><dt>{lang.t("รูปแบบไฟล์", "Format")}</dt><dd>{p.format.clone()}</dd></div>
                    <div><dt>{lang.t("จำนวนแถว", "Rows")}</dt><dd>{group_thousands(c.rows_total)}</dd></div>
                    <div><dt>{lang.t("เลขที่การนำเข้า", "Import no.")}</dt><dd>{format!("#{}", p.import_id)}</dd></div>
                    <div class="wide"><dt>"SHA-256"</dt><dd><code class="checksum" data-testid="checksum">{p.sha256.clone()}</code></dd></div>
                    <div class="wide"><dt>{lang.t("คอลัมน์", "Columns")}</dt><dd>
                        {columns_text}
                        {previewed.then(|| view! {
                            " · " <a href=columns_href.clone() data-testid="change-columns">{lang.t("จับคู่คอลัมน์ใหม่", "Match columns again")}</a>
                        })}
                    </dd></div>
                </dl>
            </header>
            {state}
            <CountCards c=c.clone() committed/>
            {previewed.then(|| view! { <CommitPanel id=p.import_id c=c.clone()/> })}
            <IssueSection
                title=lang.t("แถวที่ไม่นำเข้า", "Rows not imported").to_string()
                testid="rejected-rows"
                issues=p.errors.clone()
                empty=lang.t("ทุกแถวผ่านการตรวจสอบ", "Every row passed the checks.").to_string()>
                {any_rejected.then(|| view! {
                    <p class="rejected-download">
                        <a class="btn" href=rejected_href.clone() rel="external" download="" data-testid="rejected-download">
                            <span aria-hidden="true">"⬇"</span>
                            {lang.t("ดาวน์โหลดแถวที่ไม่นำเข้า (CSV) เพื่อแก้ไขแล้วนำเข้าใหม่", "Download the rejected rows (CSV) to fix and import again")}
                        </a>
                    </p>
                })}
            </IssueSection>
            {(!p.warnings.is_empty()).then(|| view! {
                <IssueSection
                    title=lang.t("คำเตือน (แถวเหล่านี้นำเข้าได้)", "Warnings (these rows are imported)").to_string()
                    testid="warnings"
                    issues=p.warnings.clone()
                    empty=String::new()/>
            })}
            {(!p.unused_columns.is_empty()).then(|| view! {
                <section class="card">
                    <h2>{lang.t("คอลัมน์ที่ไม่ได้ใช้", "Columns not used")}</h2>
                    <p class="muted small">{lang.t("คอลัมน์เหล่านี้ไม่ตรงกับแม่แบบ ข้อมูลในคอลัมน์จะไม่ถูกนำเข้า",
                        "These columns match nothing in the template; their values are not imported.")}</p>
                    <div class="chips" data-testid="unused-columns">{unused}</div>
                </section>
            })}
        </article>
    }
}

#[component]
fn CountCards(c: ImportCounts, committed: bool) -> impl IntoView {
    let lang = use_lang();
    let uncertain_href = committed.then_some("/imports/merges");
    let cards: [(&str, &str, i64, &str, bool); 7] = [
        ("count-new", lang.t("ครัวเรือนใหม่", "New households"), c.households_new, "", false),
        ("count-updated", lang.t("ปรับปรุง", "Updated"), c.households_updated, "", false),
        ("count-unchanged", lang.t("ไม่เปลี่ยนแปลง", "Unchanged"), c.households_unchanged, "", false),
        (
            "count-uncertain",
            lang.t("รอตรวจสอบ", "Uncertain"),
            c.households_uncertain,
            lang.t("บ้านเดียวกัน หัวหน้าต่างกัน", "same address, other head"),
            c.households_uncertain > 0,
        ),
        ("count-rejected", lang.t("แถวที่ไม่นำเข้า", "Rows not imported"), c.rows_rejected, "", c.rows_rejected > 0),
        ("count-members", lang.t("สมาชิกใหม่", "New members"), c.members_new, "", false),
        ("count-problems", lang.t("ปัญหาใหม่", "New problems"), c.problems_new, "", false),
    ];
    let cards = cards
        .into_iter()
        .map(|(testid, label, n, sub, alert)| {
            let body = view! {
                <span class="kpi-label">{label}</span>
                <strong class="kpi-value" data-testid=testid>{group_thousands(n)}</strong>
                {(!sub.is_empty()).then(|| view! { <span class="kpi-sub">{sub}</span> })}
            };
            match (testid, uncertain_href) {
                ("count-uncertain", Some(href)) if n > 0 => {
                    view! { <a class="kpi kpi-alert" href=href>{body}</a> }.into_any()
                }
                _ => view! { <div class="kpi" class:kpi-alert=alert>{body}</div> }.into_any(),
            }
        })
        .collect_view();
    view! { <section class="kpis import-counts" aria-label=lang.t("สรุปผล", "Summary")>{cards}</section> }
}

/// What committing writes, in a sentence.
pub fn commit_summary(c: &ImportCounts, lang: Lang) -> String {
    let n = |x: i64| group_thousands(x);
    if c.households_new + c.households_updated == 0 {
        return lang
            .t(
                "ไม่มีครัวเรือนใหม่หรือที่ต้องปรับปรุง การบันทึกจะเก็บการนำเข้านี้ไว้ในประวัติเท่านั้น",
                "Nothing is new or changed: committing only records this import in the history.",
            )
            .to_string();
    }
    match lang {
        Lang::Th => format!(
            "จะบันทึกครัวเรือน {} ครัวเรือน (ใหม่ {} ปรับปรุง {}) สมาชิกใหม่ {} คน ปัญหาใหม่ {} รายการ",
            n(c.households_new + c.households_updated),
            n(c.households_new),
            n(c.households_updated),
            n(c.members_new),
            n(c.problems_new)
        ),
        Lang::En => format!(
            "This writes {} households ({} new, {} updated), {} new members and {} new problems.",
            n(c.households_new + c.households_updated),
            n(c.households_new),
            n(c.households_updated),
            n(c.members_new),
            n(c.problems_new)
        ),
    }
}

#[component]
fn CommitPanel(id: i64, c: ImportCounts) -> impl IntoView {
    let lang = use_lang();
    // A second press while the first commit runs would only answer "already committed".
    let sending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if sending.get_untracked() {
            ev.prevent_default();
        } else {
            sending.set(true);
        }
    };
    let rejected = c.rows_rejected;
    let uncertain = c.households_uncertain;
    view! {
        <section class="card commit-panel" aria-labelledby="commit-title" data-testid="commit-panel">
            <h2 id="commit-title">{lang.t("ยืนยันการนำเข้า", "Confirm the import")}</h2>
            <p data-testid="commit-summary">{commit_summary(&c, lang)}</p>
            {(uncertain > 0).then(|| view! {
                <p>{match lang {
                    Lang::Th => format!("ครัวเรือนที่ไม่แน่ใจว่าซ้ำ {} ครัวเรือน จะรอให้ผู้ประสานงานตัดสินในหน้าตรวจสอบครัวเรือนซ้ำ", group_thousands(uncertain)),
                    Lang::En => format!("{} uncertain households will wait for a coordinator's decision.", group_thousands(uncertain)),
                }}</p>
            })}
            {(rejected > 0).then(|| view! {
                <p class="alert-text">{match lang {
                    Lang::Th => format!("แถวที่ไม่ผ่านการตรวจสอบ {} แถว จะไม่ถูกนำเข้า", group_thousands(rejected)),
                    Lang::En => format!("The {} rejected rows will not be imported.", group_thousands(rejected)),
                }}</p>
            })}
            <div class="commit-actions">
                <form method="post" action=format!("/imports/{id}/commit") on:submit=on_submit>
                    <button type="submit" class="btn btn-primary" data-testid="commit-button">
                        {move || if sending.get() { lang.t("กำลังบันทึก…", "Saving…") } else { lang.t("บันทึกการนำเข้า", "Commit the import") }}
                    </button>
                </form>
                <form method="post" action=format!("/imports/{id}/discard")>
                    <button type="submit" class="btn">{lang.t("ยกเลิก", "Discard")}</button>
                </form>
            </div>
        </section>
    }
}

#[component]
fn IssueSection(
    title: String,
    testid: &'static str,
    issues: Vec<RowIssue>,
    empty: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let capped = issues.len() >= MAX_ISSUES_SHOWN;
    let body = if issues.is_empty() {
        view! { <p class="muted">{empty}</p> }.into_any()
    } else {
        let rows = issues
            .into_iter()
            .map(|i| {
                let column = if i.column.is_empty() { "–".to_string() } else { i.column.clone() };
                view! {
                    <tr data-line=i.line>
                        <td class="num" data-label=lang.t("บรรทัด", "Line")>{i.line}</td>
                        <td data-label=lang.t("คอลัมน์", "Column")>{column}</td>
                        <td data-label=lang.t("เหตุผล", "Reason")>{i.message(lang).to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="data stack-on-phone issues" data-testid=testid>
                    <thead><tr>
                        <th class="num">{lang.t("บรรทัด", "Line")}</th>
                        <th>{lang.t("คอลัมน์", "Column")}</th>
                        <th>{lang.t("เหตุผล", "Reason")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {capped.then(|| view! {
                <p class="muted small">{lang.t("แสดงเฉพาะรายการแรก ๆ ดาวน์โหลดแถวที่ไม่นำเข้าเพื่อดูทั้งหมด",
                    "Only the first issues are shown; download the rejected rows for all of them.")}</p>
            })}
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{title}</h2>
            {body}
            {children.map(|c| c())}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_sentence_counts_what_is_written() {
        let c = ImportCounts {
            households_new: 3,
            households_updated: 1,
            households_unchanged: 5,
            members_new: 8,
            problems_new: 12,
            ..Default::default()
        };
        assert_eq!(
            commit_summary(&c, Lang::Th),
            "จะบันทึกครัวเรือน 4 ครัวเรือน (ใหม่ 3 ปรับปรุง 1) สมาชิกใหม่ 8 คน ปัญหาใหม่ 12 รายการ"
        );
        assert!(commit_summary(&c, Lang::En).starts_with("This writes 4 households"));
        let same = ImportCounts { households_unchanged: 3, ..Default::default() };
        assert!(commit_summary(&same, Lang::Th).starts_with("ไม่มีครัวเรือนใหม่"));
    }
}
