//! `POST /reviews/submit`: the review form (multipart: it carries photos).
//! The words and stars come first in the form, so they are checked before
//! any photo is read: a refused review stores no file, and what was typed
//! is kept as a draft the form shows again. Photos go through the upload
//! pipeline (sniffed, pixel-bounded, re-encoded without metadata, with
//! narrower copies). Answers like every upload form: a redirect, or
//! `{"next": …}` for the page's script.

use super::domain::MAX_PHOTOS;
use super::service::{self, Checked, StoredPhoto, Typed};
use crate::error::{problems_param, AppError, ErrorCode};
use crate::media::web::{
    answer, answer_drained, drain_parts, is_multipart, multipart_code, read_file, remove_photos, store_photo,
    wants_json,
};
use crate::server::throttle::{self, Rule};
use crate::server::web::ClientAddr;
use crate::server::{now_ms, AppState, Viewer};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;

pub use super::model::SUBMIT_PATH;

/// The largest review post: six photos of 5 MB and the words.
pub const SUBMIT_BODY_LIMIT: usize = 31 * 1024 * 1024;

/// The form's page for a line.
pub fn form_path(order_id: i64, order_line_id: i64) -> String {
    format!("/orders/{order_id}/review/{order_line_id}")
}

/// The review form a post came from (its `Referer`, when that is one of
/// our review forms), for a refusal made before the form is read to show
/// beside it; My orders otherwise.
fn posted_from(headers: &axum::http::HeaderMap) -> String {
    let path = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .and_then(|p| p.split(['?', '#']).next());
    let digits = |s: &str| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
    match path.map(|p| p.split('/').collect::<Vec<_>>()).as_deref() {
        Some(["", "orders", order, "review", line]) if digits(order) && digits(line) => {
            format!("/orders/{order}/review/{line}")
        }
        _ => "/orders".into(),
    }
}

fn problems_of(e: &AppError) -> Vec<(String, ErrorCode)> {
    if e.fields.is_empty() {
        vec![("form".to_string(), e.code)]
    } else {
        e.fields.iter().map(|f| (f.field.clone(), f.code)).collect()
    }
}

