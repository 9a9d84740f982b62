//! An import from start to end: read and check a file, store it, show what it would do
//! (preview), and later write it all in one transaction (commit), with the history row and
//! the audit entries.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::apply::{apply, ApplyContext};
use super::existing;
use super::group::group;
use super::plan::{plan, Plan};
use super::read::{read_table, FileFormat, Table};
use super::template::{propose, spec_of, ColumnMapping, Field, MappingError, MappingSpec};
use super::validate::{validate, Rules};
use crate::api::imports::{FileColumn, FileColumns, ImportCounts, ImportPreview, RowIssue, MAX_ISSUES_SHOWN};
use crate::domain::source::ListSource;
use crate::domain::template_field::choice_problem;
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::{now_iso, today_iso, Db};
use crate::ssr::error::internal;

/// Largest file accepted (a province's list is a few MB).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

pub struct NewImport {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub source: ListSource,
    /// The list's year in the Buddhist Era, e.g. 2565.
    pub source_year: Option<i64>,
    pub mapping: Option<MappingSpec>,
    pub user_id: Option<i64>,
}

/// A file checked against the rules and the database.
struct Analysis {
    table: Table,
    plan: Plan,
    rejected: Vec<RowIssue>,
    warnings: Vec<RowIssue>,
    unused_columns: Vec<String>,
    counts: ImportCounts,
}

fn describe(format: &FileFormat) -> String {
    match format {
        FileFormat::Csv { delimiter, encoding } => {
            let d = match delimiter {
                b',' => "comma",
                b';' => "semicolon",
                b'\t' => "tab",
                _ => "other",
            };
            format!("CSV, {encoding}, {d}")
        }
        FileFormat::Xlsx { sheet } => format!("XLSX, sheet {sheet}"),
    }
}

async fn rules(conn: &mut AnyConnection) -> Result<(Rules, HashMap<String, i64>), sqlx::Error> {
    let tambons: Vec<String> = sqlx::query_scalar("SELECT code FROM tambons").fetch_all(&mut *conn).await?;
    let indicators: Vec<(String, i64)> = sqlx::query_as(
        "SELECT i.code, i.id FROM indicators i JOIN indicator_sets s ON s.code = i.set_code WHERE s.is_current",
    )
    .fetch_all(&mut *conn)
    .await?;
    let today = crate::domain::dates::parse_iso_date(&today_iso()).unwrap_or_default();
    let ids: HashMap<String, i64> = indicators.into_iter().collect();
    Ok((Rules { tambons: tambons.into_iter().collect(), indicators: ids.keys().cloned().collect(), today }, ids))
}

fn invalid_file(th: String, en: String) -> AppError {
    AppError::Invalid { th, en }
}

/// Reads a file into its table (errors in the user's words).
fn read(file_name: &str, bytes: &[u8]) -> Result<Table, AppError> {
    read_table(file_name, bytes).map_err(|e| invalid_file(e.message_th(), e.message_en()))
}

fn mapping_error(e: &MappingError) -> AppError {
    invalid_file(e.message_th(), e.to_string())
}

/// Reads, maps and checks a file in one go (a mapping problem is an error here).
async fn analyse(
    conn: &mut AnyConnection,
    dialect: crate::ssr::db::Dialect,
    file_name: &str,
    bytes: &[u8],
    source: ListSource,
    spec: Option<&MappingSpec>,
) -> Result<Analysis, AppError> {
    let table = read(file_name, bytes)?;
    let mapping = ColumnMapping::build(&table.headers, spec).map_err(|e| mapping_error(&e))?;
    analyse_table(conn, dialect, table, &mapping, source).await
}

