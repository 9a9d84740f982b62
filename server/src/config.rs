//! Configuration, loaded once: built-in defaults, then an optional `hakpaeng.toml`, then
//! `HAKPAENG_*` environment variables. Every key is listed in the README.
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use app::ssr::field::storage::S3Settings;
use serde::Deserialize;

#[derive(Clone, PartialEq)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// `sqlite://…` (default, created when missing) or `postgres://…`.
    pub database_url: String,
    /// Folder for the SQLite database and, unless `photo_store` says otherwise, photos.
    pub data_dir: PathBuf,
    /// Where evidence photos go: empty for `<data_dir>/photos`, or `s3://bucket/optional/prefix`.
    pub photo_store: String,
    /// The S3-compatible server (MinIO, Ceph…), e.g. `http://127.0.0.1:9000`; empty: AWS.
    pub s3_endpoint: String,
    /// The bucket's region; empty: `AWS_REGION` or `AWS_DEFAULT_REGION`, else `us-east-1`.
    pub s3_region: String,
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`; empty: the AWS SDKs' other sources.
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
    /// Where cargo-leptos put the compiled site (`pkg/`, fonts, icons).
    pub site_root: PathBuf,
    /// Log filter in `tracing` syntax, e.g. `info,sqlx=warn`.
    pub log: String,
    /// Map tile URL template (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`); empty: none.
    pub map_tile_url: String,
    /// The tiles' attribution shown on the map (HTML allowed), e.g.
    /// `&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors`.
    pub map_attribution: String,
    /// How many hours a sign-in lasts.
    pub session_hours: i64,
    /// Mark cookies `Secure`; turn on when served over HTTPS.
    pub secure_cookies: bool,
    /// Database connections in the pool.
    pub db_max_connections: u32,
    /// How long (ms) a household-list page may be reused while no data changes (0: never).
    pub list_cache_ms: u64,
    /// Load a demo province of this many households when the database has none (0: never).
    pub demo_households: usize,
    /// Seed of the demo province.
    pub demo_seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: String::new(),
            data_dir: PathBuf::from("data"),
            photo_store: String::new(),
            s3_endpoint: String::new(),
            s3_region: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            site_root: PathBuf::new(),
            log: "info,sqlx=warn".to_string(),
            map_tile_url: String::new(),
            map_attribution: String::new(),
            session_hours: 168,
            secure_cookies: false,
            db_max_connections: 16,
            list_cache_ms: 2000,
            demo_households: 0,
            demo_seed: 2565,
        }
    }
}

/// The compiled site beside the binary: `site/` next to it (a deployment) or `../site` (the
/// cargo target directory after `cargo leptos build`), else `target/site`.
fn default_site_root() -> PathBuf {
    let exe_dir = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf));
    if let Some(dir) = exe_dir {
        for candidate in [dir.join("site"), dir.join("../site")] {
            if candidate.join("pkg").is_dir() {
                return candidate;
            }
        }
    }
    PathBuf::from("target/site")
}

/// Hides a password in a database URL (`postgres://user:***@host/db`).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let Some((userinfo, host)) = rest.split_once('@') else { return url.to_string() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("photo_store", &self.photo_store)
            .field("s3_endpoint", &self.s3_endpoint)
            .field("s3_region", &self.s3_region)
            .field(
                "s3_credentials",
                &match self.s3_secret_access_key.is_empty() {
                    true => self.s3_access_key_id.clone(),
                    false => format!("{}:***", self.s3_access_key_id),
                },
            )
            .field("site_root", &self.site_root)
            .field("log", &self.log)
            .field("map_tile_url", &self.map_tile_url)
            .field("map_attribution", &self.map_attribution)
            .field("session_hours", &self.session_hours)
            .field("secure_cookies", &self.secure_cookies)
            .field("db_max_connections", &self.db_max_connections)
            .field("list_cache_ms", &self.list_cache_ms)
            .field("demo_households", &self.demo_households)
            .field("demo_seed", &self.demo_seed)
            .finish()
    }
}

