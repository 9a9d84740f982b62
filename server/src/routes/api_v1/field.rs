//! `POST /api/v1/visits`, `POST /api/v1/assistance`, `POST /api/v1/photos` and
//! `GET /api/v1/photos/{id}`: the field app's records. Each POST takes an `Idempotency-Key`
//! (the phone's id for the record): 201 when stored, 200 with the same record when it was
//! already, 422 when the key was used for another record.
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use app::api::field::{NewAssistance, NewVisit};
use app::domain::field::{MediaConsent, PhotoKind};
use app::error::AppError;
use app::ssr::field::assistance::{record_assistance, Recorded};
use app::ssr::field::idempotency::client_key;
use app::ssr::field::photos::{photo_bytes, store_photo, NewPhoto};
use app::ssr::field::visits::record_visit;
use app::ssr::state::AppState;

use super::auth::ApiUser;
use super::json_body::JsonBody;

fn key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    client_key(headers.get("idempotency-key").and_then(|v| v.to_str().ok()))
}

/// 201 for a new record, 200 (marked replayed) for one stored before.
pub(super) fn stored<T: Serialize>(record: T, created: bool) -> Response {
    if created {
        (StatusCode::CREATED, Json(record)).into_response()
    } else {
        let mut r = (StatusCode::OK, Json(record)).into_response();
        r.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
        r
    }
}

pub async fn post_visit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    JsonBody(visit): JsonBody<NewVisit>,
) -> Result<Response, AppError> {
    let key = key(&headers)?;
    let (visit, created) = record_visit(&state.db, &user, key.as_deref(), &visit).await?;
    Ok(stored(visit, created))
}

pub async fn post_assistance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    JsonBody(assistance): JsonBody<NewAssistance>,
) -> Result<Response, AppError> {
    let key = key(&headers)?;
    match record_assistance(&state.db, &state.boards, &user, key.as_deref(), &assistance).await? {
        Recorded::Stored(record, created) => {
            if created {
                state.lists.data_changed();
            }
            Ok(stored(*record, created))
        }
        Recorded::Conflict(conflicts) => Ok(conflict(conflicts)),
    }
}

/// 409 with the fields that changed on the server since the officer's copy, both values each.
fn conflict(conflicts: Vec<app::domain::field_conflict::FieldConflict>) -> Response {
    let error = AppError::Conflict {
        th: "ข้อมูลถูกเปลี่ยนบนเซิร์ฟเวอร์หลังจากที่คุณบันทึก เลือกว่าจะใช้ค่าใด".into(),
        en: "This changed on the server after you recorded it; choose which value to keep".into(),
    };
    let mut body = serde_json::json!({
        "error": {
            "code": error.code(),
            "message": error.message(app::i18n::Lang::En),
            "message_th": error.message(app::i18n::Lang::Th),
        }
    });
    body["conflicts"] = serde_json::to_value(&conflicts).unwrap_or_default();
    (StatusCode::CONFLICT, Json(body)).into_response()
}

fn bad(th: &str, en: &str) -> AppError {
    AppError::invalid(th, en)
}

fn number(text: &str, th: &str, en: &str) -> Result<Option<i64>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| bad(th, en))
}

/// Reads the multipart form: `file`, `household_id`, `kind`, `consent`, and optionally
/// `assistance_id`, `visit_id`, `consent_form_id`.
async fn read_photo(mut form: Multipart) -> Result<NewPhoto, AppError> {
    let unreadable = || bad("อ่านไฟล์ที่ส่งมาไม่ได้", "The upload could not be read");
    let mut photo = NewPhoto {
        household_id: 0,
        assistance_id: None,
        visit_id: None,
        kind: PhotoKind::Other,
        consent: MediaConsent::None,
        consent_form_id: None,
        bytes: Vec::new(),
    };
    let mut household = None;
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            photo.bytes = field.bytes().await.map_err(|_| unreadable())?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(|_| unreadable())?;
        match name.as_str() {
            "household_id" => household = number(&text, "รหัสครัวเรือนต้องเป็นตัวเลข", "household_id must be a number")?,
            "assistance_id" => {
                photo.assistance_id = number(&text, "assistance_id ต้องเป็นตัวเลข", "assistance_id must be a number")?
            }
            "visit_id" => photo.visit_id = number(&text, "visit_id ต้องเป็นตัวเลข", "visit_id must be a number")?,
            "consent_form_id" => {
                photo.consent_form_id =
                    number(&text, "consent_form_id ต้องเป็นตัวเลข", "consent_form_id must be a number")?
            }
            "kind" => {
                photo.kind = PhotoKind::parse(text.trim()).ok_or_else(|| {
                    bad(
                        "ชนิดภาพต้องเป็น before, after, consent_form หรือ other",
                        "kind must be before, after, consent_form or other",
                    )
                })?
            }
            "consent" => {
                photo.consent = MediaConsent::parse(text.trim()).ok_or_else(|| {
                    bad("ระดับความยินยอมต้องเป็น none, internal หรือ public", "consent must be none, internal or public")
                })?
            }
            _ => {}
        }
    }
    photo.household_id = household.ok_or_else(|| bad("ระบุครัวเรือนของภาพ", "household_id is required"))?;
    if photo.bytes.is_empty() {
        return Err(bad("กรุณาเลือกภาพ", "Choose a photo to upload"));
    }
    Ok(photo)
}

pub async fn post_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, AppError> {
    let key = key(&headers)?;
    let photo = read_photo(form).await?;
    let (stored_photo, created) = store_photo(&state.db, &state.photos, &user, key.as_deref(), &photo).await?;
    Ok(stored(stored_photo, created))
}

pub async fn get_photo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (content_type, bytes) = photo_bytes(&state.db, &state.photos, &user, id).await?;
    let mut r = bytes.into_response();
    let headers = r.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).map_err(|_| AppError::Internal)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
    Ok(r)
}
