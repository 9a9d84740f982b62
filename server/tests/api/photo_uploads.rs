//! Resumable photo uploads over HTTP: half a photo sent, the send broken, the offset asked
//! (on another instance of the app, since the chunks live in the database), the rest sent: one
//! photo, the bytes as sent. A wrong offset is a 409 with the real one; a whole that is not
//! the photo announced, or not an image, is refused with nothing stored; another user cannot
//! see or continue the upload; concurrent starts and chunks are taken once; a user's unfinished
//! uploads are capped, the least recently touched cleared first.
use reqwest::Response;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::field::{household_with_problem, upload};
use crate::helpers::TestApp;
use crate::on_both_databases;

const CHUNK: usize = 64 * 1024;

/// A JPEG's structure (with an EXIF position) around ~150 KB of scan data: three chunks.
fn big_jpeg() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    b.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F']);
    let exif = b"Exif\0\0GPSLatitude 15.118 GPSLongitude 104.322";
    b.extend_from_slice(&[0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
    b.extend_from_slice(exif);
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02]);
    b.extend((0..150_000u32).map(|i| (i % 251) as u8));
    b.extend_from_slice(&[0xFF, 0xD9]);
    b
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn start_body(household: i64, bytes: &[u8]) -> Value {
    json!({ "household_id": household, "kind": "before", "consent": "internal", "size": bytes.len(), "sha256": sha(bytes) })
}

async fn start_on(app: &TestApp, base: &str, cookie: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    let mut r = app.client.post(format!("{base}/api/v1/photo_uploads")).header("cookie", cookie).json(body);
    if let Some(k) = key {
        r = r.header("idempotency-key", k);
    }
    read(r.send().await.expect("POST photo_uploads")).await
}

async fn start(app: &TestApp, cookie: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    start_on(app, &app.address, cookie, key, body).await
}

async fn patch_on(base: &str, app: &TestApp, cookie: &str, id: i64, offset: usize, chunk: &[u8]) -> (u16, Value) {
    let r = app
        .client
        .patch(format!("{base}/api/v1/photo_uploads/{id}"))
        .header("cookie", cookie)
        .header("upload-offset", offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .body(chunk.to_vec())
        .send()
        .await
        .expect("PATCH chunk");
    read(r).await
}

async fn patch(app: &TestApp, cookie: &str, id: i64, offset: usize, chunk: &[u8]) -> (u16, Value) {
    patch_on(&app.address, app, cookie, id, offset, chunk).await
}

async fn read(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn id_of(v: &Value) -> i64 {
    v["upload_id"].as_i64().unwrap_or_else(|| panic!("an upload id in {v}"))
}

async fn a_broken_upload_resumes_from_the_bytes_the_server_has(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let photo = big_jpeg();
    let key = "resume-photo-0001";
    let body = start_body(household, &photo);

    let (status, started) = start(app, &officer, Some(key), &body).await;
    assert_eq!(status, 201, "{started}");
    let id = id_of(&started);
    assert_eq!((started["offset"].as_i64(), started["size"].as_i64()), (Some(0), Some(photo.len() as i64)));
    // The first chunk, then the signal drops.
    let (status, after) = patch(app, &officer, id, 0, &photo[..CHUNK]).await;
    assert_eq!((status, after["offset"].as_i64()), (200, Some(CHUNK as i64)), "{after}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM photos").await, 0);

    // The phone comes back through another instance of the app: it knows where the upload stands.
    let (second, task) = app.second_instance().await;
    let r = app.client.head(format!("{second}/api/v1/photo_uploads/{id}")).header("cookie", &officer).send().await;
    let r = r.expect("HEAD");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["upload-offset"], CHUNK.to_string().as_str());
    let (status, asked) = start_on(app, &second, &officer, Some(key), &body).await;
    assert_eq!((status, id_of(&asked), asked["offset"].as_i64()), (200, id, Some(CHUNK as i64)), "{asked}");

    // A chunk at the wrong offset (sent again, or skipping ahead) is refused with the real one.
    for wrong in [0, 2 * CHUNK] {
        let (status, refused) = patch_on(&second, app, &officer, id, wrong, &photo[wrong..wrong + 10]).await;
        assert_eq!((status, refused["offset"].as_i64()), (409, Some(CHUNK as i64)), "{refused}");
        assert!(refused["error"]["message_th"].as_str().expect("th").contains("ส่งต่อจากตรงนั้น"));
    }

    // The rest, from where the server is: the photo, stored once, its bytes as sent.
    let (status, stored) = patch_on(&second, app, &officer, id, CHUNK, &photo[CHUNK..]).await;
    assert_eq!(status, 201, "{stored}");
    task.abort();
    assert_eq!(stored["sha256"], sha(&photo));
    assert_eq!(stored["bytes"].as_i64(), Some(photo.len() as i64));
    assert_eq!(stored["client_id"], key);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM photos WHERE client_id = '{key}'")).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM photo_upload_chunks").await, 0, "the chunks are let go");
    let sha_hex = sha(&photo);
    let original = app.data_dir().join(format!("photos/originals/{}/{sha_hex}.jpg", &sha_hex[..2]));
    assert_eq!(std::fs::read(original).expect("the original in the photo store"), photo);
    let served = app.get(stored["url"].as_str().expect("url"), &officer).await.bytes().await.expect("bytes");
    assert!(!served.windows(3).any(|w| w == b"GPS"), "served without the location");

    // Asking again (the answer to the last chunk was lost) gives the same photo, and so does
    // the whole photo sent by the multipart path under the same key.
    let (status, again) = start(app, &officer, Some(key), &body).await;
    assert_eq!((status, &again["id"]), (200, &stored["id"]), "{again}");
    let (status, again) = patch(app, &officer, id, photo.len(), &[]).await;
    assert_eq!((status, &again["id"]), (200, &stored["id"]), "{again}");
    let fields =
        [("household_id", household.to_string()), ("kind", "before".to_string()), ("consent", "internal".to_string())];
    let (status, whole) = upload(app, &officer, Some(key), &fields, photo.clone(), "roof.jpg").await;
    assert_eq!((status, &whole["id"]), (200, &stored["id"]));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM photos").await, 1);
}
on_both_databases!(
    a_broken_upload_resumes_from_the_bytes_the_server_has,
    a_broken_upload_resumes_from_the_bytes_the_server_has
);

