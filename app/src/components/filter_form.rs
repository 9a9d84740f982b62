//! The household filters as a GET form: the URL holds the filter, so links, the back
//! button and JavaScript-off browsers all work. With JavaScript a change submits at once.
use leptos::prelude::*;

use crate::api::filter_options::FilterOptions;
use crate::app::use_lang;
use crate::domain::dimension::Dimension;
use crate::domain::household_filter::{HouseholdFilter, SortKey, StageFilter};
use crate::domain::problem::{OwnerFilter, StatusFilter};
use crate::domain::stage::stage_label;

/// Submits the select's form (JavaScript only; without it the Search button does).
fn submit_on_change(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            if let Some(form) = select.form() {
                let _ = form.request_submit();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// With JavaScript the form opens its results as a link in the app would (no full page load):
/// its fields become the query string of `action`. Without, the browser submits it itself.
fn navigate_on_submit(action: &'static str) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let Ok(query) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
            ev.prevent_default();
            navigate(&format!("{action}?{}", String::from(query.to_string())), Default::default());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &navigate, action);
    }
}

/// One `<option>`, selected when its value is the current one.
fn opt(value: String, label: String, current: &Option<String>) -> impl IntoView {
    let selected = current.as_deref() == Some(value.as_str());
    view! { <option value=value selected=selected>{label}</option> }
}

/// `action`: the page the form reloads with the filter (the household list by default; the
/// map uses the same filters). `closed`: the filters start folded even when some are set (the
/// map wants the room on a phone).
#[component]
pub fn FilterForm(
    filter: HouseholdFilter,
    options: FilterOptions,
    #[prop(default = "/households")] action: &'static str,
    #[prop(optional)] closed: bool,
) -> impl IntoView {
    let lang = use_lang();
    let any = lang.t("ทั้งหมด", "All");
    let f = filter;
    let amphoe_opts =
        options.amphoes.iter().map(|a| opt(a.code.clone(), a.name(lang).to_string(), &f.amphoe)).collect_view();
    let tambon_opts = options
        .tambons
        .iter()
        .filter(|t| f.amphoe.as_ref().is_none_or(|a| t.parent == *a))
        .map(|t| opt(t.code.clone(), t.name(lang).to_string(), &f.tambon))
        .collect_view();
    let village_opts = options
        .villages
        .iter()
        .map(|v| opt(v.code.clone(), format!("{} {} {}", lang.t("ม.", "Moo"), v.moo, v.name_th), &f.village))
        .collect_view();
    let dim = f.dimension.map(|d| d.as_str().to_string());
    let dimension_opts =
        Dimension::ALL.iter().map(|d| opt(d.as_str().to_string(), d.label(lang).to_string(), &dim)).collect_view();
    let indicator_opts = options
        .indicators
        .iter()
        .filter(|i| f.dimension.is_none_or(|d| d == i.dimension))
        .map(|i| opt(i.code.clone(), format!("{} {}", i.code, i.name(lang)), &f.indicator))
        .collect_view();
    let stage = f.stage.map(|s| s.as_str().to_string());
    let stage_opts = StageFilter::all()
        .into_iter()
        .map(|s| {
            let st = match s {
                StageFilter::Unassessed => None,
                StageFilter::Is(x) => Some(x),
            };
            opt(s.as_str().to_string(), stage_label(st, lang).to_string(), &stage)
        })
        .collect_view();
    let status = f.status.map(|s| s.as_str().to_string());
    let status_opts = StatusFilter::all()
        .into_iter()
        .map(|s| opt(s.as_str().to_string(), s.label(lang).to_string(), &status))
        .collect_view();
    let owner = f.owner.map(|o| o.to_param());
    let owner_opts = std::iter::once(opt(
        OwnerFilter::Nobody.to_param(),
        lang.t("— ยังไม่มีเจ้าภาพ —", "— No owner yet —").to_string(),
        &owner,
    ))
    .chain(options.agencies.iter().map(|a| {
        let label = match lang {
            crate::i18n::Lang::Th => format!("{} ({})", a.short_th, a.name_th),
            crate::i18n::Lang::En => a.name_en.clone(),
        };
        opt(OwnerFilter::Agency(a.id).to_param(), label, &owner)
    }))
    .collect_view();
    let sort = Some(f.sort.as_str().to_string());
    let sort_opts =
        SortKey::ALL.iter().map(|k| opt(k.as_str().to_string(), k.label(lang).to_string(), &sort)).collect_view();
    let has_villages = !options.villages.is_empty();
    let open_details = !closed && f.to_pairs().iter().any(|(k, _)| *k != "q" && *k != "page" && *k != "sort");
    view! {
        <form method="get" action=action class="filters" role="search" on:submit=navigate_on_submit(action)>
            <div class="search-row">
                <label class="field grow">
                    <span class="sr-only">{lang.t("ค้นหา", "Search")}</span>
                    <input type="search" name="q" value=f.q.clone().unwrap_or_default() maxlength="100"
                        placeholder=lang.t("ชื่อ บ้านเลขที่ หรือเลขบัตร", "Name, house no. or id digits")
                        title=lang.t("ชื่อ-สกุล บ้านเลขที่ หรือเลขประจำตัวประชาชน 4 ตัวท้ายขึ้นไป", "A name, a house number, or the last 4 or more digits of a citizen id")/>
                </label>
                <button type="submit" class="btn btn-primary">{lang.t("ค้นหา", "Search")}</button>
            </div>
            <details class="filter-details" open=open_details>
                <summary>{lang.t("ตัวกรอง", "Filters")}</summary>
                <div class="filter-grid">
                    <label class="field"><span>{lang.t("อำเภอ", "District")}</span>
                        <select name="amphoe" on:change=submit_on_change><option value="">{any}</option>{amphoe_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("ตำบล", "Subdistrict")}</span>
                        <select name="tambon" on:change=submit_on_change><option value="">{any}</option>{tambon_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("หมู่บ้าน", "Village")}</span>
                        <select name="village" on:change=submit_on_change disabled=!has_villages
                            title=lang.t("เลือกตำบลก่อน", "Choose a subdistrict first")>
                            <option value="">{any}</option>{village_opts}
                        </select>
                    </label>
                    <label class="field"><span>{lang.t("มิติ", "Dimension")}</span>
                        <select name="dimension" on:change=submit_on_change><option value="">{any}</option>{dimension_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("ตัวชี้วัด", "Indicator")}</span>
                        <select name="indicator" on:change=submit_on_change><option value="">{any}</option>{indicator_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("ระดับ", "Stage")}</span>
                        <select name="stage" on:change=submit_on_change><option value="">{any}</option>{stage_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("สถานะปัญหา", "Problem status")}</span>
                        <select name="status" on:change=submit_on_change><option value="">{any}</option>{status_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("เจ้าภาพ", "Owner agency")}</span>
                        <select name="owner" on:change=submit_on_change><option value="">{any}</option>{owner_opts}</select>
                    </label>
                    <label class="field"><span>{lang.t("เรียงตาม", "Sort by")}</span>
                        <select name="sort" on:change=submit_on_change>{sort_opts}</select>
                    </label>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{lang.t("ใช้ตัวกรอง", "Apply")}</button>
                    <a class="btn btn-quiet" href=action>{lang.t("ล้างตัวกรอง", "Clear all")}</a>
                </div>
            </details>
        </form>
    }
}
