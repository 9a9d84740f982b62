//! Users, their roles and scopes: creating them and loading the signed-in user.
use sqlx::FromRow;

use super::Db;
use crate::api::me::CurrentUser;
use crate::domain::access::{Role, Scope};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub scope: Scope,
}

#[derive(FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    scope_kind: String,
    agency_id: Option<i64>,
    agency_name_th: Option<String>,
    agency_name_en: Option<String>,
}

/// What sign-in needs to check a password.
#[derive(Debug, FromRow)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    #[sqlx(try_from = "super::flag::Flag")]
    pub active: bool,
}

fn check_username(username: &str) -> Result<(), AppError> {
    let ok = (3..=64).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "ชื่อผู้ใช้ต้องยาว 3–64 ตัว ใช้ได้เฉพาะ a–z 0–9 . _ -",
            "A username has 3–64 characters: a–z, 0–9, '.', '_' or '-'.",
        ))
    }
}

/// Creates a user with their scope in one transaction. Area codes must exist.
pub async fn create_user(db: &Db, user: &NewUser, now: &str) -> Result<i64, AppError> {
    check_username(&user.username)?;
    if user.display_name.trim().is_empty() {
        return Err(AppError::invalid("กรุณาระบุชื่อที่แสดง", "A display name is required."));
    }
    let mut tx = db.pool.begin().await?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
        .bind(&user.username)
        .fetch_one(&mut *tx)
        .await?;
    if taken > 0 {
        return Err(AppError::invalid(
            format!("มีผู้ใช้ชื่อ {} อยู่แล้ว", user.username),
            format!("The username {} is taken.", user.username),
        ));
    }
    let agency_id = match &user.scope {
        Scope::Agency(id) => {
            let found: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM agencies WHERE id = $1").bind(*id).fetch_one(&mut *tx).await?;
            if found == 0 {
                return Err(AppError::invalid("ไม่พบหน่วยงานนี้", "No such agency."));
            }
            Some(*id)
        }
        _ => None,
    };
    let table = match &user.scope {
        Scope::Province(_) => "provinces",
        Scope::Amphoe(_) => "amphoes",
        Scope::Tambon(_) => "tambons",
        Scope::Agency(_) => "agencies",
    };
    for code in user.scope.area_codes() {
        let found: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE code = $1"))
            .bind(code)
            .fetch_one(&mut *tx)
            .await?;
        if found == 0 {
            return Err(AppError::invalid(format!("ไม่พบรหัสพื้นที่ {code}"), format!("Unknown area code {code}.")));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, scope_kind, agency_id, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7) RETURNING id",
    )
    .bind(&user.username)
    .bind(user.display_name.trim())
    .bind(&user.password_hash)
    .bind(user.role.as_str())
    .bind(user.scope.kind())
    .bind(agency_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for code in user.scope.area_codes() {
        sqlx::query("INSERT INTO user_scope_areas (user_id, area_code) VALUES ($1, $2)")
            .bind(id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub async fn find_login(db: &Db, username: &str) -> Result<Option<LoginRow>, AppError> {
    Ok(sqlx::query_as::<_, LoginRow>("SELECT id, password_hash, active FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn user_id_by_username(db: &Db, username: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_optional(&db.pool).await?)
}

/// Loads an active user with their scope, or `None`.
pub async fn load_current_user(db: &Db, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    let row = sqlx::query_as::<_, UserRow>(
        "SELECT u.id, u.username, u.display_name, u.role, u.scope_kind, u.agency_id,
                a.name_th AS agency_name_th, a.name_en AS agency_name_en
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
         WHERE u.id = $1 AND u.active",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role = Role::parse(&row.role).ok_or_else(|| corrupt("role", &row.role))?;
    if row.scope_kind == "agency" {
        let id = row.agency_id.ok_or_else(|| corrupt("agency scope without agency", ""))?;
        return Ok(Some(CurrentUser {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            role,
            scope: Scope::Agency(id),
            scope_label_th: row.agency_name_th.unwrap_or_default(),
            scope_label_en: row.agency_name_en.unwrap_or_default(),
        }));
    }
    let areas: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT s.area_code,
                COALESCE(p.name_th, am.name_th, t.name_th, s.area_code),
                COALESCE(p.name_en, am.name_en, t.name_en, s.area_code)
         FROM user_scope_areas s
         LEFT JOIN provinces p ON p.code = s.area_code
         LEFT JOIN amphoes am ON am.code = s.area_code
         LEFT JOIN tambons t ON t.code = s.area_code
         WHERE s.user_id = $1 ORDER BY s.area_code",
    )
    .bind(row.id)
    .fetch_all(&db.pool)
    .await?;
    let codes = areas.iter().map(|a| a.0.clone()).collect();
    let scope = Scope::from_area_codes(&row.scope_kind, codes).map_err(|e| corrupt("scope", &e.to_string()))?;
    let (prefix_th, prefix_en) = match scope {
        Scope::Province(_) => ("จ.", "Province "),
        Scope::Amphoe(_) => ("อ.", "Amphoe "),
        _ => ("ต.", "Tambon "),
    };
    let label = |names: Vec<&String>, prefix: &str| {
        names.into_iter().map(|n| format!("{prefix}{n}")).collect::<Vec<_>>().join(", ")
    };
    Ok(Some(CurrentUser {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        role,
        scope_label_th: label(areas.iter().map(|a| &a.1).collect(), prefix_th),
        scope_label_en: label(areas.iter().map(|a| &a.2).collect(), prefix_en),
        scope,
    }))
}

fn corrupt(what: &str, value: &str) -> AppError {
    tracing::error!(what, value, "user record does not match the model");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_plain() {
        assert!(check_username("officer.3301").is_ok());
        assert!(check_username("ab").is_err());
        assert!(check_username("Somchai").is_err());
        assert!(check_username("สมชาย").is_err());
    }
}
