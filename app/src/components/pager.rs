//! Page links for a server-paged list.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::domain::household_filter::{page_count, HouseholdFilter};
use crate::i18n::group_thousands;

/// The page numbers to offer: first, last, and two either side of the current one;
/// `None` marks a gap.
pub fn page_window(current: u64, last: u64) -> Vec<Option<u64>> {
    let mut pages: Vec<u64> = (1..=last).filter(|p| *p == 1 || *p == last || p.abs_diff(current) <= 2).collect();
    pages.dedup();
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if i > 0 && *p > pages[i - 1] + 1 {
            out.push(None);
        }
        out.push(Some(*p));
    }
    out
}

#[component]
pub fn Pager(filter: HouseholdFilter, total: i64) -> impl IntoView {
    let lang = use_lang();
    let last = page_count(total.max(0) as u64, filter.per_page);
    let current = u64::from(filter.page);
    if last <= 1 {
        return ().into_any();
    }
    let href = move |p: u64| format!("/households{}", filter.with_page(p as u32).to_query_string());
    let prev = (current > 1).then(
        || view! { <a class="btn btn-quiet" rel="prev" href=href(current - 1)>{lang.t("‹ ก่อนหน้า", "‹ Previous")}</a> },
    );
    let next = (current < last)
        .then(|| view! { <a class="btn btn-quiet" rel="next" href=href(current + 1)>{lang.t("ถัดไป ›", "Next ›")}</a> });
    let numbers = page_window(current, last)
        .into_iter()
        .map(|p| match p {
            Some(p) if p == current => {
                view! { <span class="page-num current" aria-current="page">{group_thousands(p as i64)}</span> }
                    .into_any()
            }
            Some(p) => view! { <a class="page-num" href=href(p)>{group_thousands(p as i64)}</a> }.into_any(),
            None => view! { <span class="page-gap">"…"</span> }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="pager" aria-label=lang.t("เลือกหน้า", "Pages")>
            {prev}
            <span class="page-nums">{numbers}</span>
            {next}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_ends_and_neighbours() {
        assert_eq!(page_window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(10, 20),
            vec![Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(20)]
        );
        assert_eq!(page_window(1, 1), vec![Some(1)]);
    }
}
