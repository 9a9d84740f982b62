//! A JSON request body whose mistakes are answered like every other API error: 422 with a
//! message in Thai and English (axum's own rejection is English plain text).
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::Json;
use serde::de::DeserializeOwned;

use app::error::AppError;

pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(refusal(&rejection)),
        }
    }
}

fn refusal(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::invalid(
            "ต้องส่งข้อมูลเป็น JSON (Content-Type: application/json)",
            "Send the body as JSON (Content-Type: application/json)",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            AppError::invalid("ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง", "The body is not valid JSON")
        }
        other => AppError::invalid(
            format!("ข้อมูลที่ส่งมาไม่ครบหรือผิดรูปแบบ: {}", other.body_text()),
            format!("The body is incomplete or of the wrong shape: {}", other.body_text()),
        ),
    }
}
