//! `POST /after-sales/submit`: the request form (multipart: it carries
//! photos). The words come first in the form, so they are checked before
//! any photo is read: a refused request stores no file. Photos go through
//! the upload pipeline (sniffed, pixel-bounded, re-encoded without
//! metadata). A refusal goes back to the form with what was typed.

use super::domain::MAX_PHOTOS;
use super::service::{self, Checked, StoredPhoto, Typed};
use crate::error::{problems_param, AppError, ErrorCode};
use crate::media::web::{answer, multipart_code, read_file, remove_photos, store_photo, wants_json};
use crate::server::throttle::{self, Rule};
use crate::server::{now_ms, AppState, Viewer};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;

pub use super::model::SUBMIT_PATH;

/// The largest request post: six photos of 5 MB and the words.
pub const SUBMIT_BODY_LIMIT: usize = 31 * 1024 * 1024;

/// The form's page for a line.
pub fn form_path(order_id: i64, order_line_id: i64) -> String {
    format!("/orders/{order_id}/after-sales/{order_line_id}")
}

fn problems_of(e: &AppError) -> Vec<(String, ErrorCode)> {
    if e.fields.is_empty() {
        vec![("form".to_string(), e.code)]
    } else {
        e.fields.iter().map(|f| (f.field.clone(), f.code)).collect()
    }
}

async fn drained(req: Request, response: Response) -> Response {
    crate::media::web::answer_drained(req, SUBMIT_BODY_LIMIT, response).await
}

/// The form again, with what went wrong and what was typed.
fn back_to_form(order_id: i64, typed: &Typed, problems: &[(String, ErrorCode)]) -> String {
    let enc = |s: &str| urlencoding::encode(s).into_owned();
    let description: String = typed.description.chars().take(500).collect();
    format!(
        "{}?kind={}&reason={}&amount={}&description={}&err={}",
        form_path(order_id, typed.order_line_id),
        enc(&typed.kind),
        enc(&typed.reason),
        enc(&typed.amount),
        enc(&description),
        problems_param(problems)
    )
}

pub async fn submit(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return drained(req, answer(json, StatusCode::UNAUTHORIZED, "/login")).await;
    };
    // Counted before anything is read: each post may carry six photos to
    // decode on the one upload slot (the review posts' allowance).
    let rule = Rule::new(
        format!("after_sale:user:{}", viewer.user_id),
        state.config.limits.review_posts_per_account,
    );
    if let Err(e) = throttle::count_attempt(&state.db, &[rule], now_ms()).await {
        let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        return drained(req, answer(json, status, "/orders")).await;
    }
    if !crate::media::web::is_multipart(req.headers()) {
        return drained(req, answer(json, StatusCode::BAD_REQUEST, "/orders")).await;
    }
    let Ok(mut multipart) = Multipart::from_request(req, &state).await else {
        return answer(json, StatusCode::BAD_REQUEST, "/orders");
    };
    let mut typed = Typed::default();
    let mut order_id: i64 = 0;
    let mut checked: Option<Result<Checked, AppError>> = None;
    let mut photos: Vec<StoredPhoto> = Vec::new();
    let mut photo_problem: Option<ErrorCode> = None;
    let mut malformed = false;
    let now = now_ms();
    let check = |typed: Typed| {
        let state = state.clone();
        async move {
            let mut conn = state.db.read().await?;
            service::check(&mut conn, &state.config, viewer.user_id, &typed, now).await
        }
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                photo_problem = Some(multipart_code(e));
                malformed = true;
                crate::media::web::drain_parts(&mut multipart).await;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name != "photos" {
            // Words are read up to a bound, never buffered whole.
            let text = match read_file(&mut field, 16 * 1024).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes.unwrap_or_default()).into_owned(),
                Err(_) => String::new(),
            };
            let number = |t: &str| t.trim().parse::<i64>().unwrap_or(0);
            let short = |t: &str| t.chars().take(40).collect::<String>();
            match name.as_str() {
                "order_id" => order_id = number(&text),
                "order_line_id" => typed.order_line_id = number(&text),
                "kind" => typed.kind = short(&text),
                "reason" => typed.reason = short(&text),
                "amount" => typed.amount = short(&text),
                "description" => typed.description = text.chars().take(2_000).collect(),
                _ => {}
            }
            continue;
        }
        if checked.is_none() {
            checked = Some(check(typed.clone()).await);
        }
        // Nothing is read for a request that cannot be made.
        if !matches!(checked, Some(Ok(_))) || photo_problem.is_some() {
            continue;
        }
        if photos.len() == MAX_PHOTOS {
            photo_problem = Some(ErrorCode::TooManyPhotos);
            continue;
        }
        match store_photo(&state, &mut field, "after-sales").await {
            Ok(Some(photo)) => photos.push(photo),
            Ok(None) => {}
            Err(code) => photo_problem = Some(code),
        }
    }
    let checked = match checked {
        Some(c) => c,
        None if malformed => Err(AppError::new(ErrorCode::BadRequest)),
        None => check(typed.clone()).await,
    };
    let outcome: Result<i64, AppError> = match (checked, photo_problem) {
        (Ok(checked), None) => {
            order_id = checked.order_id();
            let saved = async {
                let mut tx = state.db.begin_write().await?;
                let id = service::submit(&mut tx, &state.config, viewer.user_id, checked, &photos, now).await?;
                tx.commit().await?;
                Ok::<_, AppError>(id)
            };
            saved.await
        }
        (Ok(_), Some(code)) => Err(AppError::field("photos", code)),
        (Err(e), _) => Err(e),
    };
    let e = match outcome {
        Ok(id) => return answer(json, StatusCode::OK, &format!("/orders/{order_id}#after-sale-{id}")),
        Err(e) => e,
    };
    remove_photos(&state, &photos).await;
    // A line that is not the caller's says nothing more.
    if e.code == ErrorCode::NotFound || order_id <= 0 {
        return answer(json, StatusCode::NOT_FOUND, "/orders");
    }
    let status = StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    answer(json, status, &back_to_form(order_id, &typed, &problems_of(&e)))
}
