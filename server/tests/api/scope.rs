//! Scope rules on every household route: an officer of one amphoe never sees another's
//! households, by id, by list, through the pages, the server functions or the REST API.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn head_name(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT head_name FROM households WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("head name")
}

async fn first_household_in(app: &TestApp, amphoe: &str) -> i64 {
    sqlx::query_scalar("SELECT MIN(id) FROM households WHERE amphoe_code = $1")
        .bind(amphoe)
        .fetch_one(&app.db.pool)
        .await
        .expect("a household in the amphoe")
}

async fn amphoe_officer_sees_only_their_amphoe(app: &TestApp) {
    let cookie = app.sign_in("officer.mueang").await;
    let own = first_household_in(app, "3301").await;
    let other = first_household_in(app, "3304").await;
    let other_name = head_name(app, other).await;

    // By list: only 3301, and all of 3301.
    let expected = app.scalar("SELECT COUNT(*) FROM households WHERE amphoe_code = '3301'").await;
    assert!(expected > 0);
    let (status, page) = app.get_json("/api/v1/households?per_page=200", &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], expected);
    for item in page["items"].as_array().expect("items") {
        assert_eq!(item["amphoe_code"], "3301");
    }
    let (status, page) = app.get_json("/api/v1/households?amphoe=3304", &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 0);
    let q = format!("/api/v1/households?q={}", other_name.split(' ').next_back().unwrap_or_default());
    let (_, page) = app.get_json(&q, &cookie).await;
    for item in page["items"].as_array().expect("items") {
        assert_eq!(item["amphoe_code"], "3301", "search never crosses the scope");
    }

    // By id through the REST API.
    let (status, body) = app.get_json(&format!("/api/v1/households/{other}"), &cookie).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    assert!(!body.to_string().contains(&other_name));
    let (status, body) = app.get_json(&format!("/api/v1/households/{own}"), &cookie).await;
    assert_eq!(status, 200);
    assert_eq!(body["household"]["amphoe_code"], "3301");
    let (status, _) = app.get_json("/api/v1/households/99999999", &cookie).await;
    assert_eq!(status, 404);
    let (status, _) = app.get_json("/api/v1/households/not-a-number", &cookie).await;
    assert_eq!(status, 404);

    // By id through the case-file page.
    let r = app.get(&format!("/households/{other}"), &cookie).await;
    assert_eq!(r.status(), 403);
    let html = r.text().await.expect("html");
    assert!(!html.contains(&other_name), "the page leaks the head's name");
    assert!(html.contains("นอกพื้นที่"), "the page says why");
    let r = app.get(&format!("/households/{own}"), &cookie).await;
    assert_eq!(r.status(), 200);

    // Through the server functions the browser calls.
    let r = app
        .client
        .post(app.url("/api/household"))
        .header("cookie", &cookie)
        .form(&[("id", other.to_string())])
        .send()
        .await
        .expect("server fn");
    assert_eq!(r.status(), 403);
    assert!(!r.text().await.expect("body").contains(&other_name));
    let r = app
        .client
        .post(app.url("/api/households"))
        .header("cookie", &cookie)
        .form(&[("query", "amphoe=3304&per_page=200")])
        .send()
        .await
        .expect("server fn");
    assert_eq!(r.status(), 200);
    let page: serde_json::Value = r.json().await.expect("json");
    assert_eq!(page["total"], 0);
}
on_both_databases!(amphoe_officer_sees_only_their_amphoe, amphoe_officer_sees_only_their_amphoe);

async fn tambon_and_agency_scopes(app: &TestApp) {
    let cookie = app.sign_in("officer.tambon").await;
    let expected = app.scalar("SELECT COUNT(*) FROM households WHERE tambon_code = '330101'").await;
    let (_, page) = app.get_json("/api/v1/households?per_page=200", &cookie).await;
    assert_eq!(page["total"], expected);
    for item in page["items"].as_array().expect("items") {
        assert_eq!(item["tambon_code"], "330101");
    }
    let neighbour = app.scalar("SELECT MIN(id) FROM households WHERE tambon_code = '330103'").await;
    let (status, _) = app.get_json(&format!("/api/v1/households/{neighbour}"), &cookie).await;
    assert_eq!(status, 403);

    let cookie = app.sign_in("agency.health").await;
    let pho = app.scalar("SELECT id FROM agencies WHERE code = 'PHO'").await;
    let expected: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT household_id) FROM problems WHERE owner_agency_id = $1")
            .bind(pho)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert!(expected > 0, "the demo gives the health office some problems");
    let (_, page) = app.get_json("/api/v1/households", &cookie).await;
    assert_eq!(page["total"], expected);
    let outside: i64 = sqlx::query_scalar(
        "SELECT MIN(h.id) FROM households h WHERE NOT EXISTS
           (SELECT 1 FROM problems p WHERE p.household_id = h.id AND p.owner_agency_id = $1)",
    )
    .bind(pho)
    .fetch_one(&app.db.pool)
    .await
    .expect("a household without health-office problems");
    let (status, _) = app.get_json(&format!("/api/v1/households/{outside}"), &cookie).await;
    assert_eq!(status, 403);
    let (_, overview) = app.get_json("/api/v1/overview", &cookie).await;
    assert_eq!(overview["total"]["households"], expected);
}
on_both_databases!(tambon_and_agency_scopes_hold, tambon_and_agency_scopes);
