//! The media store: a small trait so that an object store can replace the
//! local directory when a deployment outgrows one machine.

use super::is_valid_key;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where files live.
pub trait MediaBackend: Send + Sync {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFut<'a, std::io::Result<()>>;
    fn get<'a>(&'a self, key: &'a str) -> BoxFut<'a, std::io::Result<Option<Vec<u8>>>>;
    /// Removes a file (a missing one is not an error).
    fn delete<'a>(&'a self, key: &'a str) -> BoxFut<'a, std::io::Result<()>>;
}

/// Files in a local directory (default `./data/media`).
pub struct FsMediaBackend {
    root: PathBuf,
}

impl FsMediaBackend {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FsMediaBackend { root: root.into() }
    }
}

impl MediaBackend for FsMediaBackend {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFut<'a, std::io::Result<()>> {
        Box::pin(async move {
            let path = self.root.join(key);
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            // Write then rename, so a reader never sees half a file.
            let tmp = path.with_extension("partial");
            tokio::fs::write(&tmp, bytes).await?;
            tokio::fs::rename(&tmp, &path).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFut<'a, std::io::Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            match tokio::fs::read(self.root.join(key)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFut<'a, std::io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.root.join(key)).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        })
    }
}

/// The store handle kept in `AppState`.
#[derive(Clone)]
pub struct MediaStore(Arc<dyn MediaBackend>);

impl MediaStore {
    pub fn new(backend: impl MediaBackend + 'static) -> Self {
        MediaStore(Arc::new(backend))
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        if !is_valid_key(key) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "invalid media key",
            ));
        }
        self.0.put(key, bytes).await
    }

    /// Removes a stored file (an invalid key names nothing to remove).
    pub async fn delete(&self, key: &str) -> std::io::Result<()> {
        if !is_valid_key(key) {
            return Ok(());
        }
        self.0.delete(key).await
    }

    /// The file's bytes, or `None` for an unknown or invalid key.
    pub async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        if !is_valid_key(key) {
            return Ok(None);
        }
        self.0.get(key).await
    }

    /// The content type for a key's extension.
    pub fn content_type(key: &str) -> &'static str {
        match key.rsplit('.').next() {
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            Some("jpg") | Some("jpeg") => "image/jpeg",
            Some("webp") => "image/webp",
            Some("pdf") => "application/pdf",
            _ => "application/octet-stream",
        }
    }
}