/// The file's keys: every one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    photo_store: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    site_root: Option<PathBuf>,
    log: Option<String>,
    map_tile_url: Option<String>,
    map_attribution: Option<String>,
    session_hours: Option<i64>,
    secure_cookies: Option<bool>,
    db_max_connections: Option<u32>,
    list_cache_ms: Option<u64>,
    demo_households: Option<usize>,
    demo_seed: Option<u64>,
}

fn parse_env<T: std::str::FromStr>(name: &str, value: &str) -> anyhow::Result<T>
where
    T::Err: fmt::Display,
{
    value.trim().parse().map_err(|e| anyhow!("{name}={value:?} is not valid: {e}"))
}

fn parse_bool(name: &str, value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(anyhow!("{name}={value:?} is not valid: use true or false")),
    }
}

impl Config {
    /// Loads from `file` (if given, it must exist) or `./hakpaeng.toml` (if present), then the
    /// environment `env` (name, value) pairs.
    pub fn load(file: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> anyhow::Result<Config> {
        let mut c = Config::default();
        let path = match file {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from("hakpaeng.toml")).filter(|p| p.exists()),
        };
        if let Some(path) = path {
            let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let f: FileConfig = toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
            c.apply_file(f)?;
        }
        for (name, value) in env {
            c.apply_env(&name, &value)?;
        }
        if c.database_url.is_empty() {
            c.database_url = format!("sqlite://{}/hakpaeng.db", c.data_dir.display());
        }
        if c.site_root.as_os_str().is_empty() {
            c.site_root = default_site_root();
        }
        c.check()?;
        Ok(c)
    }

    fn apply_file(&mut self, f: FileConfig) -> anyhow::Result<()> {
        if let Some(v) = f.listen {
            self.listen = parse_env("listen", &v)?;
        }
        if let Some(v) = f.database_url {
            self.database_url = v;
        }
        if let Some(v) = f.data_dir {
            self.data_dir = v;
        }
        if let Some(v) = f.photo_store {
            self.photo_store = v;
        }
        if let Some(v) = f.s3_endpoint {
            self.s3_endpoint = v;
        }
        if let Some(v) = f.s3_region {
            self.s3_region = v;
        }
        if let Some(v) = f.site_root {
            self.site_root = v;
        }
        if let Some(v) = f.log {
            self.log = v;
        }
        if let Some(v) = f.map_tile_url {
            self.map_tile_url = v;
        }
        if let Some(v) = f.map_attribution {
            self.map_attribution = v;
        }
        if let Some(v) = f.session_hours {
            self.session_hours = v;
        }
        if let Some(v) = f.secure_cookies {
            self.secure_cookies = v;
        }
        if let Some(v) = f.db_max_connections {
            self.db_max_connections = v;
        }
        if let Some(v) = f.list_cache_ms {
            self.list_cache_ms = v;
        }
        if let Some(v) = f.demo_households {
            self.demo_households = v;
        }
        if let Some(v) = f.demo_seed {
            self.demo_seed = v;
        }
        Ok(())
    }

    fn apply_env(&mut self, name: &str, value: &str) -> anyhow::Result<()> {
        match name {
            "HAKPAENG_LISTEN" => self.listen = parse_env(name, value)?,
            "HAKPAENG_DATABASE_URL" => self.database_url = value.to_string(),
            "HAKPAENG_DATA_DIR" => self.data_dir = PathBuf::from(value),
            "HAKPAENG_PHOTO_STORE" => self.photo_store = value.trim().to_string(),
            "HAKPAENG_S3_ENDPOINT" => self.s3_endpoint = value.trim().to_string(),
            "HAKPAENG_S3_REGION" => self.s3_region = value.trim().to_string(),
            // The usual AWS names, read here so the whole configuration is in one place.
            "AWS_ACCESS_KEY_ID" => self.s3_access_key_id = value.to_string(),
            "AWS_SECRET_ACCESS_KEY" => self.s3_secret_access_key = value.to_string(),
            "HAKPAENG_SITE_ROOT" => self.site_root = PathBuf::from(value),
            "HAKPAENG_LOG" => self.log = value.to_string(),
            // `HAKPAENG_MAP_TILES` is the shorter name the map's issue uses; both work.
            "HAKPAENG_MAP_TILE_URL" | "HAKPAENG_MAP_TILES" => self.map_tile_url = value.trim().to_string(),
            "HAKPAENG_MAP_ATTRIBUTION" => self.map_attribution = value.trim().to_string(),
            "HAKPAENG_SESSION_HOURS" => self.session_hours = parse_env(name, value)?,
            "HAKPAENG_SECURE_COOKIES" => self.secure_cookies = parse_bool(name, value)?,
            "HAKPAENG_DB_MAX_CONNECTIONS" => self.db_max_connections = parse_env(name, value)?,
            "HAKPAENG_LIST_CACHE_MS" => self.list_cache_ms = parse_env(name, value)?,
            "HAKPAENG_DEMO_HOUSEHOLDS" => self.demo_households = parse_env(name, value)?,
            "HAKPAENG_DEMO_SEED" => self.demo_seed = parse_env(name, value)?,
            // The config file's path is read by the command line; HAKPAENG_TEST_* belong to the tests.
            "HAKPAENG_CONFIG" => {}
            other if other.starts_with("HAKPAENG_TEST_") => {}
            other if other.starts_with("HAKPAENG_") => {
                return Err(anyhow!("unknown setting {other}: see the configuration table in the README"));
            }
            _ => {}
        }
        Ok(())
    }

