//! The household list: filters in the URL, results paged on the server.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::filter_options::{get_filter_options, FilterOptions};
use crate::api::households::{list_households, HouseholdPage};
use crate::app::use_lang;
use crate::components::error_box::{ErrorBox, Loading};
use crate::components::export_links::ExportLinks;
use crate::components::filter_form::FilterForm;
use crate::components::household_card::HouseholdCard;
use crate::components::pager::Pager;
use crate::domain::household_filter::{HouseholdFilter, StageFilter};
use crate::domain::problem::OwnerFilter;
use crate::domain::stage::stage_label;
use crate::i18n::{group_thousands, Lang};

/// The filter's active conditions as (label, link that removes it).
pub fn active_conditions(f: &HouseholdFilter, o: &FilterOptions, lang: Lang) -> Vec<(String, String)> {
    let without = |g: HouseholdFilter| format!("/households{}", HouseholdFilter { page: 1, ..g }.to_query_string());
    let mut out = Vec::new();
    if let Some(code) = &f.amphoe {
        let name = o.amphoes.iter().find(|a| &a.code == code).map_or(code.clone(), |a| a.name(lang).to_string());
        out.push((
            format!("{}{}", lang.t("อ.", "Amphoe "), name),
            without(HouseholdFilter { amphoe: None, tambon: None, village: None, ..f.clone() }),
        ));
    }
    if let Some(code) = &f.tambon {
        let name = o.tambons.iter().find(|t| &t.code == code).map_or(code.clone(), |t| t.name(lang).to_string());
        out.push((
            format!("{}{}", lang.t("ต.", "Tambon "), name),
            without(HouseholdFilter { tambon: None, village: None, ..f.clone() }),
        ));
    }
    if let Some(code) = &f.village {
        let name = o
            .villages
            .iter()
            .find(|v| &v.code == code)
            .map_or(code.clone(), |v| format!("{} {} {}", lang.t("ม.", "Moo"), v.moo, v.name_th));
        out.push((name, without(HouseholdFilter { village: None, ..f.clone() })));
    }
    if let Some(d) = f.dimension {
        out.push((d.label(lang).to_string(), without(HouseholdFilter { dimension: None, ..f.clone() })));
    }
    if let Some(code) = &f.indicator {
        let name = o
            .indicators
            .iter()
            .find(|i| &i.code == code)
            .map_or(code.clone(), |i| format!("{} {}", i.code, i.name(lang)));
        out.push((name, without(HouseholdFilter { indicator: None, ..f.clone() })));
    }
    if let Some(s) = f.stage {
        let st = match s {
            StageFilter::Unassessed => None,
            StageFilter::Is(x) => Some(x),
        };
        out.push((stage_label(st, lang).to_string(), without(HouseholdFilter { stage: None, ..f.clone() })));
    }
    if let Some(s) = f.status {
        out.push((s.label(lang).to_string(), without(HouseholdFilter { status: None, ..f.clone() })));
    }
    if let Some(owner) = f.owner {
        let name = match owner {
            OwnerFilter::Nobody => lang.t("ยังไม่มีเจ้าภาพ", "No owner yet").to_string(),
            OwnerFilter::Agency(id) => o
                .agencies
                .iter()
                .find(|a| a.id == id)
                .map_or(format!("#{id}"), |a| lang.t(&a.short_th, &a.name_en).to_string()),
        };
        out.push((
            format!("{}{}", lang.t("เจ้าภาพ: ", "Owner: "), name),
            without(HouseholdFilter { owner: None, ..f.clone() }),
        ));
    }
    if let Some(q) = &f.q {
        out.push((format!("\"{q}\""), without(HouseholdFilter { q: None, ..f.clone() })));
    }
    out
}

#[component]
pub fn HouseholdsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|m| HouseholdFilter::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))).0));
    let options = Resource::new_blocking(move || filter.with(|f| f.tambon.clone()), get_filter_options);
    let page = Resource::new_blocking(move || filter.with(|f| f.to_query_string()), list_households);
    view! {
        <Title text=lang.t("ครัวเรือนเป้าหมาย", "Target households")/>
        <div class="page-head">
            <h1>{lang.t("ครัวเรือนเป้าหมาย", "Target households")}</h1>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let f = filter.get_untracked();
                match (options.await, page.await) {
                    (Ok(o), Ok(p)) => view! { <ListView f o p/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ListView(f: HouseholdFilter, o: FilterOptions, p: HouseholdPage) -> impl IntoView {
    let lang = use_lang();
    let conditions = active_conditions(&f, &o, lang)
        .into_iter()
        .map(|(label, href)| view! {
            <a class="chip chip-filter" href=href title=lang.t("เอาตัวกรองนี้ออก", "Remove this filter")>{label} <span aria-hidden="true">" ×"</span></a>
        })
        .collect_view();
    let warnings = p
        .filter_errors
        .iter()
        .map(|e| view! { <p class="warn-box" role="status">{e.message(lang)}</p> })
        .collect_view();
    let first = f.offset() + 1;
    let last = f.offset() + p.items.len() as u64;
    let items = p.items.clone().into_iter().map(|item| view! { <HouseholdCard item/> }).collect_view();
    view! {
        <FilterForm filter=f.clone() options=o/>
        {warnings}
        <div class="result-bar">
            <p class="result-count" data-testid="result-count">
                {lang.t("พบ ", "Found ")} <strong>{group_thousands(p.total)}</strong> {lang.t(" ครัวเรือน", " households")}
                {(p.total > 0).then(|| view! {
                    <span class="muted">" · " {lang.t("แสดง ", "showing ")} {group_thousands(first as i64)} "–" {group_thousands(last as i64)}</span>
                })}
            </p>
            <div class="chips">{conditions}</div>
            {(p.total > 0).then(|| view! { <ExportLinks filter=f.clone()/> })}
        </div>
        {if p.items.is_empty() {
            view! { <p class="empty card">{lang.t("ไม่พบครัวเรือนตามเงื่อนไขนี้", "No households match these filters.")}</p> }.into_any()
        } else {
            view! { <ul class="hh-list" data-testid="household-list">{items}</ul> }.into_any()
        }}
        <Pager filter=f total=p.total/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::filter_options::AreaOption;
    use crate::domain::problem::StatusFilter;

    #[test]
    fn each_condition_links_to_the_filter_without_it() {
        let o = FilterOptions {
            amphoes: vec![AreaOption {
                code: "3301".into(),
                name_th: "เมืองศรีสะเกษ".into(),
                name_en: "Mueang".into(),
                parent: "33".into(),
            }],
            ..Default::default()
        };
        let f = HouseholdFilter {
            amphoe: Some("3301".into()),
            status: Some(StatusFilter::Pending),
            page: 4,
            ..Default::default()
        };
        let c = active_conditions(&f, &o, Lang::Th);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0], ("อ.เมืองศรีสะเกษ".to_string(), "/households?status=pending".to_string()));
        assert_eq!(c[1].1, "/households?amphoe=3301");
    }
}
