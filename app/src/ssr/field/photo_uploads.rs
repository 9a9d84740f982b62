//! Resumable photo uploads: a photo sent in chunks, kept in the database (so any app instance
//! takes the next chunk) until the last byte arrives; then the whole is checked (size, SHA-256)
//! and stored once through [`store_photo`], with the same content, scope and consent rules as a
//! photo sent whole. One upload per user and `Idempotency-Key`; abandoned ones are cleared.
use sha2::{Digest, Sha256};

use super::idempotency::{compare, hex, is_unique_violation};
use super::may_record;
use super::photos::{check_links, fingerprint, sent_before, store_photo, too_large, NewPhoto, MAX_PHOTO_BYTES};
use super::storage::PhotoStore;
use crate::api::field::Photo;
use crate::api::me::CurrentUser;
use crate::domain::field::{MediaConsent, PhotoKind};
use crate::domain::photo_upload::{valid_sha256, UploadProgress, UploadStart, MAX_CHUNK_BYTES};
use crate::error::AppError;
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, Db};

/// Uploads untouched this long are abandoned: their chunks are deleted.
pub const ABANDONED_AFTER_HOURS: i64 = 48;

/// At most this many unfinished uploads per user (at most 8 MB each, kept in the database):
/// starting one more clears that user's least recently touched ones. A phone whose upload was
/// cleared is told 404 on its next send and starts that photo again.
pub const MAX_OPEN_UPLOADS_PER_USER: usize = 10;

/// Where a request leaves an upload.
#[derive(Debug)]
pub enum Outcome {
    /// More bytes are wanted (from `offset`).
    Progress(UploadProgress),
    /// The chunk did not start at the server's offset: nothing taken; the real offset.
    Mismatch(UploadProgress),
    /// The whole arrived and the photo is stored (`true`: by this request).
    Stored(Box<Photo>, bool),
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    created_by: i64,
    client_id: String,
    household_id: i64,
    assistance_id: Option<i64>,
    visit_id: Option<i64>,
    kind: String,
    consent: String,
    consent_form_id: Option<i64>,
    total_bytes: i64,
    sha256: String,
    received: i64,
    request_sha256: String,
    photo_id: Option<i64>,
}

const COLUMNS: &str =
    "id, created_by, client_id, household_id, assistance_id, visit_id, kind, consent, consent_form_id,
     total_bytes, sha256, received, request_sha256, photo_id";

impl Row {
    fn progress(&self) -> UploadProgress {
        UploadProgress { upload_id: self.id, offset: self.received, size: self.total_bytes, photo_id: self.photo_id }
    }

    fn photo(&self, bytes: Vec<u8>) -> Result<NewPhoto, AppError> {
        Ok(NewPhoto {
            household_id: self.household_id,
            assistance_id: self.assistance_id,
            visit_id: self.visit_id,
            kind: PhotoKind::parse(&self.kind).ok_or(AppError::Internal)?,
            consent: MediaConsent::parse(&self.consent).ok_or(AppError::Internal)?,
            consent_form_id: self.consent_form_id,
            bytes,
        })
    }
}

fn meta(s: &UploadStart) -> NewPhoto {
    NewPhoto {
        household_id: s.household_id,
        assistance_id: s.assistance_id,
        visit_id: s.visit_id,
        kind: s.kind,
        consent: s.consent,
        consent_form_id: s.consent_form_id,
        bytes: Vec::new(),
    }
}

async fn by_key(db: &Db, user: i64, key: &str) -> Result<Option<Row>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM photo_uploads WHERE created_by = $1 AND client_id = $2"))
        .bind(user)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?)
}

/// The upload `id` if it is this user's; anyone else's is answered as missing.
async fn own(db: &Db, user: &CurrentUser, id: i64) -> Result<Row, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM photo_uploads WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.filter(|r| r.created_by == user.id).ok_or(AppError::NotFound)
}

