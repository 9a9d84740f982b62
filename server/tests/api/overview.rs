//! The WAR Room figures add up, per district and dimension, within the caller's scope.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn figures_add_up(app: &TestApp) {
    let cookie = app.sign_in("executive").await;
    let (status, o) = app.get_json("/api/v1/overview", &cookie).await;
    assert_eq!(status, 200);
    let districts = o["districts"].as_array().expect("districts");
    assert_eq!(districts.len(), 22, "all 22 districts of Si Sa Ket");
    assert!(districts.iter().all(|d| d["households"].as_i64().expect("n") > 0), "demo households in every district");
    assert_eq!(o["total"]["households"], app.scalar("SELECT COUNT(*) FROM households").await);
    assert_eq!(
        o["total"]["pending"],
        app.scalar("SELECT COUNT(*) FROM problems WHERE status IN ('open', 'in_progress')").await
    );
    assert_eq!(
        o["total"]["unowned"],
        app.scalar("SELECT COUNT(*) FROM problems WHERE status IN ('open', 'in_progress') AND owner_agency_id IS NULL")
            .await
    );
    let sustainable = app.scalar("SELECT COUNT(*) FROM households WHERE stage = 'sustainable'").await;
    assert_eq!(o["total"]["stages"]["sustainable"], sustainable);
    let unassessed = app.scalar("SELECT COUNT(*) FROM households WHERE stage IS NULL").await;
    assert_eq!(o["total"]["stages"]["unassessed"], unassessed);

    // One cell: Kantharalak × living conditions.
    let k = districts.iter().find(|d| d["code"] == "3304").expect("Kantharalak");
    let cell = &k["dimensions"][1];
    let sql = |what: &str| {
        format!(
            "SELECT {what} FROM problems p JOIN households h ON h.id = p.household_id JOIN indicators i ON i.id = p.indicator_id
             WHERE h.amphoe_code = '3304' AND i.dimension = 'living' AND p.status IN ('open', 'in_progress')"
        )
    };
    assert_eq!(cell["pending"], app.scalar(&sql("COUNT(*)")).await);
    assert_eq!(cell["households"], app.scalar(&sql("COUNT(DISTINCT h.id)")).await);
    assert_eq!(cell["unowned"], app.scalar(&format!("{} AND p.owner_agency_id IS NULL", sql("COUNT(*)"))).await);

    // An amphoe officer sees their district only.
    let cookie = app.sign_in("officer.kantharalak").await;
    let (_, o) = app.get_json("/api/v1/overview", &cookie).await;
    let districts = o["districts"].as_array().expect("districts");
    assert_eq!(districts.len(), 1);
    assert_eq!(districts[0]["code"], "3304");
    assert_eq!(o["total"]["households"], districts[0]["households"]);
}
on_both_databases!(war_room_figures_add_up, figures_add_up);
