//! Household lists in: preview then commit, idempotent re-imports, TIS-620 and XLSX files,
//! bad rows reported by line, ThaiQM merged with TPMAP, uncertain matches decided.
use reqwest::multipart::{Form, Part};

use crate::helpers::TestApp;
use crate::on_both_databases;

const HEADER: &str = "รหัสบ้าน,บ้านเลขที่,หมู่ที่,ชื่อหมู่บ้าน,รหัสตำบล,เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,เพศ,วันเกิด,ความสัมพันธ์,ตัวชี้วัดที่ไม่ผ่าน,ละติจูด,ลองจิจูด,รหัสอ้างอิง";

/// A valid citizen id from a serial (synthetic: starts with 0992).
pub fn cid(serial: u64) -> String {
    let mut first12 = [0u8; 12];
    let s = format!("0992{serial:08}");
    for (d, c) in first12.iter_mut().zip(s.bytes()) {
        *d = c - b'0';
    }
    app::domain::citizen_id::CitizenId::from_first12(first12).as_str().to_string()
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>, source: &str) -> (u16, serde_json::Value) {
    let form = Form::new()
        .part("file", Part::bytes(bytes).file_name(name.to_string()))
        .text("source", source.to_string())
        .text("year", "2566");
    let r = app
        .client
        .post(app.url("/api/v1/imports"))
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = r.status().as_u16();
    (status, r.json().await.expect("json"))
}

async fn commit(app: &TestApp, cookie: &str, id: i64) -> serde_json::Value {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/imports/{id}/commit")))
        .header("cookie", cookie)
        .send()
        .await
        .expect("commit");
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

fn csv(rows: &[String]) -> Vec<u8> {
    let mut s = String::from("\u{FEFF}");
    s.push_str(HEADER);
    s.push_str("\r\n");
    for r in rows {
        s.push_str(r);
        s.push_str("\r\n");
    }
    s.into_bytes()
}

async fn the_sample_previews_then_commits_once(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let before = app.scalar("SELECT COUNT(*) FROM households").await;
    let sample =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/templates/hakpaeng-household-sample.csv"))
            .expect("sample");
    let (status, p) = upload(app, &cookie, "sample.csv", sample.clone(), "tpmap").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["counts"]["households_new"], 3);
    assert_eq!(p["counts"]["members_new"], 8);
    assert_eq!(p["counts"]["problems_new"], 10);
    assert_eq!(p["counts"]["rows_rejected"], 0);
    assert_eq!(p["format"], "CSV, UTF-8 (BOM), comma");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, before, "a preview writes nothing");
    let done = commit(app, &cookie, p["import_id"].as_i64().expect("id")).await;
    assert_eq!(done["status"], "committed");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, before + 3);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM members WHERE citizen_id LIKE '0991%'").await, 8);
    let head: String = sqlx::query_scalar("SELECT head_name FROM households WHERE house_code = '33040000207'")
        .fetch_one(&app.db.pool)
        .await
        .expect("imported household");
    assert_eq!(head, "นายสมชาย ใจดี");
    // The same file again changes nothing.
    let (_, again) = upload(app, &cookie, "sample.csv", sample, "tpmap").await;
    assert_eq!(again["already_committed"], true);
    assert_eq!(again["counts"]["households_unchanged"], 3);
    assert_eq!(again["counts"]["households_new"], 0);
    let members = app.scalar("SELECT COUNT(*) FROM members").await;
    let problems = app.scalar("SELECT COUNT(*) FROM problems").await;
    commit(app, &cookie, again["import_id"].as_i64().expect("id")).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, before + 3);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM members").await, members);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM problems").await, problems);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'import_committed'").await, 2);
    let (_, history) = app.get_json("/api/v1/imports", &cookie).await;
    assert_eq!(history.as_array().expect("history").len(), 2);
    assert_eq!(history[0]["created_by"], "ผู้ประสานงาน พช.จังหวัด (สาธิต)");
    assert_eq!(history[0]["sha256"].as_str().expect("sha").len(), 64);
    // Only coordinators import.
    let officer = app.sign_in("officer.mueang").await;
    let (status, _) = upload(app, &officer, "sample.csv", vec![1, 2, 3], "tpmap").await;
    assert_eq!(status, 403);
}
on_both_databases!(the_sample_previews_then_commits_once, the_sample_previews_then_commits_once);

