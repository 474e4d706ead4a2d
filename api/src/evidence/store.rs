//! Where evidence bytes live. Files are addressed by the SHA-256 of their
//! content, so storing the same file twice keeps one copy, and a file that
//! reads back with another hash has been changed.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

/// The SHA-256 of a file's bytes, as 64 lower-case hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(String);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> Self {
        Self(
            Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        )
    }

    /// Accepts only 64 lower-case hex digits, so a hash can never name a path.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A place to keep evidence: the local folder now, an S3-compatible store later.
pub trait EvidenceStore: Send + Sync {
    /// Stores the bytes under their hash; durable when this returns.
    fn put(&self, bytes: &[u8]) -> anyhow::Result<ContentHash>;
    /// The bytes stored under the hash, checked against it.
    fn get(&self, hash: &ContentHash) -> anyhow::Result<Option<Vec<u8>>>;
    /// Removes the bytes (for abandoned uploads no complaint refers to).
    fn remove(&self, hash: &ContentHash) -> anyhow::Result<()>;
}

/// Files in a folder, two levels of sub-folders by hash prefix.
pub struct LocalFolderStore {
    root: PathBuf,
}

impl LocalFolderStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, hash: &ContentHash) -> PathBuf {
        let h = hash.as_str();
        self.root.join(&h[..2]).join(&h[2..4]).join(h)
    }
}

impl EvidenceStore for LocalFolderStore {
    fn put(&self, bytes: &[u8]) -> anyhow::Result<ContentHash> {
        let hash = ContentHash::of(bytes);
        let path = self.path(&hash);
        if path.is_file() {
            return Ok(hash);
        }

        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        write_durably(&path, bytes)?;
        Ok(hash)
    }

    fn get(&self, hash: &ContentHash) -> anyhow::Result<Option<Vec<u8>>> {
        let path = self.path(hash);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        if ContentHash::of(&bytes) != *hash {
            bail!(
                "evidence file {} does not match its hash: it was changed on disk",
                path.display()
            );
        }
        Ok(Some(bytes))
    }

    fn remove(&self, hash: &ContentHash) -> anyhow::Result<()> {
        match std::fs::remove_file(self.path(hash)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// A temporary file, synced, then renamed into place, then the folder
/// synced: after a crash the file is either whole or absent.
fn write_durably(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temporary = path.with_extension(format!("part-{}", uuid::Uuid::new_v4().simple()));
    let mut file = std::fs::File::create(&temporary)
        .with_context(|| format!("creating {}", temporary.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path).with_context(|| format!("placing {}", path.display()))?;
    if let Some(folder) = path.parent() {
        std::fs::File::open(folder).and_then(|f| f.sync_all()).ok();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_stored_once_under_its_hash_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalFolderStore::new(dir.path());

        let first = store.put(b"%PDF-1.7 invoice").unwrap();
        let second = store.put(b"%PDF-1.7 invoice").unwrap();

        assert_eq!(first, second);
        assert_eq!(
            store.get(&first).unwrap().as_deref(),
            Some(&b"%PDF-1.7 invoice"[..])
        );
        assert_eq!(
            first.as_str(),
            ContentHash::of(b"%PDF-1.7 invoice").as_str()
        );
    }

    #[test]
    fn a_file_changed_on_disk_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalFolderStore::new(dir.path());
        let hash = store.put(b"original").unwrap();

        std::fs::write(store.path(&hash), b"altered").unwrap();

        assert!(store.get(&hash).is_err());
    }

    #[test]
    fn hashes_cannot_name_a_path() {
        assert!(ContentHash::parse("../../etc/passwd").is_none());
        assert!(ContentHash::parse(&"A".repeat(64)).is_none());
        assert!(ContentHash::parse(&"a".repeat(64)).is_some());
    }

    #[test]
    fn removing_twice_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalFolderStore::new(dir.path());
        let hash = store.put(b"x").unwrap();

        store.remove(&hash).unwrap();
        store.remove(&hash).unwrap();

        assert_eq!(store.get(&hash).unwrap(), None);
    }
}