    fn check(&self) -> anyhow::Result<()> {
        if app::ssr::db::Dialect::from_url(&self.database_url).is_none() {
            return Err(anyhow!(
                "database_url must start with sqlite: or postgres: (got {})",
                redact_url(&self.database_url)
            ));
        }
        if !(1..=24 * 90).contains(&self.session_hours) {
            return Err(anyhow!("session_hours must be between 1 and 2160"));
        }
        if self.db_max_connections == 0 {
            return Err(anyhow!("db_max_connections must be at least 1"));
        }
        self.photo_store()?;
        Ok(())
    }

    /// The S3-compatible photo store configured, or `None` for the folder under `data_dir`.
    pub fn photo_store(&self) -> anyhow::Result<Option<S3Settings>> {
        if self.photo_store.is_empty() {
            if !self.s3_endpoint.is_empty() || !self.s3_region.is_empty() {
                return Err(anyhow!(
                    "s3_endpoint and s3_region need photo_store (HAKPAENG_PHOTO_STORE) = \"s3://bucket/folder\""
                ));
            }
            return Ok(None);
        }
        let mut s3 = S3Settings::parse(&self.photo_store)
            .map_err(|e| anyhow!("photo_store (HAKPAENG_PHOTO_STORE) is not valid: {e}"))?;
        if !self.s3_endpoint.is_empty() {
            let ok = ["http://", "https://"].iter().any(|s| {
                self.s3_endpoint.strip_prefix(s).is_some_and(|host| !host.is_empty() && !host.contains(['?', '#']))
            });
            if !ok {
                return Err(anyhow!(
                    "s3_endpoint (HAKPAENG_S3_ENDPOINT) must be http://host:port or https://host (got {:?})",
                    self.s3_endpoint
                ));
            }
        }
        s3.endpoint = self.s3_endpoint.trim_end_matches('/').to_string();
        s3.region = self.s3_region.clone();
        s3.credentials = match (self.s3_access_key_id.is_empty(), self.s3_secret_access_key.is_empty()) {
            (true, true) => None,
            (false, false) => Some((self.s3_access_key_id.clone(), self.s3_secret_access_key.clone())),
            _ => return Err(anyhow!("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither")),
        };
        Ok(Some(s3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_then_file_then_environment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("hakpaeng.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:8080\"\nlog = \"debug\"\ndata_dir = \"/srv/hk\"\n").expect("write");
        let c = Config::load(Some(&file), env(&[("HAKPAENG_LOG", "warn"), ("PATH", "/bin")])).expect("loads");
        assert_eq!(c.listen, "0.0.0.0:8080".parse().expect("addr"));
        assert_eq!(c.log, "warn");
        assert_eq!(c.database_url, "sqlite:///srv/hk/hakpaeng.db");
        assert_eq!(c.session_hours, 168);
        assert_eq!(c.map_tile_url, "");
        let c = Config::load(
            None,
            env(&[
                ("HAKPAENG_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
                ("HAKPAENG_MAP_ATTRIBUTION", "© OpenStreetMap contributors"),
            ]),
        )
        .expect("loads");
        assert_eq!(c.map_tile_url, "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
        assert_eq!(c.map_attribution, "© OpenStreetMap contributors");
    }

    #[test]
    fn default_database_is_sqlite_in_data() {
        let c = Config::load(None, env(&[])).expect("loads");
        assert_eq!(c.database_url, "sqlite://data/hakpaeng.db");
        assert_eq!(c.data_dir, PathBuf::from("data"));
    }

    #[test]
    fn bad_values_are_named() {
        let e = Config::load(None, env(&[("HAKPAENG_LISTEN", "nowhere")])).expect_err("refused");
        assert!(e.to_string().contains("HAKPAENG_LISTEN"));
        let e = Config::load(None, env(&[("HAKPAENG_DATABASE_URL", "mysql://x")])).expect_err("refused");
        assert!(e.to_string().contains("sqlite: or postgres:"));
        assert!(Config::load(None, env(&[("HAKPAENG_TEST_PG_URL", "postgres://x")])).is_ok());
        let e = Config::load(None, env(&[("HAKPAENG_LSITEN", "x")])).expect_err("typo caught");
        assert!(e.to_string().contains("unknown setting"));
        let e = Config::load(None, env(&[("HAKPAENG_SECURE_COOKIES", "maybe")])).expect_err("refused");
        assert!(e.to_string().contains("true or false"));
    }

    #[test]
    fn the_photo_store_is_a_folder_or_a_checked_s3_url() {
        assert_eq!(Config::load(None, env(&[])).expect("loads").photo_store().expect("valid"), None);
        let c = Config::load(
            None,
            env(&[
                ("HAKPAENG_PHOTO_STORE", "s3://hk-photos/sisaket/"),
                ("HAKPAENG_S3_ENDPOINT", "http://127.0.0.1:9000/"),
                ("HAKPAENG_S3_REGION", "ap-southeast-1"),
                ("AWS_ACCESS_KEY_ID", "minio"),
                ("AWS_SECRET_ACCESS_KEY", "minio-secret"),
            ]),
        )
        .expect("loads");
        let s3 = c.photo_store().expect("valid").expect("S3");
        assert_eq!((s3.bucket.as_str(), s3.prefix.as_str()), ("hk-photos", "sisaket"));
        assert_eq!((s3.endpoint.as_str(), s3.region.as_str()), ("http://127.0.0.1:9000", "ap-southeast-1"));
        assert_eq!(s3.credentials, Some(("minio".into(), "minio-secret".into())));
        assert!(!format!("{c:?}").contains("minio-secret"), "the secret stays out of the log");

        let refused = |pairs: &[(&str, &str)]| Config::load(None, env(pairs)).expect_err("refused").to_string();
        let e = refused(&[("HAKPAENG_PHOTO_STORE", "/srv/photos")]);
        assert!(e.contains("HAKPAENG_PHOTO_STORE") && e.contains("is not an s3:// URL"), "{e}");
        let e = refused(&[("HAKPAENG_PHOTO_STORE", "s3://Bad_Bucket")]);
        assert!(e.contains("is not a bucket name"), "{e}");
        let e = refused(&[("HAKPAENG_PHOTO_STORE", "s3://hk-photos"), ("HAKPAENG_S3_ENDPOINT", "minio:9000")]);
        assert!(e.contains("HAKPAENG_S3_ENDPOINT"), "{e}");
        let e = refused(&[("HAKPAENG_S3_ENDPOINT", "http://127.0.0.1:9000")]);
        assert!(e.contains("need photo_store"), "{e}");
        let e = refused(&[("HAKPAENG_PHOTO_STORE", "s3://hk-photos"), ("AWS_ACCESS_KEY_ID", "minio")]);
        assert!(e.contains("AWS_SECRET_ACCESS_KEY"), "{e}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("x.toml");
        std::fs::write(&file, "lisen = \"x\"\n").expect("write");
        assert!(Config::load(Some(&file), env(&[])).is_err());
    }

    #[test]
    fn debug_hides_passwords() {
        let c = Config { database_url: "postgres://hk:secret@db/hk".into(), ..Config::default() };
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret"));
        assert!(shown.contains("postgres://hk:***@db/hk"));
    }
}
