//! Where uploaded files (candidates' CVs) live, through `object_store`. The
//! default is a folder on the server (`data/uploads/`); several app servers
//! need a shared backend instead: an S3-compatible bucket
//! (`FARCODER_STORAGE=s3`), with credentials from the settings or else the
//! usual AWS chain (the `AWS_*` environment, web identity, an instance
//! role). Keys are ours, never a user's file name.

use std::path::PathBuf;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, PutPayload};

use crate::error::AppError;

/// Which store the configuration chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageSettings {
    Local(PathBuf),
    S3(S3Settings),
}

/// An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// `http://minio:9000`, …; `None` for AWS's own endpoint of the region.
    pub endpoint: Option<String>,
    /// `None`: `AWS_REGION` or AWS's default.
    pub region: Option<String>,
    /// An access key id and its secret; `None`: the AWS chain finds them.
    pub access_key: Option<(String, String)>,
}

/// The secret access key is never printed.
impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key.as_ref().map(|(id, _)| id))
            .finish_non_exhaustive()
    }
}

/// A file store.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Storage({})", self.store)
    }
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
    Store(#[from] object_store::Error),
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
fn checked(key: &str) -> Result<Key, StorageError> {
    let fine = !key.is_empty()
        && key.len() <= 200
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_./".contains(c))
        && key.split('/').all(|segment| !segment.is_empty() && !segment.starts_with('.'));
    if !fine {
        return Err(StorageError::BadKey(key.to_owned()));
    }
    Key::parse(key).map_err(|_| StorageError::BadKey(key.to_owned()))
}

impl Storage {
    /// Files under `root` (made if missing), one per key.
    pub fn local(root: impl Into<PathBuf>) -> Result<Storage, StorageError> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(Storage { store: Arc::new(LocalFileSystem::new_with_prefix(root)?) })
    }

    /// Objects in the bucket `settings` names, one per key.
    pub fn s3(settings: &S3Settings) -> Result<Storage, String> {
        if settings.bucket.is_empty() {
            return Err("FARCODER_STORAGE=s3 needs FARCODER_S3_BUCKET".to_owned());
        }
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(&settings.bucket);
        if let Some(region) = &settings.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &settings.endpoint {
            let url = url::Url::parse(endpoint).map_err(|e| format!("FARCODER_S3_ENDPOINT: {e}"))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err("FARCODER_S3_ENDPOINT must be an http(s) address".to_owned());
            }
            builder = builder.with_endpoint(endpoint).with_allow_http(url.scheme() == "http");
        }
        if let Some((id, secret)) = &settings.access_key {
            builder = builder.with_access_key_id(id).with_secret_access_key(secret);
        }
        let store = builder.build().map_err(|e| format!("S3 storage: {e}"))?;
        Ok(Storage { store: Arc::new(store) })
    }

    pub fn from_settings(settings: &StorageSettings) -> Result<Storage, String> {
        match settings {
            StorageSettings::Local(root) => {
                Storage::local(root.clone()).map_err(|e| format!("upload folder {}: {e}", root.display()))
            }
            StorageSettings::S3(s3) => Storage::s3(s3),
        }
    }

    /// Stores `bytes` under `key`, whole or not at all (a local file is
    /// written aside and renamed; an object appears whole).
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        let key = checked(key)?;
        self.store.put(&key, PutPayload::from(bytes.to_vec())).await?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let key = checked(key)?;
        match self.store.get(&key).await {
            Ok(found) => Ok(found.bytes().await?.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::Missing),
            Err(e) => Err(e.into()),
        }
    }

    /// The same store, every key under `prefix/`.
    pub fn under(&self, prefix: &str) -> Storage {
        Storage { store: Arc::new(object_store::prefix::PrefixStore::new(self.store.clone(), prefix)) }
    }

    /// Every key stored, in no particular order.
    pub async fn keys(&self) -> Result<Vec<String>, StorageError> {
        use futures_util::TryStreamExt;
        let listed: Vec<object_store::ObjectMeta> = self.store.list(None).try_collect().await?;
        Ok(listed.into_iter().map(|meta| meta.location.to_string()).collect())
    }

    /// Removes `key`; removing what is not there is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let key = checked(key)?;
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Deletes a stored file, again and again while storage refuses: queued
/// with the change that dropped the file's record (or before a file is
/// stored, and called off once its record is).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct DeleteFile {
    pub key: String,
}

impl crate::server::queue::Job for DeleteFile {
    const KIND: &'static str = "delete-file";
    /// With the pauses doubling up to about eight hours: about a week.
    const MAX_ATTEMPTS: i64 = 30;
    type Context = Storage;

    fn key(&self) -> Option<String> {
        Some(self.key.clone())
    }

    async fn run(self, storage: &Storage, _attempt: i64) -> Result<(), crate::server::queue::JobError> {
        storage.delete(&self.key).await.map_err(|e| crate::server::queue::JobError::Retry(e.to_string()))
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
        let storage = Storage::local(dir.path().join("uploads")).expect("storage");
        storage.put("cv/abc.pdf", b"%PDF-1.7").await.expect("put");
        assert_eq!(std::fs::read(dir.path().join("uploads/cv/abc.pdf")).expect("on disk"), b"%PDF-1.7");
        assert_eq!(storage.get("cv/abc.pdf").await.expect("get"), b"%PDF-1.7");
        storage.delete("cv/abc.pdf").await.expect("delete");
        assert!(matches!(storage.get("cv/abc.pdf").await, Err(StorageError::Missing)));
        storage.delete("cv/abc.pdf").await.expect("deleting twice is fine");
    }

    #[test]
    fn a_bucket_needs_a_name_and_a_web_endpoint() {
        assert!(Storage::s3(&S3Settings::default()).is_err());
        let ftp = S3Settings { bucket: "cvs".into(), endpoint: Some("ftp://files".into()), ..Default::default() };
        assert!(Storage::s3(&ftp).is_err());
    }
}
