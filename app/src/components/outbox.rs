//! The outbox on the page: the items made on this phone, kept in IndexedDB, sent oldest first
//! whenever there is a connection (on opening, when the network returns, every 10 seconds and
//! right after a new record), each with its client id as `Idempotency-Key`. On the server
//! (rendering) it is empty: the outbox lives only in the browser.
//!
//! The page holds the list (signals) and the officer's actions on it; the work behind them
//! (IndexedDB, sending, photo uploads) is a lazy chunk of its own (`engine`), fetched once the
//! page has hydrated, so it is not part of what a phone downloads before a tap is answered.
use leptos::prelude::*;

use crate::domain::field_conflict::Choice;
use crate::domain::outbox::OutboxItem;
use crate::i18n::Lang;

/// The page's outbox (a context provided by the app).
#[derive(Clone, Copy)]
pub struct Outbox {
    pub items: RwSignal<Vec<OutboxItem>>,
    /// Read from IndexedDB (false while the server renders and until the browser has read it).
    pub loaded: RwSignal<bool>,
    /// A round of sending is under way.
    pub sending: RwSignal<bool>,
    lang: Lang,
}

/// Provides the outbox and, in the browser, loads it and starts sending.
pub fn provide_outbox(lang: Lang) -> Outbox {
    let outbox =
        Outbox { items: RwSignal::new(Vec::new()), loaded: RwSignal::new(false), sending: RwSignal::new(false), lang };
    provide_context(outbox);
    #[cfg(feature = "hydrate")]
    browser::start(outbox);
    outbox
}

/// The app's outbox; `None` outside the app's shell (a page rendered on its own, a test), where
/// callers show nothing of it or say that the record cannot be kept, rather than panic.
pub fn use_outbox() -> Option<Outbox> {
    use_context::<Outbox>()
}

/// Why a record cannot be kept when the page has no outbox (it was rendered outside the app).
pub fn no_outbox(lang: Lang) -> String {
    lang.t(
        "เก็บรายการในเครื่องไม่ได้ โหลดหน้านี้ใหม่แล้วลองอีกครั้ง",
        "Cannot keep the record on this phone; reload the page and try again",
    )
    .to_string()
}

impl Outbox {
    /// Adds a record (its photo bytes already stored under its client id) and sends it if
    /// the phone is online.
    pub fn add(self, item: OutboxItem) {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(browser::add(self, item));
        #[cfg(not(feature = "hydrate"))]
        let _ = item;
    }

    /// Sends what is waiting, now.
    pub fn flush(self) {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(browser::send_all(self));
    }

