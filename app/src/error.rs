//! The one error type of server functions and the REST API. Users get a clear message in
//! their language; internals (SQL, IO) are logged on the server and never sent.
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// No valid session or token.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but the record is outside the user's scope or role.
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Input that cannot be used, with a message for the user in both languages.
    #[error("{en}")]
    Invalid { th: String, en: String },
    /// The record changed since the caller read it (a stale version): read it again.
    #[error("{en}")]
    Conflict { th: String, en: String },
    /// Something failed on the server; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(th: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Invalid { th: th.into(), en: en.into() }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// The stable machine-readable code of the REST API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::Conflict { .. } => "conflict",
            AppError::Internal => "internal",
            AppError::Transport(_) => "transport",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AppError::Unauthenticated, Lang::Th) => "กรุณาเข้าสู่ระบบก่อน".into(),
            (AppError::Unauthenticated, Lang::En) => "Please sign in first.".into(),
            (AppError::Forbidden, Lang::Th) => "ข้อมูลนี้อยู่นอกพื้นที่หรือสิทธิ์ของคุณ".into(),
            (AppError::Forbidden, Lang::En) => "This is outside your area or role.".into(),
            (AppError::NotFound, Lang::Th) => "ไม่พบข้อมูลที่ต้องการ".into(),
            (AppError::NotFound, Lang::En) => "Not found.".into(),
            (AppError::Invalid { th, .. }, Lang::Th) => th.clone(),
            (AppError::Invalid { en, .. }, Lang::En) => en.clone(),
            (AppError::Conflict { th, .. }, Lang::Th) => th.clone(),
            (AppError::Conflict { en, .. }, Lang::En) => en.clone(),
            (AppError::Internal, Lang::Th) => "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง หากยังไม่ได้ โปรดแจ้งผู้ดูแลระบบ".into(),
            (AppError::Internal, Lang::En) => {
                "Something went wrong on the server. Please try again, or tell the administrator.".into()
            }
            (AppError::Transport(_), Lang::Th) => "ติดต่อเซิร์ฟเวอร์ไม่ได้ ตรวจสอบสัญญาณอินเทอร์เน็ตแล้วลองใหม่".into(),
            (AppError::Transport(_), Lang::En) => {
                "Could not reach the server. Check the connection and try again.".into()
            }
        }
    }
}

impl FromServerFnError for AppError {
    /// Read from text like every answer (see `api::wire`).
    type Encoder = crate::api::wire::JsonTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that could not be read are the caller's mistake, not the server's.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::invalid("คำขอไม่ครบหรือรูปแบบไม่ถูกต้อง", "The request is incomplete or malformed.")
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::invalid("ผิด", "wrong").status(), 422);
        assert_eq!(AppError::Internal.code(), "internal");
    }

    #[test]
    fn messages_never_carry_internals() {
        assert!(!AppError::Internal.message(Lang::En).to_lowercase().contains("sql"));
        assert_eq!(AppError::invalid("ผิด", "wrong").message(Lang::Th), "ผิด");
        let json = serde_json::to_string(&AppError::Forbidden).expect("serialises");
        assert_eq!(json, r#"{"code":"forbidden"}"#);
    }
}
