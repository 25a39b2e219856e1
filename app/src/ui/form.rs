//! Labelled form fields whose error sits next to them, and a form-level alert.

use super::messages::{code_message, error_message};
use crate::error::AppError;
use crate::i18n::{use_locale, Message};
use leptos::prelude::*;
use server_fn::ServerFn;

/// The server functions whose results these helpers read.
pub trait FormFn: ServerFn<Error = AppError> + Clone + Send + Sync + 'static {}
impl<S> FormFn for S
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
}

/// The message for `field` in the latest result of an action, if it failed there.
pub fn field_error<S: FormFn>(action: ServerAction<S>, field: &'static str) -> Signal<Option<String>>
where
    S::Output: Send + Sync + 'static,
{
    let locale = use_locale();
    Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) => e
                .for_field(field)
                .map(|code| code_message(locale, code, e.retry_after_secs)),
            _ => None,
        })
    })
}

/// The message for a failure that belongs to no single field.
pub fn form_alert<S: FormFn>(action: ServerAction<S>) -> Signal<Option<String>>
where
    S::Output: Send + Sync + 'static,
{
    let locale = use_locale();
    Signal::derive(move || {
        action.value().with(|v| match v {
            Some(Err(e)) if e.fields.is_empty() => Some(error_message(locale, e)),
            _ => None,
        })
    })
}

/// What a failed no-JavaScript post typed into `field`, to show it again.
pub fn echoed<S: FormFn>(action: ServerAction<S>, field: &'static str) -> String
where
    S::Output: Send + Sync + 'static,
{
    action.value().with_untracked(|v| match v {
        Some(Err(e)) => e.echoed(field).unwrap_or_default().to_string(),
        _ => String::new(),
    })
}

/// A labelled input. The error (if any) is announced and tied to the input
/// with `aria-describedby`; a hint is shown before the person types.
#[component]
pub fn TextField<M>(
    label: M,
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<M>,
    #[prop(default = true)] required: bool,
    /// Empties the field each time this changes (password fields, after
    /// every answer from the server).
    #[prop(optional, into)]
    clear_when: Option<Signal<usize>>,
) -> impl IntoView
where
    M: Message + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    let input = NodeRef::<leptos::html::Input>::new();
    if let Some(signal) = clear_when {
        Effect::new(move |previous: Option<usize>| {
            let now = signal.get();
            if previous.is_some_and(|p| p != now) {
                if let Some(el) = input.get() {
                    el.set_value("");
                }
            }
            now
        });
    }
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label.text(locale)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{h.text(locale)}</p> })}
            <input
                node_ref=input
                id=id.clone()
                name=name
                type=input_type
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            <p class="field__error" id=error_id.clone() role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A message about the whole form (throttling, server trouble).
#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="alert alert--error" role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// A labelled drop-down whose value lives in `value` (so a choice can
/// change what other fields offer). The first option asks to choose; the
/// error sits next to it as for text fields.
#[component]
pub fn SelectField<M>(
    label: M,
    name: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    /// The words of the empty first option ("Choose…").
    placeholder: M,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// Runs after the person picks something.
    #[prop(optional)]
    on_pick: Option<Callback<String>>,
) -> impl IntoView
where
    M: Message + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label.text(locale)}</label>
            <select
                id=id.clone()
                name=name
                required=true
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    value.set(picked.clone());
                    if let Some(cb) = on_pick {
                        cb.run(picked);
                    }
                }
            >
                <option value="" selected=move || value.with(String::is_empty)>{placeholder.text(locale)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(code, words)| {
                            let selected = value.with(|v| *v == code);
                            view! { <option value=code selected=selected>{words}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field__error" id=error_id.clone() role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// After a successful script submission, loads the page `target` names for
/// the result as a whole page (the header and everything else fresh).
/// Without JavaScript the server's redirect does the same.
pub fn go_on_success<S: FormFn>(action: ServerAction<S>, target: impl Fn(&S::Output) -> String + 'static)
where
    S::Output: Send + Sync + 'static,
{
    Effect::new(move || {
        let next = action.value().with(|v| match v {
            Some(Ok(out)) => Some(target(out)),
            _ => None,
        });
        if let Some(next) = next {
            let _ = window()
                .location()
                .set_href(&crate::routes::same_site_path(Some(&next)));
        }
    });
}

/// True once the page runs in the browser with its client (effects run only
/// there): for controls that only a page without JavaScript needs.
pub fn hydrated() -> ReadSignal<bool> {
    let (on, set_on) = signal(false);
    Effect::new(move || set_on.set(true));
    on
}