    fn change(self, client_id: &str, edit: impl FnOnce(&mut OutboxItem)) {
        let mut changed = None;
        self.items.update(|all| {
            if let Some(item) = all.iter_mut().find(|i| i.client_id == client_id) {
                edit(item);
                changed = Some(item.clone());
            }
        });
        #[cfg(feature = "hydrate")]
        if let Some(item) = changed {
            leptos::task::spawn_local(browser::keep_and_send(self, item));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = changed;
    }

    /// The officer's choice on a conflict: the record goes again with it.
    pub fn choose(self, client_id: &str, choice: Choice) {
        self.change(client_id, |i| crate::domain::outbox::choose(i, choice));
    }

    /// Sends an item that needed attention once more.
    pub fn retry(self, client_id: &str) {
        self.change(client_id, crate::domain::outbox::retry);
    }

    /// Removes an item for good (and its photo's bytes).
    pub fn discard(self, client_id: &str) {
        self.items.update(|all| all.retain(|i| i.client_id != client_id));
        #[cfg(feature = "hydrate")]
        {
            let id = client_id.to_string();
            leptos::task::spawn_local(async move {
                let _ = crate::components::field_store::outbox_delete(&id).await;
                let _ = crate::components::field_store::blob_delete(&id).await;
            });
        }
    }

    pub fn lang(self) -> Lang {
        self.lang
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    use super::Outbox;
    use crate::domain::outbox::OutboxItem;
    use leptos::prelude::*;

    /// How often waiting items are tried again (the browser's "online" event is not always
    /// told when a weak signal comes back).
    const RETRY_SECONDS: u64 = 10;

    /// Loads the stored items and starts sending, once the page is hydrated: the items would
    /// otherwise change the page before it is matched with the server's HTML.
    pub fn start(outbox: Outbox) {
        crate::hydration_mark::after_hydration(move || begin(outbox));
    }

    fn begin(outbox: Outbox) {
        // The engine's chunk is fetched and started once the page is idle: a tap that comes
        // right after hydration is answered first.
        let load = wasm_bindgen::closure::Closure::once_into_js(move || {
            leptos::task::spawn_local(super::engine::outbox_load(outbox))
        });
        crate::components::field_store::when_idle(load.unchecked_ref());
        let online = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || outbox.flush());
        let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        set_interval(move || outbox.flush(), std::time::Duration::from_secs(RETRY_SECONDS));
    }

    /// Keeps a new item and sends what is waiting.
    pub async fn add(outbox: Outbox, item: OutboxItem) {
        super::engine::outbox_add(outbox, item).await
    }

    /// Stores a changed item and sends what is waiting.
    pub async fn keep_and_send(outbox: Outbox, item: OutboxItem) {
        super::engine::outbox_keep_and_send(outbox, item).await
    }

    /// One round of sending.
    pub async fn send_all(outbox: Outbox) {
        if outbox.sending.get_untracked() || !outbox.loaded.get_untracked() {
            return;
        }
        super::engine::outbox_send_round(outbox).await
    }
}

/// The outbox's work, in its own chunk (`#[lazy]`: each entry point loads it on first use).
#[cfg(feature = "hydrate")]
mod engine {
    use serde_json::Value;

    use super::Outbox;
    use crate::components::field_store as store;
    use crate::domain::outbox::{
        classify, next_to_send, photo_fields, recover, settle, Answer, OutboxItem, OutboxKind, OutboxState,
    };
    use leptos::prelude::*;

    /// Sent items are kept for the list this long, then dropped.
    const KEEP_SENT_MS: f64 = 3.0 * 24.0 * 3600.0 * 1000.0;

    async fn save(item: &OutboxItem) {
        if let Ok(json) = serde_json::to_string(item) {
            let _ = store::outbox_put(&item.client_id, &json).await;
        }
    }

    /// Reads the stored items (dropping sent ones older than [`KEEP_SENT_MS`]), then sends.
    #[leptos::lazy]
    pub async fn outbox_load(outbox: Outbox) {
        let mut items: Vec<OutboxItem> = store::outbox_all()
            .await
            .unwrap_or_default()
            .iter()
            .filter_map(|json| serde_json::from_str(json).ok())
            .collect();
        recover(&mut items);
        let now = js_sys::Date::now();
        let (keep, old): (Vec<_>, Vec<_>) =
            items.into_iter().partition(|i| i.state != OutboxState::Sent || now - i.created_ms < KEEP_SENT_MS);
        for i in old {
            let _ = store::outbox_delete(&i.client_id).await;
        }
        let mut keep = keep;
        keep.sort_by(|a, b| a.created_ms.total_cmp(&b.created_ms));
        outbox.items.set(keep);
        outbox.loaded.set(true);
        round(outbox).await;
    }

    #[leptos::lazy]
    pub async fn outbox_add(outbox: Outbox, item: OutboxItem) {
        save(&item).await;
        outbox.items.update(|all| all.push(item));
        round(outbox).await;
    }

    #[leptos::lazy]
    pub async fn outbox_keep_and_send(outbox: Outbox, item: OutboxItem) {
        save(&item).await;
        round(outbox).await;
    }

    #[leptos::lazy]
    pub async fn outbox_send_round(outbox: Outbox) {
        round(outbox).await;
    }