async fn bad_rows_are_reported_and_the_rest_imported(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let mut bad_id = cid(3);
    bad_id.replace_range(12..13, if bad_id.ends_with('0') { "1" } else { "0" });
    let rows = vec![
        format!(",1,3,,330101,{},นาย,หนึ่ง,ทดสอบ,ชาย,01/01/2500,หัวหน้าครัวเรือน,I3,,,", cid(1)),
        format!(",1,3,,330101,{},นาง,สอง,ทดสอบ,หญิง,01/01/2502,คู่สมรส,,,,", cid(2)),
        format!(",1,3,,330101,{bad_id},เด็กชาย,สาม,ทดสอบ,ชาย,01/01/2560,บุตร,,,,"),
        format!(",9,2,,999999,{},นาย,สี่,ทดสอบ,ชาย,01/01/2500,หัวหน้าครัวเรือน,,,,", cid(4)),
        format!(",1,3,,330101,{},นาง,ห้า,ทดสอบ,หญิง,01/01/2510,ญาติ,,,,", cid(2)),
        String::new(),
        format!(",7,1,,330101,{},นาย,หก,ทดสอบ,ชาย,31/02/2540,หัวหน้าครัวเรือน,Q9,,,", cid(6)),
    ];
    let (status, p) = upload(app, &cookie, "bad.csv", csv(&rows), "local").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["counts"]["rows_total"], 6, "the empty row is skipped");
    assert_eq!(p["counts"]["rows_rejected"], 4);
    assert_eq!(p["counts"]["households_new"], 1);
    assert_eq!(p["counts"]["members_new"], 2);
    let errors = p["errors"].as_array().expect("errors");
    let at = |line: i64| errors.iter().filter(|e| e["line"] == line).cloned().collect::<Vec<_>>();
    assert!(at(4)[0]["th"].as_str().expect("th").contains("หลักตรวจสอบ"), "bad check digit on line 4: {errors:?}");
    assert_eq!(at(4)[0]["column"], "เลขประจำตัวประชาชน");
    assert!(at(5).iter().any(|e| e["column"] == "รหัสตำบล"), "unknown tambon on line 5");
    assert!(at(6)[0]["th"].as_str().expect("th").contains("บรรทัด 3"), "duplicate person refers to line 3");
    let line8: Vec<String> = at(8).iter().map(|e| e["column"].as_str().unwrap_or_default().to_string()).collect();
    assert!(line8.contains(&"วันเกิด".to_string()) && line8.contains(&"ตัวชี้วัดที่ไม่ผ่าน".to_string()), "{line8:?}");
    let id = p["import_id"].as_i64().expect("id");
    let r = app.get(&format!("/api/v1/imports/{id}/rejected.csv"), &cookie).await;
    assert_eq!(r.status(), 200);
    let rejected = r.text().await.expect("csv");
    assert!(rejected.starts_with('\u{FEFF}'));
    assert_eq!(rejected.lines().count(), 5, "header and the 4 refused rows:\n{rejected}");
    assert!(rejected.contains(&bad_id) && rejected.contains("เหตุผลที่ไม่นำเข้า"));
    let before = app.scalar("SELECT COUNT(*) FROM households").await;
    commit(app, &cookie, id).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, before + 1);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM members WHERE citizen_id = '{bad_id}'")).await, 0);
}
on_both_databases!(bad_rows_are_reported_and_the_rest_imported, bad_rows_are_reported_and_the_rest_imported);

