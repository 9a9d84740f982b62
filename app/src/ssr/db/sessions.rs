//! Browser sessions and API tokens, stored as hashes of the secrets clients hold.
use super::Db;
use crate::error::AppError;
use crate::ssr::auth::secret::{hash_secret, new_api_token, new_secret};

/// Starts a session and returns the secret for the cookie.
pub async fn create_session(
    db: &Db,
    user_id: i64,
    now: &str,
    expires_at: &str,
    user_agent: Option<&str>,
) -> Result<String, AppError> {
    let secret = new_secret();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_secret(&secret))
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(user_agent.map(|s| s.chars().take(200).collect::<String>()))
    .execute(&db.pool)
    .await?;
    Ok(secret)
}

/// The user of an unexpired session.
pub async fn session_user(db: &Db, secret_hash: &str, now: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(secret_hash)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn delete_session(db: &Db, secret_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(secret_hash).execute(&db.pool).await?;
    Ok(())
}

/// Removes expired sessions; returns how many.
pub async fn purge_expired_sessions(db: &Db, now: &str) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&db.pool).await?.rows_affected())
}

/// Creates an API token for the user and returns it (shown once; only its hash is kept).
pub async fn create_api_token(db: &Db, user_id: i64, name: &str, now: &str) -> Result<String, AppError> {
    let token = new_api_token();
    sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(name)
        .bind(hash_secret(&token))
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(token)
}

/// The user of a token that has not been revoked.
pub async fn token_user(db: &Db, token_hash: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await?)
}
