//! Visit plans over HTTP: a coordinator plans a district's day (the stops in the shortest
//! order, legs and arrivals), reorders it under versions, confirms it for the team, who see
//! it for today with the visits made; unvisited stops carried to a new plan; a selection
//! split into days within the working day; scope and role rules; clear refusals.
use app::domain::geo::{distance_m, Position};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_databases;

const OFFICE: (f64, f64) = (15.1186, 104.3220);

/// Households of an amphoe with a position, first `n` by id.
async fn placed_households(app: &TestApp, amphoe: &str, n: usize) -> Vec<(i64, f64, f64)> {
    let rows: Vec<(i64, f64, f64)> = sqlx::query_as(&format!(
        "SELECT id, lat, lon FROM households WHERE amphoe_code = '{amphoe}' AND lat IS NOT NULL AND lon IS NOT NULL
         ORDER BY id LIMIT {n}"
    ))
    .fetch_all(&app.db.pool)
    .await
    .expect("households");
    assert_eq!(rows.len(), n, "the demo province has placed households in {amphoe}");
    rows
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    app.scalar(&format!("SELECT id FROM users WHERE username = '{username}'")).await
}

async fn send(app: &TestApp, method: reqwest::Method, path: &str, cookie: &str, body: Option<Value>) -> (u16, Value) {
    let mut r = app.client.request(method, app.url(path)).header("cookie", cookie);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.expect("request");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn plan_body(date: &str, ids: &[i64], officers: &[i64]) -> Value {
    json!({
        "amphoe_code": "3301",
        "visit_date": date,
        "start": {"label": "ที่ว่าการอำเภอเมืองศรีสะเกษ", "lat": OFFICE.0, "lon": OFFICE.1},
        "travel": {"start_minute": 510, "speed_kmh": 40.0, "detour_factor": 1.3, "minutes_per_visit": 30},
        "officer_ids": officers,
        "household_ids": ids,
    })
}

fn order(plan: &Value) -> Vec<i64> {
    plan["stops"].as_array().expect("stops").iter().map(|s| s["household_id"].as_i64().expect("id")).collect()
}

/// The length of a closed tour from the office, straight lines.
fn tour_m(stops: &[(i64, f64, f64)], ids: &[i64]) -> f64 {
    let office = Position { lat: OFFICE.0, lon: OFFICE.1 };
    let pos = |id: &i64| {
        let s = stops.iter().find(|s| s.0 == *id).expect("a stop");
        Position { lat: s.1, lon: s.2 }
    };
    let mut here = office;
    let mut total = 0.0;
    for id in ids {
        total += distance_m(here, pos(id));
        here = pos(id);
    }
    total + distance_m(here, office)
}

fn permutations(items: &[i64]) -> Vec<Vec<i64>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m-%d").to_string()
}

