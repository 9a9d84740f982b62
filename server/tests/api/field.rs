//! The field app's records over HTTP: visits, assistance and photos stored exactly once per
//! `Idempotency-Key` (also under 10 concurrent sends), a reused key with another body refused,
//! scope and role enforced, photos checked by content and served without their location.
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_databases;

async fn post(app: &TestApp, cookie: &str, path: &str, key: Option<&str>, body: &Value) -> (u16, Value, bool) {
    let mut r = app.client.post(app.url(path)).header("cookie", cookie).json(body);
    if let Some(k) = key {
        r = r.header("idempotency-key", k);
    }
    let r = r.send().await.expect("POST");
    let status = r.status().as_u16();
    let replayed = r.headers().get("idempotent-replayed").is_some();
    (status, r.json().await.expect("JSON body"), replayed)
}

/// A household of amphoe `amphoe` with an open problem: (household, problem, problem version).
pub(crate) async fn household_with_problem(app: &TestApp, amphoe: &str) -> (i64, i64, i64) {
    sqlx::query_as(&format!(
        "SELECT h.id, p.id, p.version FROM households h JOIN problems p ON p.household_id = h.id
         WHERE h.amphoe_code = '{amphoe}' AND p.status = 'open' ORDER BY h.id, p.id LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("a household with an open problem")
}

async fn the_same_assistance_sent_ten_times_at_once_is_stored_once(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, problem, version) = household_with_problem(app, "3301").await;
    let body = json!({
        "household_id": household,
        "problem_id": problem,
        "detail": "ซ่อมหลังคาและติดตั้งรางน้ำ",
        "done_on": "2026-11-20",
        "amount_satang": 350_000,
        "budget_source": "กองทุนแก้จน",
        "result": "done",
        "resolved_problem": true,
        "lat": 15.12,
        "lon": 104.33
    });
    let key = "a7c1e5d0-3b9f-4e2a-8d6c-1f0e9b8a7c65";
    let mut sends = Vec::new();
    for _ in 0..10 {
        let client = app.client.clone();
        let url = app.url("/api/v1/assistance");
        let (cookie, body) = (officer.clone(), body.clone());
        sends.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("cookie", cookie)
                .header("idempotency-key", key)
                .json(&body)
                .send()
                .await
                .expect("POST");
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.expect("json"))
        }));
    }
    let mut ids = Vec::new();
    let mut created = 0;
    for s in sends {
        let (status, body) = s.await.expect("task");
        assert!(status == 200 || status == 201, "{status}: {body}");
        created += usize::from(status == 201);
        ids.push(body["id"].as_i64().expect("id"));
    }
    assert_eq!(created, 1, "one send stores it, the others get it back");
    assert!(ids.iter().all(|id| *id == ids[0]), "every answer is the same record");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM assistance_records WHERE client_id = '{key}'")).await, 1);
    // The problem is resolved once, its version moved on once, and the boards heard of it.
    let (status, v): (String, i64) =
        sqlx::query_as(&format!("SELECT status, version FROM problems WHERE id = {problem}"))
            .fetch_one(&app.db.pool)
            .await
            .expect("problem");
    assert_eq!((status.as_str(), v), ("resolved", version + 1));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM board_events WHERE payload LIKE '%\"kind\":\"status\"%'").await, 1);

    // The same key with another body is refused and stores nothing.
    let mut other = body.clone();
    other["amount_satang"] = json!(1);
    let (status, answer, _) = post(app, &officer, "/api/v1/assistance", Some(key), &other).await;
    assert_eq!(status, 422, "{answer}");
    assert!(answer["error"]["message_th"].as_str().expect("th").contains("ถูกใช้กับข้อมูลอื่นแล้ว"));
    let (status, answer, replayed) = post(app, &officer, "/api/v1/assistance", Some(key), &body).await;
    assert_eq!((status, replayed), (200, true));
    assert_eq!(answer["problem_status"], "resolved");

    // Incomplete records are refused in the user's language.
    let mut cannot = body.clone();
    cannot["result"] = json!("cannot_do");
    cannot["resolved_problem"] = json!(false);
    let (status, answer, _) = post(app, &officer, "/api/v1/assistance", Some("another-key-0001"), &cannot).await;
    assert_eq!(status, 422);
    assert_eq!(answer["error"]["message_th"], "ถ้าดำเนินการไม่ได้ ต้องระบุเหตุผล");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM assistance_records WHERE client_id = 'another-key-0001'").await, 0);
}
on_both_databases!(
    the_same_assistance_sent_ten_times_at_once_is_stored_once,
    the_same_assistance_sent_ten_times_at_once_is_stored_once
);