/// Checks every row of a read and mapped file against the rules and the database.
async fn analyse_table(
    conn: &mut AnyConnection,
    dialect: crate::ssr::db::Dialect,
    table: Table,
    mapping: &ColumnMapping,
    source: ListSource,
) -> Result<Analysis, AppError> {
    let started = std::time::Instant::now();
    let (rules, _) = rules(conn).await?;
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut rejected = Vec::new();
    for record in &table.rows {
        match validate(record, mapping, &table.headers, &rules) {
            Ok(row) => rows.push(row),
            Err(issues) => rejected.extend(issues),
        }
    }
    let grouped = group(rows);
    tracing::debug!(elapsed = ?started.elapsed(), households = grouped.households.len(), "import: rows checked and grouped");
    rejected.extend(grouped.rejected);
    let existing = existing::load(conn, dialect, source.as_str(), &grouped.households).await?;
    tracing::debug!(elapsed = ?started.elapsed(), known = existing.households.len(), "import: known households read");
    let plan = plan(grouped.households, &existing, source.as_str());
    tracing::debug!(elapsed = ?started.elapsed(), "import: planned");
    rejected.extend(plan.rejected.iter().cloned());
    let mut warnings = grouped.warnings;
    warnings.extend(plan.warnings.iter().cloned());
    rejected.sort_by_key(|i| i.line);
    let rejected_lines: HashSet<usize> = rejected.iter().map(|i| i.line).collect();
    let counts = plan.counts(table.rows.len(), rejected_lines.len());
    let unused_columns = mapping.unused(&table.headers).into_iter().map(String::from).collect();
    Ok(Analysis { table, plan, rejected, warnings, unused_columns, counts })
}

