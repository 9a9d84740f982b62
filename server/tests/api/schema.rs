//! The data model's own constraints, on both databases: bad data is refused by the database
//! itself, whatever code writes it.
use crate::helpers::TestApp;
use crate::on_both_databases;

async fn refused(app: &TestApp, sql: &str) -> bool {
    sqlx::query(sql).execute(&app.db.pool).await.is_err()
}

async fn constraints_hold(app: &TestApp) {
    let hh = app.scalar("SELECT MIN(id) FROM households WHERE amphoe_code = '3301'").await;
    let member = |cid: &str| {
        format!(
            "INSERT INTO members (household_id, citizen_id, first_name, last_name, relation) VALUES ({hh}, '{cid}', 'ทดสอบ', 'ระบบ', 'child')"
        )
    };
    // 1-1017-00230-70-8 is valid; the same with another last digit is not.
    assert!(!refused(app, &member("1101700230708")).await, "a valid citizen id is accepted");
    assert!(refused(app, &member("1101700230707")).await, "a wrong check digit is refused");
    assert!(refused(app, &member("110170023070")).await, "12 digits are refused");
    assert!(refused(app, &member("11017002307O8")).await, "letters are refused");
    assert!(refused(app, &member("1101700230708")).await, "a citizen id is unique");
    // A second head for one household.
    assert!(
        refused(
            app,
            &format!(
                "INSERT INTO members (household_id, first_name, last_name, relation) VALUES ({hh}, 'ก', 'ข', 'head')"
            )
        )
        .await
    );
    // Enumerations stored as text.
    assert!(refused(app, &format!("UPDATE households SET stage = 'rich' WHERE id = {hh}")).await);
    assert!(!refused(app, &format!("UPDATE households SET stage = 'sufficient' WHERE id = {hh}")).await);
    assert!(refused(app, "UPDATE problems SET status = 'done' WHERE id = (SELECT MIN(id) FROM problems)").await);
    assert!(refused(app, "UPDATE indicators SET dimension = 'wealth' WHERE code = 'H1'").await);
    assert!(refused(app, "UPDATE users SET role = 'root' WHERE username = 'admin'").await);
    // Areas: a tambon of another amphoe, a village of another tambon, coordinates outside Thailand.
    assert!(refused(app, &format!("UPDATE households SET tambon_code = '330201' WHERE id = {hh}")).await);
    assert!(refused(app, &format!("UPDATE households SET lat = 48.85, lon = 2.35 WHERE id = {hh}")).await);
    assert!(refused(app, &format!("UPDATE households SET lat = 15.1, lon = NULL WHERE id = {hh}")).await);
    assert!(
        refused(app, "INSERT INTO villages (code, tambon_code, moo, name_th) VALUES ('33010299', '330101', 99, 'x')")
            .await
    );
    // One problem per household and indicator; versions start at 1.
    assert!(refused(app, "INSERT INTO problems (household_id, indicator_id, opened_on, updated_at)
        SELECT household_id, indicator_id, opened_on, updated_at FROM problems WHERE id = (SELECT MIN(id) FROM problems)").await);
    assert!(refused(app, "UPDATE problems SET version = 0 WHERE id = (SELECT MIN(id) FROM problems)").await);
    // An agency-scoped user needs an agency, an area-scoped one must not have one.
    assert!(refused(app, "UPDATE users SET scope_kind = 'agency' WHERE username = 'coordinator'").await);
    // Reference data is there: 22 amphoe, 206 tambon, 17 indicators of the current set.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM amphoes").await, 22);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM tambons").await, 206);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM indicators WHERE set_code = 'TPMAP17'").await, 17);
    assert!(app.scalar("SELECT COUNT(*) FROM assistance_menu").await >= 30);
    assert!(app.scalar("SELECT COUNT(*) FROM agencies WHERE is_lead").await >= 5);
}
on_both_databases!(the_database_refuses_bad_data, constraints_hold);
