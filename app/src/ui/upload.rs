//! A form that carries files: a plain multipart post without JavaScript;
//! with it, the same post sent in the background so the page can show
//! how much has gone up, then on to the page the server names.

use crate::i18n::tr;
use crate::ui::messages::UiMsg;
use leptos::prelude::*;

/// A multipart form posting to `action`. The server answers a plain post
/// with a redirect and a script's (`Accept: application/json`) with
/// `{"next": "/path"}`; either way the browser ends up on that page.
#[component]
pub fn MultipartForm(
    #[prop(into)] action: String,
    #[prop(optional)] id: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    // Percent sent, while a background post is under way.
    let progress = RwSignal::new(None::<u32>);
    let failed = RwSignal::new(false);
    let on_submit = move |ev: web_sys::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            if send_in_background(&ev, progress, failed) {
                ev.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, progress, failed);
    };
    view! {
        <form
            method="post"
            action=action
            enctype="multipart/form-data"
            id=(!id.is_empty()).then_some(id)
            class=class
            on:submit=on_submit
        >
            {children()}
            <Show when=move || progress.with(Option::is_some)>
                <p class="upload-progress" role="status">
                    <label>
                        {tr(UiMsg::Sending)} " "
                        <progress max="100" value=move || progress.get().unwrap_or(0)></progress>
                        " " {move || progress.get().unwrap_or(0)} "%"
                    </label>
                </p>
            </Show>
            <Show when=move || failed.get()>
                <p class="alert alert--error" role="alert">{tr(UiMsg::SendFailed)}</p>
            </Show>
        </form>
    }
}

/// Posts the form with the pressed button's value by XMLHttpRequest (whose
/// upload reports progress). False when that cannot start: the browser then
/// posts the form itself.
#[cfg(feature = "hydrate")]
fn send_in_background(ev: &web_sys::SubmitEvent, progress: RwSignal<Option<u32>>, failed: RwSignal<bool>) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    if progress.get_untracked().is_some() {
        // One post at a time: a second press waits for the first.
        return true;
    }
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
        return false;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return false;
    };
    if let Some(button) = ev
        .submitter()
        .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
    {
        if !button.name().is_empty() && data.append_with_str(&button.name(), &button.value()).is_err() {
            return false;
        }
    }
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return false;
    };
    if xhr.open("POST", &form.action()).is_err() || xhr.set_request_header("Accept", "application/json").is_err() {
        return false;
    }
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.length_computable() && e.total() > 0.0 {
            progress.set(Some(((e.loaded() / e.total()) * 100.0).round() as u32));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let done_xhr = xhr.clone();
    let on_done = Closure::<dyn FnMut()>::new(move || {
        let next = done_xhr
            .response_text()
            .ok()
            .flatten()
            .and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
            .and_then(|v| v.get("next").and_then(|n| n.as_str()).map(str::to_string));
        match next {
            Some(next) => {
                let _ = window().location().assign(&crate::routes::same_site_path(Some(&next)));
            }
            None => {
                progress.set(None);
                failed.set(true);
            }
        }
    });
    xhr.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    progress.set(Some(0));
    failed.set(false);
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        progress.set(None);
        return false;
    }
    true
}
