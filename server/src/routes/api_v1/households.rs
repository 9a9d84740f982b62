//! `GET /api/v1/households` and `GET /api/v1/households/{id}`.
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::api::case_file::CaseFile;
use app::domain::household_filter::HouseholdFilter;
use app::error::AppError;
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::{case_file, now_iso};
use app::ssr::households::household_page;
use app::ssr::state::AppState;

use super::auth::ApiUser;

/// The list's filters as query parameters; an invalid value is refused with 422 naming it
/// (the browser pages drop it and say so instead).
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded_pairs(&query);
    let (filter, errors) = HouseholdFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(first) = errors.first() {
        let all_th: Vec<String> = errors.iter().map(|e| e.message(app::i18n::Lang::Th)).collect();
        let all_en: Vec<String> = errors.iter().map(|e| e.message(app::i18n::Lang::En)).collect();
        tracing::debug!(param = %first.param, "refused household filter");
        return Err(AppError::invalid(all_th.join("; "), all_en.join("; ")));
    }
    let page = household_page(&state, &user.scope, &filter).await?;
    let body = serde_json::to_vec(&*page).map_err(|e| app::ssr::error::internal("serialising a household page", e))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Decodes `a=1&b=x%20y` (`+` is a space).
fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

pub async fn one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CaseFile>, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let file = case_file::case_file(&state.db, &user.scope, id).await?;
    audit::record(
        &state.db,
        AuditEvent {
            user_id: Some(user.id),
            action: AuditAction::ViewHousehold,
            entity: Some("household"),
            entity_id: Some(id.to_string()),
            detail: Some("api".to_string()),
        },
        &now_iso(),
    )
    .await?;
    Ok(Json(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query_strings() {
        assert_eq!(
            form_urlencoded_pairs("amphoe=3301&q=%E0%B8%AA+x&page="),
            vec![
                ("amphoe".to_string(), "3301".to_string()),
                ("q".to_string(), "ส x".to_string()),
                ("page".to_string(), String::new())
            ]
        );
    }
}