/// The refused rows as a CSV to fix and import again: the file's own columns, then the line
/// and the reasons.
fn rejected_csv(table: &Table, rejected: &[RowIssue]) -> String {
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for i in rejected {
        let text = if i.column.is_empty() { i.th.clone() } else { format!("{}: {}", i.column, i.th) };
        reasons.entry(i.line).or_default().push(text);
    }
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header: Vec<String> = table.headers.clone();
    header.extend(["บรรทัด".to_string(), "เหตุผลที่ไม่นำเข้า".to_string()]);
    let _ = out.write_record(&header);
    for record in &table.rows {
        if let Some(r) = reasons.get(&record.line) {
            let mut cells = record.cells.clone();
            cells.resize(table.headers.len(), String::new());
            cells.extend([record.line.to_string(), r.join("; ")]);
            let _ = out.write_record(&cells);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The issues kept with the import: (errors, warnings), each capped.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct StoredIssues {
    errors: Vec<RowIssue>,
    warnings: Vec<RowIssue>,
}

fn issues_json(a: &Analysis) -> String {
    let stored = StoredIssues {
        errors: a.rejected.iter().take(MAX_ISSUES_SHOWN).cloned().collect(),
        warnings: a.warnings.iter().take(MAX_ISSUES_SHOWN).cloned().collect(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The SHA-256 of a file in lower-case hex: its identity in the history and where it is kept.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn stored_path(data_dir: &Path, sha: &str, file_name: &str) -> PathBuf {
    let ext = Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or("dat").to_lowercase();
    let ext: String = ext.chars().filter(|c| c.is_ascii_alphanumeric()).take(5).collect();
    data_dir.join("imports").join(format!("{sha}.{ext}"))
}

/// The file an import is about, as its preview tells it.
struct About<'a> {
    file_name: &'a str,
    sha256: &'a str,
    source: ListSource,
    source_year: Option<i64>,
    mapped: bool,
}

impl<'a> About<'a> {
    fn of(req: &'a NewImport, sha256: &'a str) -> Self {
        About {
            file_name: &req.file_name,
            sha256,
            source: req.source,
            source_year: req.source_year,
            mapped: req.mapping.is_some(),
        }
    }
}

fn preview_of(id: i64, about: &About, a: &Analysis, already: bool, status: &str) -> ImportPreview {
    ImportPreview {
        import_id: id,
        file_name: about.file_name.to_string(),
        sha256: about.sha256.to_string(),
        format: describe(&a.table.format),
        source: about.source.as_str().to_string(),
        source_year: about.source_year,
        mapped: about.mapped,
        counts: a.counts.clone(),
        errors: a.rejected.iter().take(MAX_ISSUES_SHOWN).cloned().collect(),
        warnings: a.warnings.iter().take(MAX_ISSUES_SHOWN).cloned().collect(),
        unused_columns: a.unused_columns.clone(),
        already_committed: already,
        status: status.to_string(),
    }
}

async fn committed_before(conn: &mut AnyConnection, sha: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM imports WHERE sha256 = $1 AND status = 'committed'")
        .bind(sha)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Where an uploaded file is kept between its preview and its commit.
fn store_file(data_dir: &Path, req: &NewImport) -> Result<(String, PathBuf), AppError> {
    if req.bytes.len() > MAX_FILE_BYTES {
        return Err(invalid_file(
            format!("ไฟล์ใหญ่เกิน {} MB", MAX_FILE_BYTES / (1024 * 1024)),
            format!("The file is larger than {} MB", MAX_FILE_BYTES / (1024 * 1024)),
        ));
    }
    let sha = sha256_hex(&req.bytes);
    let path = stored_path(data_dir, &sha, &req.file_name);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| internal("creating the imports folder", e))?;
    }
    if !path.exists() {
        std::fs::write(&path, &req.bytes).map_err(|e| internal("storing an uploaded file", e))?;
    }
    Ok((sha, path))
}

/// The history row of a previewed file (and its audit entry).
async fn record_preview(
    conn: &mut AnyConnection,
    req: &NewImport,
    sha: &str,
    path: &Path,
    analysis: &Analysis,
) -> Result<i64, AppError> {
    let c = &analysis.counts;
    let now = now_iso();
    let mapping = req.mapping.as_ref().and_then(|m| serde_json::to_string(m).ok());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO imports (created_at, created_by, file_name, sha256, stored_as, source, source_year, mapping, status,
                              rows_total, rows_rejected, households_new, households_updated, households_unchanged,
                              households_uncertain, members_new, problems_new, rejected_csv, issues, format, unused_columns)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'previewed', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         RETURNING id",
    )
    .bind(&now)
    .bind(req.user_id)
    .bind(&req.file_name)
    .bind(sha)
    .bind(path.display().to_string())
    .bind(req.source.as_str())
    .bind(req.source_year)
    .bind(mapping)
    .bind(c.rows_total)
    .bind(c.rows_rejected)
    .bind(c.households_new)
    .bind(c.households_updated)
    .bind(c.households_unchanged)
    .bind(c.households_uncertain)
    .bind(c.members_new)
    .bind(c.problems_new)
    .bind(rejected_csv(&analysis.table, &analysis.rejected))
    .bind(issues_json(analysis))
    .bind(describe(&analysis.table.format))
    .bind(serde_json::to_string(&analysis.unused_columns).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let event = AuditEvent {
        user_id: req.user_id,
        action: AuditAction::ImportPreviewed,
        entity: Some("import"),
        entity_id: Some(id.to_string()),
        detail: Some(format!("{} ({} rows, {} rejected)", req.file_name, c.rows_total, c.rows_rejected)),
    };
    record_on(conn, event, &now).await?;
    Ok(id)
}

/// What an upload led to: a preview, or a file whose columns must first be matched to the
/// template (it is kept, by its checksum, for the column-mapping page).
pub enum Checked {
    Preview(Box<ImportPreview>),
    NeedsColumns { sha256: String, problem: AppError },
}

/// Checks a file and records it as previewed; nothing of its households is written. A file
/// whose columns do not fit the template is kept and answered with [`Checked::NeedsColumns`].
pub async fn check(db: &Db, data_dir: &Path, req: NewImport) -> Result<Checked, AppError> {
    let (sha, path) = store_file(data_dir, &req)?;
    let table = read(&req.file_name, &req.bytes)?;
    let mapping = match ColumnMapping::build(&table.headers, req.mapping.as_ref()) {
        Ok(m) => m,
        Err(e @ MappingError::UnknownField(_)) => return Err(mapping_error(&e)),
        Err(e) => return Ok(Checked::NeedsColumns { sha256: sha, problem: mapping_error(&e) }),
    };
    let mut conn = db.pool.acquire().await?;
    let analysis = analyse_table(&mut conn, db.dialect, table, &mapping, req.source).await?;
    let already = committed_before(&mut conn, &sha).await?;
    let id = record_preview(&mut conn, &req, &sha, &path, &analysis).await?;
    Ok(Checked::Preview(Box::new(preview_of(id, &About::of(&req, &sha), &analysis, already, "previewed"))))
}

/// [`check`] for callers with no column-mapping step (the REST API, the command line): a
/// mapping problem is an error.
pub async fn preview(db: &Db, data_dir: &Path, req: NewImport) -> Result<ImportPreview, AppError> {
    match check(db, data_dir, req).await? {
        Checked::Preview(p) => Ok(*p),
        Checked::NeedsColumns { problem, .. } => Err(problem),
    }
}

/// An uploaded file kept under `data_dir`, by its checksum and name (as the upload stored it).
pub fn kept_file(data_dir: &Path, sha256: &str, file_name: &str) -> Result<Vec<u8>, AppError> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(AppError::NotFound);
    }
    std::fs::read(stored_path(data_dir, sha256, file_name)).map_err(|_| AppError::NotFound)
}

/// A kept file to check again with columns chosen by a coordinator.
pub struct KeptFile<'a> {
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub source: ListSource,
    pub source_year: Option<i64>,
    pub user_id: i64,
}

/// Checks a kept file with `chosen`, the field of each of its columns (from the
/// column-mapping page), which becomes the import's saved mapping.
pub async fn check_kept(
    db: &Db,
    data_dir: &Path,
    kept: KeptFile<'_>,
    chosen: &[Option<Field>],
) -> Result<Checked, AppError> {
    let bytes = kept_file(data_dir, kept.sha256, kept.file_name)?;
    let headers = read(kept.file_name, &bytes)?.headers;
    let needs = |(th, en): (String, String)| Checked::NeedsColumns {
        sha256: kept.sha256.to_string(),
        problem: invalid_file(th, en),
    };
    if chosen.len() != headers.len() {
        return Ok(needs((
            "จำนวนคอลัมน์ที่เลือกไม่ตรงกับไฟล์ กรุณาเลือกใหม่".into(),
            "The choices do not match the file's columns; please choose again".into(),
        )));
    }
    if let Some(problem) = choice_problem(chosen) {
        return Ok(needs(problem));
    }
    let request = NewImport {
        file_name: kept.file_name.to_string(),
        bytes,
        source: kept.source,
        source_year: kept.source_year,
        mapping: Some(spec_of(&headers, chosen)),
        user_id: Some(kept.user_id),
    };
    check(db, data_dir, request).await
}

/// How many sample values of each column the column-mapping page shows.
const SAMPLES: usize = 3;

/// A kept file's columns, with sample values and the field each would feed under `spec`
/// (the template's own names where `spec` says nothing).
pub fn file_columns(
    data_dir: &Path,
    sha256: &str,
    file_name: &str,
    spec: Option<&MappingSpec>,
) -> Result<FileColumns, AppError> {
    let bytes = kept_file(data_dir, sha256, file_name)?;
    let table = read(file_name, &bytes)?;
    let fields = propose(&table.headers, spec).map_err(|e| mapping_error(&e))?;
    let columns = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| FileColumn {
            header: header.clone(),
            samples: table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i).filter(|c| !c.is_empty()))
                .take(SAMPLES)
                .cloned()
                .collect(),
            field: fields[i],
        })
        .collect();
    Ok(FileColumns { format: describe(&table.format), rows: table.rows.len(), columns })
}