pub async fn submit(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return answer_drained(req, SUBMIT_BODY_LIMIT, answer(json, StatusCode::UNAUTHORIZED, "/login")).await;
    };
    let address = req
        .extensions()
        .get::<ClientAddr>()
        .map(|a| a.0.to_string())
        .unwrap_or_default();
    // Counted before anything is read: each post may carry six photos to
    // decode on the one upload slot.
    let rule = Rule::new(
        format!("review:user:{}", viewer.user_id),
        state.config.limits.review_posts_per_account,
    );
    if let Err(e) = throttle::count_attempt(&state.db, &[rule], now_ms()).await {
        let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        let back = format!("{}?err=form:{:?}", posted_from(req.headers()), e.code);
        return answer_drained(req, SUBMIT_BODY_LIMIT, answer(json, status, &back)).await;
    }
    if !is_multipart(req.headers()) {
        return answer_drained(req, SUBMIT_BODY_LIMIT, answer(json, StatusCode::BAD_REQUEST, "/orders")).await;
    }
    let Ok(mut multipart) = Multipart::from_request(req, &state).await else {
        return answer(json, StatusCode::BAD_REQUEST, "/orders");
    };
    let mut typed = Typed::default();
    let mut order_id: i64 = 0;
    // Set once the words are checked (at the first photo or the end).
    let mut checked: Option<Result<Checked, AppError>> = None;
    let mut photos: Vec<StoredPhoto> = Vec::new();
    let mut photo_problem: Option<ErrorCode> = None;
    let mut malformed = false;
    let now = now_ms();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                photo_problem = Some(multipart_code(e));
                malformed = true;
                drain_parts(&mut multipart).await;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name != "photos" {
            // Words are read up to a bound (2,000 characters of Chinese are
            // 6,000 bytes); a longer part is refused, never buffered whole.
            let text = match read_file(&mut field, 16 * 1024).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes.unwrap_or_default()).into_owned(),
                Err(_) => String::new(),
            };
            let number = |t: &str| t.trim().parse::<i64>().unwrap_or(0);
            let short = |t: &str| t.chars().take(4).collect::<String>();
            match name.as_str() {
                "order_id" => order_id = number(&text),
                "order_line_id" => typed.order_line_id = number(&text),
                "follow_up" => typed.follow_up = text == "1",
                "rating" => typed.rating = short(&text),
                "body" => typed.body = text.chars().take(4_000).collect(),
                "anonymous" => typed.anonymous = true,
                "described" => typed.described = short(&text),
                "service" => typed.service = short(&text),
                "delivery" => typed.delivery = short(&text),
                _ => {}
            }
            continue;
        }
        // A photo: read only for a review that can be written.
        if checked.is_none() {
            let check = async {
                let mut conn = state.db.read().await?;
                service::check(&mut conn, viewer.user_id, &typed, now).await
            };
            checked = Some(check.await);
        }
        // Nothing is read for a review that cannot be written.
        if !matches!(checked, Some(Ok(_))) || photo_problem.is_some() {
            continue;
        }
        if photos.len() == MAX_PHOTOS {
            photo_problem = Some(ErrorCode::TooManyPhotos);
            continue;
        }
        // Nothing in the name says whose it is: anonymous reviews stay
        // anonymous.
        match store_photo(&state, &mut field, "reviews").await {
            Ok(Some(photo)) => photos.push(photo),
            Ok(None) => {}
            Err(code) => photo_problem = Some(code),
        }
    }
    let back = form_path(order_id, typed.order_line_id);
    let checked = match checked {
        Some(c) => c,
        None if malformed => Err(AppError::new(ErrorCode::BadRequest)),
        None => {
            let check = async {
                let mut conn = state.db.read().await?;
                service::check(&mut conn, viewer.user_id, &typed, now).await
            };
            check.await
        }
    };
    let outcome: Result<(), AppError> = match (checked, photo_problem) {
        (Ok(checked), None) => {
            let order_id = checked.order_id();
            let saved = async {
                let mut tx = state.db.begin_write().await?;
                let status = service::submit(
                    &mut tx,
                    viewer.user_id,
                    &viewer.display_name,
                    checked,
                    &photos,
                    &address,
                    now,
                )
                .await?;
                tx.commit().await?;
                Ok::<_, AppError>(status)
            };
            match saved.await {
                Ok(_) => return answer(json, StatusCode::OK, &form_path(order_id, typed.order_line_id)),
                Err(e) => Err(e),
            }
        }
        (Ok(_), Some(code)) => Err(AppError::field("photos", code)),
        (Err(e), _) => Err(e),
    };
    let Err(e) = outcome else {
        return answer(json, StatusCode::OK, &back);
    };
    remove_photos(&state, &photos).await;
    // A line that is not the caller's says nothing more.
    if e.code == ErrorCode::NotFound {
        return answer(json, StatusCode::NOT_FOUND, "/orders");
    }
    if !e.fields.is_empty() {
        let draft = async {
            let mut tx = state.db.begin_write().await?;
            service::save_draft(&mut tx, viewer.user_id, &viewer.display_name, &typed, now).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        if let Err(d) = draft.await {
            tracing::warn!(code = ?d.code, "keeping a review draft failed");
        }
    }
    let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let kind = if typed.follow_up { "&follow_up=1" } else { "" };
    answer(
        json,
        status,
        &format!("{back}?err={}{kind}", problems_param(&problems_of(&e))),
    )
}

#[cfg(test)]
mod tests {
    use super::posted_from;
    use axum::http::{header::REFERER, HeaderMap, HeaderValue};

    #[test]
    fn a_refusal_goes_back_to_the_review_form_it_came_from_and_nowhere_else() {
        let from = |referer: &str| {
            let mut h = HeaderMap::new();
            h.insert(REFERER, HeaderValue::from_str(referer).unwrap());
            posted_from(&h)
        };
        assert_eq!(
            from("https://jishi.example/orders/12/review/34?follow_up=1"),
            "/orders/12/review/34"
        );
        assert_eq!(
            from("https://jishi.example/orders/12/review/34#top"),
            "/orders/12/review/34"
        );
        assert_eq!(from("https://jishi.example/orders/12"), "/orders");
        assert_eq!(from("https://jishi.example//evil.example/orders/1/review/2"), "/orders");
        assert_eq!(from("https://jishi.example/orders/1x/review/2"), "/orders");
        assert_eq!(from("/orders/1/review/2"), "/orders");
        assert_eq!(posted_from(&HeaderMap::new()), "/orders");
    }
}