async fn tis620_and_xlsx_files_import(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let text = format!(
        "{HEADER}\r\n,88,5,บ้านทดสอบ,330101,{},นาง,บัวผัน,พรหมมา,หญิง,02/02/2502,หัวหน้าครัวเรือน,\"L1,A1\",,,\r\n",
        cid(10)
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_874.encode(&text);
    let (status, p) = upload(app, &cookie, "tis620.csv", bytes.into_owned(), "tpmap").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["format"], "CSV, windows-874, comma");
    commit(app, &cookie, p["import_id"].as_i64().expect("id")).await;
    let name: String = sqlx::query_scalar("SELECT first_name || ' ' || last_name FROM members WHERE citizen_id = $1")
        .bind(cid(10))
        .fetch_one(&app.db.pool)
        .await
        .expect("imported");
    assert_eq!(name, "บัวผัน พรหมมา");

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).expect("header");
    }
    let row = [
        "",
        "5/1",
        "2",
        "บ้านหนองแวง",
        "330101",
        &cid(11),
        "นาย",
        "เสาร์",
        "แสงทอง",
        "ชาย",
        "15/08/2518",
        "หัวหน้าครัวเรือน",
        "I1",
    ];
    for (c, v) in row.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).expect("cell");
    }
    sheet.write_number(1, 13, 15.2011).expect("lat");
    sheet.write_number(1, 14, 104.4102).expect("lon");
    let bytes = book.save_to_buffer().expect("xlsx");
    let (status, p) = upload(app, &cookie, "list.xlsx", bytes, "thaiqm").await;
    assert_eq!(status, 200, "{p}");
    assert!(p["format"].as_str().expect("format").starts_with("XLSX"));
    assert_eq!(p["counts"]["households_new"], 1);
    commit(app, &cookie, p["import_id"].as_i64().expect("id")).await;
    let (lat, moo): (f64, i64) = sqlx::query_as(
        "SELECT h.lat, h.moo FROM households h JOIN members m ON m.household_id = h.id WHERE m.citizen_id = $1",
    )
    .bind(cid(11))
    .fetch_one(&app.db.pool)
    .await
    .expect("imported");
    assert!((lat - 15.2011).abs() < 1e-9);
    assert_eq!(moo, 2);
    // Not a spreadsheet at all.
    let (status, e) =
        upload(app, &cookie, "photo.xls", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0], "tpmap").await;
    assert_eq!(status, 422);
    assert!(e["error"]["message_th"].as_str().expect("th").contains(".xlsx"));
}
on_both_databases!(tis620_and_xlsx_files_import, tis620_and_xlsx_files_import);