/// The column mapping an import was made with, if one was given.
pub async fn import_mapping(db: &Db, id: i64) -> Result<Option<MappingSpec>, AppError> {
    let mapping: Option<Option<String>> =
        sqlx::query_scalar("SELECT mapping FROM imports WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(mapping.ok_or(AppError::NotFound)?.and_then(|m| serde_json::from_str(&m).ok()))
}

/// Checks and writes a file at once, in one transaction (the command line without `--dry-run`):
/// the file is read and matched only once.
pub async fn import_now(db: &Db, data_dir: &Path, req: NewImport) -> Result<ImportPreview, AppError> {
    let (sha, path) = store_file(data_dir, &req)?;
    let mut tx = begin_write(db).await?;
    let analysis = analyse(&mut tx, db.dialect, &req.file_name, &req.bytes, req.source, req.mapping.as_ref()).await?;
    let id = record_preview(&mut tx, &req, &sha, &path, &analysis).await?;
    let written = Written {
        import_id: id,
        file_name: &req.file_name,
        source: req.source,
        source_year: req.source_year,
        user_id: req.user_id,
    };
    write_all(&mut tx, db.dialect, &written, &analysis).await?;
    tx.commit().await?;
    Ok(preview_of(id, &About::of(&req, &sha), &analysis, true, "committed"))
}

#[derive(sqlx::FromRow)]
struct ImportRow {
    file_name: String,
    sha256: String,
    stored_as: String,
    source: String,
    source_year: Option<i64>,
    mapping: Option<String>,
    status: String,
}

/// Which import is being written, and by whom.
struct Written<'a> {
    import_id: i64,
    file_name: &'a str,
    source: ListSource,
    source_year: Option<i64>,
    user_id: Option<i64>,
}

