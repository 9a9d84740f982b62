//! The case boards' moves over HTTP: owners guarded by versions (one winner among concurrent
//! changes), bulk assignment answered per problem, stage moves under the province's rule.
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_databases;

async fn put(app: &TestApp, cookie: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app.client.put(app.url(path)).header("cookie", cookie).json(&body).send().await.expect("PUT");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

async fn post(app: &TestApp, cookie: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app.client.post(app.url(path)).header("cookie", cookie).json(&body).send().await.expect("POST");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

/// An open problem: (id, household id, version, owner).
async fn open_problem(app: &TestApp, extra: &str) -> (i64, i64, i64, Option<i64>) {
    sqlx::query_as(&format!(
        "SELECT p.id, p.household_id, p.version, p.owner_agency_id FROM problems p JOIN households h ON h.id = p.household_id
         WHERE p.status = 'open' {extra} ORDER BY p.id LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("an open problem")
}

async fn agencies(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM agencies WHERE active ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .expect("agencies")
}

async fn owners_change_once_per_version(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let (id, _, version, _) = open_problem(app, "").await;
    let agencies = agencies(app).await;
    assert!(agencies.len() >= 3);

    // 20 changes from the same version at once: exactly one wins, the rest see 409.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let agency = agencies[i % agencies.len()];
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/problems/{id}/owner"));
        let cookie = coordinator.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .put(url)
                .header("cookie", cookie)
                .json(&json!({ "agency_id": agency, "version": version }))
                .send()
                .await
                .expect("PUT");
            let status = r.status().as_u16();
            (agency, status, r.json::<Value>().await.expect("json"))
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let (agency, status, body) = t.await.expect("task");
        match status {
            200 => winners.push((agency, body)),
            409 => {
                assert_eq!(body["error"]["code"], "conflict");
                assert!(body["error"]["message_th"].as_str().expect("th").contains("ถูกเปลี่ยนโดยผู้อื่น"));
                assert_eq!(body["current"]["problem_id"], id);
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one change wins");
    let (winner, body) = &winners[0];
    assert_eq!(body["version"], version + 1);
    let (owner, now_version): (Option<i64>, i64) =
        sqlx::query_as(&format!("SELECT owner_agency_id, version FROM problems WHERE id = {id}"))
            .fetch_one(&app.db.pool)
            .await
            .expect("problem");
    assert_eq!((owner, now_version), (Some(*winner), version + 1), "the final state is the winner's");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'owner_assigned' AND entity_id = '{id}'"
        ))
        .await,
        1
    );

    // A stale version is refused with the problem as it stands; clearing works from the current one.
    let (status, body) = put(
        app,
        &coordinator,
        &format!("/api/v1/problems/{id}/owner"),
        json!({ "agency_id": null, "version": version }),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["current"]["agency_id"], *winner);
    assert_eq!(body["current"]["version"], version + 1);
    let (status, body) = put(
        app,
        &coordinator,
        &format!("/api/v1/problems/{id}/owner"),
        json!({ "agency_id": null, "version": version + 1 }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["agency_id"], Value::Null);

    // Unknown agencies, bad bodies, other roles and missing problems.
    let v = version + 2;
    let (status, body) =
        put(app, &coordinator, &format!("/api/v1/problems/{id}/owner"), json!({ "agency_id": 999_999, "version": v }))
            .await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").contains("ไม่พบหน่วยงาน"));
    let r = app
        .client
        .put(app.url(&format!("/api/v1/problems/{id}/owner")))
        .header("cookie", &coordinator)
        .header("content-type", "application/json")
        .body("{\"agency_id\": ")
        .send()
        .await
        .expect("PUT");
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"]["message_th"], "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง");
    let executive = app.sign_in("executive").await;
    let (status, _) = put(
        app,
        &executive,
        &format!("/api/v1/problems/{id}/owner"),
        json!({ "agency_id": agencies[0], "version": v }),
    )
    .await;
    assert_eq!(status, 403, "executives read the boards, they do not assign");
    let (status, _) =
        put(app, &coordinator, "/api/v1/problems/999999999/owner", json!({ "agency_id": null, "version": 1 })).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.scalar(&format!("SELECT version FROM problems WHERE id = {id}")).await,
        v,
        "refusals change nothing"
    );
}
on_both_databases!(owners_change_once_per_version, owners_change_once_per_version);

async fn agencies_take_and_give_back_only_their_own(app: &TestApp) {
    let agency = app.sign_in("agency.health").await;
    let own: i64 = sqlx::query_scalar("SELECT agency_id FROM users WHERE username = 'agency.health'")
        .fetch_one(&app.db.pool)
        .await
        .expect("agency user");
    // A problem of theirs in a household where they own another: they may give it back and
    // take it again (the household stays in their scope through the other problem).
    let (id, _, version, _) = open_problem(
        app,
        &format!(
            "AND p.owner_agency_id = {own} AND (SELECT COUNT(*) FROM problems q WHERE q.household_id = h.id AND q.owner_agency_id = {own}) >= 2"
        ),
    )
    .await;
    let path = format!("/api/v1/problems/{id}/owner");
    let (status, body) = put(app, &agency, &path, json!({ "agency_id": null, "version": version })).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = put(app, &agency, &path, json!({ "agency_id": own, "version": version + 1 })).await;
    assert_eq!(status, 200, "{body}");
    // Giving back a household's last problem takes the household out of the agency's scope.
    let (last, _, v, _) = open_problem(
        app,
        &format!(
            "AND p.owner_agency_id = {own} AND (SELECT COUNT(*) FROM problems q WHERE q.household_id = h.id AND q.owner_agency_id = {own}) = 1"
        ),
    )
    .await;
    let last_path = format!("/api/v1/problems/{last}/owner");
    assert_eq!(put(app, &agency, &last_path, json!({ "agency_id": null, "version": v })).await.0, 200);
    assert_eq!(put(app, &agency, &last_path, json!({ "agency_id": own, "version": v + 1 })).await.0, 403);
    // Handing it to another agency is a coordinator's call.
    let other = agencies(app).await.into_iter().find(|a| *a != own).expect("another agency");
    let (status, _) = put(app, &agency, &path, json!({ "agency_id": other, "version": version + 2 })).await;
    assert_eq!(status, 403);
    // A household the agency has nothing to do with is out of its scope.
    let (foreign, _, v, _) = open_problem(
        app,
        &format!("AND NOT EXISTS (SELECT 1 FROM problems q WHERE q.household_id = h.id AND q.owner_agency_id = {own})"),
    )
    .await;
    let (status, _) =
        put(app, &agency, &format!("/api/v1/problems/{foreign}/owner"), json!({ "agency_id": own, "version": v }))
            .await;
    assert_eq!(status, 403);
}
on_both_databases!(agencies_take_and_give_back_only_their_own, agencies_take_and_give_back_only_their_own);

async fn bulk_assignment_answers_each_problem(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM problems WHERE owner_agency_id IS NULL AND status = 'open' ORDER BY id LIMIT 300",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("problems without owner");
    assert!(ids.len() >= 50, "the demo has problems without an owner");
    let agency = agencies(app).await[1];
    let mut asked = ids.clone();
    asked.push(999_999_999);
    asked.push(ids[0]);
    let (status, body) =
        post(app, &coordinator, "/api/v1/problems/owner:bulk", json!({ "problem_ids": asked, "agency_id": agency }))
            .await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results.len(), ids.len() + 2);
    assert!(results[..ids.len()].iter().all(|r| r["ok"] == true && r["owner"]["agency_id"] == agency));
    assert_eq!(results[ids.len()]["error"], "not_found");
    assert_eq!(results[ids.len() + 1]["ok"], false, "a problem listed twice is changed once");
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM problems WHERE id IN ({list}) AND owner_agency_id = {agency}")).await,
        ids.len() as i64
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'owner_assigned'").await,
        ids.len() as i64,
        "every assignment is audited"
    );
    let (status, _) =
        post(app, &coordinator, "/api/v1/problems/owner:bulk", json!({ "problem_ids": [], "agency_id": agency })).await;
    assert_eq!(status, 422);
    // An officer's bulk request changes nothing.
    let officer = app.sign_in("officer.mueang").await;
    let (status, body) =
        post(app, &officer, "/api/v1/problems/owner:bulk", json!({ "problem_ids": [ids[0]], "agency_id": null })).await;
    assert_eq!(status, 200);
    assert_eq!(body["results"][0]["error"], "forbidden");
}
on_both_databases!(bulk_assignment_answers_each_problem, bulk_assignment_answers_each_problem);

async fn stage_moves_follow_the_rule(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    // A household held back by an unsolved survival problem.
    let (id, version, codes): (i64, i64, String) = sqlx::query_as(
        "SELECT h.id, h.version, (SELECT MIN(i.code) FROM problems p JOIN indicators i ON i.id = p.indicator_id
                                   JOIN indicator_levels l ON l.indicator_id = i.id
                                   WHERE p.household_id = h.id AND l.level = 'survive' AND p.status = 'open')
         FROM households h
         WHERE EXISTS (SELECT 1 FROM problems p JOIN indicator_levels l ON l.indicator_id = p.indicator_id
                       WHERE p.household_id = h.id AND l.level = 'survive' AND p.status = 'open')
           AND (h.stage IS NULL OR h.stage = 'survive')
         ORDER BY h.id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("a household with an open survival problem");
    let history_before = app.scalar(&format!("SELECT COUNT(*) FROM stage_history WHERE household_id = {id}")).await;
    let path = format!("/api/v1/households/{id}/stage");
    let (status, body) = put(app, &coordinator, &path, json!({ "stage": "sufficient", "version": version })).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "stage_rule");
    assert!(body["reasons"][0].as_str().expect("reason").contains("survival problem"));
    assert!(body["reasons_th"][0].as_str().expect("reason").contains(&codes), "{body}");
    assert_eq!(
        app.scalar(&format!("SELECT version FROM households WHERE id = {id}")).await,
        version,
        "refused: nothing changed"
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM stage_history WHERE household_id = {id}")).await,
        history_before
    );

    // An admin loosens the rule for the province; the same move is then allowed, with its note.
    let admin = app.sign_in("admin").await;
    let (status, _) =
        put(app, &coordinator, "/api/v1/stage-rules/33", json!({ "requires": [["sufficient", []]] })).await;
    assert_eq!(status, 403, "only admins change the rule");
    let (status, body) =
        put(app, &admin, "/api/v1/stage-rules/33", json!({ "requires": [["sufficient", ["sufficient"]]] })).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = put(
        app,
        &admin,
        "/api/v1/stage-rules/33",
        json!({ "requires": [["survive", []], ["sufficient", []], ["sustainable", ["survive", "sufficient"]]] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.get_json("/api/v1/stage-rules/33", &coordinator).await;
    assert_eq!(status, 200);
    assert_eq!(body["requires"][1], json!(["sufficient", []]));

    let executive = app.sign_in("executive").await;
    let (status, body) = put(
        app,
        &executive,
        &path,
        json!({ "stage": "sufficient", "version": version, "note": "ประชุม ศจพ.จ. เห็นชอบ" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stage"], "sufficient");
    assert_eq!(body["version"], version + 1);
    let (to, by, note): (String, i64, Option<String>) = sqlx::query_as(&format!(
        "SELECT to_stage, changed_by, note FROM stage_history WHERE household_id = {id} ORDER BY id DESC LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("history row");
    assert_eq!((to.as_str(), note.as_deref()), ("sufficient", Some("ประชุม ศจพ.จ. เห็นชอบ")));
    assert_eq!(by, app.scalar("SELECT id FROM users WHERE username = 'executive'").await);
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'stage_changed' AND entity_id = '{id}'"))
            .await,
        1
    );

    // The old version is stale now; an officer may not move stages; sustainable still needs the rest.
    let (status, body) = put(app, &coordinator, &path, json!({ "stage": "survive", "version": version })).await;
    assert_eq!(status, 409);
    assert_eq!(body["current"]["stage"], "sufficient");
    let officer = app.sign_in("officer.tambon").await;
    let (status, _) = put(app, &officer, &path, json!({ "stage": "survive", "version": version + 1 })).await;
    assert_eq!(status, 403);
    let (status, body) = put(app, &coordinator, &path, json!({ "stage": "sustainable", "version": version + 1 })).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = put(app, &coordinator, &path, json!({ "stage": "rich", "version": version + 1 })).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").starts_with("ข้อมูลที่ส่งมาไม่ครบหรือผิดรูปแบบ"));
}
on_both_databases!(stage_moves_follow_the_rule, stage_moves_follow_the_rule);

/// The text of the element marked `data-testid="unowned-count"`.
fn unowned_figure(html: &str) -> String {
    let at = html.find("data-testid=\"unowned-count\"").expect("the figure");
    let rest = &html[at..];
    let start = rest.find('>').expect("tag end") + 1;
    rest[start..start + rest[start..].find('<').expect("text end")].to_string()
}

/// The owner board page: the figure without an owner is the exact count in scope, and the
/// "move to" form moves a card, refuses a stale one with a message, and never redirects away.
async fn the_owner_board_page_counts_and_moves(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let unowned = app
        .scalar(
            "SELECT COUNT(*) FROM problems p JOIN households h ON h.id = p.household_id
             WHERE h.amphoe_code = '3304' AND p.owner_agency_id IS NULL AND p.status IN ('open', 'in_progress')",
        )
        .await;
    assert!(unowned > 0);
    let html = app.get("/boards/owners?amphoe=3304", &coordinator).await.text().await.expect("html");
    assert_eq!(unowned_figure(&html), app::i18n::group_thousands(unowned), "the board's figure is the exact count");

    let (id, _, version, _) = open_problem(app, "AND h.amphoe_code = '3304' AND p.owner_agency_id IS NULL").await;
    let agency = agencies(app).await[0];
    let move_to = |cookie: String, agency: String, version: i64, back: &'static str| {
        app.client
            .post(app.url(&format!("/boards/owners/move/{id}")))
            .header("cookie", cookie)
            .form(&[("agency", agency), ("version", version.to_string()), ("back", back.to_string())])
            .send()
    };
    let r =
        move_to(coordinator.clone(), agency.to_string(), version, "/boards/owners?amphoe=3304").await.expect("post");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/boards/owners?amphoe=3304&moved={id}"));
    let html = app.get("/boards/owners?amphoe=3304", &coordinator).await.text().await.expect("html");
    assert_eq!(unowned_figure(&html), app::i18n::group_thousands(unowned - 1));

    // The same version again is stale; a foreign `back` is not followed.
    let r = move_to(coordinator.clone(), "none".into(), version, "https://evil.example/").await.expect("post");
    let location = r.headers()["location"].to_str().expect("ascii").to_string();
    assert!(location.starts_with("/boards/owners?error="), "{location}");
    assert_eq!(app.scalar(&format!("SELECT owner_agency_id FROM problems WHERE id = {id}")).await, agency);
    let officer = app.sign_in("officer.kantharalak").await;
    let r = move_to(officer, "none".into(), version + 1, "/boards/owners").await.expect("post");
    assert_eq!(r.status(), 403);

    // The bulk bar: the checked problems go to one agency; the board says how many.
    let picked: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM problems p JOIN households h ON h.id = p.household_id
         WHERE h.amphoe_code = '3304' AND p.owner_agency_id IS NULL AND p.status = 'open' ORDER BY p.id LIMIT 3",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("problems");
    let mut form: Vec<(&str, String)> = picked.iter().map(|id| ("problem", id.to_string())).collect();
    form.push(("problem", "999999999".into()));
    form.push(("agency", agency.to_string()));
    form.push(("back", "/boards/owners?amphoe=3304".into()));
    let r = app
        .client
        .post(app.url("/boards/owners/bulk"))
        .header("cookie", &coordinator)
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/boards/owners?amphoe=3304&assigned=3&refused=1");
    let list = picked.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM problems WHERE id IN ({list}) AND owner_agency_id = {agency}")).await,
        3
    );
    let r = app
        .client
        .post(app.url("/boards/owners/bulk"))
        .header("cookie", &coordinator)
        .form(&[("agency", agency.to_string()), ("back", "/boards/owners".to_string())])
        .send()
        .await
        .expect("post");
    assert!(r.headers()["location"].to_str().expect("ascii").starts_with("/boards/owners?error="), "nothing checked");
}
on_both_databases!(the_owner_board_page_counts_and_moves, the_owner_board_page_counts_and_moves);
