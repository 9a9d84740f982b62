//! The field app's records on the server: visits, assistance and evidence photos, each written
//! once per client id (idempotent), inside the officer's scope.
pub mod assistance;
pub mod idempotency;
pub mod my_work;
pub mod photo_uploads;
pub mod photos;
pub mod quick_view;
pub mod storage;
pub mod visits;

use crate::api::me::CurrentUser;
use crate::domain::access::Role;
use crate::error::AppError;

/// Executives read; everyone else who works with households records.
pub fn may_record(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Executive {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// A position inside Thailand, or a clear refusal (the schema's bounds).
pub fn check_position(lat: Option<f64>, lon: Option<f64>) -> Result<(), AppError> {
    match (lat, lon) {
        (None, None) => Ok(()),
        (Some(lat), Some(lon)) if (5.5..=20.5).contains(&lat) && (97.3..=105.7).contains(&lon) => Ok(()),
        (Some(_), Some(_)) => Err(AppError::invalid(
            "พิกัดอยู่นอกประเทศไทย ตรวจสอบตำแหน่ง GPS แล้วแก้ไข",
            "The position is outside Thailand; check the GPS position",
        )),
        _ => Err(AppError::invalid("ต้องระบุทั้งละติจูดและลองจิจูด", "Give both latitude and longitude")),
    }
}

/// Text no longer than `max` characters, trimmed; empty is `None`.
pub fn short_text(text: Option<&str>, max: usize, field_th: &str, field_en: &str) -> Result<Option<String>, AppError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if t.chars().count() > max {
        return Err(AppError::invalid(
            format!("{field_th}ยาวเกิน {max} ตัวอักษร"),
            format!("{field_en} is longer than {max} characters"),
        ));
    }
    Ok(Some(t.to_string()))
}
