//! The pages rendered on the server, as a browser without JavaScript gets them.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn pages_render_in_thai_and_english(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let r = app.get("/", &cookie).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("<html lang=\"th\""));
    assert!(html.contains("ห้องปฏิบัติการขจัดความยากจน"));
    assert_eq!(html.matches("data-amphoe=\"33").count(), 23, "22 districts and the province total");
    assert!(html.contains("กันทรลักษ์") && html.contains("ศิลาลาด"));
    assert!(
        html.contains("href=\"/households?amphoe=3304&amp;dimension=living&amp;status=pending\""),
        "figures link to the list"
    );

    let r = app.get("/households?amphoe=3304&status=pending&owner=none", &cookie).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    let expected = app
        .scalar(
            "SELECT COUNT(DISTINCT p.household_id) FROM problems p JOIN households h ON h.id = p.household_id
             WHERE h.amphoe_code = '3304' AND p.status IN ('open', 'in_progress') AND p.owner_agency_id IS NULL",
        )
        .await;
    assert!(html.contains(&format!("<strong>{}</strong>", app::i18n::group_thousands(expected))), "count shown");
    assert!(html.contains("data-household="));

    // The language switch: a cookie and a redirect back.
    let r = app.get("/lang?to=en&back=%2Fhouseholds%3Famphoe%3D3304", &cookie).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/households?amphoe=3304");
    assert!(r.headers()["set-cookie"].to_str().expect("ascii").starts_with("hakpaeng_lang=en"));
    let r = app.get("/", &format!("{cookie}; hakpaeng_lang=en")).await;
    let html = r.text().await.expect("html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Poverty-eradication WAR Room"));
    assert!(html.contains("BE"), "dates stay in the Buddhist Era");

    let r = app.get("/no-such-page", &cookie).await;
    assert_eq!(r.status(), 404);
    let r = app.get("/login", "").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("name=\"password\""));
}
on_both_databases!(pages_render_in_thai_and_english, pages_render_in_thai_and_english);
