//! The WAR Room: the province's 22 districts × 5 dimensions at a glance. Every figure is a
//! link to the households behind it.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::overview::{get_overview, DistrictRow, Overview};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::export_links::export_href;
use crate::components::stage_bar::StageBar;
use crate::domain::dates::format_iso_timestamp;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::HouseholdFilter;
use crate::domain::problem::{OwnerFilter, StatusFilter};
use crate::i18n::{group_thousands, percent};

fn link(f: &HouseholdFilter) -> String {
    format!("/households{}", f.to_query_string())
}

/// The filter for one row: its amphoe, or nothing for the province total.
fn row_filter(row: &DistrictRow, is_total: bool) -> HouseholdFilter {
    HouseholdFilter { amphoe: (!is_total).then(|| row.code.clone()), ..Default::default() }
}

/// Heat level 0–4 of a cell, by the share of the district's households with pending
/// problems in that dimension.
fn heat(households_with: i64, households: i64) -> u8 {
    if households <= 0 || households_with <= 0 {
        return 0;
    }
    let share = households_with as f64 / households as f64;
    match share {
        s if s < 0.05 => 1,
        s if s < 0.15 => 2,
        s if s < 0.30 => 3,
        _ => 4,
    }
}

#[component]
pub fn WarRoomPage() -> impl IntoView {
    let lang = use_lang();
    let overview = Resource::new_blocking(|| (), |_| get_overview());
    view! {
        <Title text=lang.t("ภาพรวม WAR Room", "WAR Room")/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <OverviewView o/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OverviewView(o: Overview) -> impl IntoView {
    let lang = use_lang();
    let t = o.total.clone();
    let all = HouseholdFilter::default();
    let pending = HouseholdFilter { status: Some(StatusFilter::Pending), ..Default::default() };
    let unowned = HouseholdFilter { owner: Some(OwnerFilter::Nobody), ..pending.clone() };
    let rows = o.districts.iter().map(|d| view! { <DistrictTr row=d.clone() is_total=false/> }).collect_view();
    view! {
        <div class="page-head">
            <h1>{lang.t("ห้องปฏิบัติการขจัดความยากจน", "Poverty-eradication WAR Room")} " · " {t.name(lang).to_string()}</h1>
            <div class="page-head-side">
                <p class="muted">{lang.t("ข้อมูล ณ ", "As of ")} {format_iso_timestamp(&o.as_of, lang)}</p>
                <a class="btn btn-quiet btn-small" href=export_href(&all, "xlsx") rel="external" download="" data-testid="export-province"
                    title=lang.t("ครัวเรือน สมาชิกและปัญหาทั้งหมดในพื้นที่ของคุณ แยกแผ่นงานตามมิติ", "Every household, member and problem in your area, a sheet per dimension")>
                    <span aria-hidden="true">"⬇"</span>
                    {if o.districts.len() > 1 { lang.t("ดาวน์โหลด Excel ทั้งจังหวัด", "Download Excel: whole province") } else { lang.t("ดาวน์โหลด Excel", "Download Excel") }}
                </a>
            </div>
        </div>
        <section class="kpis" aria-label=lang.t("ตัวเลขสำคัญ", "Key figures")>
            <a class="kpi" href=link(&all)>
                <span class="kpi-label">{lang.t("ครัวเรือนเป้าหมาย", "Target households")}</span>
                <strong class="kpi-value" data-testid="kpi-households">{group_thousands(t.households)}</strong>
                <span class="kpi-sub">{o.districts.len()} {lang.t(" อำเภอ", " districts")}</span>
            </a>
            <a class="kpi" href=link(&pending)>
                <span class="kpi-label">{lang.t("ปัญหาที่ยังค้าง", "Pending problems")}</span>
                <strong class="kpi-value">{group_thousands(t.pending)}</strong>
                <span class="kpi-sub">{lang.t("รอ/กำลังดำเนินการ", "open or in progress")}</span>
            </a>
            <a class="kpi kpi-alert" href=link(&unowned)>
                <span class="kpi-label">{lang.t("ปัญหาที่ยังไม่มีเจ้าภาพ", "Problems without an owner")}</span>
                <strong class="kpi-value" data-testid="kpi-unowned">{group_thousands(t.unowned)}</strong>
                <span class="kpi-sub">{lang.t("เป้าหมาย: 0", "target: 0")}</span>
            </a>
            <div class="kpi kpi-wide">
                <span class="kpi-label">{lang.t("ระดับการพัฒนาของครัวเรือน", "Households by stage")}</span>
                <StageBar counts=t.stages base=all.clone() legend=true/>
            </div>
        </section>
        <section class="card table-card">
            <h2>{lang.t("รายอำเภอ × 5 มิติ (ปัญหาที่ยังค้าง)", "Districts × 5 dimensions (pending problems)")}</h2>
            <p class="muted small">
                {lang.t("ตัวเลขในแต่ละมิติ = ปัญหาที่ยังค้าง · ตัวเลขสีแดง = ยังไม่มีเจ้าภาพ · กดตัวเลขเพื่อดูรายชื่อครัวเรือน",
                    "Each dimension shows pending problems · red = without an owner · tap a figure for its households")}
            </p>
            <div class="table-scroll">
                <table class="warroom" data-testid="warroom-table">
                    <thead>
                        <tr>
                            <th scope="col">{lang.t("อำเภอ", "District")}</th>
                            <th scope="col" class="num">{lang.t("ครัวเรือน", "Households")}</th>
                            <th scope="col" class="stage-col">{lang.t("ระดับ (อยู่รอด/พอเพียง/ยั่งยืน)", "Stage")}</th>
                            {Dimension::ALL.iter().map(|d| view! { <th scope="col" class=format!("num dim-{}", d.as_str())>{d.short_label(lang)}</th> }).collect_view()}
                            <th scope="col" class="num">{lang.t("ค้างรวม", "Pending")}</th>
                            <th scope="col" class="num">{lang.t("ไม่มีเจ้าภาพ", "No owner")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot><DistrictTr row=t is_total=true/></tfoot>
                </table>
            </div>
        </section>
    }
}

#[component]
fn DistrictTr(row: DistrictRow, is_total: bool) -> impl IntoView {
    let lang = use_lang();
    let base = row_filter(&row, is_total);
    let pending = HouseholdFilter { status: Some(StatusFilter::Pending), ..base.clone() };
    let unowned = HouseholdFilter { owner: Some(OwnerFilter::Nobody), ..pending.clone() };
    let name = if is_total {
        format!("{}{}", lang.t("รวมจังหวัด", "Province total"), "")
    } else {
        row.name(lang).to_string()
    };
    let cells = Dimension::ALL
        .iter()
        .map(|d| {
            let cell = row.cell(*d);
            let f = HouseholdFilter { dimension: Some(*d), ..pending.clone() };
            let fu = HouseholdFilter { owner: Some(OwnerFilter::Nobody), ..f.clone() };
            let title = format!(
                "{} · {}: {} {} / {} {}",
                name,
                d.label(lang),
                group_thousands(cell.pending),
                lang.t("ปัญหา", "problems"),
                group_thousands(cell.households),
                lang.t("ครัวเรือน", "households"),
            );
            view! {
                <td class=format!("num dimcell heat-{}", heat(cell.households, row.households)) data-label=d.short_label(lang)>
                    <a href=link(&f) title=title>{group_thousands(cell.pending)}</a>
                    {(cell.unowned > 0).then(|| view! {
                        <a class="unowned" href=link(&fu) title=lang.t("ยังไม่มีเจ้าภาพ", "without an owner")>{group_thousands(cell.unowned)}</a>
                    })}
                </td>
            }
        })
        .collect_view();
    let stage_pct = format!(
        "{} / {} / {}",
        percent(row.stages.survive, row.households),
        percent(row.stages.sufficient, row.households),
        percent(row.stages.sustainable, row.households)
    );
    view! {
        <tr class:total=is_total data-amphoe=row.code.clone()>
            <th scope="row" class="district">
                <a href=link(&base)>{name.clone()}</a>
            </th>
            <td class="num hh-count" data-label=lang.t("ครัวเรือน", "Households")>
                <a href=link(&base)>{group_thousands(row.households)} " " <span class="phone-only muted small">{lang.t("ครัวเรือน", "households")}</span></a>
            </td>
            <td class="stage-col" data-label=lang.t("ระดับ", "Stage")>
                <StageBar counts=row.stages base=base.clone()/>
                <span class="small muted">{stage_pct}</span>
            </td>
            {cells}
            <td class="num total-col" data-label=lang.t("ค้างรวม", "Pending")>
                <a href=link(&pending)>{group_thousands(row.pending)}</a>
            </td>
            <td class="num unowned-col" data-label=lang.t("ไม่มีเจ้าภาพ", "No owner")>
                <a class:unowned-strong=row.unowned.gt(&0) href=link(&unowned)>{group_thousands(row.unowned)}</a>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_grows_with_the_share_of_households() {
        assert_eq!(heat(0, 100), 0);
        assert_eq!(heat(1, 100), 1);
        assert_eq!(heat(10, 100), 2);
        assert_eq!(heat(20, 100), 3);
        assert_eq!(heat(50, 100), 4);
        assert_eq!(heat(5, 0), 0);
    }
}
