//! A stacked bar of households per stage, each part linking to the households it counts.
use leptos::prelude::*;

use crate::api::overview::StageCounts;
use crate::app::use_lang;
use crate::domain::household_filter::{HouseholdFilter, StageFilter};
use crate::domain::stage::{stage_label, Stage};
use crate::i18n::{group_thousands, percent};

/// `base` is the filter the bar's households already satisfy (e.g. one amphoe).
#[component]
pub fn StageBar(counts: StageCounts, base: HouseholdFilter, #[prop(optional)] legend: bool) -> impl IntoView {
    let lang = use_lang();
    let total = counts.total();
    let parts: Vec<(Option<Stage>, i64)> = vec![
        (None, counts.unassessed),
        (Some(Stage::Survive), counts.survive),
        (Some(Stage::Sufficient), counts.sufficient),
        (Some(Stage::Sustainable), counts.sustainable),
    ];
    let segments = parts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(stage, n)| {
            let f = HouseholdFilter {
                stage: Some(stage.map_or(StageFilter::Unassessed, StageFilter::Is)),
                ..base.clone()
            };
            let width = format!("width: {:.2}%", (*n as f64) * 100.0 / (total.max(1) as f64));
            let title = format!("{}: {} ({})", stage_label(*stage, lang), group_thousands(*n), percent(*n, total));
            let class = format!("seg stage-{}", crate::domain::stage::stage_class(*stage));
            view! { <a class=class style=width title=title.clone() aria-label=title href=format!("/households{}", f.to_query_string())></a> }
        })
        .collect_view();
    let legend_view = legend.then(|| {
        parts
            .into_iter()
            .map(|(stage, n)| {
                let f = HouseholdFilter {
                    stage: Some(stage.map_or(StageFilter::Unassessed, StageFilter::Is)),
                    ..base.clone()
                };
                view! {
                    <a class="legend-item" href=format!("/households{}", f.to_query_string())>
                        <span class=format!("swatch stage-{}", crate::domain::stage::stage_class(stage))></span>
                        <span class="legend-label">{stage_label(stage, lang)}</span>
                        <strong>{percent(n, total)}</strong>
                        <span class="muted">" (" {group_thousands(n)} ")"</span>
                    </a>
                }
            })
            .collect_view()
    });
    view! {
        <div class="stagebar-wrap">
            <div class="stagebar" role="img" aria-label=lang.t("สัดส่วนครัวเรือนตามระดับ", "Households by stage")>{segments}</div>
            {legend_view.map(|l| view! { <div class="stage-legend">{l}</div> })}
        </div>
    }
}
