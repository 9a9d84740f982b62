//! Imports as the pages see them: the preview of a file, the history, and the uncertain
//! matches waiting for a coordinator.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::template_field::Field;
use crate::error::AppError;
use crate::i18n::Lang;

/// A problem with one cell (or row) of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowIssue {
    /// 1-based line of the file (spreadsheet row for XLSX).
    pub line: usize,
    /// The column's header as written in the file (empty for a whole-row issue).
    pub column: String,
    pub th: String,
    pub en: String,
}

impl RowIssue {
    pub fn message(&self, lang: Lang) -> &str {
        lang.t(&self.th, &self.en)
    }
}

/// What an import did or would do.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportCounts {
    pub rows_total: i64,
    pub rows_rejected: i64,
    pub households_new: i64,
    pub households_updated: i64,
    pub households_unchanged: i64,
    /// Same address, different head: held for a coordinator.
    pub households_uncertain: i64,
    pub members_new: i64,
    pub problems_new: i64,
}

/// The dry run of a file: counts, and every rejected row and warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub import_id: i64,
    pub file_name: String,
    /// The file's SHA-256 (hex): the same file imported again has the same.
    pub sha256: String,
    /// "CSV, windows-874, ;" or "XLSX, sheet Sheet1".
    pub format: String,
    pub source: String,
    /// The list's year in the Buddhist Era, when given.
    pub source_year: Option<i64>,
    /// Whether a column mapping was given (else the template's own headers were used).
    pub mapped: bool,
    pub counts: ImportCounts,
    /// Rows refused, with the reason (at most [`MAX_ISSUES_SHOWN`]; all are in the rejected-rows file).
    pub errors: Vec<RowIssue>,
    pub warnings: Vec<RowIssue>,
    /// Headers of columns that feed no field.
    pub unused_columns: Vec<String>,
    /// Whether the file was already committed once (importing it again changes nothing).
    pub already_committed: bool,
    pub status: String,
}

pub const MAX_ISSUES_SHOWN: usize = 500;

/// One column of an uploaded file, for the column-mapping page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileColumn {
    /// The header as written in the file.
    pub header: String,
    /// The first few values of the column that are not empty.
    pub samples: Vec<String>,
    /// The template field it feeds now (from the mapping given, else from its header).
    pub field: Option<Field>,
}

/// An uploaded file's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileColumns {
    /// "CSV, windows-874, comma" or "XLSX, sheet Sheet1".
    pub format: String,
    /// Data rows under the header.
    pub rows: usize,
    pub columns: Vec<FileColumn>,
}

/// One import in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub created_at: String,
    pub created_by: Option<String>,
    pub file_name: String,
    pub sha256: String,
    pub source: String,
    pub status: String,
    pub counts: ImportCounts,
    pub committed_at: Option<String>,
}

/// A household of a file that may be one already known (same address, different head).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeCandidateView {
    pub id: i64,
    pub import_id: i64,
    pub household_id: i64,
    pub existing_head: Option<String>,
    pub existing_address: String,
    pub incoming_head: String,
    pub incoming_members: Vec<String>,
    pub reason_th: String,
    pub reason_en: String,
    pub status: String,
    pub created_at: String,
}

/// The signed-in user, who must be allowed to manage imports.
#[cfg(feature = "ssr")]
async fn coordinator() -> Result<(crate::ssr::state::AppState, crate::api::me::CurrentUser), AppError> {
    let (state, user) = crate::ssr::auth::require_user().await?;
    if !user.role.may_manage_imports() {
        return Err(AppError::Forbidden);
    }
    Ok((state, user))
}

#[server(endpoint = "imports", output = crate::api::wire::JsonText)]
pub async fn get_import_history() -> Result<Vec<ImportSummary>, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, _) = coordinator().await?;
            crate::ssr::import::run::history(&state.db, 100).await
        }
        .await,
    )
}

#[server(endpoint = "import", output = crate::api::wire::JsonText)]
pub async fn get_import(id: i64) -> Result<ImportPreview, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, _) = coordinator().await?;
            crate::ssr::import::run::stored_preview(&state.db, id).await
        }
        .await,
    )
}

#[server(endpoint = "merge_candidates", output = crate::api::wire::JsonText)]
pub async fn get_merge_candidates() -> Result<Vec<MergeCandidateView>, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, _) = coordinator().await?;
            crate::ssr::import::merges::list(&state.db, true).await
        }
        .await,
    )
}

/// The columns of a file kept from an upload (by its checksum and name), with the fields they
/// would feed: those of import `import_id`'s mapping when given, else the automatic ones.
#[server(endpoint = "import_columns", output = crate::api::wire::JsonText)]
pub async fn get_file_columns(
    sha256: String,
    file_name: String,
    import_id: Option<i64>,
) -> Result<FileColumns, AppError> {
    crate::ssr::respond::with_status(
        async {
            let (state, _) = coordinator().await?;
            let spec = match import_id {
                Some(id) => crate::ssr::import::run::import_mapping(&state.db, id).await?,
                None => None,
            };
            crate::ssr::import::run::file_columns(&state.settings.data_dir, &sha256, &file_name, spec.as_ref())
        }
        .await,
    )
}
