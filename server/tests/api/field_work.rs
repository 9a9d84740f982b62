//! The officer's field work over HTTP: "My work" (who needs a visit, nearest first), the quick
//! view and assistance pages, conflicts between an old copy and the server (both values, and
//! each choice), stage proposals checked by the rule, and the assistance form without
//! JavaScript (with a photo, stored once per form).
use serde_json::{json, Value};

use crate::field::jpeg_with_location;
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn my_work(app: &TestApp, cookie: &str, form: &[(&str, String)]) -> Value {
    let r = app.client.post(app.url("/api/my_work")).header("cookie", cookie).form(form).send().await.expect("POST");
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

async fn post_assistance(app: &TestApp, cookie: &str, key: &str, body: &Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url("/api/v1/assistance"))
        .header("cookie", cookie)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn my_work_lists_who_needs_a_visit_nearest_first(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let work = my_work(app, &officer, &[]).await;
    let total = work["total"].as_i64().expect("total");
    let expected = app
        .scalar(
            "SELECT COUNT(*) FROM households h WHERE h.amphoe_code = '3301'
             AND EXISTS (SELECT 1 FROM problems p WHERE p.household_id = h.id AND p.status IN ('open', 'in_progress'))",
        )
        .await;
    assert_eq!(total, expected, "nobody was visited yet: every household with pending problems");
    let items = work["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.len() <= 40);
    assert_eq!(work["by_distance"], false);
    for i in items {
        assert!(i["address"].as_str().expect("address").contains("อ.เมืองศรีสะเกษ"), "{i}");
        assert_eq!(i["reasons"], json!(["never_visited"]));
        assert!(i["open_problems"].as_i64().expect("n") > 0);
    }
    // A visit takes the household off the list.
    let first = items[0]["household_id"].as_i64().expect("id");
    let r = app
        .client
        .post(app.url("/api/v1/visits"))
        .header("cookie", &officer)
        .json(&json!({"household_id": first, "outcome": "met"}))
        .send()
        .await
        .expect("visit");
    assert_eq!(r.status(), 201);
    let after = my_work(app, &officer, &[]).await;
    assert_eq!(after["total"].as_i64(), Some(total - 1));
    assert!(after["items"].as_array().expect("items").iter().all(|i| i["household_id"] != first));
    // ...unless "not visited" means "not today" (0 days).
    let zero = my_work(app, &officer, &[("days", "0".into())]).await;
    assert_eq!(zero["total"].as_i64(), Some(total));
    // With the phone's position: nearest first.
    let (lat, lon): (f64, f64) = (15.1186, 104.3220);
    let near = my_work(app, &officer, &[("lat", lat.to_string()), ("lon", lon.to_string())]).await;
    assert_eq!(near["by_distance"], true);
    let distances: Vec<f64> = near["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| Some((i["lat"].as_f64()?, i["lon"].as_f64()?)))
        .map(|(a, b)| {
            let k = lat.to_radians().cos();
            ((a - lat).powi(2) + ((b - lon) * k).powi(2)).sqrt()
        })
        .collect();
    assert!(distances.len() > 5);
    assert!(distances.windows(2).all(|w| w[0] <= w[1] + 1e-12), "{distances:?}");
    // An agency sees the households whose problems it owns, marked so.
    let agency = app.sign_in("agency.health").await;
    let owned = my_work(app, &agency, &[]).await;
    for i in owned["items"].as_array().expect("items") {
        assert_eq!(i["reasons"][0], "owned_problems", "{i}");
    }
    // Executives have no field list to keep, but may look; signed-out callers may not.
    let r = app.client.post(app.url("/api/my_work")).form(&[("days", "1")]).send().await.expect("POST");
    assert_eq!(r.status(), 401);
}
on_both_databases!(my_work_lists_who_needs_a_visit_nearest_first, my_work_lists_who_needs_a_visit_nearest_first);

async fn field_pages_open_for_the_officer_in_scope(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let work = my_work(app, &officer, &[]).await;
    let id = work["items"][0]["household_id"].as_i64().expect("id");
    let name = work["items"][0]["head_name"].as_str().expect("name").to_string();
    let page = app.get("/field", &officer).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("งานของฉันวันนี้") && html.contains(&name));
    let quick = app.get(&format!("/field/households/{id}"), &officer).await.text().await.expect("html");
    assert!(quick.contains(&name) && quick.contains("ปัญหาที่ยังค้าง"));
    assert!(quick.contains(&format!("/field/households/{id}/assist?problem=")), "a button per pending problem");
    let phone: Option<String> = sqlx::query_scalar(&format!("SELECT phone FROM households WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("phone");
    if let Some(p) = phone {
        assert!(quick.contains(&format!("href=\"tel:{p}\"")), "one tap to call");
    }
    let assist = app.get(&format!("/field/households/{id}/assist"), &officer).await;
    assert_eq!(assist.status(), 200);
    assert!(assist.text().await.expect("html").contains("name=\"done_on\""));
    let foreign: i64 = sqlx::query_scalar("SELECT id FROM households WHERE amphoe_code = '3304' ORDER BY id LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("foreign");
    assert_eq!(app.get(&format!("/field/households/{foreign}"), &officer).await.status(), 403);
    let r = app.client.get(app.url("/field")).send().await.expect("GET");
    assert!(r.status() == 303 || r.url().path() == "/login", "signed out: to the sign-in page");
}
on_both_databases!(field_pages_open_for_the_officer_in_scope, field_pages_open_for_the_officer_in_scope);

/// A household of Mueang with an open problem, and that problem.
async fn open_problem(app: &TestApp) -> (i64, i64) {
    sqlx::query_as(
        "SELECT h.id, p.id FROM households h JOIN problems p ON p.household_id = h.id
         WHERE h.amphoe_code = '3301' AND p.status = 'open' ORDER BY h.id DESC, p.id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("an open problem")
}

async fn an_old_copy_is_a_conflict_with_both_values(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, problem) = open_problem(app).await;
    // Meanwhile, on the server, the problem was found impossible to solve.
    app.db_exec(&format!("UPDATE problems SET status = 'cannot_resolve', version = version + 1 WHERE id = {problem}"))
        .await;
    let body = json!({"household_id": household, "problem_id": problem, "detail": "ซ่อมห้องน้ำ",
                      "result": "done", "resolved_problem": true, "base_problem_status": "open"});
    let (status, answer) = post_assistance(app, &officer, "conflict-0001-abcd", &body).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(
        answer["conflicts"],
        json!([{"field": "problem_status", "yours": "resolved", "server": "cannot_resolve"}])
    );
    assert!(answer["error"]["message_th"].as_str().expect("message").contains("เลือก"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM assistance_records WHERE client_id = 'conflict-0001-abcd'").await, 0);
    // "Keep the server's": the record is stored, the problem stays as the server has it.
    let mut theirs = body.clone();
    theirs["resolved_problem"] = json!(false);
    theirs.as_object_mut().expect("object").remove("base_problem_status");
    let (status, stored) = post_assistance(app, &officer, "conflict-0001-abcd", &theirs).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["problem_status"], "cannot_resolve");
    // "Keep mine" on another record: sent again with the server's value as the one seen.
    let mut mine = body.clone();
    mine["base_problem_status"] = json!("cannot_resolve");
    let (status, stored) = post_assistance(app, &officer, "conflict-0002-abcd", &mine).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["problem_status"], "resolved");
    // Sent again (the phone did not hear the answer): the same record, no conflict.
    let (status, again) = post_assistance(app, &officer, "conflict-0002-abcd", &mine).await;
    assert_eq!((status, again["id"].clone()), (200, stored["id"].clone()));
}
on_both_databases!(an_old_copy_is_a_conflict_with_both_values, an_old_copy_is_a_conflict_with_both_values);

async fn stage_proposals_are_checked_by_the_rule(app: &TestApp) {
    let (household, problem) = open_problem(app).await;
    app.db_exec(&format!("UPDATE households SET stage = NULL WHERE id = {household}")).await;
    let body = |stage: &str| {
        json!({"household_id": household, "problem_id": problem, "detail": "ติดตามผล", "result": "in_progress",
               "propose_stage": stage})
    };
    // An officer proposes; the coordinator decides.
    let officer = app.sign_in("officer.mueang").await;
    let (status, stored) = post_assistance(app, &officer, "stage-0001-abcd", &body("survive")).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["proposed_stage"], "survive");
    assert_eq!(stored["household_stage"], Value::Null);
    assert!(stored["stage_note_th"].as_str().expect("note").contains("ผู้ประสานงาน"));
    // A coordinator's proposal the rule refuses: stored, stage unchanged, the reason given.
    let coordinator = app.sign_in("coordinator").await;
    let (status, stored) = post_assistance(app, &coordinator, "stage-0002-abcd", &body("sustainable")).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["household_stage"], Value::Null);
    assert!(stored["stage_note_th"].as_str().expect("reason").contains("ยั่งยืน"), "{stored}");
    // One it allows: moved, in the stage history.
    let history =
        format!("SELECT COUNT(*) FROM stage_history WHERE household_id = {household} AND to_stage = 'survive'");
    let before = app.scalar(&history).await;
    let (status, stored) = post_assistance(app, &coordinator, "stage-0003-abcd", &body("survive")).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["household_stage"], "survive", "{stored}");
    assert_eq!(app.scalar(&history).await, before + 1);
    // A proposal on a copy where the stage has since changed: a conflict.
    let mut stale = body("sufficient");
    stale["base_stage"] = Value::Null;
    app.db_exec(&format!("UPDATE households SET stage = 'sustainable' WHERE id = {household}")).await;
    let (status, answer) = post_assistance(app, &coordinator, "stage-0004-abcd", &stale).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["conflicts"][0]["field"], "stage");
    assert_eq!(answer["conflicts"][0]["server"], "sustainable");
}
on_both_databases!(stage_proposals_are_checked_by_the_rule, stage_proposals_are_checked_by_the_rule);

async fn the_assistance_form_posts_once_with_its_photo(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, problem) = open_problem(app).await;
    let send = |amount: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("client_id", "web-form-0001-abcd")
            .text("problem_id", problem.to_string())
            .text("detail", "มอบพันธุ์ไก่ไข่ 10 ตัว")
            .text("done_on", "20/11/2569")
            .text("amount_baht", amount)
            .text("result", "done")
            .text("resolved", "on")
            .text("base_problem_status", "open")
            .text("consent", "internal")
            .part("photo_after", reqwest::multipart::Part::bytes(jpeg_with_location()).file_name("after.jpg"));
        app.client
            .post(app.url(&format!("/field/households/{household}/assist")))
            .header("cookie", officer.clone())
            .multipart(form)
            .send()
    };
    // A bad amount: back to the form with the message and what was typed.
    let r = send("สองพัน").await.expect("post");
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().expect("ascii").to_string();
    assert!(location.contains("error=") && location.contains("detail=") && location.contains("done_on="), "{location}");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assistance_records WHERE household_id = {household} AND client_id IS NOT NULL"
        ))
        .await,
        0
    );
    // Corrected and sent twice: one record, one photo, the problem resolved.
    for _ in 0..2 {
        let r = send("2,000").await.expect("post");
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().expect("ascii").to_string();
        assert!(location.contains("recorded="), "{location}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM assistance_records WHERE client_id = 'web-form-0001-abcd'").await, 1);
    assert_eq!(
        app.scalar("SELECT amount_satang FROM assistance_records WHERE client_id = 'web-form-0001-abcd'").await,
        200_000
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM photos WHERE household_id = {household} AND kind = 'after'")).await,
        1
    );
    let status: String = sqlx::query_scalar(&format!("SELECT status FROM problems WHERE id = {problem}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("status");
    assert_eq!(status, "resolved");
}
on_both_databases!(the_assistance_form_posts_once_with_its_photo, the_assistance_form_posts_once_with_its_photo);