/// Deletes uploads (and their chunks) untouched for [`ABANDONED_AFTER_HOURS`]; how many.
pub async fn clear_abandoned(db: &Db) -> Result<u64, AppError> {
    let cutoff =
        (chrono::Utc::now() - chrono::Duration::hours(ABANDONED_AFTER_HOURS)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut tx = begin_write(db).await?;
    sqlx::query(
        "DELETE FROM photo_upload_chunks WHERE upload_id IN (SELECT id FROM photo_uploads WHERE updated_at < $1)",
    )
    .bind(&cutoff)
    .execute(&mut *tx)
    .await?;
    let gone = sqlx::query("DELETE FROM photo_uploads WHERE updated_at < $1").bind(&cutoff).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(gone.rows_affected())
}

/// Clears `user_id`'s least recently touched unfinished uploads, leaving room for one more
/// under [`MAX_OPEN_UPLOADS_PER_USER`]; how many were cleared.
async fn make_room(db: &Db, user_id: i64) -> Result<usize, AppError> {
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM photo_uploads WHERE created_by = $1 AND photo_id IS NULL ORDER BY updated_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let stale = open.get(MAX_OPEN_UPLOADS_PER_USER - 1..).unwrap_or_default();
    for id in stale {
        forget(db, *id).await?;
    }
    Ok(stale.len())
}

async fn forget(db: &Db, id: i64) -> Result<(), AppError> {
    let mut tx = begin_write(db).await?;
    sqlx::query("DELETE FROM photo_upload_chunks WHERE upload_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM photo_uploads WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Starts an upload under `key` (or returns the one started before, or its stored photo).
/// Everything that can be checked before the bytes is checked here, so a phone does not
/// send a photo only to have it refused. `true` when a new upload was started.
pub async fn start_upload(
    db: &Db,
    store: &PhotoStore,
    user: &CurrentUser,
    key: &str,
    s: &UploadStart,
) -> Result<(Outcome, bool), AppError> {
    may_record(user)?;
    if s.size < 1 {
        return Err(AppError::invalid("กรุณาเลือกภาพ", "Choose a photo to upload"));
    }
    if s.size > MAX_PHOTO_BYTES as i64 {
        return Err(too_large());
    }
    if !valid_sha256(&s.sha256) {
        return Err(AppError::invalid(
            "sha256 ต้องเป็นเลขฐานสิบหก (ตัวพิมพ์เล็ก) 64 ตัว",
            "sha256 must be 64 lower-case hexadecimal digits",
        ));
    }
    let photo = meta(s);
    check_visible(db, &user.scope, s.household_id).await?;
    check_links(db, &photo).await?;
    let hash = fingerprint(&photo, &s.sha256);
    if let Some(found) = sent_before(db, user.id, key, &hash).await? {
        return Ok((Outcome::Stored(Box::new(found), false), false));
    }
    clear_abandoned(db).await?;
    if let Some(row) = by_key(db, user.id, key).await? {
        compare(&row.request_sha256, &hash)?;
        return Ok((settled(db, store, user, row).await?, false));
    }
    make_room(db, user.id).await?;
    let now = now_iso();
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO photo_uploads (created_by, client_id, household_id, assistance_id, visit_id, kind, consent,
             consent_form_id, total_bytes, sha256, received, request_sha256, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $12) RETURNING id",
    )
    .bind(user.id)
    .bind(key)
    .bind(s.household_id)
    .bind(s.assistance_id)
    .bind(s.visit_id)
    .bind(s.kind.as_str())
    .bind(s.consent.as_str())
    .bind(s.consent_form_id)
    .bind(s.size)
    .bind(&s.sha256)
    .bind(&hash)
    .bind(&now)
    .fetch_one(&db.pool)
    .await;
    match inserted {
        Ok(id) => {
            Ok((Outcome::Progress(UploadProgress { upload_id: id, offset: 0, size: s.size, photo_id: None }), true))
        }
        // Another send of the same start won: its upload is this one.
        Err(e) if is_unique_violation(&e) => {
            let row = by_key(db, user.id, key).await?.ok_or(AppError::Internal)?;
            compare(&row.request_sha256, &hash)?;
            Ok((settled(db, store, user, row).await?, false))
        }
        Err(e) => Err(e.into()),
    }
}

/// An upload's progress, for `GET`/`HEAD` (no side effects).
pub async fn upload_progress(db: &Db, user: &CurrentUser, id: i64) -> Result<UploadProgress, AppError> {
    Ok(own(db, user, id).await?.progress())
}

/// Takes the chunk `data` at `offset`: only when it starts exactly where the bytes received
/// end (two sends of one chunk: one is taken, the other told the new offset). The last chunk
/// finishes the upload.
pub async fn append_chunk(
    db: &Db,
    store: &PhotoStore,
    user: &CurrentUser,
    id: i64,
    offset: i64,
    data: &[u8],
) -> Result<Outcome, AppError> {
    may_record(user)?;
    let row = own(db, user, id).await?;
    if offset != row.received {
        return Ok(Outcome::Mismatch(row.progress()));
    }
    if data.len() > MAX_CHUNK_BYTES {
        return Err(AppError::invalid(
            format!("ส่งได้ครั้งละไม่เกิน {} KB", MAX_CHUNK_BYTES / 1024),
            format!("Send at most {} KB at a time", MAX_CHUNK_BYTES / 1024),
        ));
    }
    let len = data.len() as i64;
    if offset + len > row.total_bytes {
        return Err(AppError::invalid(
            "ส่งข้อมูลเกินขนาดภาพที่แจ้งไว้ตอนเริ่มส่ง",
            "More bytes than the size given when the upload started",
        ));
    }
    if len == 0 {
        return settled(db, store, user, row).await;
    }
    let mut tx = begin_write(db).await?;
    // Taken only if no other request moved the offset first.
    let moved = sqlx::query(
        "UPDATE photo_uploads SET received = received + $1, updated_at = $2
         WHERE id = $3 AND received = $4 AND photo_id IS NULL",
    )
    .bind(len)
    .bind(now_iso())
    .bind(id)
    .bind(offset)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Outcome::Mismatch(own(db, user, id).await?.progress()));
    }
    sqlx::query("INSERT INTO photo_upload_chunks (upload_id, start_at, data) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(offset)
        .bind(data.to_vec())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let row = Row { received: offset + len, ..row };
    settled(db, store, user, row).await
}

/// The upload as it stands: more wanted, or (all bytes there) the photo, stored now if it was
/// not yet. Stores are idempotent by key, so two requests finishing one upload store one photo.
async fn settled(db: &Db, store: &PhotoStore, user: &CurrentUser, row: Row) -> Result<Outcome, AppError> {
    if row.received < row.total_bytes {
        return Ok(Outcome::Progress(row.progress()));
    }
    if row.photo_id.is_some() {
        // The photo carries the start's fingerprint (both come from [`fingerprint`]).
        if let Some(found) = sent_before(db, user.id, &row.client_id, &row.request_sha256).await? {
            return Ok(Outcome::Stored(Box::new(found), false));
        }
    }
    let chunks: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT start_at, data FROM photo_upload_chunks WHERE upload_id = $1 ORDER BY start_at")
            .bind(row.id)
            .fetch_all(&db.pool)
            .await?;
    let mut bytes = Vec::with_capacity(usize::try_from(row.total_bytes).unwrap_or(0));
    for (start, data) in chunks {
        if start != bytes.len() as i64 {
            tracing::error!(upload = row.id, start, "a photo upload's chunks do not follow on");
            forget(db, row.id).await?;
            return Err(damaged());
        }
        bytes.extend_from_slice(&data);
    }
    if bytes.len() as i64 != row.total_bytes || hex(&Sha256::digest(&bytes)) != row.sha256 {
        forget(db, row.id).await?;
        return Err(AppError::invalid(
            "ภาพที่ได้รับไม่ตรงกับขนาดหรือ SHA-256 ที่แจ้งไว้ ไม่ได้บันทึก ส่งใหม่อีกครั้ง",
            "The bytes received do not match the size or SHA-256 given at the start; nothing was saved, send it again",
        ));
    }
    match store_photo(db, store, user, Some(&row.client_id), &row.photo(bytes)?).await {
        Ok((photo, created)) => {
            let mut tx = begin_write(db).await?;
            sqlx::query("UPDATE photo_uploads SET photo_id = $1, updated_at = $2 WHERE id = $3")
                .bind(photo.id)
                .bind(now_iso())
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM photo_upload_chunks WHERE upload_id = $1").bind(row.id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(Outcome::Stored(Box::new(photo), created))
        }
        // Refused as a whole (not an image, out of scope, …): the bytes are of no more use.
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden | AppError::NotFound | AppError::Conflict { .. })) => {
            forget(db, row.id).await?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

fn damaged() -> AppError {
    AppError::invalid("ไฟล์ภาพเสียหายหรือไม่สมบูรณ์", "The image file is damaged or incomplete")
}
