//! `GET /api/v1/exports/households.xlsx` and `.csv`: the household list's filters as query
//! parameters, the caller's scope, full citizen ids only for roles that may see them; audited.
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use app::api::me::CurrentUser;
use app::domain::household_filter::HouseholdFilter;
use app::error::AppError;
use app::ssr::db::audit::{self, AuditAction, AuditEvent};
use app::ssr::db::{now_iso, today_iso};
use app::ssr::exporting::{csv_stream, write_xlsx};
use app::ssr::state::AppState;

use super::auth::ApiUser;

fn filter_of(query: Option<String>) -> Result<HouseholdFilter, AppError> {
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let (filter, errors) = HouseholdFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !errors.is_empty() {
        let th: Vec<String> = errors.iter().map(|e| e.message(app::i18n::Lang::Th)).collect();
        let en: Vec<String> = errors.iter().map(|e| e.message(app::i18n::Lang::En)).collect();
        return Err(AppError::invalid(th.join("; "), en.join("; ")));
    }
    Ok(filter)
}

async fn audit_export(
    state: &AppState,
    user: &CurrentUser,
    format: &str,
    filter: &HouseholdFilter,
    full_ids: bool,
) -> Result<(), AppError> {
    let detail = format!("{format}{}{}", filter.to_query_string(), if full_ids { " (full citizen ids)" } else { "" });
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::Export,
        entity: Some("households"),
        entity_id: None,
        detail: Some(detail),
    };
    audit::record(&state.db, event, &now_iso()).await
}

fn attachment(name: &str) -> String {
    format!("attachment; filename=\"{name}\"")
}

pub async fn xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let filter = filter_of(query)?;
    let full_ids = user.role.may_reveal_citizen_ids();
    audit_export(&state, &user, "xlsx", &filter, full_ids).await?;
    let file = tempfile::Builder::new()
        .prefix("hakpaeng-export-")
        .suffix(".xlsx")
        .tempfile()
        .map_err(|e| app::ssr::error::internal("creating an export file", e))?;
    write_xlsx(&state.db, &user.scope, &filter, full_ids, file.path()).await?;
    let reader =
        tokio::fs::File::open(file.path()).await.map_err(|e| app::ssr::error::internal("opening an export", e))?;
    let length = reader.metadata().await.map(|m| m.len()).unwrap_or(0);
    // The temporary file lives as long as its stream, then is removed.
    let stream = futures::stream::unfold((reader, file), |(mut reader, file)| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 64 * 1024];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), (reader, file)))
            }
            Err(e) => Some((Err(e), (reader, file))),
        }
    })
    // Compression may poll again after the end.
    .fuse();
    let name = format!("hakpaeng-households-{}.xlsx", today_iso());
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, attachment(&name)),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

pub async fn csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let filter = filter_of(query)?;
    let full_ids = user.role.may_reveal_citizen_ids();
    audit_export(&state, &user, "csv", &filter, full_ids).await?;
    let stream = csv_stream(state.db.clone(), user.scope.clone(), filter, full_ids);
    let name = format!("hakpaeng-households-{}.csv", today_iso());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, attachment(&name)),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
