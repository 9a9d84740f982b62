//! Sending a plan change to the REST API from the browser: the answer's JSON, or the reason
//! it was refused in the user's language (a conflict says someone else changed the plan).
use serde_json::Value;

use crate::i18n::Lang;

/// `method url` with `body` as JSON; `Ok` with the answer for a 2xx status.
#[cfg(feature = "hydrate")]
pub async fn send(method: &str, url: &str, body: Option<&Value>, lang: Lang) -> Result<Value, String> {
    use gloo_net::http::Request;
    let offline = || {
        lang.t("ส่งไม่สำเร็จ: ไม่มีสัญญาณหรือเซิร์ฟเวอร์ไม่ตอบ ลองอีกครั้ง", "Not sent: no connection or no answer; try again")
            .to_string()
    };
    let builder = match method {
        "POST" => Request::post(url),
        "PUT" => Request::put(url),
        "DELETE" => Request::delete(url),
        _ => Request::get(url),
    };
    let response = match body {
        Some(b) => builder.json(b).map_err(|_| offline())?.send().await,
        None => builder.send().await,
    }
    .map_err(|_| offline())?;
    let status = response.status();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(answer)
    } else {
        Err(crate::components::board_send::error_message(&answer, lang)
            .unwrap_or_else(|| lang.t("บันทึกไม่สำเร็จ", "Not saved").to_string()))
    }
}

/// The answer read as `T`, or a message.
pub fn read<T: serde::de::DeserializeOwned>(answer: Value, lang: Lang) -> Result<T, String> {
    serde_json::from_value(answer)
        .map_err(|_| lang.t("อ่านคำตอบของเซิร์ฟเวอร์ไม่ได้", "Cannot read the server's answer").to_string())
}
