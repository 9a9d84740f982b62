//! Browser only: sends the upload form with XMLHttpRequest (fetch reports no upload progress)
//! to the form's own address, reporting the bytes sent and where to go next (the preview, or
//! the column-mapping page) or the error.
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

use crate::error::AppError;

/// The upload route's answer to the script: the page to go to.
#[derive(Deserialize)]
struct Next {
    location: String,
}

/// The REST API's error body: `{"error": {"code", "message", "message_th"}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
    message_th: String,
}

impl ErrorDetail {
    /// Back to the error it was made from, so a lost sign-in still offers the sign-in link.
    fn into_error(self) -> AppError {
        match self.code.as_str() {
            "unauthenticated" => AppError::Unauthenticated,
            "forbidden" => AppError::Forbidden,
            _ => AppError::invalid(self.message_th, self.message),
        }
    }
}

/// What the finished request means: the page to go to, or the error to show.
fn outcome(xhr: &XmlHttpRequest) -> Result<String, AppError> {
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(AppError::Transport("upload did not reach the server".into())),
        200..=299 => serde_json::from_str::<Next>(&body)
            .map(|n| n.location)
            .ok()
            .filter(|l| l.starts_with('/') && !l.starts_with("//"))
            .ok_or_else(|| AppError::Transport("unreadable answer".into())),
        413 => Err(AppError::invalid(
            "ไฟล์ใหญ่เกินกว่าที่ระบบรับได้ กรุณาแบ่งเป็นหลายไฟล์",
            "The file is larger than the server accepts. Split it into several files.",
        )),
        _ => match serde_json::from_str::<ErrorBody>(&body) {
            Ok(b) => Err(b.error.into_error()),
            Err(_) => Err(AppError::Internal),
        },
    }
}

/// Starts sending `form` to its action. `on_progress(loaded, total)` follows the upload;
/// `on_done` gets the page to go to or the error. An `Err` means the request could not start.
pub fn send(
    form: &HtmlFormElement,
    on_progress: impl Fn(f64, f64) + 'static,
    on_done: impl FnOnce(Result<String, AppError>) + 'static,
) -> Result<(), JsValue> {
    let data = FormData::new_with_form(form)?;
    let xhr = XmlHttpRequest::new()?;
    xhr.open("POST", &form.action())?;
    xhr.set_request_header("Accept", "application/json")?;
    xhr.set_request_header("X-Requested-With", "XMLHttpRequest")?;
    let upload = xhr.upload()?;
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            on_progress(e.loaded(), e.total());
        }
    });
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let request = xhr.clone();
    // Runs once, when the request ends in any way; then frees both callbacks.
    let done = Closure::once_into_js(move |_: web_sys::Event| {
        upload.set_onprogress(None);
        drop(progress);
        on_done(outcome(&request));
    });
    xhr.set_onloadend(Some(done.unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&data))
}
