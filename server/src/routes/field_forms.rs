//! The field pages' forms as plain posts answered with redirects: recording a visit works
//! without JavaScript, and the form's own client id makes a second send of it harmless.
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use app::api::field::NewVisit;
use app::domain::field::VisitOutcome;
use app::domain::url::percent_encode;
use app::error::AppError;
use app::i18n::Lang;
use app::ssr::field::idempotency::client_key;
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