async fn a_whole_that_is_not_the_photo_announced_is_refused_and_nothing_stored(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;

    // Not an image (the SHA-256 matches): refused at the last byte, the upload cleared.
    let html = b"<html>not a photo at all, whatever the phone says</html>".repeat(2000);
    let (status, started) = start(app, &officer, Some("not-an-image-01"), &start_body(household, &html)).await;
    assert_eq!(status, 201, "{started}");
    let id = id_of(&started);
    assert_eq!(patch(app, &officer, id, 0, &html[..CHUNK]).await.0, 200);
    let (status, refused) = patch(app, &officer, id, CHUNK, &html[CHUNK..]).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["message_th"], "ไฟล์นี้ไม่ใช่ภาพ JPEG, PNG หรือ WebP");
    assert_eq!(app.get(&format!("/api/v1/photo_uploads/{id}"), &officer).await.status(), 404);

    // A damaged JPEG: refused the same way.
    let mut damaged = big_jpeg();
    damaged[5] = 0x01; // the first segment's length points past the end
    damaged.truncate(CHUNK + 10);
    let (_, started) = start(app, &officer, Some("damaged-jpeg-01"), &start_body(household, &damaged)).await;
    let (status, refused) = patch(app, &officer, id_of(&started), 0, &damaged).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["message_th"], "ไฟล์ภาพเสียหายหรือไม่สมบูรณ์");

    // Bytes other than the SHA-256 announced (a chunk corrupted on the way).
    let photo = big_jpeg();
    let (_, started) = start(app, &officer, Some("corrupted-way-01"), &start_body(household, &photo)).await;
    let id = id_of(&started);
    let mut bent = photo.clone();
    bent[CHUNK + 5] ^= 0x55;
    assert_eq!(patch(app, &officer, id, 0, &bent[..CHUNK]).await.0, 200);
    let (status, refused) = patch(app, &officer, id, CHUNK, &bent[CHUNK..]).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["error"]["message"].as_str().expect("en").contains("SHA-256"));

    // More bytes than announced.
    let (_, started) = start(app, &officer, Some("too-many-bytes-01"), &start_body(household, &photo[..100])).await;
    let (status, refused) = patch(app, &officer, id_of(&started), 0, &photo[..101]).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM photos").await, 0, "nothing stored");

    // Refused before any byte is sent: too large, a bad hash, no key, out of scope, an
    // executive, a missing consent form, the key reused for another photo.
    let mut huge = start_body(household, &photo);
    huge["size"] = json!(9 * 1024 * 1024);
    assert_eq!(start(app, &officer, Some("huge-photo-0001"), &huge).await.0, 422);
    let mut bad_hash = start_body(household, &photo);
    bad_hash["sha256"] = json!("ABC");
    assert_eq!(start(app, &officer, Some("bad-hash-00001"), &bad_hash).await.0, 422);
    let (status, refused) = start(app, &officer, None, &start_body(household, &photo)).await;
    assert_eq!(status, 422);
    assert!(refused["error"]["message"].as_str().expect("en").contains("Idempotency-Key"));
    let (foreign, _, _) = household_with_problem(app, "3304").await;
    assert_eq!(start(app, &officer, Some("foreign-hh-0001"), &start_body(foreign, &photo)).await.0, 403);
    let executive = app.sign_in("executive").await;
    assert_eq!(start(app, &executive, Some("executive-0001"), &start_body(household, &photo)).await.0, 403);
    let mut public = start_body(household, &photo);
    public["consent"] = json!("public");
    let (status, refused) = start(app, &officer, Some("public-no-form-01"), &public).await;
    assert_eq!(status, 422);
    assert!(refused["error"]["message_th"].as_str().expect("th").contains("แบบยินยอม"));
    let (_, _) = start(app, &officer, Some("reused-key-0001"), &start_body(household, &photo)).await;
    let (status, refused) = start(app, &officer, Some("reused-key-0001"), &start_body(household, &html)).await;
    assert_eq!(status, 422);
    assert!(refused["error"]["message_th"].as_str().expect("th").contains("ถูกใช้กับข้อมูลอื่นแล้ว"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM photos").await, 0, "nothing stored");
}
on_both_databases!(
    a_whole_that_is_not_the_photo_announced_is_refused_and_nothing_stored,
    a_whole_that_is_not_the_photo_announced_is_refused_and_nothing_stored
);

async fn uploads_are_their_owners_and_taken_once(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let photo = big_jpeg();
    let key = "concurrent-start-01";

    // Ten starts at once under one key: one upload.
    let mut sends = Vec::new();
    for _ in 0..10 {
        let (client, url, cookie, body) =
            (app.client.clone(), app.url("/api/v1/photo_uploads"), officer.clone(), start_body(household, &photo));
        sends.push(tokio::spawn(async move {
            let r = client.post(url).header("cookie", cookie).header("idempotency-key", key).json(&body).send().await;
            read(r.expect("POST")).await
        }));
    }
    let mut ids = Vec::new();
    let mut created = 0;
    for s in sends {
        let (status, body) = s.await.expect("task");
        assert!(status == 200 || status == 201, "{status}: {body}");
        created += usize::from(status == 201);
        ids.push(id_of(&body));
    }
    assert_eq!(created, 1, "one start makes the upload, the others get it back");
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM photo_uploads WHERE client_id = '{key}'")).await, 1);
    let id = ids[0];

    // The same chunk sent five times at once: taken once, the others told the new offset.
    let mut sends = Vec::new();
    for _ in 0..5 {
        let (client, url, cookie, chunk) = (
            app.client.clone(),
            app.url(&format!("/api/v1/photo_uploads/{id}")),
            officer.clone(),
            photo[..CHUNK].to_vec(),
        );
        sends.push(tokio::spawn(async move {
            let r = client.patch(url).header("cookie", cookie).header("upload-offset", "0").body(chunk).send().await;
            read(r.expect("PATCH")).await
        }));
    }
    let mut statuses = Vec::new();
    for s in sends {
        let (status, body) = s.await.expect("task");
        assert_eq!(body["offset"].as_i64(), Some(CHUNK as i64), "{status}: {body}");
        statuses.push(status);
    }
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409]);

    // Another officer neither sees nor continues it.
    let other = app.sign_in("officer.kantharalak").await;
    assert_eq!(app.get(&format!("/api/v1/photo_uploads/{id}"), &other).await.status(), 404);
    assert_eq!(patch(app, &other, id, CHUNK, &photo[CHUNK..]).await.0, 404);
    let (status, mine) = app.get_json(&format!("/api/v1/photo_uploads/{id}"), &officer).await;
    assert_eq!((status, mine["offset"].as_i64()), (200, Some(CHUNK as i64)));
    assert_eq!(app.get(&format!("/api/v1/photo_uploads/{id}"), "hakpaeng_session=none").await.status(), 401);

    // An upload left for more than two days is cleared when the next one starts.
    app.db_exec(&format!("UPDATE photo_uploads SET updated_at = '2020-01-01T00:00:00Z' WHERE id = {id}")).await;
    let (status, _) = start(app, &officer, Some("next-photo-0001"), &start_body(household, &photo[..500])).await;
    assert_eq!(status, 201);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM photo_uploads WHERE id = {id}")).await, 0);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM photo_upload_chunks WHERE upload_id = {id}")).await, 0);
    // Its key starts afresh.
    let (status, fresh) = start(app, &officer, Some(key), &start_body(household, &photo)).await;
    assert_eq!((status, fresh["offset"].as_i64()), (201, Some(0)));
}
on_both_databases!(uploads_are_their_owners_and_taken_once, uploads_are_their_owners_and_taken_once);

