//! Sending a board move to the REST API from the browser and reading the answer: done, stale
//! (with the record as it now stands) or refused (with the reason in the user's language).
use leptos::prelude::*;
use serde_json::Value;

use crate::components::board_kit::Notice;
use crate::domain::board_moves::{Board, BoardCard, MoveRequest};
use crate::i18n::Lang;

/// How the server answered a move.
#[derive(Debug, Clone, PartialEq)]
pub enum MoveAnswer {
    /// Made: the record as it now stands.
    Done(Value),
    /// Someone moved it first: the record as it now stands, and the message.
    Stale { current: Value, message: String },
    /// Not allowed, or not sent: why.
    Refused(String),
}

/// The message of an error body in `lang`, with a stage rule's reasons appended.
pub fn error_message(body: &Value, lang: Lang) -> Option<String> {
    let key = match lang {
        Lang::Th => "message_th",
        Lang::En => "message",
    };
    let message = body["error"][key].as_str()?.to_string();
    let reasons_key = match lang {
        Lang::Th => "reasons_th",
        Lang::En => "reasons",
    };
    let reasons: Vec<&str> =
        body[reasons_key].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    Some(if reasons.is_empty() || reasons.iter().any(|r| message.contains(r)) {
        message
    } else {
        format!("{message}: {}", reasons.join("; "))
    })
}

/// `PUT url` with `body` as JSON.
#[cfg(feature = "hydrate")]
pub async fn put(url: &str, body: &Value, lang: Lang) -> MoveAnswer {
    let offline = || {
        MoveAnswer::Refused(
            lang.t(
                "ส่งไม่สำเร็จ: ไม่มีสัญญาณหรือเซิร์ฟเวอร์ไม่ตอบ การ์ดกลับที่เดิม ลองอีกครั้ง",
                "Not sent: no connection or no answer. The card went back; try again.",
            )
            .to_string(),
        )
    };
    let Ok(request) = gloo_net::http::Request::put(url).json(body) else { return offline() };
    let Ok(response) = request.send().await else { return offline() };
    let status = response.status();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    match status {
        200 => MoveAnswer::Done(answer),
        409 => MoveAnswer::Stale {
            message: error_message(&answer, lang).unwrap_or_default(),
            current: answer["current"].clone(),
        },
        _ => MoveAnswer::Refused(
            error_message(&answer, lang).unwrap_or_else(|| lang.t("ย้ายไม่สำเร็จ", "The move failed").to_string()),
        ),
    }
}

/// Sends a board move (`PUT url` with `body`) and settles the card by the answer: confirmed at
/// its new version with `done` said, put where the record says it stands (`stands` reads the
/// column from it) with the conflict message, or sent back with the reason.
#[allow(clippy::too_many_arguments)]
pub fn settle_move<K, C>(
    board: RwSignal<Board<K, C>>,
    notice: RwSignal<Option<Notice>>,
    lang: Lang,
    url: String,
    body: Value,
    request: MoveRequest<K>,
    stands: impl Fn(&Value) -> Option<K> + 'static,
    done: String,
) where
    K: Clone + PartialEq + Send + Sync + 'static,
    C: BoardCard + Send + Sync + 'static,
{
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(async move {
        let id = request.id;
        match put(&url, &body, lang).await {
            MoveAnswer::Done(now) => {
                board.update(|b| b.confirm(id, now["version"].as_i64().unwrap_or(request.version + 1)));
                notice.set(Some(Notice::Done(done)));
            }
            MoveAnswer::Stale { current, message } => {
                let to = stands(&current);
                let version = current["version"].as_i64().unwrap_or(request.version + 1);
                board.update(|b| b.settle(id, to.as_ref(), version));
                notice.set(Some(Notice::Conflict(message)));
            }
            MoveAnswer::Refused(message) => {
                board.update(|b| b.revert(id));
                notice.set(Some(Notice::Refused(message)));
            }
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (board, notice, lang, url, body, request, stands, done);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_come_in_the_users_language_with_the_rules_reasons() {
        let body = json!({
            "error": { "code": "stage_rule", "message": "Not allowed", "message_th": "ย้ายไม่ได้" },
            "reasons": ["2 survival problems still open: L1, A2"],
            "reasons_th": ["ยังมีปัญหาระดับอยู่รอดค้าง 2 ข้อ: L1, A2"],
        });
        assert_eq!(error_message(&body, Lang::Th).as_deref(), Some("ย้ายไม่ได้: ยังมีปัญหาระดับอยู่รอดค้าง 2 ข้อ: L1, A2"));
        assert_eq!(
            error_message(&body, Lang::En).as_deref(),
            Some("Not allowed: 2 survival problems still open: L1, A2")
        );
        let plain = json!({ "error": { "message": "Forbidden", "message_th": "ไม่มีสิทธิ์" } });
        assert_eq!(error_message(&plain, Lang::Th).as_deref(), Some("ไม่มีสิทธิ์"));
        assert_eq!(error_message(&Value::Null, Lang::Th), None);
    }
}
