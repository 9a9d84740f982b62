//! Evidence photos: checked by content (JPEG, PNG, WebP), limited in size, stored once by
//! content; the copy served (and the only one that may be published) has its location-bearing
//! metadata removed. A public photo needs the household's signed consent form on file.
use sha2::{Digest, Sha256};

use super::idempotency::{compare, hex, is_unique_violation};
use super::may_record;
use super::storage::PhotoStore;
use crate::api::field::Photo;
use crate::api::me::CurrentUser;
use crate::domain::field::{MediaConsent, PhotoKind};
use crate::domain::image_bytes::{image_kind, without_metadata};
use crate::error::AppError;
use crate::ssr::db::audit::{record_on, AuditAction, AuditEvent};
use crate::ssr::db::batch::begin_write;
use crate::ssr::db::case_file::check_visible;
use crate::ssr::db::{now_iso, Db};

/// The largest photo accepted (the phone resizes to a 1600 px long edge, a few hundred KB).
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;

/// A photo as uploaded.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub household_id: i64,
    pub assistance_id: Option<i64>,
    pub visit_id: Option<i64>,
    pub kind: PhotoKind,
    pub consent: MediaConsent,
    pub consent_form_id: Option<i64>,
    pub bytes: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    client_id: Option<String>,
    household_id: i64,
    assistance_id: Option<i64>,
    visit_id: Option<i64>,
    kind: String,
    consent: String,
    consent_form_id: Option<i64>,
    content_type: String,
    bytes: i64,
    sha256: String,
    clean_key: String,
    created_at: String,
    request_sha256: String,
}

impl Row {
    fn photo(self) -> Result<Photo, AppError> {
        Ok(Photo {
            url: format!("/api/v1/photos/{}", self.id),
            id: self.id,
            client_id: self.client_id,
            household_id: self.household_id,
            assistance_id: self.assistance_id,
            visit_id: self.visit_id,
            kind: PhotoKind::parse(&self.kind).ok_or(AppError::Internal)?,
            consent: MediaConsent::parse(&self.consent).ok_or(AppError::Internal)?,
            consent_form_id: self.consent_form_id,
            content_type: self.content_type,
            bytes: self.bytes,
            sha256: self.sha256,
            created_at: self.created_at,
        })
    }
}

const COLUMNS: &str =
    "id, client_id, household_id, assistance_id, visit_id, kind, consent, consent_form_id, content_type,
     bytes, sha256, clean_key, created_at, request_sha256";

/// The photo this user sent before under `key`, if any; refused when it was sent with another
/// fingerprint (the key reused for another photo).
pub(crate) async fn sent_before(db: &Db, user: i64, key: &str, hash: &str) -> Result<Option<Photo>, AppError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM photos WHERE created_by = $1 AND client_id = $2"))
            .bind(user)
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    match row {
        Some(r) => {
            compare(&r.request_sha256, hash)?;
            Ok(Some(r.photo()?))
        }
        None => Ok(None),
    }
}

/// Whether `id` names a row of `table` belonging to `household` (and, for photos, of `kind`).
async fn belongs(db: &Db, sql: &str, id: i64, household: i64) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(sql).bind(id).bind(household).fetch_one(&db.pool).await?;
    Ok(n > 0)
}

/// The assistance, visit and consent form a photo refers to are of its household.
pub(crate) async fn check_links(db: &Db, p: &NewPhoto) -> Result<(), AppError> {
    if let Some(a) = p.assistance_id {
        if !belongs(
            db,
            "SELECT COUNT(*) FROM assistance_records WHERE id = $1 AND household_id = $2",
            a,
            p.household_id,
        )
        .await?
        {
            return Err(AppError::invalid(
                "บันทึกความช่วยเหลือนี้ไม่ใช่ของครัวเรือนนี้",
                "That assistance is not this household's",
            ));
        }
    }
    if let Some(v) = p.visit_id {
        if !belongs(db, "SELECT COUNT(*) FROM visits WHERE id = $1 AND household_id = $2", v, p.household_id).await? {
            return Err(AppError::invalid("การเยี่ยมนี้ไม่ใช่ของครัวเรือนนี้", "That visit is not this household's"));
        }
    }
    if p.consent == MediaConsent::Public {
        let form = p.consent_form_id.ok_or_else(|| {
            AppError::invalid(
                "ภาพที่จะเผยแพร่ต่อสาธารณะต้องแนบภาพแบบยินยอมที่ลงนามแล้ว",
                "A public photo needs the photo of the signed consent form",
            )
        })?;
        let sql = "SELECT COUNT(*) FROM photos WHERE id = $1 AND household_id = $2 AND kind = 'consent_form'";
        if !belongs(db, sql, form, p.household_id).await? {
            return Err(AppError::invalid(
                "ไม่พบภาพแบบยินยอมของครัวเรือนนี้",
                "No consent form photo of this household with that id",
            ));
        }
    }
    Ok(())
}