async fn a_coordinator_plans_a_day_in_the_shortest_order(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let stops = placed_households(app, "3301", 6).await;
    let ids: Vec<i64> = stops.iter().map(|s| s.0).collect();
    let (status, plan) =
        send(app, reqwest::Method::POST, "/api/v1/plans", &coordinator, Some(plan_body("2026-12-01", &ids, &[]))).await;
    assert_eq!(status, 201, "{plan}");
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["may_edit"], true);
    assert!(plan["title"].as_str().expect("title").contains("เมืองศรีสะเกษ"), "{}", plan["title"]);
    let got = order(&plan);
    let best = permutations(&ids).iter().map(|p| tour_m(&stops, p)).fold(f64::INFINITY, f64::min);
    assert!((tour_m(&stops, &got) - best).abs() < 1.0, "the plan's order is the shortest of all 720");
    // Legs add up to the day's distance (straight lines × 1.3); arrivals advance.
    let legs: f64 = plan["stops"].as_array().expect("stops").iter().map(|s| s["leg_m"].as_f64().expect("leg")).sum();
    let total = plan["distance_m"].as_f64().expect("distance");
    assert!((legs + plan["return_leg_m"].as_f64().expect("return") - total).abs() < 1.0);
    assert!((total - best * 1.3).abs() < 2.0, "{total} vs {}", best * 1.3);
    let arrivals: Vec<i64> =
        plan["stops"].as_array().expect("stops").iter().map(|s| s["arrive_minute"].as_i64().expect("min")).collect();
    assert!(arrivals[0] >= 510 && arrivals.windows(2).all(|w| w[1] >= w[0] + 30), "{arrivals:?}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'plan_saved'").await, 1);

    // Reordered by hand (a dragged stop): the order is kept, the version moves on.
    let id = plan["id"].as_i64().expect("id");
    let mut dragged = got.clone();
    dragged.swap(0, 5);
    let mut body = plan_body("2026-12-01", &dragged, &[]);
    body["optimise"] = json!(false);
    body["version"] = json!(1);
    let (status, moved) =
        send(app, reqwest::Method::PUT, &format!("/api/v1/plans/{id}"), &coordinator, Some(body.clone())).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(order(&moved), dragged);
    assert_eq!(moved["version"], 2);
    assert!(moved["distance_m"].as_f64().expect("d") >= total - 1.0, "never shorter than the best");
    // The same edit from the old version is a conflict, and changes nothing.
    let (status, err) = send(app, reqwest::Method::PUT, &format!("/api/v1/plans/{id}"), &coordinator, Some(body)).await;
    assert_eq!(status, 409, "{err}");
    assert!(err["error"]["message_th"].as_str().expect("th").contains("ผู้อื่น"));
    let (_, now) = send(app, reqwest::Method::GET, &format!("/api/v1/plans/{id}"), &coordinator, None).await;
    assert_eq!(now["version"], 2);
}
on_both_databases!(a_coordinator_plans_a_day_in_the_shortest_order, a_coordinator_plans_a_day_in_the_shortest_order);

async fn bad_plans_are_refused_clearly(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let stops = placed_households(app, "3301", 3).await;
    let ids: Vec<i64> = stops.iter().map(|s| s.0).collect();
    let post = |body: Value| {
        let cookie = coordinator.clone();
        async move { send(app, reqwest::Method::POST, "/api/v1/plans", &cookie, Some(body)).await }
    };
    let (status, err) = post(plan_body("2026-12-01", &[], &[])).await;
    assert_eq!(status, 422);
    assert!(err["error"]["message_th"].as_str().expect("th").contains("อย่างน้อย 1"), "{err}");
    let (status, err) = post(plan_body("1/12/2569", &ids, &[])).await;
    assert_eq!(status, 422);
    assert!(err["error"]["message_th"].as_str().expect("th").contains("1/12/2569"), "{err}");
    let (status, _) = post(plan_body("2026-12-01", &[ids[0], ids[1], ids[0]], &[])).await;
    assert_eq!(status, 422);
    // A household of another district.
    let other = placed_households(app, "3304", 1).await[0].0;
    let (status, err) = post(plan_body("2026-12-01", &[ids[0], other], &[])).await;
    assert_eq!(status, 422);
    assert!(err["error"]["message_th"].as_str().expect("th").contains(&format!("#{other}")), "{err}");
    // A household without a position is named.
    app.db_exec(&format!("UPDATE households SET lat = NULL, lon = NULL WHERE id = {}", ids[2])).await;
    let (status, err) = post(plan_body("2026-12-01", &ids, &[])).await;
    assert_eq!(status, 422);
    let th = err["error"]["message_th"].as_str().expect("th");
    assert!(th.contains(&format!("#{}", ids[2])) && th.contains("พิกัด"), "{th}");
    // Travel settings out of range; an executive; an officer; signed out.
    let mut body = plan_body("2026-12-01", &ids[..2], &[]);
    body["travel"]["speed_kmh"] = json!(0);
    assert_eq!(post(body).await.0, 422);
    let executive = app.sign_in("executive").await;
    let (status, _) =
        send(app, reqwest::Method::POST, "/api/v1/plans", &executive, Some(plan_body("2026-12-01", &ids[..2], &[])))
            .await;
    assert_eq!(status, 403);
    let officer = app.sign_in("officer.mueang").await;
    let (status, _) =
        send(app, reqwest::Method::POST, "/api/v1/plans", &officer, Some(plan_body("2026-12-01", &ids[..2], &[])))
            .await;
    assert_eq!(status, 403);
    let r = app.client.get(app.url("/api/v1/plans")).send().await.expect("GET");
    assert_eq!(r.status(), 401);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM visit_plans").await, 0, "nothing stored");
}
on_both_databases!(bad_plans_are_refused_clearly, bad_plans_are_refused_clearly);

