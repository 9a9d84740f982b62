//! The column-mapping step: a file whose headers are not the template's gets a field chosen
//! for each column (with sample values to go by), then is checked again. The choice can be
//! saved as a mapping file for the command line. A plain form post, JavaScript optional.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::imports::{get_file_columns, FileColumn, FileColumns};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading, QueryErrorBox};
use crate::domain::column_choice::{choice_key, mapping_toml, parse_choices, ColumnsTarget};
use crate::domain::template_field::{choice_problem, Field, IGNORED};
use crate::domain::url::percent_encode;
use crate::i18n::{group_thousands, Lang};
use crate::pages::imports::source_label;

#[component]
pub fn ImportColumnsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let target = Memo::new(move |_| {
        let sha = params.read().get("sha").unwrap_or_default();
        let q = query.read();
        ColumnsTarget::from_fields(&sha, |k| q.get(k))
    });
    let columns = Resource::new_blocking(move || target.get(), |t| get_file_columns(t.sha256, t.file_name, t.replaces));
    view! {
        <Title text=lang.t("จับคู่คอลัมน์ของไฟล์", "Match the file's columns")/>
        <p class="backlink"><a href="/imports">{lang.t("‹ นำเข้าบัญชีครัวเรือน", "‹ Household-list imports")}</a></p>
        <div class="page-head">
            <h1>{lang.t("จับคู่คอลัมน์ของไฟล์กับแม่แบบ", "Match the file's columns to the template")}</h1>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let t = target.get_untracked();
                match columns.await {
                    Ok(file) => {
                        let q = query.get_untracked();
                        // Choices sent back after a refused attempt win over the proposal.
                        let chosen = match parse_choices(file.columns.len(), |k| q.get(k)) {
                            Ok(Some(c)) => c,
                            _ => file.columns.iter().map(|c| c.field).collect(),
                        };
                        let error = q.get("error").filter(|m| !m.trim().is_empty());
                        view! { <ColumnsForm target=t file chosen error/> }.into_any()
                    }
                    Err(e) => view! { <QueryErrorBox/> <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The options of one column's select: "not imported" and every template field.
fn field_options(lang: Lang) -> Vec<(String, String)> {
    let mut options = vec![(IGNORED.to_string(), lang.t("— ไม่นำเข้า —", "— not imported —").to_string())];
    options.extend(Field::ALL.iter().map(|f| (f.name().to_string(), format!("{} · {}", f.header_th(), f.name()))));
    options
}

#[component]
fn ColumnsForm(
    target: ColumnsTarget,
    file: FileColumns,
    chosen: Vec<Option<Field>>,
    /// Why the last attempt came back; shown until the choices change.
    error: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let initial = StoredValue::new(chosen.clone());
    let chosen = RwSignal::new(chosen);
    let error = move || {
        let unchanged = initial.with_value(|i| chosen.with(|c| c == i));
        error.clone().filter(|_| unchanged).map(|m| {
            view! { <div class="error-box" role="alert" data-testid="form-error"><p>{m}</p></div> }
        })
    };
    let headers = StoredValue::new(file.columns.iter().map(|c| c.header.clone()).collect::<Vec<String>>());
    let problem = move || chosen.with(|c| choice_problem(c));
    let toml = move || headers.with_value(|h| chosen.with(|c| mapping_toml(h, c)));
    let toml_href = move || format!("data:text/plain;charset=utf-8,{}", percent_encode(&toml()));
    let rows =
        file.columns.into_iter().enumerate().map(|(i, column)| view! { <ColumnRow i column chosen/> }).collect_view();
    let year = target.source_year.map(|y| y.to_string()).unwrap_or_default();
    let replaces = target.replaces.map(|id| id.to_string()).unwrap_or_default();
    view! {
        {error}
        <section class="card columns-file">
            <p class="file-name"><strong>{target.file_name.clone()}</strong></p>
            <p class="muted small">
                {source_label(target.source.as_str(), lang)} " · " {file.format.clone()} " · "
                {match lang {
                    Lang::Th => format!("{} แถว", group_thousands(file.rows as i64)),
                    Lang::En => format!("{} rows", group_thousands(file.rows as i64)),
                }}
            </p>
            <p>
                {lang.t("หัวคอลัมน์ของไฟล์นี้ไม่ตรงกับแม่แบบทั้งหมด เลือกว่าแต่ละคอลัมน์คือข้อมูลอะไร โดยดูจากตัวอย่างค่าในคอลัมน์ ไฟล์ไม่ถูกแก้ไข",
                    "Not all of this file's headers are the template's. Choose what each column holds, going by its sample values. The file itself is not changed.")}
            </p>
        </section>
        <form method="post" action=format!("/imports/columns/{}", target.sha256) class="columns-form" data-testid="columns-form">
            <input type="hidden" name="name" value=target.file_name.clone()/>
            <input type="hidden" name="source" value=target.source.as_str()/>
            <input type="hidden" name="year" value=year/>
            <input type="hidden" name="replaces" value=replaces/>
            <div class="table-scroll">
                <table class="data stack-on-phone columns-table">
                    <thead><tr>
                        <th>{lang.t("คอลัมน์ในไฟล์", "Column in the file")}</th>
                        <th>{lang.t("ตัวอย่างค่า", "Sample values")}</th>
                        <th>{lang.t("นำเข้าเป็น", "Import as")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="card columns-status" aria-live="polite">
                {move || match problem() {
                    Some((th, en)) => view! {
                        <p class="alert-text" data-testid="columns-problem">{lang.t(&th, &en).to_string()}</p>
                    }.into_any(),
                    None => view! {
                        <p class="ok-text" data-testid="columns-ready">{lang.t("ครบคอลัมน์ที่จำเป็นแล้ว", "Every required column is matched.")}</p>
                    }.into_any(),
                }}
                <button type="submit" class="btn btn-primary" data-testid="columns-submit">
                    {lang.t("ตรวจสอบไฟล์ด้วยการจับคู่นี้", "Check the file with these columns")}
                </button>
            </div>
        </form>
        <details class="card mapping-file">
            <summary>{lang.t("บันทึกการจับคู่นี้ไว้ใช้กับคำสั่ง hakpaeng import", "Save this mapping for the hakpaeng import command")}</summary>
            <p class="muted small">
                {lang.t("ไฟล์จากระบบเดียวกันครั้งต่อไป ใช้คำสั่ง ", "Next time a file of this layout comes, run ")}
                <code>"hakpaeng import FILE --mapping mapping.toml"</code>
            </p>
            <pre class="mapping-toml" data-testid="mapping-toml">{toml}</pre>
            <a class="btn btn-quiet btn-small" href=toml_href download="mapping.toml" rel="external">
                {lang.t("ดาวน์โหลด mapping.toml", "Download mapping.toml")}
            </a>
        </details>
    }
}

#[component]
fn ColumnRow(i: usize, column: FileColumn, chosen: RwSignal<Vec<Option<Field>>>) -> impl IntoView {
    let lang = use_lang();
    let current = move || chosen.with(|c| c.get(i).copied().flatten());
    let options = field_options(lang)
        .into_iter()
        .map(|(value, label)| {
            let v = value.clone();
            let selected = move || current().map_or(IGNORED, Field::name) == v;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        chosen.update(|c| {
            if let Some(slot) = c.get_mut(i) {
                *slot = Field::parse(&value);
            }
        });
    };
    let header = if column.header.trim().is_empty() {
        lang.t("(ไม่มีหัวคอลัมน์)", "(no header)").to_string()
    } else {
        column.header.clone()
    };
    let samples = if column.samples.is_empty() {
        view! { <span class="muted">{lang.t("(ว่างทุกแถว)", "(empty in every row)")}</span> }.into_any()
    } else {
        let items = column.samples.iter().map(|s| view! { <span class="sample">{s.clone()}</span> }).collect_view();
        view! { <div class="samples">{items}</div> }.into_any()
    };
    let label = format!("{} {}", lang.t("นำเข้าคอลัมน์", "Import column"), header);
    view! {
        <tr data-column=i>
            <td class="column-header" data-label=lang.t("คอลัมน์ในไฟล์", "Column in the file")><strong>{header}</strong></td>
            <td class="column-samples" data-label=lang.t("ตัวอย่างค่า", "Sample values")>{samples}</td>
            <td data-label=lang.t("นำเข้าเป็น", "Import as")>
                <select name=choice_key(i) aria-label=label on:change=on_change data-testid=format!("column-{i}")>
                    {options}
                </select>
            </td>
        </tr>
    }
}