async fn thaiqm_merges_with_tpmap_and_uncertain_matches_wait(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let tpmap = csv(&[
        format!("33010000901,10,1,,330101,{},นาย,ก้อน,หินดี,ชาย,01/01/2500,หัวหน้าครัวเรือน,I3,,,TP-1", cid(21)),
        format!(",20,1,,330101,{},นาง,แก้ว,ใสดี,หญิง,01/01/2505,หัวหน้าครัวเรือน,L1,,,TP-2", cid(22)),
        format!(",30,1,,330101,{},นาย,ทอง,คำดี,ชาย,01/01/2490,หัวหน้าครัวเรือน,A1,,,TP-3", cid(23)),
    ]);
    let (_, p) = upload(app, &cookie, "tpmap.csv", tpmap, "tpmap").await;
    commit(app, &cookie, p["import_id"].as_i64().expect("id")).await;
    let households = app.scalar("SELECT COUNT(*) FROM households").await;
    let thaiqm = csv(&[
        // Same house code as TP-1, a new member and a new problem.
        format!("33010000901,10,1,,330101,{},นาย,ก้อน,หินดี,ชาย,01/01/2500,หัวหน้าครัวเรือน,\"I3,I1\",,,QM-1", cid(21)),
        format!("33010000901,10,1,,330101,{},นาง,ดิน,หินดี,หญิง,01/01/2503,คู่สมรส,,,,QM-1", cid(24)),
        // Same head as TP-2, written with a new house number.
        format!(",20/1,1,,330101,{},นาง,แก้ว,ใสดี,หญิง,01/01/2505,หัวหน้าครัวเรือน,L1,,,QM-2", cid(22)),
        // Same address as TP-3, another head: uncertain.
        format!(",30,1,,330101,{},นาง,เงิน,คำดี,หญิง,01/01/2495,หัวหน้าครัวเรือน,A1,,,QM-3", cid(25)),
        // New.
        format!(",40,1,,330101,{},นาย,ใหม่,มาดี,ชาย,01/01/2520,หัวหน้าครัวเรือน,E4,,,QM-4", cid(26)),
    ]);
    let (_, p) = upload(app, &cookie, "thaiqm.csv", thaiqm, "thaiqm").await;
    let c = &p["counts"];
    assert_eq!(
        (c["households_updated"].as_i64(), c["households_new"].as_i64(), c["households_uncertain"].as_i64()),
        (Some(2), Some(1), Some(1)),
        "{p}"
    );
    commit(app, &cookie, p["import_id"].as_i64().expect("id")).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, households + 1, "merged, not duplicated");
    let sources = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM household_sources s JOIN members m ON m.household_id = s.household_id WHERE m.citizen_id = '{}'",
            cid(21)
        ))
        .await;
    assert_eq!(sources, 2, "the household keeps both source ids");
    let house_no: String = sqlx::query_scalar(
        "SELECT h.house_no FROM households h JOIN members m ON m.household_id = h.id WHERE m.citizen_id = $1",
    )
    .bind(cid(22))
    .fetch_one(&app.db.pool)
    .await
    .expect("tp-2");
    assert_eq!(house_no, "20/1", "a newer list updates in place");
    // The uncertain one waits for a coordinator.
    let (_, pending) = app.get_json("/api/v1/merge-candidates", &cookie).await;
    let pending = pending.as_array().expect("list").clone();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["incoming_head"], "นางเงิน คำดี");
    assert!(pending[0]["reason_th"].as_str().expect("reason").contains("หัวหน้าครัวเรือนต่างกัน"));
    let id = pending[0]["id"].as_i64().expect("id");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/merge-candidates/{id}/confirm")))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("confirm");
    assert_eq!(r.status(), 200);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM households").await, households + 1, "merged into the known household");
    let home = app.scalar(&format!("SELECT household_id FROM members WHERE citizen_id = '{}'", cid(25))).await;
    let old = app.scalar(&format!("SELECT household_id FROM members WHERE citizen_id = '{}'", cid(23))).await;
    assert_eq!(home, old);
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM members WHERE household_id = {home} AND relation = 'head'")).await,
        1
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'merge_confirmed'").await, 1);
    let r = app
        .client
        .post(app.url(&format!("/api/v1/merge-candidates/{id}/reject")))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("again");
    assert_eq!(r.status(), 422, "decided once");
}
on_both_databases!(
    thaiqm_merges_with_tpmap_and_uncertain_matches_wait,
    thaiqm_merges_with_tpmap_and_uncertain_matches_wait
);

