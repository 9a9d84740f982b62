//! `POST /api/v1/routes/solve`: orders a day's visits (start, stops, optional end, optional
//! road matrix) with the route solver, on a blocking thread under a deadline.
use std::collections::HashSet;
use std::time::{Duration, Instant};

use axum::Json;
use serde::{Deserialize, Serialize};

use app::domain::geo::Position;
use app::domain::route::{legs, solve, DistanceMatrix, RouteError, SolveOptions};
use app::error::AppError;

use super::auth::ApiUser;
use super::json_body::JsonBody;

/// The most stops one request may order.
pub const MAX_STOPS: usize = 500;
/// The solver's time when the request names none, and the most it may ask for.
const DEFAULT_TIME_LIMIT_MS: u64 = 1_000;
const MAX_TIME_LIMIT_MS: u64 = 10_000;
const MAX_ID_LEN: usize = 200;

#[derive(Debug, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Deserialize)]
pub struct StopIn {
    pub id: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct SolveRequest {
    pub start: Option<Point>,
    pub end: Option<Point>,
    pub stops: Vec<StopIn>,
    pub matrix: Option<Vec<Vec<f64>>>,
    pub time_limit_ms: Option<u64>,
    pub seed: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct Leg {
    pub from: String,
    pub to: String,
    pub distance_m: f64,
}

#[derive(Debug, Serialize)]
pub struct SolveResponse {
    pub order: Vec<String>,
    pub distance_m: f64,
    pub legs: Vec<Leg>,
    pub exact: bool,
}

fn bad(th: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::invalid(th, en)
}

/// A position with both parts finite and in range; `what` names it in the message.
fn position(lat: Option<f64>, lon: Option<f64>, th_what: &str, en_what: &str) -> Result<Position, AppError> {
    let (Some(lat), Some(lon)) = (lat, lon) else {
        return Err(bad(
            format!("{th_what} ไม่มีพิกัด (lat, lon) และไม่ได้ส่ง matrix มา"),
            format!("{en_what} has no coordinates (lat, lon) and no matrix was sent"),
        ));
    };
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(bad(
            format!("ละติจูดของ{th_what}ต้องอยู่ระหว่าง -90 ถึง 90 (ได้ {lat})"),
            format!("The latitude of {en_what} must be between -90 and 90 (got {lat})"),
        ));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(bad(
            format!("ลองจิจูดของ{th_what}ต้องอยู่ระหว่าง -180 ถึง 180 (ได้ {lon})"),
            format!("The longitude of {en_what} must be between -180 and 180 (got {lon})"),
        ));
    }
    Ok(Position { lat, lon })
}

fn matrix_refusal(e: &RouteError) -> AppError {
    match *e {
        RouteError::WrongSize { rows, stops, closed, open } => bad(
            format!("matrix มี {rows} แถว แต่จุดแวะ {stops} จุดต้องมี {closed} แถว (กลับจุดเริ่มต้น) หรือ {open} แถว (แถวสุดท้ายคือจุดสิ้นสุด)"),
            format!("The matrix has {rows} rows; {stops} stops need {closed} (back to the start) or {open} (the last row being the end)"),
        ),
        RouteError::NotSquare { row, len, expected } => bad(
            format!("matrix ต้องเป็นตารางจัตุรัส: แถวที่ {row} มี {len} ค่า แต่ต้องมี {expected} ค่า (นับแถวจาก 0)"),
            format!("The matrix must be square: row {row} has {len} entries, not {expected} (rows counted from 0)"),
        ),
        RouteError::NotFinite { row, col } => bad(
            format!("ค่าใน matrix แถว {row} คอลัมน์ {col} ไม่ใช่ตัวเลขที่ใช้ได้"),
            format!("The matrix entry at row {row}, column {col} is not a finite number"),
        ),
        RouteError::Negative { row, col } => bad(
            format!("ระยะทางใน matrix แถว {row} คอลัมน์ {col} ติดลบ"),
            format!("The matrix entry at row {row}, column {col} is negative"),
        ),
    }
}

/// Checks the request and builds the matrix: (matrix, stop ids, time limit, seed).
pub fn parse(request: SolveRequest) -> Result<(DistanceMatrix, Vec<String>, Duration, u64), AppError> {
    let n = request.stops.len();
    if n == 0 {
        return Err(bad("ต้องมีจุดแวะอย่างน้อย 1 จุด (stops ว่าง)", "At least one stop is needed (stops is empty)"));
    }
    if n > MAX_STOPS {
        return Err(bad(
            format!("จุดแวะมี {n} จุด เกินกว่าที่จัดเส้นทางได้ในครั้งเดียว ({MAX_STOPS} จุด) กรุณาแบ่งเป็นหลายวัน"),
            format!("{n} stops are more than one request may order ({MAX_STOPS}); split them into several days"),
        ));
    }
    let mut seen = HashSet::with_capacity(n);
    for (i, stop) in request.stops.iter().enumerate() {
        let id = stop.id.trim();
        if id.is_empty() || id.chars().count() > MAX_ID_LEN {
            return Err(bad(
                format!("จุดแวะลำดับที่ {} ต้องมีรหัส (id) ยาว 1–{MAX_ID_LEN} ตัวอักษร", i + 1),
                format!("Stop {} needs an id of 1–{MAX_ID_LEN} characters", i + 1),
            ));
        }
        if !seen.insert(stop.id.as_str()) {
            return Err(bad(
                format!("รหัสจุดแวะ \"{}\" ซ้ำกัน รหัสแต่ละจุดต้องไม่ซ้ำ", stop.id),
                format!("The stop id \"{}\" appears more than once; ids must be unique", stop.id),
            ));
        }
    }
    let matrix = match request.matrix {
        Some(rows) => {
            let m = DistanceMatrix::from_rows(rows, n).map_err(|e| matrix_refusal(&e))?;
            if request.end.is_some() && !m.has_end() {
                return Err(bad(
                    format!("ส่งจุดสิ้นสุด (end) มาแต่ matrix ไม่มีแถวของจุดสิ้นสุด (ต้องมี {} แถว)", n + 2),
                    format!("An end was sent but the matrix has no row for it (it needs {} rows)", n + 2),
                ));
            }
            m
        }
        None => {
            let Some(start) = request.start.as_ref() else {
                return Err(bad("ต้องระบุจุดเริ่มต้น (start) หรือส่ง matrix มา", "Send a start (or a matrix)"));
            };
            let start = position(Some(start.lat), Some(start.lon), "จุดเริ่มต้น", "the start")?;
            let end = match request.end.as_ref() {
                Some(e) => Some(position(Some(e.lat), Some(e.lon), "จุดสิ้นสุด", "the end")?),
                None => None,
            };
            let stops = request
                .stops
                .iter()
                .map(|s| position(s.lat, s.lon, &format!("จุดแวะ \"{}\"", s.id), &format!("stop \"{}\"", s.id)))
                .collect::<Result<Vec<_>, _>>()?;
            DistanceMatrix::from_positions(start, &stops, end)
        }
    };
    let limit = request.time_limit_ms.unwrap_or(DEFAULT_TIME_LIMIT_MS).min(MAX_TIME_LIMIT_MS);
    let ids = request.stops.into_iter().map(|s| s.id).collect();
    Ok((matrix, ids, Duration::from_millis(limit), request.seed.unwrap_or(0)))
}

pub async fn post_solve(
    ApiUser(_user): ApiUser,
    JsonBody(request): JsonBody<SolveRequest>,
) -> Result<Json<SolveResponse>, AppError> {
    let (matrix, ids, limit, seed) = parse(request)?;
    let deadline = Instant::now() + limit;
    let solved = tokio::task::spawn_blocking(move || {
        let tour = solve(&matrix, &SolveOptions { seed, ..SolveOptions::default() }, &|| Instant::now() >= deadline);
        let legs = legs(&matrix, &tour.order);
        (tour, legs)
    })
    .await;
    let (tour, leg_metres) = solved.map_err(|e| {
        tracing::error!(error = %e, "the route solver failed");
        AppError::Internal
    })?;
    let order: Vec<String> = tour.order.iter().map(|&s| ids[s].clone()).collect();
    let mut names = Vec::with_capacity(order.len() + 2);
    names.push("start".to_string());
    names.extend(order.iter().cloned());
    names.push("end".to_string());
    let legs = leg_metres
        .into_iter()
        .enumerate()
        .map(|(i, distance_m)| Leg { from: names[i].clone(), to: names[i + 1].clone(), distance_m })
        .collect();
    Ok(Json(SolveResponse { order, distance_m: tour.distance_m, legs, exact: tour.exact }))
}
