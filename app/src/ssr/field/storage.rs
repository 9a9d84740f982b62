//! Where evidence photos' bytes live, behind one interface: a folder under the data directory
//! by default, or an S3-compatible bucket (AWS, MinIO, Ceph…) as the scale path. Keys are
//! content addresses (`originals/ab/<sha256>.jpg`), so the same photo sent twice is stored once.
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};

#[derive(Debug, Clone)]
pub enum PhotoStore {
    /// Files under this folder.
    Local(PathBuf),
    /// Objects in an S3-compatible bucket.
    S3(S3Store),
}

/// A bucket and the folder in it that holds the photos.
#[derive(Debug, Clone)]
pub struct S3Store {
    store: Arc<dyn ObjectStore>,
    /// `s3://bucket/prefix`, for messages.
    url: String,
    /// Without slashes at either end; empty for the bucket's top.
    prefix: String,
}

/// An S3-compatible photo store as configured: `photo_store = "s3://bucket/optional/prefix"`
/// plus the endpoint, region and credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// Folder in the bucket, without slashes at either end; empty for the bucket's top.
    pub prefix: String,
    /// Empty: AWS itself. Else the server's URL, e.g. `http://127.0.0.1:9000` for MinIO; such
    /// endpoints are addressed path-style (`<endpoint>/<bucket>/<key>`), and `http://` is allowed.
    pub endpoint: String,
    /// Empty: `AWS_REGION` or `AWS_DEFAULT_REGION` if set, else `us-east-1`.
    pub region: String,
    /// Access key id and secret; `None`: the AWS SDKs' usual sources (`AWS_*` environment
    /// variables, web identity, the instance's role).
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials.as_ref().map(|(id, _)| format!("{id}:***")))
            .finish()
    }
}

/// Whether `key` is a relative path of plain names (`a-z A-Z 0-9 . _ -`), never `.` or `..`.
fn safe_key(key: &str) -> bool {
    !key.is_empty()
        && key.split('/').all(|part| !part.is_empty() && part != ".." && part != ".")
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b))
}

fn bad_key() -> std::io::Error {
    std::io::Error::other("bad key")
}

impl S3Settings {
    /// Reads `s3://bucket` or `s3://bucket/folder/inside`; the other fields stay empty.
    pub fn parse(url: &str) -> Result<S3Settings, String> {
        let shape = "use s3://bucket or s3://bucket/folder";
        let rest = url.trim().strip_prefix("s3://").ok_or_else(|| format!("{url:?} is not an s3:// URL: {shape}"))?;
        if rest.contains(['?', '#', '@']) {
            return Err(format!("{url:?}: no query, fragment or credentials in the URL: {shape}"));
        }
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        // S3's bucket naming rules (lower case, digits, dots, hyphens; 3 to 63 long).
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
            && bucket.ends_with(|c: char| c.is_ascii_alphanumeric())
            && !bucket.contains("..");
        if !bucket_ok {
            return Err(format!(
                "{url:?}: {bucket:?} is not a bucket name (3 to 63 of a-z, 0-9, '.' and '-'): {shape}"
            ));
        }
        let prefix = prefix.trim_end_matches('/');
        if !prefix.is_empty() && !safe_key(prefix) {
            return Err(format!(
                "{url:?}: the folder {prefix:?} may only hold a-z A-Z 0-9 . _ - between single slashes"
            ));
        }
        Ok(S3Settings { bucket: bucket.to_string(), prefix: prefix.to_string(), ..S3Settings::default() })
    }

    /// `s3://bucket/prefix` again.
    pub fn url(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }

    fn builder(&self) -> AmazonS3Builder {
        let mut b = AmazonS3Builder::from_env()
            .with_bucket_name(&self.bucket)
            // A misconfigured or unreachable store answers within seconds, not minutes.
            .with_retry(RetryConfig { max_retries: 3, retry_timeout: Duration::from_secs(20), ..Default::default() })
            .with_client_options(
                ClientOptions::new().with_connect_timeout(Duration::from_secs(5)).with_timeout(Duration::from_secs(60)),
            );
        if !self.endpoint.is_empty() {
            b = b
                .with_endpoint(&self.endpoint)
                .with_virtual_hosted_style_request(false)
                .with_allow_http(self.endpoint.starts_with("http://"));
        }
        if !self.region.is_empty() {
            b = b.with_region(&self.region);
        }
        if let Some((id, secret)) = &self.credentials {
            b = b.with_access_key_id(id).with_secret_access_key(secret);
        }
        b
    }
}

