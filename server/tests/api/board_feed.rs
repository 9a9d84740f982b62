//! Problem statuses under versions, and the boards' live feed over real HTTP: moves arrive on
//! open streams in the caller's scope only, a reconnecting board gets what it missed (or a
//! reset when the feed no longer holds it), and on PostgreSQL a move made through one app
//! instance reaches a board connected to another.
use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_databases;

async fn put(app: &TestApp, cookie: &str, path: &str, body: Value) -> (u16, Value) {
    let r = app.client.put(app.url(path)).header("cookie", cookie).json(&body).send().await.expect("PUT");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON body"))
}

/// One server-sent event.
#[derive(Debug)]
struct Sse {
    name: Option<String>,
    id: Option<i64>,
    data: Value,
}

/// An open event stream, read block by block.
struct Feed {
    response: reqwest::Response,
    buffer: String,
}

impl Feed {
    async fn open(base: &str, cookie: &str, query: &str, last_event_id: Option<i64>) -> Feed {
        let mut request =
            crate::helpers::client().get(format!("{base}/api/v1/boards/events{query}")).header("cookie", cookie);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.expect("event stream");
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().expect("type").starts_with("text/event-stream"));
        Feed { response, buffer: String::new() }
    }

    /// The next event with data, or `None` after `wait` without one.
    async fn next_within(&mut self, wait: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut id, mut data) = (None, None, String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = Some(v.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !data.is_empty() {
                    return Some(Sse { name, id, data: serde_json::from_str(&data).expect("JSON data") });
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            let bytes = chunk.expect("stream reads")?;
            self.buffer.push_str(&String::from_utf8_lossy(&bytes));
        }
    }

    async fn next(&mut self) -> Sse {
        self.next_within(Duration::from_secs(10)).await.expect("an event within 10 s")
    }
}

