//! Exports: the list's filters and the caller's scope apply, ids are masked unless the role
//! may see them, every export is audited; the workbook holds what the database holds.
use calamine::{Data, Reader};

use crate::helpers::TestApp;
use crate::on_both_databases;

fn sheet_rows(bytes: &[u8], name: &str) -> Vec<Vec<String>> {
    let mut book =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

async fn exports_follow_scope_filter_and_role(app: &TestApp) {
    // An officer: their amphoe only, ids masked.
    let officer = app.sign_in("officer.kantharalak").await;
    let r = app.get("/api/v1/exports/households.xlsx?status=pending", &officer).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().expect("ascii").contains(".xlsx"));
    let bytes = r.bytes().await.expect("body");
    let households = sheet_rows(&bytes, "ครัวเรือน");
    let expected = app
        .scalar(
            "SELECT COUNT(DISTINCT h.id) FROM households h JOIN problems p ON p.household_id = h.id
             WHERE h.amphoe_code = '3304' AND p.status IN ('open', 'in_progress')",
        )
        .await;
    assert_eq!(households.len() as i64 - 1, expected, "one row per household under the header");
    assert!(households.iter().skip(1).all(|r| r[1] == "กันทรลักษ์"), "only the officer's amphoe");
    let members = sheet_rows(&bytes, "สมาชิก");
    assert!(members.len() > 1);
    let id_col = members[0].iter().position(|h| h == "เลขประจำตัวประชาชน").expect("id column");
    assert!(
        members.iter().skip(1).all(|r| r[id_col].is_empty() || r[id_col].starts_with("x-xxxx-xxxxx-")),
        "masked ids"
    );
    let summary = sheet_rows(&bytes, "สรุปรายมิติ");
    assert!(summary.iter().any(|r| r.iter().any(|c| c == "กันทรลักษ์")));

    // A coordinator may see full ids; the CSV streams one row per person with a BOM.
    let coordinator = app.sign_in("coordinator").await;
    let r = app.get("/api/v1/exports/households.csv?amphoe=3301", &coordinator).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.expect("csv");
    assert!(text.starts_with('\u{FEFF}'));
    let people = app
        .scalar(
            "SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.amphoe_code = '3301'",
        )
        .await;
    let mut reader = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len() as i64, people);
    let full: String = sqlx::query_scalar(
        "SELECT m.citizen_id FROM members m JOIN households h ON h.id = m.household_id WHERE h.amphoe_code = '3301' AND m.citizen_id IS NOT NULL LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("an id");
    assert!(text.contains(&full), "coordinators export full ids");

    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'export'").await, 2);
    let (status, body) = app.get_json("/api/v1/exports/households.csv?amphoe=nope", &coordinator).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "invalid");
    let (status, _) = app.get_json("/api/v1/exports/households.xlsx", "").await;
    assert_eq!(status, 401);

    // As a browser asks (compression accepted): the CSV comes compressed and whole; the
    // workbook, a ZIP already, comes as it is.
    let browser_get = |path: &str| {
        app.client
            .get(app.url(path))
            .header("cookie", &coordinator)
            .header("accept-encoding", "gzip, deflate, br")
            .send()
    };
    let r = browser_get("/api/v1/exports/households.csv?amphoe=3301").await.expect("csv");
    assert!(["br", "gzip"].contains(&r.headers()["content-encoding"].to_str().expect("ascii")));
    let packed = r.bytes().await.expect("the whole compressed body");
    assert!(packed.len() > 1_000);
    let r = browser_get("/api/v1/exports/households.xlsx?amphoe=3301").await.expect("xlsx");
    assert!(r.headers().get("content-encoding").is_none());
    let bytes = r.bytes().await.expect("the whole workbook");
    assert_eq!(
        sheet_rows(&bytes, "ครัวเรือน").len() as i64 - 1,
        app.scalar("SELECT COUNT(*) FROM households WHERE amphoe_code = '3301'").await
    );
}
on_both_databases!(exports_follow_scope_filter_and_role, exports_follow_scope_filter_and_role);

async fn other_layouts_import_with_a_mapping(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let file = format!(
        "HOUSE_NO;VILLAGE_NO;SUBDISTRICT;PID;FNAME;LNAME;ROLE;FAILED\n77;3;330101;{};ประยูร;ศรีทอง;หัวหน้าครัวเรือน;I3 I1\n",
        crate::imports::cid(77)
    );
    let mapping = r#"{"columns": {"HOUSE_NO": "house_no", "VILLAGE_NO": "moo", "SUBDISTRICT": "tambon_code", "PID": "citizen_id", "FNAME": "first_name", "LNAME": "last_name", "ROLE": "relation", "FAILED": "failed_indicators"}}"#;
    let without = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file.clone().into_bytes()).file_name("other.csv"));
    let r = app
        .client
        .post(app.url("/api/v1/imports"))
        .header("cookie", &cookie)
        .multipart(without)
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 422, "unknown headers without a mapping");
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(body["error"]["message_th"].as_str().expect("th").contains("รหัสตำบล"));
    let with = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(file.into_bytes()).file_name("other.csv"))
        .text("source", "local")
        .text("mapping", mapping);
    let r = app
        .client
        .post(app.url("/api/v1/imports"))
        .header("cookie", &cookie)
        .multipart(with)
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 200);
    let p: serde_json::Value = r.json().await.expect("json");
    assert_eq!(p["counts"]["households_new"], 1, "{p}");
    assert_eq!(p["counts"]["problems_new"], 2);
    assert_eq!(p["format"], "CSV, UTF-8, semicolon");
}
on_both_databases!(other_layouts_import_with_a_mapping, other_layouts_import_with_a_mapping);
