//! `POST /seller/profile/save`: a shop's profile form (multipart: it may
//! carry a new logo). The description changes at once; a new name or logo
//! waits for an operator. Answers like every upload form: a redirect, or
//! `{"next": …}` for the page's script; on a refusal the typed values ride
//! along in the URL, so nothing typed is lost.

use super::model::AppField;
use super::service;
use crate::error::{AppError, ErrorCode};
use crate::media::upload::UploadKind;
use crate::media::web::{answer, multipart_code, process, read_file, wants_json};
use crate::server::{AppState, Viewer};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;

pub const PROFILE_PATH: &str = "/seller/profile/save";

pub async fn save(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return answer(json, StatusCode::UNAUTHORIZED, "/login");
    };
    let Ok(mut multipart) = Multipart::from_request(req, &state).await else {
        return answer(json, StatusCode::BAD_REQUEST, "/seller/profile");
    };
    let mut shop_id: Option<i64> = None;
    let (mut name, mut description) = (String::new(), String::new());
    let mut logo: Option<String> = None;
    let mut problem: Option<(&'static str, ErrorCode)> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                return answer(
                    json,
                    StatusCode::BAD_REQUEST,
                    &format!("/seller/profile?err=form:{:?}", multipart_code(e)),
                )
            }
        };
        match field.name().unwrap_or_default() {
            "shop_id" => shop_id = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
            "shop_name" => name = field.text().await.unwrap_or_default().chars().take(200).collect(),
            "shop_description" => description = field.text().await.unwrap_or_default().chars().take(2_000).collect(),
            "logo" if logo.is_none() && problem.is_none() => {
                // Only for a shop the caller acts for (the form sends the
                // shop first): nothing is decoded or stored otherwise.
                let Some(shop) = shop_id.filter(|s| viewer.shop_ids.contains(s)) else {
                    return answer(json, StatusCode::FORBIDDEN, "/seller");
                };
                let bytes = match read_file(&mut field, UploadKind::Image.max_bytes()).await {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => continue,
                    Err(code) => {
                        problem = Some((AppField::Logo.key(), code));
                        continue;
                    }
                };
                match process(&state, UploadKind::Image, bytes, false).await {
                    Ok((picture, _)) => {
                        let key = format!("logos/{}-{}.{}", shop, uuid::Uuid::new_v4().simple(), picture.ext);
                        if state.media.put(&key, picture.bytes).await.is_err() {
                            problem = Some((AppField::Logo.key(), ErrorCode::Internal));
                        } else {
                            logo = Some(key);
                        }
                    }
                    Err(code) => problem = Some((AppField::Logo.key(), code)),
                }
            }
            _ => {}
        }
    }
    let Some(shop_id) = shop_id.filter(|s| viewer.shop_ids.contains(s)) else {
        return answer(json, StatusCode::FORBIDDEN, "/seller");
    };
    let back = format!("/seller/profile?shop={shop_id}");
    let typed = format!(
        "&shop_name={}&shop_description={}",
        urlencoding::encode(&name),
        urlencoding::encode(&description)
    );
    if let Some((field, code)) = problem {
        return answer(json, StatusCode::OK, &format!("{back}&err={field}:{code:?}{typed}"));
    }
    let saved = async {
        let mut tx = state.db.begin_write().await?;
        let sent =
            service::update_profile(&mut tx, viewer.user_id, shop_id, &name, &description, logo.as_deref()).await?;
        tx.commit().await?;
        Ok::<_, AppError>(sent)
    };
    match saved.await {
        Ok(sent) => answer(
            json,
            StatusCode::OK,
            &format!("{back}&saved={}", if sent { "review" } else { "1" }),
        ),
        Err(e) => {
            if let Some(key) = &logo {
                let _ = state.media.delete(key).await;
            }
            let mut problems: Vec<(String, ErrorCode)> = e.fields.iter().map(|f| (f.field.clone(), f.code)).collect();
            if problems.is_empty() {
                problems.push(("form".into(), e.code));
            }
            let err = crate::error::problems_param(&problems);
            answer(json, StatusCode::OK, &format!("{back}&err={err}{typed}"))
        }
    }
}
