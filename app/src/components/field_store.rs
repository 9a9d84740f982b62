//! The browser's storage and media services for the field app (`app/js/field.js`): IndexedDB
//! for the outbox and the photos' bytes, photo shrinking, the offline page cache, the service
//! worker. Thin bindings; each returns a `Result` instead of a rejected promise.
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/field.js")]
extern "C" {
    #[wasm_bindgen(js_name = outboxAll)]
    fn outbox_all_js() -> js_sys::Promise;
    /// Runs the callback once the page is idle (at the latest after 2 s).
    #[wasm_bindgen(js_name = whenIdle)]
    pub fn when_idle(callback: &js_sys::Function);
    #[wasm_bindgen(js_name = outboxPut)]
    fn outbox_put_js(id: &str, json: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = outboxDelete)]
    fn outbox_delete_js(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = blobPut)]
    fn blob_put_js(id: &str, blob: &web_sys::Blob) -> js_sys::Promise;
    #[wasm_bindgen(js_name = blobGet)]
    fn blob_get_js(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = blobDelete)]
    fn blob_delete_js(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = blobSha256)]
    fn blob_sha256_js(blob: &web_sys::Blob) -> js_sys::Promise;
    #[wasm_bindgen(js_name = objectUrl)]
    pub fn object_url(blob: &web_sys::Blob) -> String;
    #[wasm_bindgen(js_name = newClientId)]
    pub fn new_client_id() -> String;
    #[wasm_bindgen(js_name = resizePhoto)]
    fn resize_photo_js(file: &web_sys::File, max_edge: u32, quality: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = warmPages)]
    fn warm_pages_js(urls: Vec<String>, fresh_ms: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = registerWorker)]
    fn register_worker_js() -> js_sys::Promise;
}

/// The long edge of an uploaded photo, in pixels.
pub const PHOTO_MAX_EDGE: u32 = 1600;
/// The JPEG quality of an uploaded photo.
pub const PHOTO_QUALITY: f64 = 0.8;

async fn wait(p: js_sys::Promise) -> Result<JsValue, ()> {
    JsFuture::from(p).await.map_err(|e| leptos::logging::warn!("field store: {e:?}"))
}

/// Every outbox item's JSON.
pub async fn outbox_all() -> Result<Vec<String>, ()> {
    let all = wait(outbox_all_js()).await?;
    Ok(js_sys::Array::from(&all).iter().filter_map(|v| v.as_string()).collect())
}

pub async fn outbox_put(id: &str, json: &str) -> Result<(), ()> {
    wait(outbox_put_js(id, json)).await.map(|_| ())
}

pub async fn outbox_delete(id: &str) -> Result<(), ()> {
    wait(outbox_delete_js(id)).await.map(|_| ())
}

pub async fn blob_put(id: &str, blob: &web_sys::Blob) -> Result<(), ()> {
    wait(blob_put_js(id, blob)).await.map(|_| ())
}

pub async fn blob_get(id: &str) -> Option<web_sys::Blob> {
    wait(blob_get_js(id)).await.ok().and_then(|v| v.dyn_into::<web_sys::Blob>().ok())
}

pub async fn blob_delete(id: &str) -> Result<(), ()> {
    wait(blob_delete_js(id)).await.map(|_| ())
}

/// The SHA-256 of the blob's bytes, in lower-case hex.
pub async fn blob_sha256(blob: &web_sys::Blob) -> Option<String> {
    wait(blob_sha256_js(blob)).await.ok().and_then(|v| v.as_string())
}

/// The photo as a JPEG with its long edge ≤ 1600 px (and no EXIF).
pub async fn resize_photo(file: &web_sys::File) -> Result<web_sys::Blob, ()> {
    let v = wait(resize_photo_js(file, PHOTO_MAX_EDGE, PHOTO_QUALITY)).await?;
    v.dyn_into::<web_sys::Blob>().map_err(|_| ())
}

/// Stores these pages for offline use (unless stored in the last hour); how many were stored.
pub async fn warm_pages(urls: Vec<String>) -> usize {
    wait(warm_pages_js(urls, 3_600_000.0)).await.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as usize
}

pub async fn register_worker() -> bool {
    wait(register_worker_js()).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}