async fn visits_are_recorded_once_and_only_in_scope(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let visit = json!({ "household_id": household, "outcome": "met", "note": "ผู้สูงอายุอยู่บ้าน สุขภาพดีขึ้น", "lat": 15.1, "lon": 104.3, "visited_at": "2026-11-28T09:30:00+07:00" });
    let (status, first, replayed) = post(app, &officer, "/api/v1/visits", Some("visit-0001-abcd"), &visit).await;
    assert_eq!((status, replayed), (201, false), "{first}");
    assert_eq!(first["visited_at"], "2026-11-28T02:30:00Z");
    assert_eq!(first["outcome"], "met");
    let (status, again, replayed) = post(app, &officer, "/api/v1/visits", Some("visit-0001-abcd"), &visit).await;
    assert_eq!((status, replayed), (200, true));
    assert_eq!(again["id"], first["id"]);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM visits WHERE household_id = {household}")).await, 1);
    // Without a key each send is a record.
    assert_eq!(post(app, &officer, "/api/v1/visits", None, &visit).await.0, 201);

    // Another district's household, an executive, bad fields, a bad key.
    let (foreign, _, _) = household_with_problem(app, "3304").await;
    let out = json!({ "household_id": foreign, "outcome": "met" });
    assert_eq!(post(app, &officer, "/api/v1/visits", Some("visit-0002-abcd"), &out).await.0, 403);
    let executive = app.sign_in("executive").await;
    assert_eq!(post(app, &executive, "/api/v1/visits", Some("visit-0003-abcd"), &visit).await.0, 403);
    let (status, answer, _) =
        post(app, &officer, "/api/v1/visits", None, &json!({ "household_id": household, "outcome": "party" })).await;
    assert_eq!(status, 422, "{answer}");
    let (status, answer, _) = post(
        app,
        &officer,
        "/api/v1/visits",
        None,
        &json!({ "household_id": household, "outcome": "met", "lat": 48.85, "lon": 2.35 }),
    )
    .await;
    assert_eq!(status, 422);
    assert!(answer["error"]["message_th"].as_str().expect("th").contains("นอกประเทศไทย"));
    let (status, _, _) = post(app, &officer, "/api/v1/visits", Some("bad key"), &visit).await;
    assert_eq!(status, 422);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'visit_recorded'").await, 2);
}
on_both_databases!(visits_are_recorded_once_and_only_in_scope, visits_are_recorded_once_and_only_in_scope);

/// A JPEG's structure with an EXIF block that holds a position.
pub(crate) fn jpeg_with_location() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    b.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F']);
    let exif = b"Exif\0\0GPSLatitude 15.118 GPSLongitude 104.322";
    b.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
    b.extend_from_slice(exif);
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x11, 0x22, 0x33, 0xFF, 0xD9]);
    b
}

pub(crate) async fn upload(
    app: &TestApp,
    cookie: &str,
    key: Option<&str>,
    fields: &[(&str, String)],
    file: Vec<u8>,
    file_name: &str,
) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    form = form.part("file", reqwest::multipart::Part::bytes(file).file_name(file_name.to_string()));
    let mut r = app.client.post(app.url("/api/v1/photos")).header("cookie", cookie).multipart(form);
    if let Some(k) = key {
        r = r.header("idempotency-key", k);
    }
    let r = r.send().await.expect("POST photo");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

