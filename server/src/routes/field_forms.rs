//! The field pages' forms as plain posts answered with redirects: recording a visit or an
//! assistance (with its photos) works without JavaScript, and the form's own client id makes a
//! second send of it harmless.
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use app::api::field::NewVisit;
use app::domain::assist_draft::{AssistDraft, DraftPhoto};
use app::domain::field::{MediaConsent, PhotoKind, VisitOutcome};
use app::domain::url::percent_encode;
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::field::assistance::{record_assistance, Recorded};
use app::ssr::field::idempotency::client_key;
use app::ssr::field::photos::{store_photo, NewPhoto};
use app::ssr::field::visits::record_visit;
use app::ssr::state::AppState;

use super::api_v1::auth::ApiUser;

#[derive(Deserialize)]
pub struct VisitFields {
    outcome: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
    #[serde(default)]
    client_id: String,
}

/// A coordinate as typed ("15.12", or empty).
fn coordinate(text: &str) -> Result<Option<f64>, AppError> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or_else(|| {
        AppError::invalid(format!("พิกัด '{text}' ไม่ใช่ตัวเลข"), format!("The coordinate '{text}' is not a number"))
    })
}

/// Back to the form with the message and everything that was typed.
fn back_with(household: i64, f: &VisitFields, message: &str) -> Response {
    let mut to = format!("/households/{household}/visit?error={}", percent_encode(message));
    for (k, v) in [("outcome", &f.outcome), ("note", &f.note), ("lat", &f.lat), ("lon", &f.lon)] {
        if !v.is_empty() {
            to.push_str(&format!("&{k}={}", percent_encode(v)));
        }
    }
    Redirect::to(&to).into_response()
}

pub async fn record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(household): Path<i64>,
    Form(f): Form<VisitFields>,
) -> Response {
    let parsed = (|| {
        let outcome = VisitOutcome::parse(&f.outcome)
            .ok_or_else(|| AppError::invalid("เลือกผลการเยี่ยม", "Choose the visit's outcome"))?;
        let key = client_key(Some(&f.client_id))?;
        let visit = NewVisit {
            household_id: household,
            outcome,
            note: Some(f.note.clone()),
            lat: coordinate(&f.lat)?,
            lon: coordinate(&f.lon)?,
            visited_at: None,
        };
        Ok::<_, AppError>((key, visit))
    })();
    let (key, visit) = match parsed {
        Ok(p) => p,
        Err(e) => return back_with(household, &f, &e.message(Lang::Th)),
    };
    match record_visit(&state.db, &user, key.as_deref(), &visit).await {
        Ok((v, _)) => Redirect::to(&format!("/households/{household}/visit?recorded={}", v.id)).into_response(),
        Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::Unauthenticated)) => e.into_response(),
        Err(e) => back_with(household, &f, &e.message(Lang::Th)),
    }
}

/// The assistance form's fields and photos as posted (multipart) without JavaScript.
struct AssistPost {
    fields: std::collections::HashMap<String, String>,
    photos: Vec<(PhotoKind, Vec<u8>)>,
}

async fn read_assist(mut form: Multipart) -> Result<AssistPost, AppError> {
    let unreadable = || AppError::invalid("อ่านแบบฟอร์มที่ส่งมาไม่ได้", "The form could not be read");
    let mut post = AssistPost { fields: Default::default(), photos: Vec::new() };
    while let Some(field) = form.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        let kind = match name.as_str() {
            "photo_before" => Some(PhotoKind::Before),
            "photo_after" => Some(PhotoKind::After),
            "consent_form_photo" => Some(PhotoKind::ConsentForm),
            _ => None,
        };
        match kind {
            Some(kind) => {
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                if !bytes.is_empty() {
                    post.photos.push((kind, bytes.to_vec()));
                }
            }
            None => {
                let text = field.text().await.map_err(|_| unreadable())?;
                post.fields.insert(name, text);
            }
        }
    }
    Ok(post)
}

/// Back to the assistance form with the message and the typed values (photos are chosen again).
fn assist_back(household: i64, fields: &std::collections::HashMap<String, String>, message: &str) -> Response {
    let mut to = format!("/field/households/{household}/assist?error={}", percent_encode(message));
    for k in [
        "problem_id",
        "menu_item_id",
        "owner_agency_id",
        "detail",
        "done_on",
        "amount_baht",
        "budget_source",
        "in_kind_baht",
        "result",
        "result_reason",
        "resolved",
        "propose_stage",
    ] {
        if let Some(v) = fields.get(k).filter(|v| !v.is_empty()) {
            to.push_str(&format!("&{k}={}", percent_encode(v)));
        }
    }
    Redirect::to(&to).into_response()
}

