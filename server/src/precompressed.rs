//! The site's precompressed copies (`x.wasm.br`, `x.wasm.gz`, written by `scripts/precompress`)
//! are served in place of the file itself, so one left over from an earlier build would send
//! browsers old code. At start-up, any copy whose file is gone or newer than it is removed.
use std::path::Path;

/// Removes stale `.br`/`.gz` copies under `site/pkg`; how many were removed.
pub fn drop_stale(site: &Path) -> usize {
    let mut removed = 0;
    let mut dirs = vec![site.join("pkg")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
            if ext != "br" && ext != "gz" {
                continue;
            }
            let original = path.with_extension("");
            let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
            let stale = match (modified(&original), modified(&path)) {
                (Some(source), Some(copy)) => source > copy,
                _ => true,
            };
            if stale && std::fs::remove_file(&path).is_ok() {
                tracing::warn!(file = %path.display(), "removed a precompressed copy older than its file");
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_older_than_their_file_or_orphaned_are_removed() {
        let site = tempfile::tempdir().expect("dir");
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(pkg.join("snippets")).expect("mkdir");
        std::fs::write(pkg.join("old.wasm.br"), b"old").expect("write");
        std::fs::write(pkg.join("orphan.js.gz"), b"x").expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(pkg.join("old.wasm"), b"new build").expect("write");
        std::fs::write(pkg.join("snippets/fresh.js"), b"js").expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(pkg.join("snippets/fresh.js.br"), b"br").expect("write");
        assert_eq!(drop_stale(site.path()), 2);
        assert!(!pkg.join("old.wasm.br").exists() && !pkg.join("orphan.js.gz").exists());
        assert!(pkg.join("snippets/fresh.js.br").exists(), "a fresh copy stays");
        assert_eq!(drop_stale(Path::new("/nonexistent")), 0);
    }
}
