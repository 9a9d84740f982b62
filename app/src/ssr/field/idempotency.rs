//! Exactly-once records: a record sent with a client id (`Idempotency-Key`) is stored once per
//! user; the same id again returns the stored record, the same id with another body is refused.
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::field::valid_client_id;
use crate::error::AppError;

/// The fingerprint of a request body: SHA-256 of its JSON.
pub fn request_hash<T: Serialize>(body: &T) -> String {
    let json = serde_json::to_vec(body).unwrap_or_default();
    hex(&Sha256::digest(&json))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Idempotency-Key` header, checked.
pub fn client_key(header: Option<&str>) -> Result<Option<String>, AppError> {
    match header.map(str::trim) {
        None | Some("") => Ok(None),
        Some(k) if valid_client_id(k) => Ok(Some(k.to_string())),
        Some(_) => Err(AppError::invalid(
            "Idempotency-Key ต้องยาว 8–100 ตัวอักษร ใช้ได้เฉพาะ A–Z a–z 0–9 - _ . :",
            "Idempotency-Key must be 8–100 characters of A–Z a–z 0–9 - _ . :",
        )),
    }
}

/// The refusal of a key already used for another record.
pub fn reused_key() -> AppError {
    AppError::invalid(
        "รหัสรายการ (Idempotency-Key) นี้ถูกใช้กับข้อมูลอื่นแล้ว ข้อมูลที่ส่งมาใหม่ไม่ได้บันทึก",
        "This Idempotency-Key was used for a different record; nothing was saved",
    )
}

/// Whether an insert failed on a unique constraint (another send of the same record won).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// What a stored record with the same key says of this request.
pub fn compare(stored_hash: &str, hash: &str) -> Result<(), AppError> {
    if stored_hash == hash {
        Ok(())
    } else {
        Err(reused_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_bodies_are_checked() {
        assert_eq!(client_key(None).expect("none"), None);
        assert_eq!(client_key(Some(" 0b6f3c7e-2f4a ")).expect("ok").as_deref(), Some("0b6f3c7e-2f4a"));
        assert!(client_key(Some("bad key!")).is_err());
        let a = request_hash(&serde_json::json!({"a": 1}));
        assert_eq!(a, request_hash(&serde_json::json!({"a": 1})));
        assert_ne!(a, request_hash(&serde_json::json!({"a": 2})));
        assert!(compare(&a, &a).is_ok());
        assert!(compare(&a, "other").is_err());
    }
}
