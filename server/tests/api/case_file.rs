//! The case file: everything about one household, ids masked, every view audited.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn case_file_is_complete_masked_and_audited(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    // A household with assistance and stage history.
    let id = app
        .scalar(
            "SELECT MIN(h.id) FROM households h WHERE EXISTS (SELECT 1 FROM assistance_records r WHERE r.household_id = h.id)
               AND EXISTS (SELECT 1 FROM stage_history s WHERE s.household_id = h.id)",
        )
        .await;
    let (status, file) = app.get_json(&format!("/api/v1/households/{id}"), &cookie).await;
    assert_eq!(status, 200);
    let members = app.scalar(&format!("SELECT COUNT(*) FROM members WHERE household_id = {id}")).await;
    let problems = app.scalar(&format!("SELECT COUNT(*) FROM problems WHERE household_id = {id}")).await;
    let assistance = app.scalar(&format!("SELECT COUNT(*) FROM assistance_records WHERE household_id = {id}")).await;
    let history = app.scalar(&format!("SELECT COUNT(*) FROM stage_history WHERE household_id = {id}")).await;
    assert_eq!(file["members"].as_array().expect("members").len() as i64, members);
    assert_eq!(file["problems"].as_array().expect("problems").len() as i64, problems);
    assert_eq!(file["assistance"].as_array().expect("assistance").len() as i64, assistance);
    assert_eq!(file["stage_history"].as_array().expect("history").len() as i64, history);
    assert_eq!(file["indicators"].as_array().expect("catalogue").len(), 17);
    assert!(file["sources"].as_array().expect("sources").iter().any(|s| s["source"] == "tpmap"));
    assert_eq!(file["household"]["is_synthetic"], true);

    // No full citizen id anywhere in the answer.
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT citizen_id FROM members WHERE household_id = $1 AND citizen_id IS NOT NULL")
            .bind(id)
            .fetch_all(&app.db.pool)
            .await
            .expect("ids");
    let text = file.to_string();
    for cid in &ids {
        assert!(!text.contains(cid.as_str()), "full id {cid} leaked");
        let masked = file["members"].as_array().expect("members").iter().any(|m| {
            m["citizen_id_masked"].as_str().is_some_and(|s| s.starts_with("x-xxxx-xxxxx-") && s.ends_with(&cid[12..]))
        });
        assert!(masked, "masked form of {cid} shown");
    }
    // Synthetic ids are marked as such: a leading 0 is never a Thai national's id.
    assert!(ids.iter().all(|c| c.starts_with('0')));
    assert!(ids.iter().all(|c| app::domain::citizen_id::CitizenId::parse(c).is_ok()));

    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'view_household' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    let _ = app.get(&format!("/households/{id}"), &cookie).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'view_household' AND entity_id = '{id}'"
        ))
        .await,
        2
    );
}
on_both_databases!(case_file_is_complete_masked_and_audited, case_file_is_complete_masked_and_audited);