async fn a_confirmed_plan_reaches_the_team_and_unvisited_stops_carry_over(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let officer = app.sign_in("officer.mueang").await;
    let officer_id = user_id(app, "officer.mueang").await;
    let stops = placed_households(app, "3301", 4).await;
    let ids: Vec<i64> = stops.iter().map(|s| s.0).collect();
    let date = today();
    let (_, plan) =
        send(app, reqwest::Method::POST, "/api/v1/plans", &coordinator, Some(plan_body(&date, &ids, &[]))).await;
    let id = plan["id"].as_i64().expect("id");
    let status_to = |status: &str, version: i64| json!({"status": status, "version": version});
    // No team yet: cannot be confirmed. A draft cannot be done.
    let (status, err) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/plans/{id}/status"),
        &coordinator,
        Some(status_to("confirmed", 1)),
    )
    .await;
    assert_eq!(status, 422);
    assert!(err["error"]["message_th"].as_str().expect("th").contains("ทีม"), "{err}");
    let (status, _) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/plans/{id}/status"),
        &coordinator,
        Some(status_to("done", 1)),
    )
    .await;
    assert_eq!(status, 422);
    // With the officer on the team it is confirmed, and shows on their phone for today.
    let mut body = plan_body(&date, &order(&plan), &[officer_id]);
    body["version"] = json!(1);
    body["optimise"] = json!(false);
    let (status, _) = send(app, reqwest::Method::PUT, &format!("/api/v1/plans/{id}"), &coordinator, Some(body)).await;
    assert_eq!(status, 200);
    let (_, today_before) = send(app, reqwest::Method::GET, "/api/v1/plans/today", &officer, None).await;
    assert_eq!(today_before["plans"], json!([]), "a draft is not shared yet");
    let (status, confirmed) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/plans/{id}/status"),
        &coordinator,
        Some(status_to("confirmed", 2)),
    )
    .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(confirmed["status"], "confirmed");
    let (_, mine) = send(app, reqwest::Method::GET, "/api/v1/plans/today", &officer, None).await;
    assert_eq!(mine["date"], date);
    assert_eq!(mine["plans"][0]["id"], id);
    assert_eq!(mine["plans"][0]["may_edit"], false);
    // The officer reads it but cannot change it; another district's officer cannot read it.
    let (status, _) =
        send(app, reqwest::Method::PUT, &format!("/api/v1/plans/{id}/status"), &officer, Some(status_to("done", 3)))
            .await;
    assert_eq!(status, 403);
    let kantharalak = app.sign_in("officer.kantharalak").await;
    let (status, _) = send(app, reqwest::Method::GET, &format!("/api/v1/plans/{id}"), &kantharalak, None).await;
    assert_eq!(status, 403);
    let (_, theirs) = send(app, reqwest::Method::GET, "/api/v1/plans", &kantharalak, None).await;
    assert_eq!(theirs, json!([]));
    // The field visits show at their stops.
    let first = order(&confirmed);
    for (hh, outcome) in [(first[0], "met"), (first[1], "nobody_home")] {
        let r = app
            .client
            .post(app.url("/api/v1/visits"))
            .header("cookie", &officer)
            .json(&json!({"household_id": hh, "outcome": outcome}))
            .send()
            .await
            .expect("visit");
        assert_eq!(r.status(), 201);
    }
    let (_, seen) = send(app, reqwest::Method::GET, &format!("/api/v1/plans/{id}"), &officer, None).await;
    assert_eq!(seen["stops"][0]["visit"]["outcome"], "met");
    assert_eq!(seen["stops"][1]["visit"]["outcome"], "nobody_home");
    assert_eq!(seen["stops"][2]["visit"], Value::Null);
    let (_, listed) =
        send(app, reqwest::Method::GET, "/api/v1/plans?amphoe=3301&status=confirmed", &coordinator, None).await;
    assert_eq!(listed[0]["visited"], 2);
    assert_eq!(listed[0]["stops"], 4);
    // Carried over: the three still to visit (nobody home counts), the same team.
    let (status, carried) = send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/plans/{id}/carry_over"),
        &coordinator,
        Some(json!({"visit_date": "2026-12-31"})),
    )
    .await;
    assert_eq!(status, 201, "{carried}");
    let mut carried_ids = order(&carried);
    carried_ids.sort_unstable();
    let mut expected = first[1..].to_vec();
    expected.sort_unstable();
    assert_eq!(carried_ids, expected);
    assert_eq!(carried["carried_from"], id);
    assert_eq!(carried["officers"][0]["user_id"], officer_id);
    // Done; a confirmed plan cannot be deleted, a draft can.
    let (status, _) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/plans/{id}/status"),
        &coordinator,
        Some(status_to("done", 3)),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(app, reqwest::Method::DELETE, &format!("/api/v1/plans/{id}"), &coordinator, None).await;
    assert_eq!(status, 422);
    let new_id = carried["id"].as_i64().expect("id");
    let (status, _) = send(app, reqwest::Method::DELETE, &format!("/api/v1/plans/{new_id}"), &coordinator, None).await;
    assert_eq!(status, 204);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM visit_plans").await, 1);
}
on_both_databases!(
    a_confirmed_plan_reaches_the_team_and_unvisited_stops_carry_over,
    a_confirmed_plan_reaches_the_team_and_unvisited_stops_carry_over
);

