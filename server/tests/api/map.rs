//! The visit-planning map over HTTP: clusters that count exactly the households in the box,
//! scope and filters; box selections; households without a position and placing them (scope,
//! refusals in Thai, audit); a visit's GPS filling a missing position; district offices.
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_databases;

/// Wider than the province.
const PROVINCE_BOX: &str = "103.5,14.0,105.5,16.0";

fn counted(view: &Value) -> i64 {
    let clusters: i64 =
        view["clusters"].as_array().expect("clusters").iter().map(|c| c["count"].as_i64().expect("count")).sum();
    clusters + view["households"].as_array().expect("households").len() as i64
}

async fn put(app: &TestApp, path: &str, cookie: &str, body: &Value) -> (u16, Value) {
    let r = app.client.put(app.url(path)).header("cookie", cookie).json(body).send().await.expect("PUT");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

async fn clusters_count_what_is_in_the_box(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let placed = app.scalar("SELECT COUNT(*) FROM households WHERE lat IS NOT NULL").await;
    assert!(placed > 100, "the demo places most households");
    for zoom in [8, 11, 13] {
        let (status, view) =
            app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom={zoom}"), &cookie).await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(view["total"], placed);
        assert_eq!(counted(&view), placed, "zoom {zoom}");
        for c in view["clusters"].as_array().expect("clusters") {
            let stages: i64 = c["stages"].as_array().expect("stages").iter().map(|s| s.as_i64().expect("n")).sum();
            assert_eq!(stages, c["count"].as_i64().expect("count"));
        }
    }
    // A filter and a smaller box: Mueang's survive-stage households west of 104.35.
    let expected = app
        .scalar(
            "SELECT COUNT(*) FROM households WHERE amphoe_code = '3301' AND stage = 'survive'
             AND lat BETWEEN 14.0 AND 16.0 AND lon BETWEEN 103.5 AND 104.35",
        )
        .await;
    let (_, view) = app
        .get_json("/api/v1/map/households?bbox=103.5,14.0,104.35,16.0&zoom=10&amphoe=3301&stage=survive", &cookie)
        .await;
    assert_eq!(counted(&view), expected);
    // Close in, every household on its own, with what its marker and popup need.
    let (_, view) = app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=16"), &cookie).await;
    assert!(view["clusters"].as_array().expect("clusters").is_empty());
    let households = view["households"].as_array().expect("households");
    assert_eq!(households.len() as i64, placed);
    let h = &households[0];
    for key in ["id", "lat", "lon", "stage", "open_dimensions", "head_name"] {
        assert!(h.get(key).is_some(), "{key} in {h}");
    }
    // The same question, the same answer.
    let (_, again) = app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=11"), &cookie).await;
    let (_, once_more) = app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=11"), &cookie).await;
    assert_eq!(again, once_more);
    // Refusals name what is wrong, in Thai too.
    for bad in
        ["bbox=1,2&zoom=3", "bbox=103,14,105,16&zoom=30", "bbox=103,14,105,16", "bbox=103,14,105,16&zoom=9&stage=rich"]
    {
        let (status, body) = app.get_json(&format!("/api/v1/map/households?{bad}"), &cookie).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(!body["error"]["message_th"].as_str().expect("message").is_empty());
    }
    let r = app
        .client
        .get(app.url(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=9")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 401);
}
on_both_databases!(clusters_count_what_is_in_the_box_holds, clusters_count_what_is_in_the_box);

async fn another_amphoe_sees_none_of_mueang(app: &TestApp) {
    let cookie = app.sign_in("officer.kantharalak").await;
    let (_, view) = app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=16"), &cookie).await;
    let own = app.scalar("SELECT COUNT(*) FROM households WHERE amphoe_code = '3304' AND lat IS NOT NULL").await;
    assert_eq!(view["total"], own);
    let mueang: Vec<i64> = sqlx::query_scalar("SELECT id FROM households WHERE amphoe_code = '3301'")
        .fetch_all(&app.db.pool)
        .await
        .expect("ids");
    for h in view["households"].as_array().expect("households") {
        assert!(!mueang.contains(&h["id"].as_i64().expect("id")));
    }
    let (_, view) =
        app.get_json(&format!("/api/v1/map/households?bbox={PROVINCE_BOX}&zoom=9&amphoe=3301"), &cookie).await;
    assert_eq!(view["total"], 0);
    assert_eq!(counted(&view), 0);
    let (_, ids) = app.get_json(&format!("/api/v1/map/households/ids?bbox={PROVINCE_BOX}&amphoe=3301"), &cookie).await;
    assert_eq!(ids["total"], 0);
    let (_, unplaced) = app.get_json("/api/v1/map/unplaced?amphoe=3301", &cookie).await;
    assert_eq!(unplaced["total"], 0);
    let (_, offices) = app.get_json("/api/v1/district-offices", &cookie).await;
    let offices = offices.as_array().expect("offices");
    assert_eq!(offices.len(), 1);
    assert_eq!(offices[0]["amphoe_code"], "3304");
    assert_eq!(offices[0]["name_th"], "ที่ว่าการอำเภอกันทรลักษ์");
}
on_both_databases!(another_amphoe_sees_none_of_mueang_holds, another_amphoe_sees_none_of_mueang);

async fn a_box_selects_every_household_in_it(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let expected: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM households WHERE amphoe_code = '3301' AND lat BETWEEN 15.0 AND 15.2 AND lon BETWEEN 104.2 AND 104.4
         ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("ids");
    assert!(!expected.is_empty(), "the demo has Mueang households near town");
    let (status, body) =
        app.get_json("/api/v1/map/households/ids?bbox=104.2,15.0,104.4,15.2&amphoe=3301", &cookie).await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = body["ids"].as_array().expect("ids").iter().map(|v| v.as_i64().expect("id")).collect();
    assert_eq!(ids, expected);
    assert_eq!(body["total"], expected.len());
    let (status, _) = app.get_json("/api/v1/map/households/ids?amphoe=3301", &cookie).await;
    assert_eq!(status, 422, "a selection needs a box");
}
on_both_databases!(a_box_selects_every_household_in_it_holds, a_box_selects_every_household_in_it);

async fn households_without_a_position_are_placed(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let missing = app.scalar("SELECT COUNT(*) FROM households WHERE amphoe_code = '3301' AND lat IS NULL").await;
    assert!(missing > 0, "the demo leaves some households without a position");
    let (status, page) = app.get_json("/api/v1/map/unplaced?amphoe=3301", &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], missing);
    let first = &page["items"][0];
    let id = first["id"].as_i64().expect("id");
    assert_eq!(first["amphoe_code"], "3301");

    // Refused: outside Thailand, half a position, an executive, another amphoe's officer.
    let path = format!("/api/v1/households/{id}/position");
    let (status, body) = put(app, &path, &cookie, &json!({"lat": 48.85, "lon": 2.35})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").contains("นอกประเทศไทย"), "{body}");
    let (status, body) = put(app, &path, &cookie, &json!({"lat": 15.1})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").contains("ละติจูดและลองจิจูด"));
    let executive = app.sign_in("executive").await;
    let (status, _) = put(app, &path, &executive, &json!({"lat": 15.1, "lon": 104.3})).await;
    assert_eq!(status, 403);
    let other = app.sign_in("officer.kantharalak").await;
    let (status, _) = put(app, &path, &other, &json!({"lat": 15.1, "lon": 104.3})).await;
    assert_eq!(status, 403);
    let (status, _) =
        put(app, "/api/v1/households/99999999/position", &cookie, &json!({"lat": 15.1, "lon": 104.3})).await;
    assert_eq!(status, 404);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM households WHERE id = {id} AND lat IS NULL")).await, 1);

    // Placed by the district's officer: stored, audited, off the list, on the map.
    let officer = app.sign_in("officer.mueang").await;
    let (status, body) = put(app, &path, &officer, &json!({"lat": 15.1234, "lon": 104.3456})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"id": id, "lat": 15.1234, "lon": 104.3456}));
    let (lat, lon): (Option<f64>, Option<f64>) = sqlx::query_as("SELECT lat, lon FROM households WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("position");
    assert_eq!((lat, lon), (Some(15.1234), Some(104.3456)));
    let audited = app
        .scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'position_set' AND entity_id = '{id}'"))
        .await;
    assert_eq!(audited, 1);
    let (_, page) = app.get_json("/api/v1/map/unplaced?amphoe=3301", &cookie).await;
    assert_eq!(page["total"], missing - 1);
    let (_, ids) = app.get_json("/api/v1/map/households/ids?bbox=104.34,15.12,104.35,15.13", &cookie).await;
    assert!(ids["ids"].as_array().expect("ids").contains(&json!(id)));
}
on_both_databases!(households_without_a_position_are_placed_holds, households_without_a_position_are_placed);

async fn a_visit_with_gps_fills_a_missing_position(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let unplaced = app.scalar("SELECT MIN(id) FROM households WHERE amphoe_code = '3301' AND lat IS NULL").await;
    let placed = app.scalar("SELECT MIN(id) FROM households WHERE amphoe_code = '3301' AND lat IS NOT NULL").await;
    let before: (f64, f64) = sqlx::query_as("SELECT lat, lon FROM households WHERE id = $1")
        .bind(placed)
        .fetch_one(&app.db.pool)
        .await
        .expect("position");
    for id in [unplaced, placed] {
        let r = app
            .client
            .post(app.url("/api/v1/visits"))
            .header("cookie", &officer)
            .json(&json!({"household_id": id, "outcome": "met", "lat": 15.2001, "lon": 104.2002}))
            .send()
            .await
            .expect("visit");
        assert_eq!(r.status(), 201);
    }
    let filled: (Option<f64>, Option<f64>) = sqlx::query_as("SELECT lat, lon FROM households WHERE id = $1")
        .bind(unplaced)
        .fetch_one(&app.db.pool)
        .await
        .expect("position");
    assert_eq!(filled, (Some(15.2001), Some(104.2002)), "the visit's GPS becomes the household's position");
    let kept: (f64, f64) = sqlx::query_as("SELECT lat, lon FROM households WHERE id = $1")
        .bind(placed)
        .fetch_one(&app.db.pool)
        .await
        .expect("position");
    assert_eq!(kept, before, "a known position is never moved by a visit");
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'position_set' AND entity_id = '{unplaced}'"
        ))
        .await;
    assert_eq!(audited, 1);
}
on_both_databases!(a_visit_with_gps_fills_a_missing_position_holds, a_visit_with_gps_fills_a_missing_position);

async fn district_offices_are_listed_and_corrected(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let (status, offices) = app.get_json("/api/v1/district-offices", &coordinator).await;
    assert_eq!(status, 200);
    let offices = offices.as_array().expect("offices");
    assert_eq!(offices.len(), 22);
    assert_eq!(offices[0]["amphoe_code"], "3301");
    assert_eq!(offices[0]["name_th"], "ที่ว่าการอำเภอเมืองศรีสะเกษ");
    assert_eq!(offices[0]["is_approximate"], true);
    let officer = app.sign_in("officer.mueang").await;
    let (_, mine) = app.get_json("/api/v1/district-offices", &officer).await;
    assert_eq!(mine.as_array().expect("offices").len(), 1);

    let change = json!({"name_th": "ที่ว่าการอำเภอเมืองศรีสะเกษ", "lat": 15.1186, "lon": 104.3220});
    for who in ["officer.mueang", "executive"] {
        let cookie = app.sign_in(who).await;
        let (status, _) = put(app, "/api/v1/district-offices/3301", &cookie, &change).await;
        assert_eq!(status, 403, "{who}");
    }
    let (status, body) =
        put(app, "/api/v1/district-offices/3301", &coordinator, &json!({"name_th": "x", "lat": 1.0, "lon": 104.3}))
            .await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").contains("นอกประเทศไทย"));
    let (status, body) =
        put(app, "/api/v1/district-offices/3301", &coordinator, &json!({"name_th": " ", "lat": 15.1, "lon": 104.3}))
            .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = put(app, "/api/v1/district-offices/9999", &coordinator, &change).await;
    assert_eq!(status, 403, "outside the province");
    let (status, saved) = put(app, "/api/v1/district-offices/3301", &coordinator, &change).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["lat"], 15.1186);
    assert_eq!(saved["is_approximate"], false);
    let admin = app.sign_in("admin").await;
    let (status, _) = put(app, "/api/v1/district-offices/3304", &admin, &change).await;
    assert_eq!(status, 200);
    let audited = app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'district_office_changed'").await;
    assert_eq!(audited, 2);
    let (_, mine) = app.get_json("/api/v1/district-offices", &officer).await;
    assert_eq!(mine[0]["lon"], 104.3220);
}
on_both_databases!(district_offices_are_listed_and_corrected_holds, district_offices_are_listed_and_corrected);

async fn the_map_page_renders_on_the_server(app: &TestApp) {
    let r = app.get("/map", "").await;
    assert_eq!(r.status(), 303, "signed out: to the sign-in page");
    let cookie = app.sign_in("coordinator").await;
    let r = app.get("/map?amphoe=3301", &cookie).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("HTML");
    for text in ["แผนที่วางแผนการเยี่ยม", "ครัวเรือนที่ยังไม่มีพิกัด", "ระบุตำแหน่ง", "แผนที่ต้องใช้ JavaScript", "ที่ว่าการอำเภอ (จุดเริ่มต้น)"]
    {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("leaflet.js"), "Leaflet is loaded by the map's script, not by the page");
    let executive = app.sign_in("executive").await;
    let html = app.get("/map", &executive).await.text().await.expect("HTML");
    assert!(html.contains("href=\"/map\""), "the top bar links the map");
    assert!(!html.contains("ระบุตำแหน่ง"), "executives read, they do not place");
    let officer = app.sign_in("officer.mueang").await;
    let html = app.get("/field", &officer).await.text().await.expect("HTML");
    assert!(!html.contains("href=\"/map\""));
}
on_both_databases!(the_map_page_renders_on_the_server_holds, the_map_page_renders_on_the_server);
