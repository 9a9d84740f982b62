//! An address whose place names never break across lines (Thai has no spaces inside them, so
//! the browser would otherwise split a name like "โจดม่วง").
use leptos::prelude::*;

#[component]
pub fn Address(parts: Vec<String>) -> impl IntoView {
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <span class="nw">{p}</span>
                {(i + 1 < n).then_some(" ")}
            }
        })
        .collect_view()
}