/// The refusal of a photo over [`MAX_PHOTO_BYTES`].
pub fn too_large() -> AppError {
    AppError::invalid(
        format!("ภาพใหญ่เกิน {} MB ย่อภาพก่อนส่ง", MAX_PHOTO_BYTES / (1024 * 1024)),
        format!("The photo is over {} MB; resize it first", MAX_PHOTO_BYTES / (1024 * 1024)),
    )
}

/// The fingerprint of a photo request: its fields and the SHA-256 of its bytes (`sha`), so the
/// same photo sent whole or in chunks under one key is recognised as the same.
pub fn fingerprint(p: &NewPhoto, sha: &str) -> String {
    hex(&Sha256::digest(
        format!(
            "{}|{:?}|{:?}|{}|{}|{:?}|{sha}",
            p.household_id,
            p.assistance_id,
            p.visit_id,
            p.kind.as_str(),
            p.consent.as_str(),
            p.consent_form_id
        )
        .as_bytes(),
    ))
}

/// Stores a photo (or returns the one already sent under `key`); `true` when newly stored.
pub async fn store_photo(
    db: &Db,
    store: &PhotoStore,
    user: &CurrentUser,
    key: Option<&str>,
    p: &NewPhoto,
) -> Result<(Photo, bool), AppError> {
    may_record(user)?;
    if p.bytes.len() > MAX_PHOTO_BYTES {
        return Err(too_large());
    }
    let kind = image_kind(&p.bytes).ok_or_else(|| {
        AppError::invalid("ไฟล์นี้ไม่ใช่ภาพ JPEG, PNG หรือ WebP", "The file is not a JPEG, PNG or WebP image")
    })?;
    let clean = without_metadata(kind, &p.bytes)
        .map_err(|_| AppError::invalid("ไฟล์ภาพเสียหายหรือไม่สมบูรณ์", "The image file is damaged or incomplete"))?;
    check_visible(db, &user.scope, p.household_id).await?;
    check_links(db, p).await?;
    let sha = hex(&Sha256::digest(&p.bytes));
    let hash = fingerprint(p, &sha);
    if let Some(key) = key {
        if let Some(found) = sent_before(db, user.id, key, &hash).await? {
            return Ok((found, false));
        }
    }
    let ext = kind.extension();
    let original_key = format!("originals/{}/{sha}.{ext}", &sha[..2]);
    let clean_key = format!("clean/{}/{sha}.{ext}", &sha[..2]);
    let fail = |e: std::io::Error| {
        tracing::error!(error = %e, "cannot write a photo to the photo store");
        AppError::Internal
    };
    store.put(&original_key, &p.bytes).await.map_err(fail)?;
    store.put(&clean_key, &clean).await.map_err(fail)?;
    let now = now_iso();
    let mut tx = begin_write(db).await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO photos (household_id, assistance_id, visit_id, kind, consent, consent_form_id, content_type, bytes,
             sha256, original_key, clean_key, created_by, created_at, client_id, request_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(p.household_id)
    .bind(p.assistance_id)
    .bind(p.visit_id)
    .bind(p.kind.as_str())
    .bind(p.consent.as_str())
    .bind(p.consent_form_id)
    .bind(kind.content_type())
    .bind(p.bytes.len() as i64)
    .bind(&sha)
    .bind(&original_key)
    .bind(&clean_key)
    .bind(user.id)
    .bind(&now)
    .bind(key)
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if key.is_some() && is_unique_violation(&e) => {
            tx.rollback().await?;
            let key = key.unwrap_or_default();
            return sent_before(db, user.id, key, &hash).await?.map(|p| (p, false)).ok_or(AppError::Internal);
        }
        Err(e) => return Err(e.into()),
    };
    let event = AuditEvent {
        user_id: Some(user.id),
        action: AuditAction::PhotoStored,
        entity: Some("household"),
        entity_id: Some(p.household_id.to_string()),
        detail: Some(format!("photo {id}: {} ({})", p.kind.as_str(), p.consent.as_str())),
    };
    record_on(&mut tx, event, &now).await?;
    tx.commit().await?;
    let row: Row =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM photos WHERE id = $1")).bind(id).fetch_one(&db.pool).await?;
    Ok((row.photo()?, true))
}

/// A photo's type and bytes for a user who may see its household: the copy without metadata.
pub async fn photo_bytes(
    db: &Db,
    store: &PhotoStore,
    user: &CurrentUser,
    id: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let row: Row = sqlx::query_as(&format!("SELECT {COLUMNS} FROM photos WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    check_visible(db, &user.scope, row.household_id).await?;
    let bytes = store.get(&row.clean_key).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AppError::NotFound,
        _ => {
            tracing::error!(photo = id, error = %e, "cannot read a photo from the photo store");
            AppError::Internal
        }
    })?;
    Ok((row.content_type, bytes))
}
