//! The household list: every filter, search, sorting and paging agree with the database.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn total(app: &TestApp, cookie: &str, query: &str) -> i64 {
    let (status, page) = app.get_json(&format!("/api/v1/households?{query}"), cookie).await;
    assert_eq!(status, 200, "{query}: {page}");
    page["total"].as_i64().expect("total")
}

async fn filters_match_the_database(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    assert_eq!(total(app, &cookie, "").await, app.scalar("SELECT COUNT(*) FROM households").await);
    let cases = [
        ("amphoe=3304", "SELECT COUNT(*) FROM households WHERE amphoe_code = '3304'"),
        ("tambon=330101", "SELECT COUNT(*) FROM households WHERE tambon_code = '330101'"),
        ("stage=unassessed", "SELECT COUNT(*) FROM households WHERE stage IS NULL"),
        ("stage=sufficient&amphoe=3301", "SELECT COUNT(*) FROM households WHERE stage = 'sufficient' AND amphoe_code = '3301'"),
        (
            "dimension=living&status=pending",
            "SELECT COUNT(DISTINCT p.household_id) FROM problems p JOIN indicators i ON i.id = p.indicator_id
             WHERE i.dimension = 'living' AND p.status IN ('open', 'in_progress')",
        ),
        (
            "indicator=i3&status=resolved",
            "SELECT COUNT(DISTINCT p.household_id) FROM problems p JOIN indicators i ON i.id = p.indicator_id
             WHERE i.code = 'I3' AND p.status = 'resolved'",
        ),
        (
            "status=pending&owner=none",
            "SELECT COUNT(DISTINCT household_id) FROM problems WHERE status IN ('open', 'in_progress') AND owner_agency_id IS NULL",
        ),
        (
            "amphoe=3305&dimension=income&status=pending&owner=none",
            "SELECT COUNT(DISTINCT p.household_id) FROM problems p JOIN indicators i ON i.id = p.indicator_id
             JOIN households h ON h.id = p.household_id
             WHERE h.amphoe_code = '3305' AND i.dimension = 'income' AND p.status IN ('open', 'in_progress')
               AND p.owner_agency_id IS NULL",
        ),
    ];
    for (query, sql) in cases {
        let expected = app.scalar(sql).await;
        assert_eq!(total(app, &cookie, query).await, expected, "{query}");
    }
    let pho = app.scalar("SELECT id FROM agencies WHERE code = 'PHO'").await;
    let expected =
        app.scalar(&format!("SELECT COUNT(DISTINCT household_id) FROM problems WHERE owner_agency_id = {pho}")).await;
    assert_eq!(total(app, &cookie, &format!("owner={pho}")).await, expected);
    let village: String = sqlx::query_scalar("SELECT MIN(village_code) FROM households WHERE village_code IS NOT NULL")
        .fetch_one(&app.db.pool)
        .await
        .expect("a village");
    let expected: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM households WHERE village_code = $1")
        .bind(&village)
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(total(app, &cookie, &format!("village={village}")).await, expected);
}
on_both_databases!(filters_match_the_database, filters_match_the_database);

async fn search_finds_names_house_numbers_and_id_digits(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let (id, citizen_id): (i64, String) = sqlx::query_as(
        "SELECT household_id, citizen_id FROM members WHERE relation = 'head' AND citizen_id IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("a head with an id");
    let last = &citizen_id[citizen_id.len() - 6..];
    let (_, page) = app.get_json(&format!("/api/v1/households?q={last}"), &cookie).await;
    let ids: Vec<i64> =
        page["items"].as_array().expect("items").iter().map(|i| i["id"].as_i64().expect("id")).collect();
    assert!(ids.contains(&id), "last digits of the id find the household");
    // Full ids never appear in lists.
    assert!(!page.to_string().contains(&citizen_id));

    let (first_name, last_name): (String, String) =
        sqlx::query_as("SELECT first_name, last_name FROM members WHERE household_id = $1 AND relation = 'head'")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .expect("names");
    let q = app::domain::household_filter::percent_encode(&format!("{first_name} {last_name}"));
    let (_, page) = app.get_json(&format!("/api/v1/households?q={q}"), &cookie).await;
    assert!(page["items"].as_array().expect("items").iter().any(|i| i["id"] == id), "the head's name finds it");

    let (house_no, tambon): (String, String) =
        sqlx::query_as("SELECT house_no, tambon_code FROM households WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .expect("house");
    let q = app::domain::household_filter::percent_encode(&house_no);
    let (_, page) = app.get_json(&format!("/api/v1/households?q={q}&tambon={tambon}&per_page=200"), &cookie).await;
    assert!(page["items"].as_array().expect("items").iter().any(|i| i["id"] == id), "the house number finds it");

    // LIKE wildcards in the search are literal.
    assert_eq!(total(app, &cookie, "q=%25").await, 0);
    assert_eq!(total(app, &cookie, "q=_").await, 0);
}
on_both_databases!(search_finds_names_house_numbers_and_id_digits, search_finds_names_house_numbers_and_id_digits);

async fn pages_are_stable_and_complete(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let all = app.scalar("SELECT COUNT(*) FROM households WHERE amphoe_code = '3301'").await;
    let mut seen = std::collections::BTreeSet::new();
    let mut page = 1;
    loop {
        let (_, body) = app.get_json(&format!("/api/v1/households?amphoe=3301&per_page=7&page={page}"), &cookie).await;
        assert_eq!(body["total"], all);
        let items = body["items"].as_array().expect("items").clone();
        if items.is_empty() {
            break;
        }
        assert!(items.len() <= 7);
        for i in items {
            assert!(seen.insert(i["id"].as_i64().expect("id")), "a household appears on two pages");
        }
        page += 1;
    }
    assert_eq!(seen.len() as i64, all, "paging covers every household once");

    for sort in ["name", "address", "problems", "updated"] {
        let (status, body) = app.get_json(&format!("/api/v1/households?sort={sort}&per_page=20"), &cookie).await;
        assert_eq!(status, 200, "{sort}");
        assert_eq!(body["items"].as_array().expect("items").len(), 20);
    }
    let (_, body) = app.get_json("/api/v1/households?sort=problems&per_page=50", &cookie).await;
    let pending: Vec<i64> = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["pending"].as_array().expect("pending").iter().map(|n| n.as_i64().expect("n")).sum())
        .collect();
    assert!(pending.windows(2).all(|w| w[0] >= w[1]), "most pending problems first: {pending:?}");
}
on_both_databases!(pages_are_stable_and_complete, pages_are_stable_and_complete);

async fn bad_filters_get_a_clear_error(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    for query in ["per_page=500", "amphoe=33O1", "stage=rich", "page=0", "status=done", "owner=PHO", "dimension=wealth"]
    {
        let (status, body) = app.get_json(&format!("/api/v1/households?{query}"), &cookie).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(body["error"]["code"], "invalid");
        assert!(body["error"]["message_th"].as_str().expect("thai").contains("ไม่ถูกต้อง"), "{query}: {body}");
        assert!(body["error"]["message"].as_str().expect("english").contains("invalid"), "{query}");
    }
}
on_both_databases!(bad_filters_get_a_clear_error, bad_filters_get_a_clear_error);
