//! Argon2id password hashes (PHC strings), computed off the async runtime.
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::AppError;
use crate::ssr::error::internal;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

pub fn check_password_rules(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            format!("รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_CHARS} ตัวอักษร"),
            format!("A password needs at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    Ok(())
}

/// Argon2id with the crate's default (OWASP) parameters.
pub fn hash_password_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub fn verify_password_blocking(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|e| internal("password hashing task failed", e))?
        .map_err(|e| internal("password hashing failed", e))
}

pub async fn verify_password(password: String, phc: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_password_blocking(&password, &phc))
        .await
        .map_err(|e| internal("password verification task failed", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let phc = hash_password_blocking("ฮักแพงแบ่งปัน").expect("hashes");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password_blocking("ฮักแพงแบ่งปัน", &phc));
        assert!(!verify_password_blocking("ฮักแพง", &phc));
        assert!(!verify_password_blocking("x", "not a phc string"));
        assert_ne!(phc, hash_password_blocking("ฮักแพงแบ่งปัน").expect("hashes"));
    }

    #[test]
    fn short_passwords_are_refused_in_both_languages() {
        assert!(check_password_rules("1234567").is_err());
        assert!(check_password_rules("12345678").is_ok());
    }
}
