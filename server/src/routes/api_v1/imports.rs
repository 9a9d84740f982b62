//! `/api/v1/imports`: upload a household list (multipart) for a preview, commit or discard it,
//! read the history and the rejected rows; `/api/v1/merge-candidates` for uncertain matches.
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use app::api::imports::{ImportPreview, ImportSummary, MergeCandidateView};
use app::api::me::CurrentUser;
use app::domain::source::ListSource;
use app::error::AppError;
use app::ssr::import::template::MappingSpec;
use app::ssr::import::{merges, run};
use app::ssr::state::AppState;

use super::auth::ApiUser;

/// Imports and merges are the coordinators' job.
pub fn require_coordinator(user: &CurrentUser) -> Result<(), AppError> {
    if user.role.may_manage_imports() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn bad(th: &str, en: &str) -> AppError {
    AppError::invalid(th, en)
}

/// Reads the upload form: `file` (required), `source`, `year`, `mapping` (JSON).
pub async fn read_upload(mut form: Multipart, user_id: i64) -> Result<run::NewImport, AppError> {
    let (mut file, mut source, mut year, mut mapping) = (None, ListSource::Tpmap, None, None);
    while let Some(field) =
        form.next_field().await.map_err(|_| bad("อ่านไฟล์ที่ส่งมาไม่ได้", "The upload could not be read"))?
    {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|_| bad("อ่านไฟล์ที่ส่งมาไม่ได้", "The upload could not be read"))?;
                file = Some((file_name, bytes.to_vec()));
            }
            "source" => {
                let text = field.text().await.unwrap_or_default();
                source = ListSource::parse(text.trim()).ok_or_else(|| {
                    bad("แหล่งข้อมูลต้องเป็น tpmap, thaiqm หรือ local", "The source must be tpmap, thaiqm or local")
                })?;
            }
            "year" => {
                let text = field.text().await.unwrap_or_default();
                let text = text.trim();
                if !text.is_empty() {
                    year = Some(text.parse::<i64>().ok().filter(|y| (2500..=2700).contains(y)).ok_or_else(|| {
                        bad("ปีของบัญชีต้องเป็นปี พ.ศ. เช่น 2566", "The list's year must be a Buddhist Era year such as 2566")
                    })?);
                }
            }
            "mapping" => {
                let text = field.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    let spec: MappingSpec = serde_json::from_str(&text)
                        .map_err(|_| bad("การจับคู่คอลัมน์ไม่ใช่ JSON ที่ถูกต้อง", "The column mapping is not valid JSON"))?;
                    mapping = Some(spec);
                }
            }
            _ => {}
        }
    }
    let (file_name, bytes) = file.ok_or_else(|| bad("กรุณาเลือกไฟล์", "Choose a file to upload"))?;
    if bytes.is_empty() {
        return Err(bad("ไฟล์ว่างเปล่า", "The file is empty"));
    }
    Ok(run::NewImport { file_name, bytes, source, source_year: year, mapping, user_id: Some(user_id) })
}

pub async fn upload(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    form: Multipart,
) -> Result<Json<ImportPreview>, AppError> {
    require_coordinator(&user)?;
    let request = read_upload(form, user.id).await?;
    Ok(Json(run::preview(&state.db, &state.settings.data_dir, request).await?))
}

pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ImportPreview>, AppError> {
    require_coordinator(&user)?;
    Ok(Json(run::stored_preview(&state.db, id).await?))
}

pub async fn commit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ImportPreview>, AppError> {
    require_coordinator(&user)?;
    let done = run::commit(&state.db, id, Some(user.id)).await?;
    state.lists.data_changed();
    Ok(Json(done))
}

pub async fn discard(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<ImportPreview>, AppError> {
    require_coordinator(&user)?;
    run::discard(&state.db, id).await?;
    Ok(Json(run::stored_preview(&state.db, id).await?))
}

pub async fn history(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<ImportSummary>>, AppError> {
    require_coordinator(&user)?;
    Ok(Json(run::history(&state.db, 100).await?))
}

pub async fn rejected(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    require_coordinator(&user)?;
    let csv = run::rejected_rows(&state.db, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"import-{id}-rejected.csv\"")),
        ],
        csv,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CandidateQuery {
    #[serde(default)]
    all: bool,
}

pub async fn candidates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(q): Query<CandidateQuery>,
) -> Result<Json<Vec<MergeCandidateView>>, AppError> {
    require_coordinator(&user)?;
    Ok(Json(merges::list(&state.db, !q.all).await?))
}

pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((id, decision)): Path<(i64, String)>,
) -> Result<Json<serde_json::Value>, AppError> {
    require_coordinator(&user)?;
    let confirm = match decision.as_str() {
        "confirm" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    let household = merges::decide(&state.db, id, confirm, Some(user.id)).await?;
    state.lists.data_changed();
    Ok(Json(serde_json::json!({ "household_id": household, "status": if confirm { "confirmed" } else { "rejected" } })))
}
