//! The application wizard's form post and the private documents route:
//! plain axum handlers, because a step carries files (multipart) and must
//! work without JavaScript. With JavaScript the page posts the same form
//! (showing upload progress) and asks for JSON; either way the answer is
//! where to go next, and the page there renders from the saved draft, so
//! nothing typed is lost.

use super::model::{AppField, Step};
use super::service::{self, StepForm, StoredFile};
use crate::error::{AppError, ErrorCode};
use crate::media::upload::UploadKind;
use crate::media::web::{answer, multipart_code, read_file, wants_json};
use crate::server::{AppState, Viewer};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub use super::model::APPLICATION_STEP_PATH as STEP_PATH;

/// The most text fields one step's form may carry.
const MAX_FIELDS: usize = 40;

/// The largest request the wizard accepts: its documents and some text.
pub const STEP_BODY_LIMIT: usize = 24 * 1024 * 1024;

/// A problem to show next to a field after the redirect (one the page
/// cannot work out from the draft, such as an upload refused).
type Problem = (String, ErrorCode);

/// `POST /sell/step`: saves the step as typed, stores its files, then
/// moves as the pressed button says (`intent`: save, next, back, submit).
pub async fn save_step(State(state): State<AppState>, req: Request) -> Response {
    let wants_json = wants_json(req.headers());
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return answer(wants_json, StatusCode::UNAUTHORIZED, "/login?next=%2Fsell");
    };
    // Nothing is read, decoded or stored for an application that is not
    // the caller's to change now, nor for a field that is closed.
    let editable = match async { service::editable_fields(&mut *state.db.read().await?, viewer.user_id).await }.await {
        Ok(fields) => fields,
        Err(e) => return refuse(wants_json, e.code),
    };
    let multipart = match Multipart::from_request(req, &state).await {
        Ok(m) => m,
        Err(_) => return refuse(wants_json, ErrorCode::BadRequest),
    };
    let (mut form, intent, agreed, uploads, mut problems) = match read_form(&state, multipart, &editable).await {
        Ok(parts) => parts,
        Err(code) => return refuse(wants_json, code),
    };
    form.files = uploads;
    let step = form.step.unwrap_or(Step::Shop);
    let saved = async {
        let mut tx = state.db.begin_write().await?;
        let (_, draft) = service::save_form(&mut tx, viewer.user_id, &form).await?;
        tx.commit().await?;
        Ok::<_, AppError>(draft)
    };
    let draft = match saved.await {
        Ok(draft) => draft,
        Err(e) => {
            forget_files(&state, &form.files).await;
            return refuse(wants_json, e.code);
        }
    };
    // Submitted in a transaction of its own: a refusal (even one the
    // database raises, which ends a PostgreSQL transaction) keeps the save.
    let submitted = if intent == "submit" && problems.is_empty() {
        let result = async {
            let mut tx = state.db.begin_write().await?;
            service::submit_application(&mut tx, viewer.user_id, agreed).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        match result.await {
            Ok(()) => true,
            Err(e) if !e.fields.is_empty() => {
                problems.extend(field_problems(&e));
                false
            }
            Err(e) => return refuse(wants_json, e.code),
        }
    } else {
        false
    };
    let next = match intent.as_str() {
        _ if submitted => "/sell".to_string(),
        "submit" => {
            // Back to the first step with a problem, showing them all.
            let first = problems
                .iter()
                .filter_map(|(f, _)| AppField::from_key(f))
                .map(|f| f.step())
                .min_by_key(|s| Step::ALL.iter().position(|x| x == s))
                .unwrap_or(Step::Review);
            step_url(first, true, &problems)
        }
        "next" => {
            if problems.is_empty() && super::domain::step_complete(&draft, step) {
                step_url(step.next(), false, &[])
            } else {
                step_url(step, true, &problems)
            }
        }
        "back" => step_url(step.previous(), false, &problems),
        _ => format!("{}&saved=1", step_url(step, !problems.is_empty(), &problems)),
    };
    answer(wants_json, StatusCode::OK, &next)
}

fn field_problems(e: &AppError) -> Vec<Problem> {
    e.fields.iter().map(|f| (f.field.clone(), f.code)).collect()
}

/// `/sell?step=…`, with `check=1` to show the step's problems and `err`
/// for those the draft cannot show (`field:Code,…`).
fn step_url(step: Step, check: bool, problems: &[Problem]) -> String {
    let mut url = format!("/sell?step={}", step.slug());
    if check {
        url.push_str("&check=1");
    }
    if !problems.is_empty() {
        url.push_str("&err=");
        url.push_str(&crate::error::problems_param(problems));
    }
    url
}

/// A failure that is not about one field: the wizard's page shows it.
fn refuse(wants_json: bool, code: ErrorCode) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let next = format!("/sell?err={}", urlencoding::encode(&format!("form:{code:?}")));
    answer(wants_json, status, &next)
}

type ReadForm = (StepForm, String, bool, Vec<(AppField, StoredFile)>, Vec<Problem>);

