//! The household-list upload form: a plain multipart post to `/imports/upload` that works
//! without JavaScript; with it, the file goes by XMLHttpRequest with a progress bar and the
//! error, if any, shows in place.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::components::error_box::ErrorBox;
use crate::domain::source::ListSource;
use crate::error::AppError;

/// Whole percent of `loaded` out of `total` (0 while the size is unknown).
pub fn percent_sent(loaded: f64, total: f64) -> u8 {
    if total <= 0.0 {
        return 0;
    }
    (loaded * 100.0 / total).clamp(0.0, 100.0).floor() as u8
}

#[component]
pub fn UploadForm() -> impl IntoView {
    let lang = use_lang();
    // Percent sent while an upload runs (JavaScript only).
    let sent = RwSignal::new(None::<u8>);
    let failure = RwSignal::new(None::<AppError>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    #[cfg(feature = "hydrate")]
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some(form) = form_ref.get_untracked() else { return };
            ev.prevent_default();
            failure.set(None);
            sent.set(Some(0));
            let navigate = navigate.clone();
            let started = crate::components::upload_xhr::send(
                &form,
                move |loaded, total| sent.set(Some(percent_sent(loaded, total))),
                move |result| match result {
                    Ok(location) => navigate(&location, Default::default()),
                    Err(e) => {
                        sent.set(None);
                        failure.set(Some(e));
                    }
                },
            );
            if started.is_err() {
                // The browser would not send it this way: post the form as without JavaScript.
                sent.set(None);
                let _ = form.submit();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, form_ref);
    };
    let sources =
        ListSource::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label(lang)}</option> }).collect_view();
    let progress = move || {
        sent.get().map(|pct| {
            let text = if pct < 100 {
                format!("{} {pct}%", lang.t("กำลังส่งไฟล์", "Uploading"))
            } else {
                lang.t("ส่งไฟล์ครบแล้ว กำลังตรวจสอบ…", "Uploaded; checking the file…").to_string()
            };
            view! {
                <div class="upload-progress" role="status" aria-live="polite" data-testid="upload-progress">
                    <progress max="100" value=pct.to_string()>{format!("{pct}%")}</progress>
                    <span>{text}</span>
                </div>
            }
        })
    };
    view! {
        <form class="card upload-form" method="post" action="/imports/upload" enctype="multipart/form-data"
            node_ref=form_ref on:submit=on_submit data-testid="upload-form">
            <h2>{lang.t("ส่งไฟล์บัญชีครัวเรือน", "Upload a household list")}</h2>
            <label class="field">
                <span>{lang.t("ไฟล์ (.csv หรือ .xlsx)", "File (.csv or .xlsx)")}</span>
                <input type="file" name="file" accept=".csv,.xlsx" required/>
            </label>
            <div class="upload-grid">
                <label class="field">
                    <span>{lang.t("แหล่งข้อมูล", "Source")}</span>
                    <select name="source">{sources}</select>
                </label>
                <label class="field">
                    <span>{lang.t("ปีของบัญชี (พ.ศ.)", "List year (BE)")}</span>
                    <input type="text" name="year" inputmode="numeric" pattern="[0-9]{4}" maxlength="4"
                        placeholder="2566" title=lang.t("ปี พ.ศ. 4 หลัก เช่น 2566", "A 4-digit Buddhist Era year, e.g. 2566")/>
                </label>
            </div>
            <div class="upload-actions">
                <button type="submit" class="btn btn-primary" disabled=move || sent.get().is_some()>
                    {lang.t("ตรวจสอบไฟล์", "Check the file")}
                </button>
                <span class="muted small">
                    {lang.t("ขั้นนี้ยังไม่บันทึกข้อมูล ระบบจะแสดงผลการตรวจสอบให้ยืนยันก่อน",
                        "Nothing is saved yet: you will see what the file contains and confirm first.")}
                </span>
            </div>
            {progress}
            {move || failure.get().map(|error| view! { <ErrorBox error/> })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_whole_and_bounded() {
        assert_eq!(percent_sent(0.0, 0.0), 0);
        assert_eq!(percent_sent(1.0, 3.0), 33);
        assert_eq!(percent_sent(5.0, 5.0), 100);
        assert_eq!(percent_sent(7.0, 5.0), 100);
    }
}
