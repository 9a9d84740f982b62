//! `POST /api/v1/routes/solve` over HTTP: the optimal order of a small day (checked against
//! every permutation), a one-way road matrix with an end row, an end point, sign-in required,
//! and each kind of bad input refused with a message naming it.
use serde_json::{json, Value};

use app::domain::geo::{distance_m, Position};

use crate::helpers::TestApp;
use crate::on_both_databases;

async fn solve(app: &TestApp, cookie: Option<&str>, body: &Value) -> (u16, Value) {
    let mut r = app.client.post(app.url("/api/v1/routes/solve")).json(body);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let r = r.send().await.expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

/// The shortest length over every order of the stops (the oracle).
fn brute_force(start: Position, stops: &[Position], end: Position) -> f64 {
    fn go(at: Position, left: &mut Vec<Position>, end: Position, so_far: f64, best: &mut f64) {
        if left.is_empty() {
            *best = best.min(so_far + distance_m(at, end));
            return;
        }
        for i in 0..left.len() {
            let next = left.remove(i);
            go(next, left, end, so_far + distance_m(at, next), best);
            left.insert(i, next);
        }
    }
    let mut best = f64::INFINITY;
    go(start, &mut stops.to_vec(), end, 0.0, &mut best);
    best
}

fn ids(body: &Value) -> Vec<&str> {
    body["order"].as_array().expect("order").iter().map(|v| v.as_str().expect("id")).collect()
}

async fn a_small_day_gets_the_optimal_order(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let start = Position { lat: 15.1186, lon: 104.3220 };
    let stops: Vec<Position> = [
        (15.213, 104.278),
        (15.04, 104.332),
        (14.989, 104.398),
        (15.037, 104.434),
        (15.078, 104.295),
        (15.135, 104.293),
        (15.167, 104.34),
    ]
    .iter()
    .map(|&(lat, lon)| Position { lat, lon })
    .collect();
    let body = json!({
        "start": { "lat": start.lat, "lon": start.lon },
        "stops": stops.iter().enumerate().map(|(i, p)| json!({ "id": format!("h{i}"), "lat": p.lat, "lon": p.lon })).collect::<Vec<_>>(),
    });
    let (status, answer) = solve(app, Some(&officer), &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["exact"], true);
    let order = ids(&answer);
    assert_eq!(order.len(), stops.len());
    let best = brute_force(start, &stops, start);
    let distance = answer["distance_m"].as_f64().expect("distance");
    assert!((distance - best).abs() < 1e-6, "{distance} vs the optimum {best}");
    // The legs walk start → the order → end and add up to the distance.
    let legs = answer["legs"].as_array().expect("legs");
    assert_eq!(legs.len(), stops.len() + 1);
    assert_eq!((legs[0]["from"].as_str(), legs[0]["to"].as_str()), (Some("start"), Some(order[0])));
    assert_eq!(legs[stops.len()]["to"], "end");
    let sum: f64 = legs.iter().map(|l| l["distance_m"].as_f64().expect("leg")).sum();
    assert!((sum - distance).abs() < 1e-6);
    // The same request and seed give the same order.
    let (_, again) = solve(app, Some(&officer), &body).await;
    assert_eq!(again["order"], answer["order"]);
}
on_both_databases!(a_small_day_gets_the_optimal_order, a_small_day_gets_the_optimal_order);

async fn a_road_matrix_and_an_end_are_followed(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    // One-way: a → b is cheap, b → a dear; the last row is the end, reached cheaply from b.
    let body = json!({
        "stops": [{ "id": "a" }, { "id": "b" }, { "id": "c" }],
        "matrix": [
            [0, 5, 50, 9, 0],
            [50, 0, 1, 50, 50],
            [50, 90, 0, 50, 2],
            [9, 1, 50, 0, 50],
            [0, 0, 0, 0, 0],
        ],
    });
    let (status, answer) = solve(app, Some(&officer), &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer), ["c", "a", "b"]);
    assert_eq!(answer["distance_m"], 13.0);
    assert_eq!(answer["legs"][3], json!({ "from": "b", "to": "end", "distance_m": 2.0 }));

    // With coordinates: stops along a road east, the day ends past the last one.
    let body = json!({
        "start": { "lat": 15.0, "lon": 104.0 },
        "end": { "lat": 15.0, "lon": 104.2 },
        "stops": ([0.15, 0.05, 0.1].iter().enumerate()
            .map(|(i, d)| json!({ "id": format!("s{i}"), "lat": 15.0, "lon": 104.0 + d })).collect::<Vec<_>>()),
        "time_limit_ms": 50,
        "seed": 3,
    });
    let (status, answer) = solve(app, Some(&officer), &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer), ["s1", "s2", "s0"]);
}
on_both_databases!(a_road_matrix_and_an_end_are_followed, a_road_matrix_and_an_end_are_followed);

