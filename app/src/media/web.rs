//! The HTTP side of uploads, shared by every form that carries files (the
//! merchant application, product pictures; review photos later): reading a
//! multipart part within its limit, checking and re-encoding it off the
//! async threads under the per-server decoding bound, and answering a
//! plain form post with a redirect and a script with `{"next": …}`.

use super::upload::{self, Processed, UploadError, UploadKind};
use crate::error::ErrorCode;
use crate::server::AppState;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether the caller is the page's script (it asked for JSON).
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Whether a request says it carries a multipart form.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Answers early, after reading what is left of the body (at most `limit`
/// bytes, the route's own bound): a client still sending an upload would
/// otherwise see its connection cut before it reads the answer.
pub async fn answer_drained(req: axum::extract::Request, limit: usize, response: Response) -> Response {
    let _ = axum::body::to_bytes(req.into_body(), limit).await;
    response
}

/// Reads the parts a refused multipart post has left, so its sender gets
/// the answer instead of a cut connection.
pub async fn drain_parts(multipart: &mut axum::extract::Multipart) {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Ok(Some(_)) = field.chunk().await {}
    }
}

/// The redirect (plain form) or the JSON `{"next": …}` (script).
pub fn answer(wants_json: bool, status: StatusCode, next: &str) -> Response {
    if wants_json {
        let body = serde_json::json!({ "next": next }).to_string();
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    } else {
        (StatusCode::SEE_OTHER, [(header::LOCATION, next.to_string())]).into_response()
    }
}

/// A body cut at its limit is too large; anything else is malformed.
pub fn multipart_code(e: MultipartError) -> ErrorCode {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::FileTooLarge
    } else {
        ErrorCode::BadRequest
    }
}

/// The words a person reads for an upload refused.
pub fn upload_code(e: UploadError) -> ErrorCode {
    match e {
        UploadError::Empty => ErrorCode::Required,
        UploadError::TooLarge => ErrorCode::FileTooLarge,
        UploadError::UnsupportedType => ErrorCode::FileTypeUnsupported,
        UploadError::TooManyPixels => ErrorCode::ImageTooLarge,
        UploadError::Undecodable => ErrorCode::FileUnreadable,
    }
}

/// A file part's bytes, read at most one chunk past `max` (enough to refuse
/// it). `Ok(None)`: no file was chosen (browsers send an empty part).
pub async fn read_file(field: &mut Field<'_>, max: usize) -> Result<Option<Vec<u8>>, ErrorCode> {
    let named = field.file_name().is_some_and(|n| !n.is_empty());
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_code)? {
        if bytes.len() + chunk.len() > max {
            // Drain the rest so the next part can be read.
            while field.chunk().await.map_err(multipart_code)?.is_some() {}
            return Err(ErrorCode::FileTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() && !named {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// Checks and re-encodes an upload off the async threads, one at a time
/// per server (the memory bound of `media::upload`); with `thumbnails`,
/// also its narrower copies.
pub async fn process(
    state: &AppState,
    kind: UploadKind,
    bytes: Vec<u8>,
    thumbnails: bool,
) -> Result<(Processed, Vec<Processed>), ErrorCode> {
    let permit = state
        .uploads
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ErrorCode::Busy)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let processed = upload::process(kind, &bytes)?;
        let thumbs = if thumbnails {
            upload::thumbnails(&processed)?
        } else {
            Vec::new()
        };
        Ok::<_, UploadError>((processed, thumbs))
    })
    .await
    .map_err(|_| ErrorCode::FileUnreadable)?
    .map_err(upload_code)
}

pub use super::thumbnail_key;

/// A shopper's picture, checked, re-encoded and stored with its narrower
/// copies (review photos, after-sales evidence).
#[derive(Clone, Debug)]
pub struct StoredPhoto {
    pub key: String,
    pub width: i64,
    pub height: i64,
}

/// Reads one photo part (within the image bound), re-encodes it and stores
/// it under `folder/` with a random name (nothing in it says whose it is)
/// and its narrower copies. `Ok(None)`: the part was empty (no file
/// chosen). A failure to store leaves nothing behind.
pub async fn store_photo(
    state: &AppState,
    field: &mut Field<'_>,
    folder: &str,
) -> Result<Option<StoredPhoto>, ErrorCode> {
    let Some(bytes) = read_file(field, UploadKind::Image.max_bytes()).await? else {
        return Ok(None);
    };
    let (picture, thumbs) = process(state, UploadKind::Image, bytes, true).await?;
    let key = format!("{folder}/{}.{}", uuid::Uuid::new_v4().simple(), picture.ext);
    let mut stored = true;
    for thumb in thumbs {
        stored &= state
            .media
            .put(&thumbnail_key(&key, thumb.width), thumb.bytes)
            .await
            .is_ok();
    }
    let (width, height) = (i64::from(picture.width), i64::from(picture.height));
    stored &= state.media.put(&key, picture.bytes).await.is_ok();
    let photo = StoredPhoto { key, width, height };
    if !stored {
        tracing::error!(folder, "storing a photo failed");
        remove_photos(state, std::slice::from_ref(&photo)).await;
        return Err(ErrorCode::Internal);
    }
    Ok(Some(photo))
}

/// Removes stored photos and their copies (a post refused after they were
/// stored).
pub async fn remove_photos(state: &AppState, photos: &[StoredPhoto]) {
    for p in photos {
        let _ = state.media.delete(&p.key).await;
        for width in super::THUMBNAIL_WIDTHS {
            let _ = state.media.delete(&thumbnail_key(&p.key, width)).await;
        }
    }
}
