//! Download links for the household list as Excel and CSV, with the list's filters. They are
//! plain downloads (`rel="external"`: the client router leaves them to the browser).
use leptos::prelude::*;

use crate::app::use_lang;
use crate::domain::household_filter::{HouseholdFilter, DEFAULT_PER_PAGE};

/// The export address of `filter` in `format` (`xlsx` or `csv`); paging does not apply.
pub fn export_href(filter: &HouseholdFilter, format: &str) -> String {
    let all = HouseholdFilter { page: 1, per_page: DEFAULT_PER_PAGE, ..filter.clone() };
    format!("/api/v1/exports/households.{format}{}", all.to_query_string())
}

/// "ดาวน์โหลด Excel" and "CSV" for the households `filter` selects.
#[component]
pub fn ExportLinks(filter: HouseholdFilter) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="export-links" role="group" aria-label=lang.t("ส่งออกรายชื่อนี้", "Export this list")>
            <a class="btn btn-quiet btn-small" href=export_href(&filter, "xlsx") rel="external" download=""
                data-testid="export-xlsx"
                title=lang.t("ครัวเรือน สมาชิกและปัญหาตามตัวกรองนี้ แยกแผ่นงานตามมิติ", "Households, members and problems of this filter, a sheet per dimension")>
                <span aria-hidden="true">"⬇"</span> {lang.t("ดาวน์โหลด Excel", "Download Excel")}
            </a>
            <a class="btn btn-quiet btn-small" href=export_href(&filter, "csv") rel="external" download=""
                data-testid="export-csv">
                <span aria-hidden="true">"⬇"</span> "CSV"
            </a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_keep_the_filter_but_not_the_page() {
        let f = HouseholdFilter { amphoe: Some("3301".into()), page: 3, ..Default::default() };
        assert_eq!(export_href(&f, "xlsx"), "/api/v1/exports/households.xlsx?amphoe=3301");
        assert_eq!(export_href(&HouseholdFilter::default(), "csv"), "/api/v1/exports/households.csv");
    }
}