impl PhotoStore {
    /// The default: `<data dir>/photos`.
    pub fn local(data_dir: &std::path::Path) -> Self {
        PhotoStore::Local(data_dir.join("photos"))
    }

    /// The store to serve with, checked before the server takes requests: the bucket in `s3`
    /// (a small check object is written and read back, so a wrong endpoint, bucket, credential
    /// or permission stops the start with a message), else the folder under `data_dir`.
    pub async fn open(data_dir: &std::path::Path, s3: Option<&S3Settings>) -> Result<PhotoStore, String> {
        let Some(s3) = s3 else { return Ok(PhotoStore::local(data_dir)) };
        let url = s3.url();
        let store = s3.builder().build().map_err(|e| format!("the photo store {url} is not usable: {e}"))?;
        let store = PhotoStore::S3(S3Store { store: Arc::new(store), url: url.clone(), prefix: s3.prefix.clone() });
        let (key, check) = ("hakpaeng-store-check.txt", b"Hakpaeng writes this file when it starts.\n");
        let where_ = match s3.endpoint.as_str() {
            "" => "AWS".to_string(),
            e => e.to_string(),
        };
        // The errors name the store (`s3://bucket/folder: …`).
        store.put(key, check).await.map_err(|e| format!("cannot write to the photo store at {where_}: {e}"))?;
        match store.get(key).await {
            Ok(back) if back == check => {
                tracing::info!("photos are kept in {url} at {where_}");
                Ok(store)
            }
            Ok(_) => Err(format!("the photo store {url} at {where_} gave back other bytes than were written")),
            Err(e) => Err(format!("cannot read from the photo store at {where_}: {e}")),
        }
    }

    fn path(root: &std::path::Path, key: &str) -> Option<PathBuf> {
        // Keys are made here; still, never leave the folder.
        safe_key(key).then(|| root.join(key))
    }

    fn object(s3: &S3Store, key: &str) -> std::io::Result<ObjectPath> {
        if !safe_key(key) {
            return Err(bad_key());
        }
        let full = if s3.prefix.is_empty() { key.to_string() } else { format!("{}/{key}", s3.prefix) };
        ObjectPath::parse(full).map_err(|_| bad_key())
    }

    /// Stores `bytes` under `key`, whole or not at all (locally: written to a temporary name,
    /// then renamed; in a bucket an upload is atomic). A key already there is left alone.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            PhotoStore::Local(root) => {
                let path = Self::path(root, key).ok_or_else(bad_key)?;
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(());
                }
                if let Some(parent) = path.parent() {
                    tokio::fs::create_dir_all(parent).await?;
                }
                let tmp = path.with_extension(format!("part-{}", std::process::id()));
                tokio::fs::write(&tmp, bytes).await?;
                tokio::fs::rename(&tmp, &path).await
            }
            PhotoStore::S3(s3) => {
                // Keys name their content, so writing one again stores the same bytes.
                let path = Self::object(s3, key)?;
                s3.store.put(&path, PutPayload::from(bytes.to_vec())).await.map_err(|e| storage_error(s3, e))?;
                Ok(())
            }
        }
    }

    /// The bytes under `key`; an error of kind [`std::io::ErrorKind::NotFound`] when there are none.
    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        match self {
            PhotoStore::Local(root) => {
                let path = Self::path(root, key).ok_or_else(bad_key)?;
                tokio::fs::read(path).await
            }
            PhotoStore::S3(s3) => {
                let path = Self::object(s3, key)?;
                let found = s3.store.get(&path).await.map_err(|e| storage_error(s3, e))?;
                Ok(found.bytes().await.map_err(|e| storage_error(s3, e))?.to_vec())
            }
        }
    }
}

