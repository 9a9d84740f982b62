//! Choosing a visit day's start or end point on the planner: a district office, or a point
//! typed by name and position (a meeting place, a tambon office); the end may also be "back
//! at the start".
use leptos::prelude::*;

use crate::api::plans::PlanPoint;
use crate::app::use_lang;
use crate::i18n::Lang;

/// The choice's value in the `<select>`: an office's index, `custom`, or `start` (end only).
const CUSTOM: &str = "custom";
const BACK: &str = "start";

/// A typed point, or what is wrong with it.
pub fn typed_point(label: &str, lat: &str, lon: &str, lang: Lang) -> Result<PlanPoint, String> {
    let label = label.trim();
    if label.is_empty() {
        return Err(lang.t("ตั้งชื่อจุด เช่น ที่ทำการ อบต.", "Name the point, e.g. the tambon office").to_string());
    }
    let number = |s: &str| crate::domain::decimal::parse_decimal(s).filter(|v| v.is_finite());
    match (number(lat), number(lon)) {
        (Some(lat), Some(lon)) if (5.5..=20.5).contains(&lat) && (97.3..=105.7).contains(&lon) => {
            Ok(PlanPoint { label: label.to_string(), lat, lon })
        }
        (Some(_), Some(_)) => Err(lang.t("พิกัดอยู่นอกประเทศไทย", "The position is outside Thailand").to_string()),
        _ => Err(lang
            .t(
                "กรอกละติจูดและลองจิจูดเป็นตัวเลข เช่น 15.1186 และ 104.3220",
                "Type latitude and longitude as numbers, e.g. 15.1186 and 104.3220",
            )
            .to_string()),
    }
}

/// A start or end point: `value` holds the chosen point (`None` = back at the start, when
/// `back_option` is on, or a typed point not yet valid).
#[component]
pub fn PointChoice(
    label: &'static str,
    label_en: &'static str,
    testid: &'static str,
    #[prop(into)] offices: Signal<Vec<PlanPoint>>,
    value: RwSignal<Option<PlanPoint>>,
    /// Offers "back at the start" (the end point).
    back_option: bool,
    /// What is wrong with a typed point, shown under it.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let mode = RwSignal::new(String::new());
    let (name, lat, lon) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let retype = move || match typed_point(&name.get_untracked(), &lat.get_untracked(), &lon.get_untracked(), lang) {
        Ok(p) => {
            value.set(Some(p));
            error.set(None);
        }
        Err(e) => {
            value.set(None);
            error.set(Some(e));
        }
    };
    let choose = move |choice: String| {
        mode.set(choice.clone());
        match choice.as_str() {
            BACK => {
                value.set(None);
                error.set(None);
            }
            CUSTOM => retype(),
            i => {
                let office = i.parse::<usize>().ok().and_then(|i| offices.with_untracked(|o| o.get(i).cloned()));
                value.set(office);
                error.set(None);
            }
        }
    };
    let selected = move |p: &PlanPoint| value.with(|v| v.as_ref() == Some(p)) && mode.get() != CUSTOM;
    view! {
        <label>{lang.t(label, label_en)}
            <select data-testid=testid on:change=move |ev| choose(event_target_value(&ev))>
                {back_option.then(|| view! {
                    <option value=BACK selected=move || value.with(|v| v.is_none()) && mode.get() != CUSTOM>
                        {lang.t("กลับจุดเริ่มต้น", "Back at the start")}
                    </option>
                })}
                {move || offices.get().into_iter().enumerate().map(|(i, p)| {
                    let chosen = selected(&p);
                    view! { <option value=i.to_string() selected=chosen>{p.label.clone()}</option> }
                }).collect_view()}
                <option value=CUSTOM>{lang.t("กำหนดเอง…", "Another point…")}</option>
            </select>
        </label>
        <Show when=move || mode.get() == CUSTOM>
            <div class="form-grid point-typed">
                <label>{lang.t("ชื่อจุด", "Name")}
                    <input type="text" data-testid=format!("{testid}-name") prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); retype(); }/>
                </label>
                <label>{lang.t("ละติจูด", "Latitude")}
                    <input type="text" inputmode="decimal" data-testid=format!("{testid}-lat") prop:value=move || lat.get()
                        on:input=move |ev| { lat.set(event_target_value(&ev)); retype(); }/>
                </label>
                <label>{lang.t("ลองจิจูด", "Longitude")}
                    <input type="text" inputmode="decimal" data-testid=format!("{testid}-lon") prop:value=move || lon.get()
                        on:input=move |ev| { lon.set(event_target_value(&ev)); retype(); }/>
                </label>
            </div>
            <p class="small error-text" role="alert">{move || error.get().unwrap_or_default()}</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_points_are_checked() {
        let p = typed_point(" อบต.หญ้าปล้อง ", "15.12", "104.35", Lang::Th).expect("a point");
        assert_eq!(p.label, "อบต.หญ้าปล้อง");
        assert!(typed_point("", "15.12", "104.35", Lang::Th).is_err());
        assert!(typed_point("x", "51.5", "-0.1", Lang::Th).expect_err("London").contains("นอกประเทศไทย"));
        assert!(typed_point("x", "15,12", "104", Lang::Th).is_err());
    }
}