async fn a_large_day_is_ordered_within_its_time(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let stops: Vec<Value> = (0..150)
        .map(|i: i32| json!({ "id": format!("h{i}"), "lat": 15.0 + f64::from(i % 13) * 0.011, "lon": 104.2 + f64::from(i / 13) * 0.017 }))
        .collect();
    let body = json!({ "start": { "lat": 15.05, "lon": 104.25 }, "stops": stops, "time_limit_ms": 300 });
    let started = std::time::Instant::now();
    let (status, answer) = solve(app, Some(&officer), &body).await;
    assert_eq!(status, 200, "{answer}");
    assert!(started.elapsed().as_millis() < 3_000);
    assert_eq!(answer["exact"], false);
    let mut order: Vec<&str> = ids(&answer);
    order.sort_unstable();
    order.dedup();
    assert_eq!(order.len(), 150, "every stop once");
}
on_both_databases!(a_large_day_is_ordered_within_its_time, a_large_day_is_ordered_within_its_time);

async fn signed_out_callers_are_refused(app: &TestApp) {
    let body = json!({ "start": { "lat": 15.0, "lon": 104.0 }, "stops": [{ "id": "a", "lat": 15.1, "lon": 104.1 }] });
    let (status, answer) = solve(app, None, &body).await;
    assert_eq!(status, 401, "{answer}");
    assert_eq!(answer["error"]["code"], "unauthenticated");
}
on_both_databases!(signed_out_callers_are_refused, signed_out_callers_are_refused);

async fn bad_input_is_refused_with_a_message_naming_it(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let start = json!({ "lat": 15.0, "lon": 104.0 });
    let stop = |id: &str| json!({ "id": id, "lat": 15.1, "lon": 104.1 });
    let many: Vec<Value> = (0..501).map(|i| stop(&format!("h{i}"))).collect();
    let cases = [
        (json!({ "start": start, "stops": [] }), "จุดแวะอย่างน้อย 1 จุด", "At least one stop"),
        (json!({ "start": start, "stops": many }), "501 จุด", "501 stops"),
        (json!({ "start": start, "stops": [stop("a"), stop("a")] }), "\"a\" ซ้ำกัน", "more than once"),
        (json!({ "start": start, "stops": [stop(" ")] }), "ต้องมีรหัส", "needs an id"),
        (
            json!({ "start": { "lat": 95.0, "lon": 104.0 }, "stops": [stop("a")] }),
            "ละติจูดของจุดเริ่มต้น",
            "latitude of the start",
        ),
        (
            json!({ "start": start, "stops": [{ "id": "a", "lat": 15.1, "lon": 204.0 }] }),
            "ลองจิจูดของจุดแวะ \"a\"",
            "longitude of stop \"a\"",
        ),
        (json!({ "start": start, "stops": [{ "id": "a" }] }), "ไม่มีพิกัด", "no coordinates"),
        (json!({ "stops": [stop("a")] }), "จุดเริ่มต้น (start)", "Send a start"),
        (
            json!({ "stops": [{ "id": "a" }, { "id": "b" }], "matrix": [[0, 1], [1, 0]] }),
            "matrix มี 2 แถว",
            "The matrix has 2 rows",
        ),
        (json!({ "stops": [{ "id": "a" }], "matrix": [[0, 1], [1]] }), "แถวที่ 1 มี 1 ค่า", "must be square"),
        (json!({ "stops": [{ "id": "a" }], "matrix": [[0, -4], [1, 0]] }), "แถว 0 คอลัมน์ 1 ติดลบ", "is negative"),
        (
            json!({ "end": start, "stops": [{ "id": "a" }], "matrix": [[0, 4], [1, 0]] }),
            "ไม่มีแถวของจุดสิ้นสุด",
            "no row for it",
        ),
        (json!({ "start": start, "stops": [{ "id": "a", "lat": "NaN", "lon": 104.0 }] }), "ผิดรูปแบบ", "wrong shape"),
    ];
    for (body, th, en) in cases {
        let (status, answer) = solve(app, Some(&officer), &body).await;
        assert_eq!(status, 422, "{answer}");
        let (message_th, message) = (answer["error"]["message_th"].as_str(), answer["error"]["message"].as_str());
        assert!(message_th.is_some_and(|m| m.contains(th)), "{th}: {answer}");
        assert!(message.is_some_and(|m| m.contains(en)), "{en}: {answer}");
    }
    // A bare NaN is not JSON at all.
    let r = app
        .client
        .post(app.url("/api/v1/routes/solve"))
        .header("cookie", &officer)
        .header("content-type", "application/json")
        .body(r#"{"start": {"lat": NaN, "lon": 104}, "stops": [{"id": "a", "lat": 15, "lon": 104}]}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status().as_u16(), 422);
    let answer: Value = r.json().await.expect("JSON body");
    assert_eq!(answer["error"]["message"], "The body is not valid JSON");
}
on_both_databases!(bad_input_is_refused_with_a_message_naming_it, bad_input_is_refused_with_a_message_naming_it);