/// Applies an analysed file and marks its import committed, inside the caller's transaction.
async fn write_all(
    tx: &mut AnyConnection,
    dialect: crate::ssr::db::Dialect,
    w: &Written<'_>,
    analysis: &Analysis,
) -> Result<(), AppError> {
    let (_, indicator_ids) = rules(tx).await?;
    let now = now_iso();
    let today = today_iso();
    let ctx = ApplyContext {
        dialect,
        source: w.source.as_str(),
        source_year: w.source_year,
        import_id: w.import_id,
        now: &now,
        today: &today,
        indicator_ids: &indicator_ids,
    };
    apply(tx, &ctx, &analysis.plan).await?;
    let c = &analysis.counts;
    sqlx::query(
        "UPDATE imports SET status = 'committed', committed_at = $1, rows_total = $2, rows_rejected = $3,
                households_new = $4, households_updated = $5, households_unchanged = $6, households_uncertain = $7,
                members_new = $8, problems_new = $9, rejected_csv = $10, issues = $11
         WHERE id = $12 AND status = 'previewed'",
    )
    .bind(&now)
    .bind(c.rows_total)
    .bind(c.rows_rejected)
    .bind(c.households_new)
    .bind(c.households_updated)
    .bind(c.households_unchanged)
    .bind(c.households_uncertain)
    .bind(c.members_new)
    .bind(c.problems_new)
    .bind(rejected_csv(&analysis.table, &analysis.rejected))
    .bind(issues_json(analysis))
    .bind(w.import_id)
    .execute(&mut *tx)
    .await?;
    let event = AuditEvent {
        user_id: w.user_id,
        action: AuditAction::ImportCommitted,
        entity: Some("import"),
        entity_id: Some(w.import_id.to_string()),
        detail: Some(format!(
            "{}: {} new, {} updated, {} unchanged, {} uncertain households",
            w.file_name, c.households_new, c.households_updated, c.households_unchanged, c.households_uncertain
        )),
    };
    record_on(tx, event, &now).await?;
    // Fault injection for the test that kills an import mid-commit: every row is written, the
    // transaction is still open.
    if let Some(ms) = std::env::var("HAKPAENG_TEST_SLOW_COMMIT_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        tracing::warn!(ms, "HAKPAENG_TEST_SLOW_COMMIT_MS: holding the import's transaction open");
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    Ok(())
}

/// Writes a previewed import: the file is checked again against the database as it is now,
/// and everything it adds or changes is written in one transaction.
pub async fn commit(db: &Db, import_id: i64, user_id: Option<i64>) -> Result<ImportPreview, AppError> {
    let row: ImportRow = sqlx::query_as(
        "SELECT file_name, sha256, stored_as, source, source_year, mapping, status FROM imports WHERE id = $1",
    )
    .bind(import_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    if row.status != "previewed" {
        return Err(invalid_file(
            "การนำเข้านี้บันทึกหรือยกเลิกไปแล้ว".into(),
            "This import has already been committed or discarded".into(),
        ));
    }
    let bytes = std::fs::read(&row.stored_as).map_err(|e| internal("reading a stored import file", e))?;
    let source = ListSource::parse(&row.source).ok_or(AppError::Internal)?;
    let spec: Option<MappingSpec> = row.mapping.as_deref().and_then(|m| serde_json::from_str(m).ok());
    let mut tx = begin_write(db).await?;
    let analysis = analyse(&mut tx, db.dialect, &row.file_name, &bytes, source, spec.as_ref()).await?;
    let written = Written { import_id, file_name: &row.file_name, source, source_year: row.source_year, user_id };
    write_all(&mut tx, db.dialect, &written, &analysis).await?;
    tx.commit().await?;
    let about = About {
        file_name: &row.file_name,
        sha256: &row.sha256,
        source,
        source_year: row.source_year,
        mapped: spec.is_some(),
    };
    Ok(preview_of(import_id, &about, &analysis, true, "committed"))
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    created_at: String,
    created_by: Option<String>,
    file_name: String,
    sha256: String,
    source: String,
    source_year: Option<i64>,
    mapping: Option<String>,
    status: String,
    rows_total: i64,
    rows_rejected: i64,
    households_new: i64,
    households_updated: i64,
    households_unchanged: i64,
    households_uncertain: i64,
    members_new: i64,
    problems_new: i64,
    committed_at: Option<String>,
    issues: Option<String>,
    format: Option<String>,
    unused_columns: Option<String>,
}

impl SummaryRow {
    fn counts(&self) -> ImportCounts {
        ImportCounts {
            rows_total: self.rows_total,
            rows_rejected: self.rows_rejected,
            households_new: self.households_new,
            households_updated: self.households_updated,
            households_unchanged: self.households_unchanged,
            households_uncertain: self.households_uncertain,
            members_new: self.members_new,
            problems_new: self.problems_new,
        }
    }
}

const SUMMARY_COLUMNS: &str =
    "i.id, i.created_at, u.display_name AS created_by, i.file_name, i.sha256, i.source, i.source_year, i.mapping, i.status,
    i.rows_total, i.rows_rejected, i.households_new, i.households_updated, i.households_unchanged,
    i.households_uncertain, i.members_new, i.problems_new, i.committed_at, i.issues, i.format, i.unused_columns";

/// The latest imports, newest first.
pub async fn history(db: &Db, limit: i64) -> Result<Vec<crate::api::imports::ImportSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM imports i LEFT JOIN users u ON u.id = i.created_by ORDER BY i.id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::api::imports::ImportSummary {
            counts: r.counts(),
            id: r.id,
            created_at: r.created_at,
            created_by: r.created_by,
            file_name: r.file_name,
            sha256: r.sha256,
            source: r.source,
            status: r.status,
            committed_at: r.committed_at,
        })
        .collect())
}