async fn photos_are_checked_by_content_and_served_without_their_location(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let h = household.to_string();
    let fields = |kind: &str, consent: &str| {
        vec![("household_id", h.clone()), ("kind", kind.to_string()), ("consent", consent.to_string())]
    };

    // Not an image, whatever its name says.
    let (status, body) =
        upload(app, &officer, None, &fields("before", "none"), b"<html>not a photo</html>".to_vec(), "roof.jpg").await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["message_th"], "ไฟล์นี้ไม่ใช่ภาพ JPEG, PNG หรือ WebP");

    // A before photo: stored once, served without its EXIF position.
    let (status, photo) =
        upload(app, &officer, Some("photo-0001-abcd"), &fields("before", "internal"), jpeg_with_location(), "roof.jpg")
            .await;
    assert_eq!(status, 201, "{photo}");
    assert_eq!(photo["content_type"], "image/jpeg");
    let (status, again) =
        upload(app, &officer, Some("photo-0001-abcd"), &fields("before", "internal"), jpeg_with_location(), "roof.jpg")
            .await;
    assert_eq!((status, &again["id"]), (200, &photo["id"]));
    let url = photo["url"].as_str().expect("url");
    let r = app.get(url, &officer).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let served = r.bytes().await.expect("bytes").to_vec();
    assert!(served.starts_with(&[0xFF, 0xD8]) && served.ends_with(&[0xFF, 0xD9]));
    assert!(!served.windows(3).any(|w| w == b"GPS"), "the location is gone from the served copy");

    // Public needs the signed consent form of the same household.
    let (status, body) =
        upload(app, &officer, None, &fields("after", "public"), jpeg_with_location(), "after.jpg").await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").contains("แบบยินยอม"));
    let (status, form) =
        upload(app, &officer, None, &fields("consent_form", "internal"), jpeg_with_location(), "form.jpg").await;
    assert_eq!(status, 201);
    let mut public = fields("after", "public");
    public.push(("consent_form_id", form["id"].to_string()));
    let (status, body) = upload(app, &officer, None, &public, jpeg_with_location(), "after.jpg").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["consent_form_id"], form["id"]);

    // Out of scope, both ways.
    let (foreign, _, _) = household_with_problem(app, "3304").await;
    let other =
        vec![("household_id", foreign.to_string()), ("kind", "before".to_string()), ("consent", "none".to_string())];
    assert_eq!(upload(app, &officer, None, &other, jpeg_with_location(), "x.jpg").await.0, 403);
    let kantharalak = app.sign_in("officer.kantharalak").await;
    assert_eq!(app.get(url, &kantharalak).await.status(), 403);
    assert_eq!(app.get("/api/v1/photos/999999", &officer).await.status(), 404);
}
on_both_databases!(
    photos_are_checked_by_content_and_served_without_their_location,
    photos_are_checked_by_content_and_served_without_their_location
);

/// The visit page's plain form: its client id makes a second send harmless, and a refusal
/// sends back everything typed.
async fn the_visit_form_posts_once_and_keeps_what_was_typed(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let page = app.get(&format!("/households/{household}/visit"), &officer).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    let needle = "name=\"client_id\" value=\"";
    let at = html.find(needle).expect("the form's client id") + needle.len();
    let client_id = html[at..at + html[at..].find('"').expect("end")].to_string();
    assert!(client_id.starts_with("web-"));
    let send = |lat: &'static str| {
        app.client
            .post(app.url(&format!("/households/{household}/visit")))
            .header("cookie", officer.clone())
            .form(&[
                ("outcome", "nobody_home"),
                ("note", "ไม่มีคนอยู่ นัดใหม่พรุ่งนี้"),
                ("lat", lat),
                ("lon", "104.32"),
                ("client_id", &client_id),
            ])
            .send()
    };
    // A position outside Thailand: back to the form with the message and every field kept.
    let r = send("48.85").await.expect("post");
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().expect("ascii").to_string();
    assert!(location.starts_with(&format!("/households/{household}/visit?error=")), "{location}");
    assert!(location.contains("outcome=nobody_home") && location.contains("lat=48.85") && location.contains("note="));
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM visits WHERE household_id = {household}")).await, 0);
    // Corrected, then sent twice (a double tap): one visit.
    for _ in 0..2 {
        let r = send("15.12").await.expect("post");
        assert_eq!(r.status(), 303);
        assert!(r.headers()["location"].to_str().expect("ascii").contains("recorded="));
    }
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM visits WHERE household_id = {household}")).await, 1);
    let html = app.get(&format!("/households/{household}/visit"), &officer).await.text().await.expect("html");
    assert!(html.contains("ไม่มีคนอยู่ นัดใหม่พรุ่งนี้"), "the visit is listed");
    // Another district's household is refused.
    let (foreign, _, _) = household_with_problem(app, "3304").await;
    assert_eq!(app.get(&format!("/households/{foreign}/visit"), &officer).await.status(), 403);
}
on_both_databases!(
    the_visit_form_posts_once_and_keeps_what_was_typed,
    the_visit_form_posts_once_and_keeps_what_was_typed
);
