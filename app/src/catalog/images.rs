//! `POST /seller/products/{id}/images`: a product's pictures, a plain
//! multipart form (with progress when the page's script sends it). Each is
//! checked and re-encoded, its narrower copies made once for `srcset`, then
//! added to the listing (to its pending change when live).

use super::listings;
use crate::error::ErrorCode;
use crate::media::upload::{UploadKind, THUMBNAIL_WIDTHS};
use crate::media::web::{answer, multipart_code, process, read_file, thumbnail_key, wants_json};
use crate::server::{AppState, Viewer};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;

/// Pictures one post may carry.
const MAX_FILES: usize = 4;

/// The largest request the pictures form may send.
pub const IMAGES_BODY_LIMIT: usize = 24 * 1024 * 1024;

/// Whether `path` is a product's pictures form (for the body limit).
pub fn is_images_path(path: &str) -> bool {
    path.strip_prefix("/seller/products/")
        .and_then(|rest| rest.strip_suffix("/images"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

pub async fn upload(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return answer(json, StatusCode::UNAUTHORIZED, "/login");
    };
    let Ok(product_id) = id.parse::<i64>() else {
        return answer(json, StatusCode::NOT_FOUND, "/seller/products");
    };
    let back = format!("/seller/products/{product_id}");
    let fail = |code: ErrorCode| {
        let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        answer(json, status, &format!("{back}?err=images:{code:?}"))
    };
    // Only a member of the product's shop; anyone else learns nothing.
    let shop_id = match async { listings::shop_of(&mut *state.db.read().await?, product_id).await }.await {
        Ok(Some(shop)) if viewer.shop_ids.contains(&shop) => shop,
        Ok(_) => return answer(json, StatusCode::NOT_FOUND, "/seller/products"),
        Err(e) => return fail(e.code),
    };
    let Ok(mut multipart) = Multipart::from_request(req, &state).await else {
        return fail(ErrorCode::BadRequest);
    };
    let mut added = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return fail(multipart_code(e)),
        };
        if field.name() != Some("images") {
            continue;
        }
        if added == MAX_FILES {
            return fail(ErrorCode::TooManyImages);
        }
        // Asked again for each picture: the listing may have filled up.
        let room = async { listings::check_room_for_image(&mut *state.db.read().await?, shop_id, product_id).await };
        if let Err(e) = room.await {
            return fail(e.code);
        }
        let bytes = match read_file(&mut field, UploadKind::Image.max_bytes()).await {
            Ok(Some(bytes)) => bytes,
            Ok(None) => continue,
            Err(code) => return fail(code),
        };
        let (picture, thumbs) = match process(&state, UploadKind::Image, bytes, true).await {
            Ok(done) => done,
            Err(code) => return fail(code),
        };
        let key = format!(
            "products/{product_id}/{}.{}",
            uuid::Uuid::new_v4().simple(),
            picture.ext
        );
        // Copies first: the picture is only referenced once all exist.
        for thumb in thumbs {
            let width = THUMBNAIL_WIDTHS
                .iter()
                .copied()
                .find(|w| *w == thumb.width)
                .unwrap_or(thumb.width);
            if let Err(e) = state.media.put(&thumbnail_key(&key, width), thumb.bytes).await {
                tracing::error!(error = %e, "storing a thumbnail failed");
                return fail(ErrorCode::Internal);
            }
        }
        let (width, height) = (i64::from(picture.width), i64::from(picture.height));
        if let Err(e) = state.media.put(&key, picture.bytes).await {
            tracing::error!(error = %e, "storing a picture failed");
            return fail(ErrorCode::Internal);
        }
        let saved = async {
            let mut tx = state.db.begin_write().await?;
            listings::add_image(&mut tx, shop_id, product_id, &key, width, height).await?;
            tx.commit().await?;
            Ok::<_, crate::error::AppError>(())
        };
        if let Err(e) = saved.await {
            // Nothing refers to the files just stored: remove them.
            let _ = state.media.delete(&key).await;
            for width in THUMBNAIL_WIDTHS {
                let _ = state.media.delete(&thumbnail_key(&key, width)).await;
            }
            return fail(e.code);
        }
        added += 1;
    }
    if added == 0 {
        return fail(ErrorCode::Required);
    }
    answer(json, StatusCode::OK, &back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_product_pictures_path_gets_the_upload_limit() {
        assert!(is_images_path("/seller/products/42/images"));
        assert!(!is_images_path("/seller/products//images"));
        assert!(!is_images_path("/seller/products/4x/images"));
        assert!(!is_images_path("/api/catalog/save_skus"));
    }
}