/// object_store's error as an I/O error of the same kind (a missing object is `NotFound`).
fn storage_error(s3: &S3Store, e: object_store::Error) -> std::io::Error {
    let kind = std::io::Error::from(e);
    std::io::Error::new(kind.kind(), format!("{}: {kind}", s3.url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn photos_are_written_whole_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let store = PhotoStore::local(dir.path());
        store.put("originals/ab/abc.jpg", b"bytes").await.expect("put");
        store.put("originals/ab/abc.jpg", b"bytes").await.expect("second put is a no-op");
        assert_eq!(store.get("originals/ab/abc.jpg").await.expect("get"), b"bytes");
        assert_eq!(store.get("originals/ab/none.jpg").await.expect_err("missing").kind(), std::io::ErrorKind::NotFound);
        assert!(store.put("../escape.jpg", b"x").await.is_err());
        assert!(store.get("originals/../../etc/passwd").await.is_err());
    }

    #[test]
    fn s3_urls_give_bucket_and_folder() {
        let s = S3Settings::parse("s3://hk-photos").expect("bucket only");
        assert_eq!((s.bucket.as_str(), s.prefix.as_str()), ("hk-photos", ""));
        let s = S3Settings::parse("s3://hk-photos/").expect("trailing slash");
        assert_eq!((s.bucket.as_str(), s.prefix.as_str()), ("hk-photos", ""));
        let s = S3Settings::parse("s3://hk.photos-33/prod/si_sa_ket/").expect("with a folder");
        assert_eq!((s.bucket.as_str(), s.prefix.as_str()), ("hk.photos-33", "prod/si_sa_ket"));
        assert_eq!(s.url(), "s3://hk.photos-33/prod/si_sa_ket");
        assert_eq!((s.endpoint.as_str(), s.region.as_str(), &s.credentials), ("", "", &None));
    }

    #[test]
    fn bad_s3_urls_say_what_is_wrong() {
        let wrong = |url: &str| S3Settings::parse(url).expect_err(url);
        assert!(wrong("https://bucket/photos").contains("is not an s3:// URL"));
        assert!(wrong("bucket/photos").contains("is not an s3:// URL"));
        assert!(wrong("s3://").contains("is not a bucket name"));
        assert!(wrong("s3:///photos").contains("is not a bucket name"));
        assert!(wrong("s3://Photos").contains("is not a bucket name"));
        assert!(wrong("s3://ab").contains("is not a bucket name"));
        assert!(wrong("s3://a_b_c").contains("is not a bucket name"));
        assert!(wrong("s3://-bucket").contains("is not a bucket name"));
        assert!(wrong("s3://bucket/a//b").contains("the folder"));
        assert!(wrong("s3://bucket/../other").contains("the folder"));
        assert!(wrong("s3://bucket/ph otos").contains("the folder"));
        assert!(wrong("s3://key:secret@bucket/photos").contains("no query, fragment or credentials"));
        assert!(wrong("s3://bucket/photos?region=x").contains("no query"));
    }

    #[test]
    fn settings_never_show_the_secret() {
        let s = S3Settings { credentials: Some(("AKIDEXAMPLE".into(), "wJalrXUtnFEMI".into())), ..Default::default() };
        let shown = format!("{s:?}");
        assert!(shown.contains("AKIDEXAMPLE") && !shown.contains("wJalrXUtnFEMI"));
    }

    #[tokio::test]
    async fn an_unreachable_bucket_stops_the_start_with_a_message() {
        // A port nothing listens on: connection refused at once, on this machine only.
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
        let s3 = S3Settings {
            endpoint: format!("http://127.0.0.1:{port}"),
            region: "us-east-1".into(),
            credentials: Some(("test".into(), "test".into())),
            ..S3Settings::parse("s3://hk-photos/field").expect("url")
        };
        let dir = tempfile::tempdir().expect("dir");
        let e = PhotoStore::open(dir.path(), Some(&s3)).await.expect_err("refused");
        let at = format!("cannot write to the photo store at http://127.0.0.1:{port}: s3://hk-photos/field: ");
        assert!(e.starts_with(&at), "{e}");
        assert!(matches!(PhotoStore::open(dir.path(), None).await, Ok(PhotoStore::Local(_))));
    }

    #[tokio::test]
    async fn keys_are_checked_before_any_request() {
        let s3 = S3Settings {
            endpoint: "http://127.0.0.1:9".into(),
            credentials: Some(("test".into(), "test".into())),
            ..S3Settings::parse("s3://hk-photos").expect("url")
        };
        let store = PhotoStore::S3(S3Store {
            store: Arc::new(s3.builder().build().expect("builds offline")),
            url: s3.url(),
            prefix: s3.prefix.clone(),
        });
        for key in ["../escape.jpg", "originals/../../x", "", "a b.jpg", "/abs.jpg"] {
            assert_eq!(store.put(key, b"x").await.expect_err(key).to_string(), "bad key");
            assert_eq!(store.get(key).await.expect_err(key).to_string(), "bad key");
        }
    }
}
