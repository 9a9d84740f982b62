//! Photos kept in an S3-compatible bucket: a real S3 server at `HAKPAENG_TEST_S3_URL` (scripts/test
//! starts moto's), a fresh bucket per test. Uploaded and read back through the API, the objects
//! really in the bucket under the configured folder and none in the data folder, a photo gone
//! from the bucket answered 404, and a missing bucket stopping the start with a message.
use std::sync::atomic::{AtomicU32, Ordering};

use app::ssr::db::Dialect;
use futures::TryStreamExt;
use hakpaeng::config::Config;
use hakpaeng::startup::Application;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use crate::field::{household_with_problem, jpeg_with_location, upload};
use crate::helpers::{client, spawn_app_with};

/// The S3 server's URL; `None` (the test is skipped) when there is none, unless one is required.
fn s3_server() -> Option<String> {
    match std::env::var("HAKPAENG_TEST_S3_URL") {
        Ok(url) => Some(url.trim_end_matches('/').to_string()),
        Err(_) => {
            if std::env::var("HAKPAENG_TEST_REQUIRE_S3").is_ok() {
                panic!("HAKPAENG_TEST_REQUIRE_S3 is set but HAKPAENG_TEST_S3_URL is not");
            }
            eprintln!("skipped the S3 photo store: set HAKPAENG_TEST_S3_URL (e.g. moto_server's http://127.0.0.1:PORT) to run it");
            None
        }
    }
}

/// Makes a new, empty bucket (moto creates one for an unsigned request) and returns its name.
async fn new_bucket(server: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let bucket = format!("hk-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let r = client().put(format!("{server}/{bucket}")).send().await.expect("create bucket");
    assert!(r.status().is_success(), "create bucket: {}", r.status());
    bucket
}

const KEY_ID: &str = "hakpaeng-test";
const SECRET: &str = "hakpaeng-test-secret";

fn use_bucket(config: &mut Config, server: &str, url: &str) {
    config.photo_store = url.to_string();
    config.s3_endpoint = server.to_string();
    config.s3_region = "us-east-1".into();
    config.s3_access_key_id = KEY_ID.into();
    config.s3_secret_access_key = SECRET.into();
}

/// The bucket as the test sees it, apart from the app.
fn look_into(server: &str, bucket: &str) -> impl ObjectStore {
    AmazonS3Builder::new()
        .with_endpoint(server)
        .with_allow_http(true)
        .with_bucket_name(bucket)
        .with_region("us-east-1")
        .with_access_key_id(KEY_ID)
        .with_secret_access_key(SECRET)
        .build()
        .expect("a client for the bucket")
}

async fn photos_live_in_the_bucket(dialect: Dialect) {
    let Some(server) = s3_server() else { return };
    let bucket = new_bucket(&server).await;
    let Some(app) = spawn_app_with(dialect, |c| use_bucket(c, &server, &format!("s3://{bucket}/field/"))).await else {
        return;
    };
    let officer = app.sign_in("officer.mueang").await;
    let (household, _, _) = household_with_problem(&app, "3301").await;
    let fields =
        [("household_id", household.to_string()), ("kind", "before".to_string()), ("consent", "internal".to_string())];
    let (status, photo) =
        upload(&app, &officer, Some("s3-photo-0001"), &fields, jpeg_with_location(), "roof.jpg").await;
    assert_eq!(status, 201, "{photo}");
    let sha = photo["sha256"].as_str().expect("sha256").to_string();
    let url = photo["url"].as_str().expect("url").to_string();

    // Read back through the API: the copy without the location.
    let r = app.get(&url, &officer).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let served = r.bytes().await.expect("bytes").to_vec();
    assert!(served.starts_with(&[0xFF, 0xD8]) && served.ends_with(&[0xFF, 0xD9]));
    assert!(!served.windows(3).any(|w| w == b"GPS"), "the location is gone from the served copy");

    // In the bucket, under the folder and nowhere else: the original, the clean copy and the
    // start's check; the clean copy is what is served.
    let store = look_into(&server, &bucket);
    let mut keys: Vec<String> =
        store.list(None).map_ok(|o| o.location.to_string()).try_collect().await.expect("list the bucket");
    keys.sort();
    let clean_key = format!("field/clean/{}/{sha}.jpg", &sha[..2]);
    let original_key = format!("field/originals/{}/{sha}.jpg", &sha[..2]);
    assert_eq!(keys, [clean_key.clone(), "field/hakpaeng-store-check.txt".to_string(), original_key.clone()]);
    let clean = store.get(&Path::from(clean_key.as_str())).await.expect("clean copy").bytes().await.expect("bytes");
    assert_eq!(clean.to_vec(), served, "the bucket holds what is served");
    let original = store.get(&Path::from(original_key.as_str())).await.expect("original").bytes().await.expect("bytes");
    assert_eq!(original.to_vec(), jpeg_with_location(), "and the photo as sent");
    assert!(!app.data_dir().join("photos").exists(), "nothing written to the local folder");

    // A photo whose object is gone is answered as missing, not as a server error.
    store.delete(&Path::from(clean_key.as_str())).await.expect("delete the clean copy");
    assert_eq!(app.get(&url, &officer).await.status(), 404);

    // A bucket that does not exist stops the start, with the store named.
    let mut config = Config {
        data_dir: app.data_dir().to_path_buf(),
        listen: "127.0.0.1:0".parse().expect("address"),
        database_url: app.database_url.clone(),
        ..Config::default()
    };
    use_bucket(&mut config, &server, &format!("s3://{bucket}-missing/field"));
    let e = Application::build_with_db(&config, app.db.clone()).await.err().expect("refused at start").to_string();
    assert!(e.contains(&format!("cannot write to the photo store at {server}: s3://{bucket}-missing/field: ")), "{e}");
    app.finish().await;
}

mod photos_live_in_an_s3_bucket {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::photos_live_in_the_bucket(app::ssr::db::Dialect::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::photos_live_in_the_bucket(app::ssr::db::Dialect::Postgres).await;
    }
}