/// An open problem without an owner in amphoe `amphoe`: (id, version).
async fn unowned_in(app: &TestApp, amphoe: &str, skip: i64) -> (i64, i64) {
    sqlx::query_as(&format!(
        "SELECT p.id, p.version FROM problems p JOIN households h ON h.id = p.household_id
         WHERE h.amphoe_code = '{amphoe}' AND p.owner_agency_id IS NULL AND p.status = 'open'
         ORDER BY p.id LIMIT 1 OFFSET {skip}"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("an unowned problem")
}

async fn first_agency(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM agencies WHERE active").await
}

async fn latest_event(app: &TestApp) -> i64 {
    app.scalar("SELECT COALESCE(MAX(id), 0) FROM board_events").await
}

async fn statuses_change_under_versions_by_their_owner(app: &TestApp) {
    let agency = app.sign_in("agency.health").await;
    let own = app.scalar("SELECT agency_id FROM users WHERE username = 'agency.health'").await;
    let (id, version): (i64, i64) = sqlx::query_as(&format!(
        "SELECT id, version FROM problems WHERE owner_agency_id = {own} AND status = 'open' ORDER BY id LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("an open problem of the agency");
    let path = format!("/api/v1/problems/{id}/status");
    let (status, body) = put(app, &agency, &path, json!({ "status": "in_progress", "version": version })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["status"].as_str(), body["version"].as_i64()), (Some("in_progress"), Some(version + 1)));
    let (status, body) =
        put(app, &agency, &path, json!({ "status": "resolved", "version": version + 1, "note": "ซ่อมหลังคาแล้ว" })).await;
    assert_eq!(status, 200, "{body}");
    let closed: Option<String> = sqlx::query_scalar(&format!("SELECT closed_on FROM problems WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("closed_on");
    assert!(closed.is_some(), "a resolved problem is closed");
    let detail: String = sqlx::query_scalar(&format!(
        "SELECT detail FROM audit_events WHERE action = 'problem_status_changed' AND entity_id = '{id}' ORDER BY id DESC LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .expect("audited");
    assert_eq!(detail, "in_progress → resolved: ซ่อมหลังคาแล้ว");

    // A stale version is refused with the problem as it stands, and changes nothing.
    let (status, body) = put(app, &agency, &path, json!({ "status": "open", "version": version })).await;
    assert_eq!(status, 409);
    assert_eq!(
        (body["current"]["status"].as_str(), body["current"]["version"].as_i64()),
        (Some("resolved"), Some(version + 2))
    );
    // Reopened by a coordinator: closed_on is cleared.
    let coordinator = app.sign_in("coordinator").await;
    let (status, _) = put(app, &coordinator, &path, json!({ "status": "open", "version": version + 2 })).await;
    assert_eq!(status, 200);
    let closed: Option<String> = sqlx::query_scalar(&format!("SELECT closed_on FROM problems WHERE id = {id}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("closed_on");
    assert_eq!(closed, None);

    // Another agency's problem, an executive, an unknown status.
    let foreign = app
        .scalar(&format!(
            "SELECT MIN(p.id) FROM problems p WHERE p.owner_agency_id <> {own}
               AND EXISTS (SELECT 1 FROM problems q WHERE q.household_id = p.household_id AND q.owner_agency_id = {own})"
        ))
        .await;
    let v = app.scalar(&format!("SELECT version FROM problems WHERE id = {foreign}")).await;
    let (status, _) =
        put(app, &agency, &format!("/api/v1/problems/{foreign}/status"), json!({ "status": "resolved", "version": v }))
            .await;
    assert_eq!(status, 403, "only the owner agency moves its problems");
    let executive = app.sign_in("executive").await;
    let (status, _) = put(app, &executive, &path, json!({ "status": "resolved", "version": version + 3 })).await;
    assert_eq!(status, 403);
    let (status, body) = put(app, &coordinator, &path, json!({ "status": "done", "version": version + 3 })).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message_th"].as_str().expect("th").starts_with("ข้อมูลที่ส่งมาไม่ครบหรือผิดรูปแบบ"));
}
on_both_databases!(statuses_change_under_versions_by_their_owner, statuses_change_under_versions_by_their_owner);

async fn the_feed_sends_moves_in_scope_and_replays_what_was_missed(app: &TestApp) {
    let coordinator = app.sign_in("coordinator").await;
    let kantharalak = app.sign_in("officer.kantharalak").await;
    let start = latest_event(app).await;
    let mut province = Feed::open(&app.address, &coordinator, &format!("?after={start}"), None).await;
    let mut district = Feed::open(&app.address, &kantharalak, &format!("?after={start}"), None).await;
    let agency = first_agency(app).await;

    // A move in Mueang, then one in Kantharalak.
    let (mueang, v1) = unowned_in(app, "3301", 0).await;
    let (kanthar, v2) = unowned_in(app, "3304", 0).await;
    let path = |id: i64| format!("/api/v1/problems/{id}/owner");
    assert_eq!(put(app, &coordinator, &path(mueang), json!({ "agency_id": agency, "version": v1 })).await.0, 200);
    assert_eq!(put(app, &coordinator, &path(kanthar), json!({ "agency_id": agency, "version": v2 })).await.0, 200);

    let first = province.next().await;
    assert_eq!(first.name, None, "a plain message");
    assert_eq!(first.data["change"]["kind"], "owner");
    assert_eq!(first.data["change"]["card"]["problem_id"], mueang);
    assert_eq!(first.data["change"]["from"], Value::Null);
    assert_eq!(first.data["change"]["to"], agency);
    assert_eq!(first.data["change"]["card"]["version"], v1 + 1);
    assert_eq!(first.data["amphoe_code"], "3301");
    assert_eq!(first.id, first.data["id"].as_i64());
    let second = province.next().await;
    assert_eq!(second.data["change"]["card"]["problem_id"], kanthar);
    assert!(second.id > first.id);
    // The Kantharalak officer's stream skips Mueang.
    let seen = district.next().await;
    assert_eq!(seen.data["change"]["card"]["problem_id"], kanthar, "only moves in the officer's district");

    // A stage move and a status change travel too.
    let (household, hv): (i64, i64) = sqlx::query_as(
        "SELECT id, version FROM households WHERE stage IS NULL AND amphoe_code = '3301' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("an unassessed household");
    let (status, body) = put(
        app,
        &coordinator,
        &format!("/api/v1/households/{household}/stage"),
        json!({ "stage": "survive", "version": hv }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let stage = province.next().await;
    assert_eq!(stage.data["change"]["kind"], "stage");
    assert_eq!(stage.data["change"]["to"], "survive");
    assert_eq!(stage.data["change"]["card"]["household_id"], household);
    let (status, _) = put(
        app,
        &coordinator,
        &format!("/api/v1/problems/{mueang}/status"),
        json!({ "status": "in_progress", "version": v1 + 1 }),
    )
    .await;
    assert_eq!(status, 200);
    let moved = province.next().await;
    assert_eq!(moved.data["change"]["kind"], "status");
    assert_eq!(moved.data["change"]["to"], "in_progress");
    drop(province);

    // Reconnecting with the last id seen replays what came after it, in order.
    let mut again = Feed::open(&app.address, &coordinator, "", first.id).await;
    assert_eq!(again.next().await.id, second.id);
    assert_eq!(again.next().await.id, stage.id);
    assert_eq!(again.next().await.id, moved.id);
    assert!(again.next_within(Duration::from_millis(300)).await.is_none(), "nothing twice");

    // When the feed no longer holds what was missed, the board is told to reload.
    sqlx::query(&format!("DELETE FROM board_events WHERE id <= {}", stage.id.expect("id")))
        .execute(&app.db.pool)
        .await
        .expect("prune");
    let mut stale = Feed::open(&app.address, &coordinator, &format!("?after={}", first.id.expect("id")), None).await;
    let reset = stale.next().await;
    assert_eq!(reset.name.as_deref(), Some("reset"));

    // Not signed in: refused.
    let r = app.client.get(app.url("/api/v1/boards/events")).send().await.expect("GET");
    assert_eq!(r.status(), 401);
}
on_both_databases!(
    the_feed_sends_moves_in_scope_and_replays_what_was_missed,
    the_feed_sends_moves_in_scope_and_replays_what_was_missed
);

/// Two app instances on one PostgreSQL database: a board connected to the second sees a move
/// made through the first (LISTEN/NOTIFY), and a reconnect to either replays the same ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_crosses_app_instances_on_postgres() {
    let Some(app) = crate::helpers::spawn_app(app::ssr::db::Dialect::Postgres).await else { return };
    let (second, task) = app.second_instance().await;
    let coordinator = app.sign_in("coordinator").await;
    let start = latest_event(&app).await;
    let mut on_second = Feed::open(&second, &coordinator, &format!("?after={start}"), None).await;
    let mut on_first = Feed::open(&app.address, &coordinator, &format!("?after={start}"), None).await;
    let agency = first_agency(&app).await;
    for skip in 0..3 {
        let (id, v) = unowned_in(&app, "3301", skip).await;
        let (status, body) = put(
            &app,
            &coordinator,
            &format!("/api/v1/problems/{id}/owner"),
            json!({ "agency_id": agency, "version": v }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let there = on_second.next().await;
        let here = on_first.next().await;
        assert_eq!(there.data["change"]["card"]["problem_id"], id, "the other instance heard it");
        assert_eq!(there.id, here.id);
    }
    task.abort();
    app.finish().await;
}