/// `POST /field/households/{id}/assist`: the assistance form without JavaScript. The record
/// and its photos are stored under the form's client id (a second send stores nothing new).
pub async fn record_assist(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(household): Path<i64>,
    form: Multipart,
) -> Response {
    let post = match read_assist(form).await {
        Ok(p) => p,
        Err(e) => return assist_back(household, &Default::default(), &e.message(Lang::Th)),
    };
    let f = |k: &str| post.fields.get(k).cloned().unwrap_or_default();
    let client_id = f("client_id");
    let consent = MediaConsent::parse(&f("consent")).unwrap_or(MediaConsent::None);
    let photo_id = |kind: PhotoKind| format!("{client_id}-{}", kind.as_str());
    let has_form = post.photos.iter().any(|(k, _)| *k == PhotoKind::ConsentForm);
    let draft = AssistDraft {
        problem_id: f("problem_id"),
        menu_item_id: f("menu_item_id"),
        owner_agency_id: f("owner_agency_id"),
        detail: f("detail"),
        done_on: f("done_on"),
        amount_baht: f("amount_baht"),
        budget_source: f("budget_source"),
        in_kind_baht: f("in_kind_baht"),
        result: f("result"),
        result_reason: f("result_reason"),
        resolved: f("resolved") == "on",
        propose_stage: f("propose_stage"),
        base_problem_status: f("base_problem_status"),
        base_stage: f("base_stage"),
        photos: post
            .photos
            .iter()
            .filter(|(k, _)| *k != PhotoKind::ConsentForm)
            .map(|(k, _)| DraftPhoto { client_id: photo_id(*k), kind: *k, consent })
            .collect(),
        consent_form: has_form.then(|| photo_id(PhotoKind::ConsentForm)),
        ..AssistDraft::default()
    };
    let record = match (client_key(Some(&client_id)), draft.to_record(household)) {
        (Ok(_), Ok(r)) => r,
        (Err(e), _) => return assist_back(household, &post.fields, &e.message(Lang::Th)),
        (_, Err(gap)) => return assist_back(household, &post.fields, &gap.th),
    };
    let stored = match record_assistance(&state.db, &state.boards, &user, Some(&client_id), &record).await {
        Ok(Recorded::Stored(a, _)) => a,
        Ok(Recorded::Conflict(conflicts)) => {
            let what: Vec<String> = conflicts
                .iter()
                .map(|c| {
                    format!(
                        "{}: ของคุณ {} · บนเซิร์ฟเวอร์ {}",
                        c.field.label(Lang::Th),
                        c.value_label(c.yours.as_deref(), Lang::Th),
                        c.value_label(c.server.as_deref(), Lang::Th)
                    )
                })
                .collect();
            let message = format!("ข้อมูลถูกเปลี่ยนบนเซิร์ฟเวอร์หลังจากเปิดแบบฟอร์มนี้ ({}) ตรวจสอบแล้วส่งอีกครั้ง", what.join("; "));
            return assist_back(household, &post.fields, &message);
        }
        Err(e @ (AppError::Forbidden | AppError::NotFound | AppError::Unauthenticated)) => return e.into_response(),
        Err(e) => return assist_back(household, &post.fields, &e.message(Lang::Th)),
    };
    state.lists.data_changed();
    // The consent form first: a public photo refers to it.
    let mut consent_form_id = None;
    let mut photos = post.photos;
    photos.sort_by_key(|(k, _)| *k != PhotoKind::ConsentForm);
    for (kind, bytes) in photos {
        let photo = NewPhoto {
            household_id: household,
            assistance_id: Some(stored.id),
            visit_id: None,
            kind,
            consent: if kind == PhotoKind::ConsentForm { MediaConsent::Internal } else { consent },
            consent_form_id: if kind == PhotoKind::ConsentForm { None } else { consent_form_id },
            bytes,
        };
        match store_photo(&state.db, &state.photos, &user, Some(&photo_id(kind)), &photo).await {
            Ok((p, _)) if kind == PhotoKind::ConsentForm => consent_form_id = Some(p.id),
            Ok(_) => {}
            Err(e) => {
                let message =
                    format!("บันทึกการช่วยเหลือแล้ว แต่รูป{}ยังไม่ได้บันทึก: {}", kind.label(Lang::Th), e.message(Lang::Th));
                return Redirect::to(&format!(
                    "/field/households/{household}/assist?error={}",
                    percent_encode(&message)
                ))
                .into_response();
            }
        }
    }
    Redirect::to(&format!("/field/households/{household}/assist?recorded={}", stored.id)).into_response()
}
