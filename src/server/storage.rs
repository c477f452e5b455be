//! Where uploaded files (candidates' CVs) live. The default is a folder on
//! the server (`data/uploads/`); several app servers need a shared backend
//! instead: an S3-compatible bucket (`FARCODER_STORAGE=s3`). Keys are ours,
//! never a user's file name.

use std::path::PathBuf;

use super::s3::{S3Bucket, S3Settings};
use crate::error::AppError;

/// Which store the configuration chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageSettings {
    Local(PathBuf),
    S3(S3Settings),
}

/// A file store.
#[derive(Clone, Debug)]
pub enum Storage {
    /// Files under `root`, one per key.
    Local { root: PathBuf },
    /// Objects in a bucket, one per key.
    S3(S3Bucket),
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("no such file")]
    Missing,
    #[error("unusable key `{0}`")]
    BadKey(String),
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
    #[error("object storage: {0}")]
    Remote(String),
}

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Missing => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "storage failed");
                AppError::Internal
            }
        }
    }
}

/// Keys are short paths of lowercase letters, digits, `-`, `_`, `.` and
/// `/`, with no empty or dot segment: nothing can climb out of the root.
fn checked(key: &str) -> Result<&str, StorageError> {
    let fine = !key.is_empty()
        && key.len() <= 200
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_./".contains(c))
        && key.split('/').all(|segment| !segment.is_empty() && !segment.starts_with('.'));
    if fine { Ok(key) } else { Err(StorageError::BadKey(key.to_owned())) }
}

impl Storage {
    pub fn local(root: impl Into<PathBuf>) -> Storage {
        Storage::Local { root: root.into() }
    }

    pub fn from_settings(settings: &StorageSettings) -> Result<Storage, String> {
        Ok(match settings {
            StorageSettings::Local(root) => Storage::local(root.clone()),
            StorageSettings::S3(s3) => Storage::S3(S3Bucket::new(s3.clone())?),
        })
    }

    /// Stores `bytes` under `key`, whole or not at all.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        let key = checked(key)?;
        match self {
            Storage::Local { root } => {
                let path = root.join(key);
                if let Some(dir) = path.parent() {
                    tokio::fs::create_dir_all(dir).await?;
                }
                // Written aside, then renamed: a reader never sees half a file.
                let partial = path.with_extension("partial");
                tokio::fs::write(&partial, bytes).await?;
                tokio::fs::rename(&partial, &path).await?;
                Ok(())
            }
            Storage::S3(bucket) => bucket.put(key, bytes).await,
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let key = checked(key)?;
        match self {
            Storage::Local { root } => match tokio::fs::read(root.join(key)).await {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StorageError::Missing),
                Err(e) => Err(e.into()),
            },
            Storage::S3(bucket) => bucket.get(key).await,
        }
    }

    /// Removes `key`; removing what is not there is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let key = checked(key)?;
        match self {
            Storage::Local { root } => match tokio::fs::remove_file(root.join(key)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            },
            Storage::S3(bucket) => bucket.delete(key).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_leave_the_root() {
        for bad in ["", "../etc/passwd", "cv/../../x", "/abs", "cv//x", "cv/.hidden", "CV/x.pdf", "cv/x y.pdf"] {
            assert!(checked(bad).is_err(), "{bad:?}");
        }
        assert!(checked("cv/3f2a9c.pdf").is_ok());
    }

    #[tokio::test]
    async fn local_files_are_stored_read_and_deleted() {
        let dir = tempfile::tempdir().expect("dir");
        let storage = Storage::local(dir.path());
        storage.put("cv/abc.pdf", b"%PDF-1.7").await.expect("put");
        assert_eq!(storage.get("cv/abc.pdf").await.expect("get"), b"%PDF-1.7");
        storage.delete("cv/abc.pdf").await.expect("delete");
        assert!(matches!(storage.get("cv/abc.pdf").await, Err(StorageError::Missing)));
        storage.delete("cv/abc.pdf").await.expect("deleting twice is fine");
    }
}
