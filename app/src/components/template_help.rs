//! The household template's columns explained, with links to the blank template and the sample.
use leptos::prelude::*;

use crate::app::use_lang;
use crate::domain::template_field::Field;
use crate::i18n::Lang;

/// The blank template and the sample list, served as static files.
pub const TEMPLATE_URL: &str = "/templates/hakpaeng-household-template.csv";
pub const SAMPLE_URL: &str = "/templates/hakpaeng-household-sample.csv";

#[component]
pub fn TemplateHelp() -> impl IntoView {
    let lang = use_lang();
    let items = Field::ALL
        .into_iter()
        .map(|f| {
            let note = f.note(lang);
            view! {
                <li>
                    <strong>{f.header_th()}</strong> " " <code>{f.name()}</code>
                    {(!note.is_empty()).then(|| view! { <span class="muted">" · " {note.to_string()}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card template-help" aria-labelledby="template-help-title">
            <h2 id="template-help-title">{lang.t("แม่แบบบัญชีครัวเรือน", "The household template")}</h2>
            <p>
                {lang.t("หนึ่งแถวต่อหนึ่งคน สมาชิกบ้านเดียวกันใช้รหัสบ้านเดียวกัน (หรือ รหัสตำบล + หมู่ที่ + บ้านเลขที่ เดียวกัน) ไฟล์ CSV ใช้ UTF-8 หรือ TIS-620 ก็ได้",
                    "One row per person. Members of one household share the house code (or tambon + moo + house number). CSV may be UTF-8 or TIS-620.")}
            </p>
            <p class="muted small">
                {lang.t("ไฟล์จากระบบอื่นที่หัวคอลัมน์ไม่ตรงกับแม่แบบ ส่งได้เลย ระบบจะให้เลือกว่าแต่ละคอลัมน์คือข้อมูลอะไรก่อนตรวจสอบ",
                    "A file from another system with other headers can be sent as it is: you will be asked what each column holds first.")}
            </p>
            <div class="template-links">
                <a class="btn" href=TEMPLATE_URL rel="external" download="hakpaeng-household-template.csv">
                    {lang.t("ดาวน์โหลดแม่แบบเปล่า", "Download the blank template")}
                </a>
                <a class="btn btn-quiet" href=SAMPLE_URL rel="external" download="hakpaeng-household-sample.csv">
                    {lang.t("ดาวน์โหลดไฟล์ตัวอย่าง", "Download the sample file")}
                </a>
            </div>
            <details class="template-columns">
                <summary>{match lang {
                    Lang::Th => format!("คอลัมน์ของแม่แบบ ({} คอลัมน์)", Field::ALL.len()),
                    Lang::En => format!("The template's columns ({})", Field::ALL.len()),
                }}</summary>
                <ul>{items}</ul>
            </details>
        </section>
    }
}