/// Reads the multipart form: text fields as typed (bounded), files checked,
/// re-encoded and stored. A refused file becomes a problem for its field.
async fn read_form(state: &AppState, mut multipart: Multipart, editable: &[AppField]) -> Result<ReadForm, ErrorCode> {
    let mut form = StepForm::default();
    let mut intent = String::from("save");
    let mut agreed = false;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_code)? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(app_field) = AppField::from_key(&name).filter(|f| f.is_file()) {
            // One file per field, and only for a field open to change.
            let taken = files.iter().any(|(f, _)| *f == app_field) || problems.iter().any(|(f, _)| *f == name);
            if taken || !editable.contains(&app_field) {
                continue;
            }
            let file_name = clean_file_name(field.file_name().unwrap_or_default());
            let kind = if app_field.is_document() {
                UploadKind::Document
            } else {
                UploadKind::Image
            };
            let bytes = match read_file(&mut field, kind.max_bytes()).await {
                Ok(Some(bytes)) => bytes,
                Ok(None) => continue,
                Err(code) => {
                    problems.push((name, code));
                    continue;
                }
            };
            match store_upload(state, app_field, kind, bytes, file_name).await {
                Ok(stored) => files.push((app_field, stored)),
                Err(code) => problems.push((name, code)),
            }
            continue;
        }
        let text = field.text().await.map_err(multipart_code)?;
        match name.as_str() {
            "step" => form.step = Step::from_slug(&text),
            "intent" => intent = text,
            "agreement" => agreed = !text.is_empty(),
            _ if form.fields.len() < MAX_FIELDS && AppField::from_key(&name).is_some() => {
                form.fields.push((name, text));
            }
            _ => {}
        }
    }
    Ok((form, intent, agreed, files, problems))
}

/// Removes files stored for a post whose save failed.
async fn forget_files(state: &AppState, files: &[(AppField, StoredFile)]) {
    for (_, file) in files {
        let removed = match file {
            StoredFile::Image { key } => state.media.delete(key).await,
            StoredFile::Document { storage_key, .. } => state.documents.delete(storage_key).await,
        };
        if let Err(e) = removed {
            tracing::warn!(error = %e, "an orphaned upload was not removed");
        }
    }
}

/// A file name fit to show: its last path part, printable, at most 100
/// characters.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    // Bidirectional overrides would show "exe.pdf" as "fdp.exe" to operators.
    let bidi = |c: &char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    base.chars().filter(|c| !c.is_control() && !bidi(c)).take(100).collect()
}

/// Checks and re-encodes one upload off the async threads (one at a time:
/// the memory bound), then stores it: the logo publicly, documents
/// privately.
async fn store_upload(
    state: &AppState,
    field: AppField,
    kind: UploadKind,
    bytes: Vec<u8>,
    file_name: String,
) -> Result<StoredFile, ErrorCode> {
    let (processed, _) = crate::media::web::process(state, kind, bytes, false).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let byte_size = processed.bytes.len() as i64;
    if field.is_document() {
        let key = format!("applications/{id}.{}", processed.ext);
        state.documents.put(&key, processed.bytes).await.map_err(|e| {
            tracing::error!(error = %e, "storing a document failed");
            ErrorCode::Internal
        })?;
        Ok(StoredFile::Document {
            storage_key: key,
            file_name,
            content_type: processed.content_type.to_string(),
            byte_size,
        })
    } else {
        let key = format!("logos/{id}.{}", processed.ext);
        state.media.put(&key, processed.bytes).await.map_err(|e| {
            tracing::error!(error = %e, "storing a logo failed");
            ErrorCode::Internal
        })?;
        Ok(StoredFile::Image { key })
    }
}

/// `GET /documents/{id}`: a private document, to its owner and to
/// operators; anyone else is told there is no such thing.
pub async fn document(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let Some(viewer) = req.extensions().get::<Viewer>().cloned() else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response();
    };
    let not_found = || (StatusCode::NOT_FOUND, "Not found").into_response();
    let Ok(document_id) = id.parse::<i64>() else {
        return not_found();
    };
    let row = async {
        let mut conn = state.db.read().await?;
        service::readable_document(&mut conn, viewer.user_id, viewer.is_operator, document_id).await
    };
    let row = match row.await {
        Ok(row) => row,
        Err(e) if e.code == ErrorCode::NotFound => return not_found(),
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "Try again shortly").into_response(),
    };
    let bytes = match state.documents.get(&row.storage_key).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "document read failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "Try again shortly").into_response();
        }
    };
    let mut res = bytes.into_response();
    let headers = res.headers_mut();
    // The type we sniffed and re-encoded, never the uploader's word.
    if let Ok(v) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // PDFs are stored as uploaded (only their form is checked): the browser
    // downloads them rather than running one inside our site.
    let disposition = if row.content_type == "application/pdf" {
        "attachment"
    } else {
        "inline"
    };
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_folders_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\me\\licence.pdf"), "licence.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\nc.png"), "abc.png");
        assert_eq!(clean_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    }

    #[test]
    fn step_urls_carry_problems_the_draft_cannot_show() {
        let url = step_url(
            Step::Entity,
            true,
            &[("business_license".into(), ErrorCode::FileTooLarge)],
        );
        assert_eq!(url, "/sell?step=entity&check=1&err=business_license%3AFileTooLarge");
    }
}
