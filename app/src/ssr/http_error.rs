//! `AppError` as an HTTP answer for the REST API: a status and a JSON body in both
//! languages (`{"error": {"code", "message", "message_th"}}`).
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::AppError;
use crate::i18n::Lang;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({
            "error": {
                "code": self.code(),
                "message": self.message(Lang::En),
                "message_th": self.message(Lang::Th),
            }
        });
        let mut response = (status, Json(body)).into_response();
        if matches!(self, AppError::Unauthenticated) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"hakpaeng\""));
        }
        response
    }
}