    /// One round: the oldest ready item, then the next, until none is left or the network is
    /// gone. An item that fails is skipped for the rest of the round; one refused waits for the
    /// officer; neither holds up the others.
    async fn round(outbox: Outbox) {
        if outbox.sending.get_untracked() || !outbox.loaded.get_untracked() {
            return;
        }
        outbox.sending.set(true);
        let mut skip: Vec<String> = Vec::new();
        loop {
            let items = outbox.items.get_untracked();
            let Some(n) = next_to_send(&items, &skip) else { break };
            let mut item = items[n].clone();
            item.state = OutboxState::Sending;
            put(outbox, &item).await;
            let answer = send_one(&item, &items, outbox.lang()).await;
            let stops = answer.stops_round();
            if matches!(answer, Answer::Failed(_)) {
                skip.push(item.client_id.clone());
            }
            let stored = matches!(answer, Answer::Stored { .. });
            settle(&mut item, answer);
            put(outbox, &item).await;
            if stored && item.kind == OutboxKind::Photo {
                let _ = store::blob_delete(&item.client_id).await;
            }
            if stops {
                break;
            }
        }
        outbox.sending.set(false);
    }

    async fn put(outbox: Outbox, item: &OutboxItem) {
        save(item).await;
        outbox.items.update(|all| {
            if let Some(slot) = all.iter_mut().find(|i| i.client_id == item.client_id) {
                *slot = item.clone();
            }
        });
    }

    async fn send_one(item: &OutboxItem, items: &[OutboxItem], lang: crate::i18n::Lang) -> Answer {
        use gloo_net::http::Request;
        let request = match item.kind {
            OutboxKind::Visit => {
                Request::post("/api/v1/visits").header("Idempotency-Key", &item.client_id).json(&item.body)
            }
            OutboxKind::Assistance => {
                Request::post("/api/v1/assistance").header("Idempotency-Key", &item.client_id).json(&item.body)
            }
            OutboxKind::Photo => return send_photo(item, items, lang).await,
        };
        let Ok(request) = request else { return Answer::Failed(String::new()) };
        match call(request).await {
            Some((status, body)) => classify(status, &body, lang),
            None => Answer::Unreachable,
        }
    }

    /// The status and JSON body of one request; `None` when it did not get through.
    async fn call(request: gloo_net::http::Request) -> Option<(u16, Value)> {
        let response = request.send().await.ok()?;
        let status = response.status();
        Some((status, response.json().await.unwrap_or(Value::Null)))
    }

    /// A photo in 64 KB chunks through the resumable upload: the first request says how many
    /// bytes the server already has (from an earlier, broken send), so only the rest goes.
    async fn send_photo(item: &OutboxItem, items: &[OutboxItem], lang: crate::i18n::Lang) -> Answer {
        use crate::domain::photo_upload::{start_request, Step, Upload};
        use gloo_net::http::Request;
        let Some(fields) = photo_fields(items, item) else {
            return Answer::Failed(String::new());
        };
        let Some(blob) = store::blob_get(&item.client_id).await else {
            return Answer::Refused(
                lang.t("ไม่พบไฟล์รูปในเครื่องแล้ว ถ่ายใหม่อีกครั้ง", "The photo is no longer on this phone; take it again")
                    .to_string(),
            );
        };
        let size = blob.size() as i64;
        let Some(sha) = store::blob_sha256(&blob).await else { return Answer::Failed(String::new()) };
        let Some(start) = start_request(&fields, size, &sha) else {
            return Answer::Refused(
                lang.t("ข้อมูลของรูปไม่ครบ ถ่ายใหม่อีกครั้ง", "The photo's details are incomplete; take it again").to_string(),
            );
        };
        let mut upload = Upload::new(size);
        let mut step = Step::Ask;
        loop {
            let request = match step {
                Step::Ask => {
                    Request::post("/api/v1/photo_uploads").header("Idempotency-Key", &item.client_id).json(&start)
                }
                Step::Send { upload_id, start, end } => {
                    let Ok(chunk) = blob.slice_with_f64_and_f64(start as f64, end as f64) else {
                        return Answer::Failed(String::new());
                    };
                    Request::patch(&format!("/api/v1/photo_uploads/{upload_id}"))
                        .header("Upload-Offset", &start.to_string())
                        .header("Content-Type", "application/offset+octet-stream")
                        .body(chunk)
                }
                Step::Done(answer) => return answer,
            };
            let Ok(request) = request else { return Answer::Failed(String::new()) };
            let Some((status, body)) = call(request).await else { return Answer::Unreachable };
            step = upload.read(status, &body, lang);
        }
    }
}