async fn a_users_unfinished_uploads_are_capped_oldest_cleared_first(app: &TestApp) {
    let officer = app.sign_in("officer.mueang").await;
    let other = app.sign_in("officer.kantharalak").await;
    let (household, _, _) = household_with_problem(app, "3301").await;
    let (elsewhere, _, _) = household_with_problem(app, "3304").await;
    let photo = big_jpeg();
    // Times within the last hour (older than two days would be cleared as abandoned).
    let at =
        |seconds_ago: i64| (chrono::Utc::now() - chrono::Duration::seconds(seconds_ago)).format("%Y-%m-%dT%H:%M:%SZ");
    // Another officer's unfinished upload, the oldest of all: not theirs to clear.
    let (status, theirs) = start(app, &other, Some("other-open-0001"), &start_body(elsewhere, &photo)).await;
    assert_eq!(status, 201, "{theirs}");
    let theirs = id_of(&theirs);
    app.db_exec(&format!("UPDATE photo_uploads SET updated_at = '{}' WHERE id = {theirs}", at(3000))).await;
    // Ten unfinished uploads: the cap, nothing cleared.
    let mut ids = Vec::new();
    for n in 0..10 {
        let (status, body) =
            start(app, &officer, Some(&format!("open-photo-{n:04}")), &start_body(household, &photo)).await;
        assert_eq!(status, 201, "{body}");
        ids.push(id_of(&body));
        // Distinct times, so "least recently touched" is well defined.
        app.db_exec(&format!("UPDATE photo_uploads SET updated_at = '{}' WHERE id = {}", at(2000 - n as i64), ids[n]))
            .await;
    }
    let open = "SELECT COUNT(*) FROM photo_uploads WHERE photo_id IS NULL AND client_id LIKE 'open-photo-%'";
    assert_eq!(app.scalar(open).await, 10);
    // The first was touched since (a chunk came): the least recently touched are the 2nd, then the 3rd.
    app.db_exec(&format!("UPDATE photo_uploads SET updated_at = '{}' WHERE id = {}", at(1000), ids[0])).await;
    for n in 10..12 {
        let (status, body) =
            start(app, &officer, Some(&format!("open-photo-{n:04}")), &start_body(household, &photo)).await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(app.scalar(open).await, 10);
    for gone in [ids[1], ids[2]] {
        assert_eq!(app.get(&format!("/api/v1/photo_uploads/{gone}"), &officer).await.status(), 404, "{gone}");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM photo_upload_chunks WHERE upload_id = {gone}")).await, 0);
    }
    for kept in [ids[0], ids[3], ids[9]] {
        assert_eq!(app.get(&format!("/api/v1/photo_uploads/{kept}"), &officer).await.status(), 200, "{kept}");
    }
    assert_eq!(app.get(&format!("/api/v1/photo_uploads/{theirs}"), &other).await.status(), 200);
    // A cleared photo starts again under its key, from the first byte.
    let (status, again) = start(app, &officer, Some("open-photo-0001"), &start_body(household, &photo)).await;
    assert_eq!((status, again["offset"].as_i64()), (201, Some(0)));
}
on_both_databases!(
    a_users_unfinished_uploads_are_capped_oldest_cleared_first,
    a_users_unfinished_uploads_are_capped_oldest_cleared_first
);
