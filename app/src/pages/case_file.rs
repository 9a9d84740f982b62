//! One household's case file: who lives there, what fails in which dimension, who owns each
//! problem, what help arrived and how the household climbed the ladder.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::case_file::{baht, get_case_file, AssistanceView, CaseFile, ProblemView};
use crate::api::households::address_parts;
use crate::app::use_lang;
use crate::components::address::Address;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::status::{StageBadge, StatusBadge, SyntheticBadge};
use crate::domain::dates::{format_iso_date, format_iso_timestamp};
use crate::domain::dimension::Dimension;
use crate::domain::stage::stage_label;
use crate::error::AppError;
use crate::i18n::Lang;

#[component]
pub fn CaseFilePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    let file = Resource::new_blocking(id, |id| async move {
        match id {
            Some(id) => get_case_file(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=lang.t("แฟ้มครัวเรือน", "Household case file")/>
        <p class="backlink"><a href="/households">{lang.t("‹ รายชื่อครัวเรือน", "‹ Households")}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match file.await {
                    Ok(f) => view! { <CaseFileView f/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseFileView(f: CaseFile) -> impl IntoView {
    let lang = use_lang();
    let h = f.household.clone();
    let address = address_parts(
        lang,
        h.house_no.as_deref(),
        h.moo,
        h.village_name.as_deref(),
        lang.t(&h.tambon_name_th, &h.tambon_name_en),
        Some(lang.t(&h.amphoe_name_th, &h.amphoe_name_en)),
    );
    let province = format!(
        "{}{} {}",
        lang.t("จ.", "Province "),
        lang.t(&h.province_name_th, &h.province_name_en),
        h.postal_code.clone().unwrap_or_default()
    );
    let pending: Vec<&ProblemView> = f.problems.iter().filter(|p| p.status.is_pending()).collect();
    let unowned = pending.iter().filter(|p| p.owner_agency_id.is_none()).count();
    let pending_count = pending.len();
    let location = match (h.lat, h.lon) {
        (Some(lat), Some(lon)) => view! {
            <a class="btn btn-quiet" href=format!("geo:{lat:.6},{lon:.6}")>{lang.t("นำทาง", "Navigate")} " (" {format!("{lat:.5}, {lon:.5}")} ")"</a>
        }.into_any(),
        _ => view! { <span class="muted small">{lang.t("ยังไม่มีพิกัด (บันทึกได้เมื่อลงพื้นที่)", "No coordinates yet (captured on a visit)")}</span> }.into_any(),
    };
    let sources = f.sources.iter().map(|s| {
        let year = s.source_year.map(|y| format!(" {y}")).unwrap_or_default();
        view! { <span class="chip">{s.source.to_ascii_uppercase()}{year} " · " <span class="mono">{s.source_ref.clone()}</span></span> }
    }).collect_view();
    view! {
        <article class="casefile" data-testid="case-file">
            <header class="card casefile-head">
                <div class="casefile-title">
                    <h1>{h.head_name.clone().unwrap_or_else(|| lang.t("ครัวเรือน", "Household").to_string())}</h1>
                    <StageBadge stage=h.stage/>
                    {h.is_synthetic.then(|| view! { <SyntheticBadge/> })}
                </div>
                <p class="address"><Address parts=address/> " " <span class="nw">{province}</span></p>
                <dl class="facts">
                    <div><dt>{lang.t("รหัสบ้าน", "House code")}</dt><dd class="mono">{h.house_code.clone().unwrap_or_else(|| "–".into())}</dd></div>
                    <div><dt>{lang.t("บัตรสวัสดิการแห่งรัฐ", "Welfare card")}</dt><dd>{if h.welfare_card { lang.t("มี", "Yes") } else { lang.t("ไม่มี", "No") }}</dd></div>
                    <div><dt>{lang.t("ปัญหาค้าง", "Pending problems")}</dt><dd><strong>{pending_count}</strong></dd></div>
                    <div><dt>{lang.t("ยังไม่มีเจ้าภาพ", "Without an owner")}</dt><dd class:alert=unowned.gt(&0)><strong>{unowned}</strong></dd></div>
                    <div><dt>{lang.t("ปรับปรุงล่าสุด", "Updated")}</dt><dd>{format_iso_timestamp(&h.updated_at, lang)}</dd></div>
                </dl>
                <div class="casefile-actions">
                    <a class="btn btn-primary" href=format!("/households/{}/visit", h.id) data-testid="record-visit">
                        {lang.t("บันทึกการเยี่ยม", "Record a visit")}
                    </a>
                    {location} <span class="chips">{sources}</span>
                </div>
            </header>

            <section class="card">
                <h2>{lang.t("ข้อมูล 5 มิติ", "The 5-dimension profile")}</h2>
                <div class="profile-grid">
                    {Dimension::ALL.iter().map(|d| view! { <DimensionProfile d=*d f=f.clone()/> }).collect_view()}
                </div>
            </section>

            <section class="card">
                <h2>{lang.t("ปัญหาและเจ้าภาพ", "Problems and owners")}</h2>
                <ProblemTable problems=f.problems.clone()/>
            </section>

            <section class="card">
                <h2>{lang.t("สมาชิกในครัวเรือน", "Members")} <span class="muted">" (" {f.members.len()} ")"</span></h2>
                <MemberTable f=f.clone()/>
            </section>

            <section class="card">
                <h2>{lang.t("การให้ความช่วยเหลือ", "Assistance")}</h2>
                <AssistanceTimeline items=f.assistance.clone()/>
            </section>

            <section class="card">
                <h2>{lang.t("ประวัติระดับการพัฒนา", "Stage history")}</h2>
                {if f.stage_history.is_empty() {
                    view! { <p class="muted">{lang.t("ยังไม่มีการประเมินระดับ", "Not assessed yet")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="timeline">
                            {f.stage_history.iter().map(|s| view! {
                                <li>
                                    <span class="when">{format_iso_timestamp(&s.changed_at, lang)}</span>
                                    <span>{stage_label(s.from_stage, lang)} " → " <strong>{stage_label(s.to_stage, lang)}</strong></span>
                                    {s.changed_by.clone().map(|b| view! { <span class="muted small">" · " {b}</span> })}
                                    {s.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
fn DimensionProfile(d: Dimension, f: CaseFile) -> impl IntoView {
    let lang = use_lang();
    let rows = f
        .indicators
        .iter()
        .filter(|i| i.dimension == d)
        .map(|i| {
            let problem = f.problem_for(&i.code);
            let (class, mark, state) = match problem {
                None => ("pass", "✓", lang.t("ผ่าน", "Passes").to_string()),
                Some(p) if p.status.is_pending() => ("fail", "✗", p.status.label(lang).to_string()),
                Some(p) => ("fixed", "✓", p.status.label(lang).to_string()),
            };
            view! {
                <li class=format!("ind {class}")>
                    <span class="ind-mark" aria-hidden="true">{mark}</span>
                    <span class="ind-code">{i.code.clone()}</span>
                    <span class="ind-name">{i.name(lang).to_string()}</span>
                    <span class="ind-state">{state}</span>
                </li>
            }
        })
        .collect_view();
    let failing = f.problems.iter().filter(|p| p.dimension == d && p.status.is_pending()).count();
    view! {
        <div class=format!("profile dim-{}", d.as_str()) class:has-problems=failing.gt(&0)>
            <h3>{d.label(lang)} {(failing > 0).then(|| view! { <span class="count">{failing}</span> })}</h3>
            <ul>{rows}</ul>
        </div>
    }
}

#[component]
fn ProblemTable(problems: Vec<ProblemView>) -> impl IntoView {
    let lang = use_lang();
    if problems.is_empty() {
        return view! { <p class="muted">{lang.t("ไม่มีตัวชี้วัดที่ไม่ผ่าน", "No failed indicators")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="data stack-on-phone" data-testid="problems-table">
                <thead><tr>
                    <th>{lang.t("ตัวชี้วัด", "Indicator")}</th>
                    <th>{lang.t("สถานะ", "Status")}</th>
                    <th>{lang.t("เจ้าภาพ", "Owner")}</th>
                    <th>{lang.t("เปิดเมื่อ", "Opened")}</th>
                    <th class="num">{lang.t("จำนวนวัน", "Days")}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|p| {
                        let owner = match (&p.owner_short_th, &p.owner_name_en) {
                            (Some(th), en) => view! { <span title=p.owner_name_th.clone().unwrap_or_default()>{if lang == Lang::Th { th.clone() } else { en.clone().unwrap_or_else(|| th.clone()) }}</span> }.into_any(),
                            (None, _) if p.status.is_pending() => view! { <span class="chip chip-alert">{lang.t("ยังไม่มีเจ้าภาพ", "No owner yet")}</span> }.into_any(),
                            (None, _) => view! { <span class="muted">"–"</span> }.into_any(),
                        };
                        view! {
                            <tr>
                                <td data-label=lang.t("ตัวชี้วัด", "Indicator")>
                                    <span class=format!("chip dim-{}", p.dimension.as_str())>{p.indicator_code.clone()}</span> " "
                                    {lang.t(&p.indicator_name_th, &p.indicator_name_en).to_string()}
                                </td>
                                <td data-label=lang.t("สถานะ", "Status")><StatusBadge status=p.status/></td>
                                <td data-label=lang.t("เจ้าภาพ", "Owner")>{owner}</td>
                                <td data-label=lang.t("เปิดเมื่อ", "Opened")>{format_iso_date(&p.opened_on, lang)}</td>
                                <td class="num" data-label=lang.t("จำนวนวัน", "Days")>{p.days_open.map(|d| d.to_string()).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}

#[component]
fn MemberTable(f: CaseFile) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="table-scroll">
            <table class="data stack-on-phone" data-testid="members-table">
                <thead><tr>
                    <th>{lang.t("ชื่อ-สกุล", "Name")}</th>
                    <th>{lang.t("ความสัมพันธ์", "Relation")}</th>
                    <th class="num">{lang.t("อายุ", "Age")}</th>
                    <th>{lang.t("เลขประจำตัวประชาชน", "Citizen id")}</th>
                    <th>{lang.t("หมายเหตุ", "Notes")}</th>
                </tr></thead>
                <tbody>
                    {f.members.iter().map(|m| {
                        let mut notes: Vec<&str> = Vec::new();
                        if m.is_disabled { notes.push(lang.t("ผู้พิการ", "disabled")); }
                        if m.is_bedridden { notes.push(lang.t("ติดเตียง", "bedridden")); }
                        if m.age.is_some_and(|a| a >= 60) { notes.push(lang.t("ผู้สูงอายุ", "elderly")); }
                        if m.age.is_some_and(|a| a <= 6) { notes.push(lang.t("เด็กเล็ก", "young child")); }
                        view! {
                            <tr>
                                <td data-label=lang.t("ชื่อ-สกุล", "Name")>{m.full_name()}</td>
                                <td data-label=lang.t("ความสัมพันธ์", "Relation")>{m.relation.label(lang)}</td>
                                <td class="num" data-label=lang.t("อายุ", "Age")>{m.age.map(|a| a.to_string()).unwrap_or_else(|| "–".into())}</td>
                                <td class="mono" data-label=lang.t("เลขประจำตัวประชาชน", "Citizen id")>{m.citizen_id_masked.clone().unwrap_or_else(|| "–".into())}</td>
                                <td data-label=lang.t("หมายเหตุ", "Notes")>{notes.join(", ")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AssistanceTimeline(items: Vec<AssistanceView>) -> impl IntoView {
    let lang = use_lang();
    if items.is_empty() {
        return view! { <p class="muted">{lang.t("ยังไม่มีบันทึกการช่วยเหลือ", "No assistance recorded yet")}</p> }.into_any();
    }
    view! {
        <ol class="timeline" data-testid="assistance-timeline">
            {items.into_iter().map(|a| {
                let when = a.done_on.as_deref().or(a.planned_on.as_deref()).map(|d| format_iso_date(d, lang)).unwrap_or_default();
                let planned = a.done_on.is_none();
                let title = lang.t(a.menu_name_th.as_deref().unwrap_or(""), a.menu_name_en.as_deref().unwrap_or("")).to_string();
                let result = match a.result.as_str() {
                    "done" => lang.t("ดำเนินการแล้ว", "Done"),
                    "in_progress" => lang.t("กำลังดำเนินการ", "In progress"),
                    _ => lang.t("ดำเนินการไม่ได้", "Could not be done"),
                };
                let money = a.amount_satang.map(|s| format!("{} {}", baht(s), lang.t("บาท", "THB")));
                let in_kind = a.in_kind_value_satang.map(|s| format!("{} {} {}", lang.t("สิ่งของมูลค่า", "in kind worth"), baht(s), lang.t("บาท", "THB")));
                view! {
                    <li>
                        <span class="when">{when} {planned.then(|| lang.t(" (แผน)", " (planned)"))}</span>
                        <span class="what">
                            {a.dimension.map(|d| view! { <span class=format!("chip dim-{}", d.as_str())>{a.indicator_code.clone().unwrap_or_else(|| d.short_label(lang).to_string())}</span> })}
                            " " <strong>{title}</strong>
                            {a.agency_short_th.clone().map(|ag| view! { <span class="muted">" · " {if lang == Lang::Th { ag } else { a.agency_name_en.clone().unwrap_or(ag) }}</span> })}
                        </span>
                        <span class="small">{result} {a.resolved_problem.then(|| lang.t(" · แก้ไขปัญหาได้", " · resolved the problem"))}</span>
                        {(!a.detail.is_empty()).then(|| view! { <p class="note">{a.detail.clone()}</p> })}
                        {money.map(|m| view! { <span class="small">{m} {a.budget_source.clone().map(|b| format!(" ({b})"))}</span> })}
                        {in_kind.map(|m| view! { <span class="small">" " {m}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }.into_any()
}