/// One import as its preview (what it would do, or did).
pub async fn stored_preview(db: &Db, id: i64) -> Result<ImportPreview, AppError> {
    let r: SummaryRow = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM imports i LEFT JOIN users u ON u.id = i.created_by WHERE i.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let issues: StoredIssues = r.issues.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let mut conn = db.pool.acquire().await?;
    let already = r.status == "committed" || committed_before(&mut conn, &r.sha256).await?;
    let sha256 = r.sha256.clone();
    Ok(ImportPreview {
        import_id: r.id,
        sha256,
        counts: r.counts(),
        file_name: r.file_name,
        format: r.format.clone().unwrap_or_default(),
        source: r.source,
        source_year: r.source_year,
        mapped: r.mapping.is_some(),
        errors: issues.errors,
        warnings: issues.warnings,
        unused_columns: r.unused_columns.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default(),
        already_committed: already,
        status: r.status,
    })
}

/// The refused rows of an import, as a CSV to fix and import again.
pub async fn rejected_rows(db: &Db, id: i64) -> Result<String, AppError> {
    let csv: Option<Option<String>> =
        sqlx::query_scalar("SELECT rejected_csv FROM imports WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    csv.ok_or(AppError::NotFound).map(Option::unwrap_or_default)
}

/// Drops a previewed import: nothing of it is written.
pub async fn discard(db: &Db, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE imports SET status = 'discarded' WHERE id = $1 AND status = 'previewed'")
        .bind(id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(AppError::invalid(
            "การนำเข้านี้บันทึกหรือยกเลิกไปแล้ว",
            "This import has already been committed or discarded",
        ));
    }
    Ok(())
}