/// A file with its own headers: the upload goes to the column-mapping page (the file kept),
/// a choice missing a required column comes back with the choices and the reason, and a
/// complete choice makes a preview that replaces the earlier one and saves the mapping.
async fn other_layouts_go_through_the_column_mapping_step(app: &TestApp) {
    let cookie = app.sign_in("coordinator").await;
    let file = "HH_ID,NAME,SURNAME,TB,NOTE\r\n33049990901,สมศรี,ใจดี,330401,x\r\n33049990901,สมชาย,ใจดี,330401,\r\n33049990902,มานี,มีสุข,330401,y\r\n".to_string();
    // The REST API has no mapping step: without a mapping the file is refused, in Thai too.
    let (status, body) = upload(app, &cookie, "other.csv", file.clone().into_bytes(), "local").await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message_th"].as_str().expect("th").contains("ไฟล์ขาดคอลัมน์ที่จำเป็น"), "{body}");

    // The page's script: the answer is the column-mapping page's address.
    let form = Form::new()
        .part("file", Part::bytes(file.clone().into_bytes()).file_name("other.csv"))
        .text("source", "local")
        .text("year", "2567");
    let r = app
        .client
        .post(app.url("/imports/upload"))
        .header("cookie", &cookie)
        .header("x-requested-with", "XMLHttpRequest")
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 200);
    let location =
        r.json::<serde_json::Value>().await.expect("json")["location"].as_str().expect("location").to_string();
    let sha = app::ssr::import::run::sha256_hex(file.as_bytes());
    assert!(
        location.starts_with(&format!("/imports/columns/{sha}?name=other.csv&source=local&year=2567&error=")),
        "{location}"
    );
    let page = app.client.get(app.url(&location)).header("cookie", &cookie).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("HH_ID") && html.contains("สมศรี"), "the page shows the columns and samples");

    // Without the script the same upload is a redirect there.
    let form = Form::new().part("file", Part::bytes(file.clone().into_bytes()).file_name("other.csv"));
    let r = app
        .client
        .post(app.url("/imports/upload"))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().expect("ascii").starts_with(&format!("/imports/columns/{sha}?")));

    let post = |pairs: Vec<(&'static str, &'static str)>| {
        let mut fields = vec![("name", "other.csv"), ("source", "local"), ("year", "2567")];
        fields.extend(pairs);
        app.client.post(app.url(&format!("/imports/columns/{sha}"))).header("cookie", &cookie).form(&fields).send()
    };
    // No tambon chosen: back to the page, the choices kept, the reason given.
    let r =
        post(vec![("c0", "house_code"), ("c1", "first_name"), ("c2", "last_name"), ("c3", "ignore"), ("c4", "ignore")])
            .await
            .expect("post");
    assert_eq!(r.status(), 303);
    let back = r.headers()["location"].to_str().expect("ascii").to_string();
    assert!(back.contains("&c0=house_code&c1=first_name&c2=last_name&c3=ignore&c4=ignore&error="), "{back}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM imports WHERE file_name = 'other.csv'").await, 0);

    let r =
        post(vec![("c0", "house_code"), ("c1", "first_name"), ("c2", "last_name"), ("c3", "tambon_code"), ("c4", "")])
            .await
            .expect("post");
    assert_eq!(r.status(), 303);
    let preview_at = r.headers()["location"].to_str().expect("ascii").to_string();
    let first: i64 = preview_at.trim_start_matches("/imports/").parse().expect("an import page");
    let p: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/v1/imports/{first}")))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("show")
        .json()
        .await
        .expect("json");
    assert_eq!(p["counts"]["households_new"], 2, "{p}");
    assert_eq!(p["counts"]["members_new"], 3);
    assert_eq!(p["mapped"], true);
    assert_eq!(p["source_year"], 2567);
    assert_eq!(p["unused_columns"], serde_json::json!(["NOTE"]));

    // Matching again from the preview replaces it; the commit uses the saved mapping.
    let mut fields =
        vec![("name", "other.csv".to_string()), ("source", "local".to_string()), ("replaces", first.to_string())];
    for (i, f) in ["house_code", "first_name", "last_name", "tambon_code", "ignore"].iter().enumerate() {
        fields.push((["c0", "c1", "c2", "c3", "c4"][i], f.to_string()));
    }
    let r = app
        .client
        .post(app.url(&format!("/imports/columns/{sha}")))
        .header("cookie", &cookie)
        .form(&fields)
        .send()
        .await
        .expect("post");
    let second: i64 =
        r.headers()["location"].to_str().expect("ascii").trim_start_matches("/imports/").parse().expect("id");
    assert_ne!(second, first);
    let status: String = sqlx::query_scalar(&format!("SELECT status FROM imports WHERE id = {first}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("status");
    assert_eq!(status, "discarded");
    let done = commit(app, &cookie, second).await;
    assert_eq!(done["counts"]["households_new"], 2, "{done}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM households WHERE house_code IN ('33049990901', '33049990902')").await,
        2
    );

    // An officer cannot use the step; an unknown file is not found.
    let officer = app.sign_in("officer.mueang").await;
    let r = app
        .client
        .post(app.url(&format!("/imports/columns/{sha}")))
        .header("cookie", &officer)
        .form(&[("name", "other.csv")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let r = app
        .client
        .post(app.url(&format!("/imports/columns/{}", "0".repeat(64))))
        .header("cookie", &cookie)
        .form(&[("name", "other.csv"), ("c0", "house_code")])
        .send()
        .await
        .expect("post");
    assert!(r.headers()["location"].to_str().expect("ascii").starts_with("/imports?error="));
}
on_both_databases!(other_layouts_go_through_the_column_mapping_step, other_layouts_go_through_the_column_mapping_step);
