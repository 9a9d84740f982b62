//! The assistance form's photos and draft in the browser: each photo shrunk and kept in
//! IndexedDB under its client id with a thumbnail, and the form kept as a draft (with its
//! photos) while the officer types, restored when the page opens again.
use leptos::prelude::*;

use crate::components::drafts;
use crate::components::field_store as store;
use crate::domain::assist_draft::{AssistDraft, DraftPhoto};
use crate::domain::field::{MediaConsent, PhotoKind};
use crate::i18n::Lang;

fn key(household: i64) -> String {
    format!("hakpaeng-draft:assist:{household}")
}

/// The photos picked for the form: their thumbnails (object URLs by client id).
#[derive(Clone, Copy)]
pub struct Photos {
    draft: RwSignal<AssistDraft>,
    urls: RwSignal<Vec<(String, String)>>,
    notice: RwSignal<Option<(bool, String)>>,
    lang: Lang,
}

impl Photos {
    /// The change handler of a camera/file input for photos of `kind`.
    pub fn input(self, kind: PhotoKind) -> impl Fn(leptos::ev::Event) + 'static {
        move |ev: leptos::ev::Event| {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            leptos::task::spawn_local(async move {
                let lang = self.lang;
                let Ok(blob) = store::resize_photo(&file).await else {
                    self.notice.set(Some((
                        false,
                        lang.t("อ่านรูปนี้ไม่ได้ ใช้รูป JPEG, PNG หรือ WebP", "Cannot read this photo; use JPEG, PNG or WebP")
                            .into(),
                    )));
                    return;
                };
                let id = store::new_client_id();
                if store::blob_put(&id, &blob).await.is_err() {
                    self.notice.set(Some((
                        false,
                        lang.t("เก็บรูปในเครื่องไม่ได้ (พื้นที่เต็ม?)", "Cannot keep the photo on this phone (storage full?)")
                            .into(),
                    )));
                    return;
                }
                self.urls.update(|u| u.push((id.clone(), store::object_url(&blob))));
                self.draft.update(|d| {
                    if kind == PhotoKind::ConsentForm {
                        d.consent_form = Some(id);
                    } else {
                        let consent = d.photos.last().map(|p| p.consent).unwrap_or(MediaConsent::None);
                        d.photos.push(DraftPhoto { client_id: id, kind, consent });
                    }
                });
            });
        }
    }

    pub fn set_consent(self, value: &str) {
        let consent = MediaConsent::parse(value).unwrap_or(MediaConsent::None);
        self.draft.update(|d| d.photos.iter_mut().for_each(|p| p.consent = consent));
    }

    pub fn thumbnails(self) -> impl IntoView {
        let lang = self.lang;
        let draft = self.draft.get();
        let urls = self.urls.get();
        let mut shown: Vec<(String, String, String)> = draft
            .photos
            .iter()
            .map(|p| (p.client_id.clone(), p.kind.label(lang).to_string(), p.consent.label(lang).to_string()))
            .collect();
        if let Some(c) = draft.consent_form.clone() {
            shown.push((c, PhotoKind::ConsentForm.label(lang).to_string(), String::new()));
        }
        shown
            .into_iter()
            .map(|(id, kind, consent)| {
                let url = urls.iter().find(|u| u.0 == id).map(|u| u.1.clone()).unwrap_or_default();
                let remove = id.clone();
                view! {
                    <figure class="thumb" data-testid="thumb">
                        <img src=url alt=kind.clone()/>
                        <figcaption>{kind} {(!consent.is_empty()).then(|| format!(" · {consent}"))}</figcaption>
                        <button type="button" class="btn btn-quiet" on:click=move |_| {
                            let id = remove.clone();
                            self.draft.update(|d| {
                                d.photos.retain(|p| p.client_id != id);
                                if d.consent_form.as_deref() == Some(id.as_str()) { d.consent_form = None; }
                            });
                            leptos::task::spawn_local(async move { let _ = store::blob_delete(&id).await; });
                        }>{lang.t("ลบรูป", "Remove")}</button>
                    </figure>
                }
            })
            .collect_view()
    }
}

/// Restores a draft of this household's form (with its photos) and keeps saving it.
pub fn start(
    household: i64,
    pristine: StoredValue<AssistDraft>,
    draft: RwSignal<AssistDraft>,
    notice: RwSignal<Option<(bool, String)>>,
    lang: Lang,
) -> Photos {
    let photos = Photos { draft, urls: RwSignal::new(Vec::new()), notice, lang };
    // After hydration (the page first matches what the server rendered), and only if the
    // officer has not started on the form yet.
    request_animation_frame(move || {
        let Some(saved) = drafts::load::<AssistDraft>(&key(household)) else { return };
        let untouched = draft.with_untracked(|d| pristine.with_value(|p| d == p));
        if !untouched || saved == draft.get_untracked() || saved == AssistDraft::default() {
            return;
        }
        let ids: Vec<String> =
            saved.photos.iter().map(|p| p.client_id.clone()).chain(saved.consent_form.clone()).collect();
        draft.set(saved);
        notice.set(Some((true, lang.t("กู้คืนฉบับร่างที่ยังไม่ได้บันทึกแล้ว", "Your unsaved draft was restored").into())));
        leptos::task::spawn_local(async move {
            for id in ids {
                if let Some(blob) = store::blob_get(&id).await {
                    photos.urls.update(|u| u.push((id, store::object_url(&blob))));
                }
            }
        });
    });
    // Saved while it differs from the untouched form (a sent form is untouched again).
    Effect::new(move |_| {
        let d = draft.get();
        if pristine.with_value(|p| &d == p) {
            drafts::clear(&key(household));
        } else {
            drafts::save(&key(household), &d);
        }
    });
    photos
}