async fn a_selection_splits_into_working_days(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let stops = placed_households(app, "3301", 30).await;
    let ids: Vec<i64> = stops.iter().map(|s| s.0).collect();
    let body = |groups: Option<usize>| {
        json!({
            "start": {"label": "office", "lat": OFFICE.0, "lon": OFFICE.1},
            "travel": {"start_minute": 510, "speed_kmh": 40.0, "detour_factor": 1.3, "minutes_per_visit": 20},
            "household_ids": ids,
            "groups": groups,
            "workday_minutes": 300,
        })
    };
    let (status, split) = send(app, reqwest::Method::POST, "/api/v1/plans/split", &coordinator, Some(body(None))).await;
    assert_eq!(status, 200, "{split}");
    let groups = split["groups"].as_array().expect("groups");
    assert!(groups.len() >= 3, "30 visits of 20 minutes and the travel between do not fit in 2 days of 5 hours");
    let mut all: Vec<i64> = groups
        .iter()
        .flat_map(|g| g["household_ids"].as_array().expect("ids").iter().map(|i| i.as_i64().expect("id")))
        .collect();
    all.sort_unstable();
    let mut expected = ids.clone();
    expected.sort_unstable();
    assert_eq!(all, expected, "each household in exactly one group");
    for g in groups {
        assert!(g["minutes"].as_f64().expect("min") <= 300.0, "{g}");
        assert_eq!(g["over_limit"], false);
    }
    let (status, four) =
        send(app, reqwest::Method::POST, "/api/v1/plans/split", &coordinator, Some(body(Some(6)))).await;
    assert_eq!(status, 200);
    assert_eq!(four["groups"].as_array().expect("groups").len(), 6);
    let mut bad = body(None);
    bad["workday_minutes"] = json!(10);
    let (status, err) = send(app, reqwest::Method::POST, "/api/v1/plans/split", &coordinator, Some(bad)).await;
    assert_eq!(status, 422);
    assert!(err["error"]["message_th"].as_str().expect("th").contains("ชั่วโมง"), "{err}");
}
on_both_databases!(a_selection_splits_into_working_days, a_selection_splits_into_working_days);
