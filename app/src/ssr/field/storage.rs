//! Where evidence photos' bytes live, behind one interface: a folder under the data directory
//! by default. Keys are content addresses (`originals/ab/<sha256>.jpg`), so the same photo sent
//! twice is stored once. An S3-compatible store is the scale path: another variant here.
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum PhotoStore {
    /// Files under this folder.
    Local(PathBuf),
}

impl PhotoStore {
    /// The default: `<data dir>/photos`.
    pub fn local(data_dir: &std::path::Path) -> Self {
        PhotoStore::Local(data_dir.join("photos"))
    }

    fn path(root: &std::path::Path, key: &str) -> Option<PathBuf> {
        // Keys are made here; still, never leave the folder.
        let safe = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty() && part != ".." && part != ".")
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
        safe.then(|| root.join(key))
    }

    /// Stores `bytes` under `key` (written to a temporary name, then renamed: never half a file).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            PhotoStore::Local(root) => {
                let path = Self::path(root, key).ok_or_else(|| std::io::Error::other("bad key"))?;
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
        }
    }

    pub async fn get(&self, key: &str) -> std::io::Result<Vec<u8>> {
        match self {
            PhotoStore::Local(root) => {
                let path = Self::path(root, key).ok_or_else(|| std::io::Error::other("bad key"))?;
                tokio::fs::read(path).await
            }
        }
    }
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
        assert!(store.put("../escape.jpg", b"x").await.is_err());
        assert!(store.get("originals/../../etc/passwd").await.is_err());
    }
}
