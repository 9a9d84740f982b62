//! Resumable photo uploads (a small tus-like protocol) for phones on a patchy signal:
//! `POST /api/v1/photo_uploads` (JSON: the photo's fields, `size`, `sha256`; `Idempotency-Key`
//! = the photo's client id) starts one or says where it stands; `PATCH /api/v1/photo_uploads/{id}`
//! with `Upload-Offset` and a raw chunk adds bytes (409 with the real offset when it does not
//! match); `GET`/`HEAD` tell the offset. The last chunk answers with the stored photo, the same
//! JSON as `POST /api/v1/photos`.
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::domain::photo_upload::{UploadProgress, UploadStart};
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::field::idempotency::client_key;
use app::ssr::field::photo_uploads::{append_chunk, start_upload, upload_progress, Outcome};
use app::ssr::state::AppState;

use super::auth::ApiUser;
use super::field::stored;
use super::json_body::JsonBody;

fn with_offset(mut r: Response, p: &UploadProgress) -> Response {
    let h = r.headers_mut();
    h.insert("upload-offset", HeaderValue::from(p.offset));
    h.insert("upload-length", HeaderValue::from(p.size));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    r
}

fn answer(outcome: Outcome, created: bool) -> Response {
    match outcome {
        Outcome::Stored(photo, created) => stored(*photo, created),
        Outcome::Progress(p) => {
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            with_offset((status, Json(&p)).into_response(), &p)
        }
        Outcome::Mismatch(p) => {
            let error = AppError::Conflict {
                th: format!("เซิร์ฟเวอร์ได้รับภาพนี้แล้ว {} ไบต์ ส่งต่อจากตรงนั้น", p.offset),
                en: format!("The server has {} bytes of this photo; continue from there", p.offset),
            };
            let mut body = serde_json::to_value(&p).unwrap_or_default();
            body["error"] = serde_json::json!({
                "code": error.code(),
                "message": error.message(Lang::En),
                "message_th": error.message(Lang::Th),
            });
            with_offset((StatusCode::CONFLICT, Json(body)).into_response(), &p)
        }
    }
}

pub async fn start(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    JsonBody(start): JsonBody<UploadStart>,
) -> Result<Response, AppError> {
    let key = client_key(headers.get("idempotency-key").and_then(|v| v.to_str().ok()))?.ok_or_else(|| {
        AppError::invalid(
            "ต้องส่ง Idempotency-Key (รหัสของรูปในเครื่อง) เพื่อส่งต่อได้เมื่อสัญญาณขาด",
            "An Idempotency-Key (the photo's client id) is required, so a broken upload can resume",
        )
    })?;
    let (outcome, created) = start_upload(&state.db, &state.photos, &user, &key, &start).await?;
    Ok(answer(outcome, created))
}

pub async fn progress(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = upload_progress(&state.db, &user, id).await?;
    Ok(with_offset(Json(&p).into_response(), &p))
}

pub async fn append(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let offset = headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|o| *o >= 0)
        .ok_or_else(|| {
            AppError::invalid(
                "ต้องส่งหัวข้อ Upload-Offset (ตำแหน่งเริ่มของส่วนนี้ เป็นไบต์)",
                "The Upload-Offset header (where this chunk starts, in bytes) is required",
            )
        })?;
    let outcome = append_chunk(&state.db, &state.photos, &user, id, offset, &body).await?;
    Ok(answer(outcome, false))
}
