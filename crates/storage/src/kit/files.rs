//! Uploaded files: the bytes kept by content in a folder, whatever record they belong to.

use crate::{Result, StorageError};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// A folder of content-addressed files: `ab/cdef...` by SHA-256. Writing the same bytes
/// twice keeps one copy; a file written by a transaction that then rolls back stays as an
/// unreferenced copy, never as a row without bytes.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: Arc<PathBuf>,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore {
            root: Arc::new(root.into()),
        }
    }

    fn path_of(&self, key: &str) -> Result<PathBuf> {
        // Keys are ours (hex digests); refuse anything else rather than join it to a path.
        if key.len() < 8 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StorageError::NotFound);
        }
        Ok(self.root.join(&key[..2]).join(&key[2..]))
    }

    /// Stores `bytes`, answering their key (the SHA-256 in hex).
    pub async fn put(&self, bytes: &[u8]) -> Result<String> {
        let key = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&key)?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(key);
        }
        let dir = path.parent().expect("keyed paths have a folder");
        tokio::fs::create_dir_all(dir).await?;
        // Write beside, then rename: a reader never sees half a file.
        let tmp = dir.join(format!(".{}.{}", &key[2..], std::process::id()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(key)
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>> {
        let path = self.path_of(key)?;
        match tokio::fs::read(&path).await {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StorageError::NotFound),
            Err(e) => Err(e.into()),
        }
    }
}

/// An upload as it arrived: the name the browser gave and the bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}
