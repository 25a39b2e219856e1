use crate::catalog::api::{
    load_editor, CreateListing, ListingAction, RemoveImage, SaveDetails, SaveSkus, SaveVariants,
};
use crate::catalog::messages::EditorMsg;
use crate::catalog::model::{CategoryPick, EditorPage, EditorProduct, ListingStatus};
use crate::error::ErrorCode;
use crate::i18n::{tr, use_locale};
use crate::merchants::pages::{failure_page, product_status_msg};
use crate::ui::messages::{code_message, UiMsg};
use crate::ui::{echoed, field_error, form_alert, FormAlert, FormFn, MultipartForm};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// A labelled text input bound to one action's errors; `value` is what it
/// shows unless a failed post without JavaScript brought typing back.
#[component]
fn Input<S: FormFn>(
    action: ServerAction<S>,
    label: EditorMsg,
    name: &'static str,
    #[prop(into)] value: String,
    #[prop(optional)] hint: Option<EditorMsg>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] id_prefix: &'static str,
) -> impl IntoView
where
    S::Output: Send + Sync + 'static,
{
    let error = field_error(action, name);
    let typed = echoed(action, name);
    let value = if typed.is_empty() { value } else { typed };
    let id = format!("{id_prefix}field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(hint_id.clone());
        }
        if error.with(Option::is_some) {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{tr(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=format!("{id}-hint")>{tr(h)}</p> })}
            <input
                id=id.clone()
                name=name
                type=input_type
                value=value
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
            />
            <p class="field__error" id=format!("{id}-error") role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Title, description and category.
#[component]
fn DetailsFields<S: FormFn>(
    action: ServerAction<S>,
    title: String,
    description: String,
    category_id: Option<i64>,
    categories: Vec<CategoryPick>,
) -> impl IntoView
where
    S::Output: Send + Sync + 'static,
{
    let locale = use_locale();
    let description_error = field_error(action, "description");
    let category_error = field_error(action, "category");
    let typed = echoed(action, "description");
    let description = if typed.is_empty() { description } else { typed };
    let chosen = echoed(action, "category").parse::<i64>().ok().or(category_id);
    let options = categories
        .into_iter()
        .map(|c| {
            let name = match &c.parent {
                Some(parent) => format!("{} › {}", parent.get(locale), c.name.get(locale)),
                None => c.name.get(locale).to_string(),
            };
            view! { <option value=c.category_id selected=Some(c.category_id) == chosen>{name}</option> }
        })
        .collect_view();
    view! {
        <Input action label=EditorMsg::Title name="title" value=title/>
        <div class="field" class:field--invalid=move || description_error.with(Option::is_some)>
            <label for="field-description">{tr(EditorMsg::Description)}</label>
            <textarea id="field-description" name="description" rows="5" maxlength="5000"
                aria-describedby="field-description-error">{description}</textarea>
            <p class="field__error" id="field-description-error" role="alert">{move || description_error.get()}</p>
        </div>
        <div class="field" class:field--invalid=move || category_error.with(Option::is_some)>
            <label for="field-category">{tr(EditorMsg::Category)}</label>
            <select id="field-category" name="category" aria-describedby="field-category-error">
                <option value="">{tr(EditorMsg::ChooseCategory)}</option>
                {options}
            </select>
            <p class="field__error" id="field-category-error" role="alert">{move || category_error.get()}</p>
        </div>
    }
}

/// Up to three variant dimensions, with a starting price and stock.
#[component]
fn VariantFields<S: FormFn>(action: ServerAction<S>, options: Vec<(String, Vec<String>)>) -> impl IntoView
where
    S::Output: Send + Sync + 'static,
{
    let labels = [
        (EditorMsg::OptionName1, EditorMsg::OptionValues1, "option1"),
        (EditorMsg::OptionName2, EditorMsg::OptionValues2, "option2"),
        (EditorMsg::OptionName3, EditorMsg::OptionValues3, "option3"),
    ];
    let rows = labels
        .into_iter()
        .enumerate()
        .map(|(i, (name_label, values_label, field))| {
            let (name, values) = options
                .get(i)
                .map(|(n, v)| (n.clone(), v.join(", ")))
                .unwrap_or_default();
            let error = field_error(action, field);
            let (name_field, values_field): (&'static str, &'static str) = match i {
                0 => ("option1_name", "option1_values"),
                1 => ("option2_name", "option2_values"),
                _ => ("option3_name", "option3_values"),
            };
            view! {
                <div class="option-row">
                    <Input action label=name_label name=name_field value=name/>
                    <Input action label=values_label name=values_field value=values/>
                    <p class="field__error" role="alert">{move || error.get()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="variants">
            <legend>{tr(EditorMsg::Variants)}</legend>
            <p class="field__hint">{tr(EditorMsg::VariantsHint)}</p>
            {rows}
        </fieldset>
        <div class="two-fields">
            <Input action label=EditorMsg::Price name="price" value="" hint=EditorMsg::PriceHint input_type="text"/>
            <Input action label=EditorMsg::Stock name="stock" value="" input_type="number"/>
        </div>
    }
}

/// `/seller/products/new?shop=ID`: a new draft listing.
#[component]
fn NewProductForm(page: EditorPage) -> impl IntoView {
    let create = ServerAction::<CreateListing>::new();
    crate::ui::go_on_success(create, |id| format!("/seller/products/{id}"));
    let alert = form_alert(create);
    view! {
        <h1>{tr(EditorMsg::NewProductTitle)} " · " {page.shop_name.clone()}</h1>
        <p>{tr(EditorMsg::NewProductIntro)}</p>
        <ActionForm action=create attr:class="form editor-form">
            <input type="hidden" name="shop_id" value=page.shop_id/>
            <FormAlert message=alert/>
            <DetailsFields action=create title=String::new() description=String::new() category_id=None
                categories=page.categories.clone()/>
            <VariantFields action=create options=Vec::new()/>
            <div class="form-actions">
                <button type="submit" class="button button--primary">{tr(EditorMsg::SaveDraft)}</button>
            </div>
        </ActionForm>
    }
}

/// The SKU table: price, stock and code per combination, with a whole
/// column set at once (a "Fill down" button, or the "All rows" line that
/// also works without JavaScript).
#[component]
fn SkuTable(product: EditorProduct, refresh: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveSkus>::new();
    Effect::new(move || {
        if save.value().with(|v| matches!(v, Some(Ok(_)))) {
            refresh.run(());
        }
    });
    let alert = form_alert(save);
    let hydrated = crate::ui::hydrated();
    let row_error = move |field: String| {
        Signal::derive(move || {
            save.value().with(|v| match v {
                Some(Err(e)) => e.for_field(&field).map(|c| code_message(locale, c, None)),
                _ => None,
            })
        })
    };
    let rows = product
        .skus
        .iter()
        .map(|s| {
            let id = s.sku_id;
            let label = if s.label.is_empty() {
                "—".to_string()
            } else {
                s.label.clone()
            };
            let price = format!("{}.{:02}", s.price_minor / 100, s.price_minor % 100);
            let errors = [
                row_error(format!("price-{id}")),
                row_error(format!("stock-{id}")),
                row_error(format!("code-{id}")),
            ];
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td>
                        <input class="cell-input" data-column="price" name=format!("price[{id}]") value=price
                            aria-label=format!("{} {label}", tr(EditorMsg::Price)) inputmode="decimal"/>
                        <p class="field__error" role="alert">{move || errors[0].get()}</p>
                    </td>
                    <td>
                        <input class="cell-input" data-column="stock" name=format!("stock[{id}]") value=s.stock
                            aria-label=format!("{} {label}", tr(EditorMsg::Stock)) inputmode="numeric"/>
                        <p class="field__error" role="alert">{move || errors[1].get()}</p>
                    </td>
                    <td>
                        <input class="cell-input" data-column="code" name=format!("code[{id}]") value=s.code.clone()
                            aria-label=format!("{} {label}", tr(EditorMsg::SkuCode))/>
                        <p class="field__error" role="alert">{move || errors[2].get()}</p>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let fill = move |column: &'static str| {
        move |_| {
            #[cfg(feature = "hydrate")]
            fill_down(column);
            #[cfg(not(feature = "hydrate"))]
            let _ = column;
        }
    };
    view! {
        <section class="card editor-section" aria-labelledby="sku-heading">
            <h2 id="sku-heading">{tr(EditorMsg::SkuTable)}</h2>
            <p class="field__hint">{tr(EditorMsg::SkuTableHint)}</p>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="product_id" value=product.product_id/>
                <FormAlert message=alert/>
                <div class="table-wrap">
                    <table class="data-table sku-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(EditorMsg::Variant)}</th>
                                <th scope="col">{tr(EditorMsg::Price)}</th>
                                <th scope="col">{tr(EditorMsg::Stock)}</th>
                                <th scope="col">{tr(EditorMsg::SkuCode)}</th>
                            </tr>
                            <tr class="sku-table__all">
                                <th scope="row">{tr(EditorMsg::AllRows)}</th>
                                <td>
                                    <input class="cell-input" name="all_price" inputmode="decimal"
                                        aria-label=format!("{} {}", tr(EditorMsg::Price), tr(EditorMsg::AllRows))
                                        placeholder=tr(EditorMsg::AllRowsHint)/>
                                    <Show when=move || hydrated.get()>
                                        <button type="button" class="button button--small button--quiet" on:click=fill("price")>
                                            {tr(EditorMsg::FillDown)}
                                        </button>
                                    </Show>
                                </td>
                                <td>
                                    <input class="cell-input" name="all_stock" inputmode="numeric"
                                        aria-label=format!("{} {}", tr(EditorMsg::Stock), tr(EditorMsg::AllRows))
                                        placeholder=tr(EditorMsg::AllRowsHint)/>
                                    <Show when=move || hydrated.get()>
                                        <button type="button" class="button button--small button--quiet" on:click=fill("stock")>
                                            {tr(EditorMsg::FillDown)}
                                        </button>
                                    </Show>
                                </td>
                                <td></td>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <button type="submit" class="button">{tr(EditorMsg::SaveSkus)}</button>
            </ActionForm>
        </section>
    }
}

/// Copies the first row's value of a column into every row (the "All rows"
/// value when one is typed).
#[cfg(feature = "hydrate")]
fn fill_down(column: &str) {
    use wasm_bindgen::JsCast;
    let document = document();
    let all = document
        .query_selector(&format!("input[name='all_{column}']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .filter(|v| !v.trim().is_empty());
    let Ok(cells) = document.query_selector_all(&format!("input[data-column='{column}']")) else {
        return;
    };
    let inputs: Vec<web_sys::HtmlInputElement> = (0..cells.length())
        .filter_map(|i| cells.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        .collect();
    let Some(value) = all.or_else(|| inputs.first().map(|i| i.value())) else {
        return;
    };
    for input in &inputs {
        input.set_value(&value);
    }
}

#[component]
fn ImagesSection(product: EditorProduct, refresh: Callback<()>) -> impl IntoView {
    let remove = ServerAction::<RemoveImage>::new();
    Effect::new(move || {
        if remove.value().with(|v| matches!(v, Some(Ok(_)))) {
            refresh.run(());
        }
    });
    let query = use_query_map();
    let locale = use_locale();
    let upload_error = query.with_untracked(|q| {
        crate::error::parse_problems(&q.get("err").unwrap_or_default())
            .into_iter()
            .find(|(field, _)| field == "images")
            .map(|(_, code)| code_message(locale, code, None))
    });
    // What shoppers will see: the pending change's pictures when there is one.
    let shown = product
        .pending_change
        .as_ref()
        .map(|c| c.images.clone())
        .unwrap_or_else(|| product.content.images.clone());
    let pictures = shown
        .into_iter()
        .map(|image| {
            let key = image.url.trim_start_matches("/media/").to_string();
            view! {
                <li class="editor-image">
                    <img src=image.url.clone() alt="" width=image.width height=image.height loading="lazy"/>
                    <ActionForm action=remove>
                        <input type="hidden" name="product_id" value=product.product_id/>
                        <input type="hidden" name="key" value=key/>
                        <button type="submit" class="button button--small button--quiet">{tr(EditorMsg::Remove)}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let action = format!("/seller/products/{}/images", product.product_id);
    let empty = product.content.images.is_empty() && product.pending_change.is_none();
    let upload_invalid = upload_error.is_some();
    view! {
        <section class="card editor-section" aria-labelledby="images-heading">
            <h2 id="images-heading">{tr(EditorMsg::Pictures)}</h2>
            {empty.then(|| view! { <p>{tr(EditorMsg::NoImages)}</p> })}
            <ul class="editor-images">{pictures}</ul>
            <MultipartForm action=action class="form">
                <div class="field" class:field--invalid=upload_invalid>
                    <label for="field-images">{tr(EditorMsg::Images)}</label>
                    <p class="field__hint" id="field-images-hint">{tr(EditorMsg::ImagesHint)}</p>
                    <input id="field-images" name="images" type="file" multiple=true
                        accept="image/jpeg,image/png,image/webp" aria-describedby="field-images-hint field-images-error"/>
                    <p class="field__error" id="field-images-error" role="alert">{upload_error}</p>
                </div>
                <button type="submit" class="button">{tr(EditorMsg::Upload)}</button>
            </MultipartForm>
        </section>
    }
}

#[component]
fn EditProduct(page: EditorPage, product: EditorProduct, refresh: Callback<()>) -> impl IntoView {
    let details = ServerAction::<SaveDetails>::new();
    let variants = ServerAction::<SaveVariants>::new();
    let act = ServerAction::<ListingAction>::new();
    Effect::new(move || {
        let done = details.value().with(|v| matches!(v, Some(Ok(_))))
            || variants.value().with(|v| matches!(v, Some(Ok(_))))
            || act.value().with(|v| matches!(v, Some(Ok(_))));
        if done {
            refresh.run(());
        }
    });
    let details_alert = form_alert(details);
    let variants_alert = form_alert(variants);
    let act_alert = form_alert(act);
    let images_error = field_error(act, "images");
    let price_error = field_error(act, "price");
    let sent = Signal::derive(move || details.value().with(|v| matches!(v, Some(Ok(true)))));
    // What the merchant edits: the pending change when there is one.
    let content = product
        .pending_change
        .clone()
        .unwrap_or_else(|| product.content.clone());
    let status = product.status;
    let can_submit = matches!(
        status,
        ListingStatus::Draft | ListingStatus::Rejected | ListingStatus::Delisted
    );
    view! {
        <h1>{tr(EditorMsg::EditProductTitle)} " · " {product.content.title.clone()}</h1>
        <section class="card editor-section editor-status" aria-labelledby="status-heading">
            <h2 id="status-heading">{tr(EditorMsg::Status)}</h2>
            <p>
                <span class=format!("badge badge--{}", status.as_db())>{tr(product_status_msg(status))}</span>
                {(status == ListingStatus::Live).then(|| view! {
                    " " <a href=format!("/p/{}", product.product_id)>{tr(crate::merchants::messages::MerchantsMsg::ViewLivePage)}</a>
                })}
            </p>
            {product.rejection.clone().map(|reason| view! {
                <p class="alert alert--error">{tr(EditorMsg::RejectedBecause)} " " {reason}</p>
            })}
            {product.pending_change.is_some().then(|| view! {
                <p class="alert alert--warning" role="status">{tr(EditorMsg::PendingChange)}</p>
            })}
            <FormAlert message=act_alert/>
            <p class="field__error" role="alert">{move || images_error.get().or_else(|| price_error.get())}</p>
            <div class="form-actions">
                {can_submit.then(|| view! {
                    <ActionForm action=act>
                        <input type="hidden" name="product_id" value=product.product_id/>
                        <input type="hidden" name="action" value="submit"/>
                        <button type="submit" class="button button--primary">{tr(EditorMsg::SubmitForReview)}</button>
                    </ActionForm>
                })}
                {(status == ListingStatus::Live).then(|| view! {
                    <ActionForm action=act>
                        <input type="hidden" name="product_id" value=product.product_id/>
                        <input type="hidden" name="action" value="delist"/>
                        <button type="submit" class="button">{tr(EditorMsg::Delist)}</button>
                    </ActionForm>
                })}
            </div>
        </section>
        <ImagesSection product=product.clone() refresh/>
        <section class="card editor-section" aria-labelledby="details-heading">
            <h2 id="details-heading">{tr(EditorMsg::Title)}</h2>
            <ActionForm action=details attr:class="form">
                <input type="hidden" name="product_id" value=product.product_id/>
                <FormAlert message=details_alert/>
                <Show when=move || sent.get()>
                    <p class="alert alert--success" role="status">{tr(EditorMsg::ChangeSent)}</p>
                </Show>
                <DetailsFields action=details title=content.title.clone() description=content.description.clone()
                    category_id=Some(content.category_id) categories=page.categories.clone()/>
                <button type="submit" class="button">{tr(EditorMsg::SaveDetails)}</button>
            </ActionForm>
        </section>
        <SkuTable product=product.clone() refresh/>
        <section class="card editor-section" aria-labelledby="variants-heading">
            <h2 id="variants-heading">{tr(EditorMsg::Variants)}</h2>
            {if product.variants_open {
                view! {
                    <ActionForm action=variants attr:class="form">
                        <input type="hidden" name="product_id" value=product.product_id/>
                        <FormAlert message=variants_alert/>
                        <p class="field__hint">{tr(EditorMsg::VariantsWarning)}</p>
                        <VariantFields action=variants options=product.options.clone()/>
                        <button type="submit" class="button">{tr(EditorMsg::UpdateVariants)}</button>
                    </ActionForm>
                }
                .into_any()
            } else {
                view! { <p>{tr(EditorMsg::VariantsFixed)}</p> }.into_any()
            }}
        </section>
    }
}

/// `/seller/products/new` and `/seller/products/{id}`: the product editor
/// (members of the product's shop only; anyone else is told it is not
/// there).
#[component]
pub fn SellerProductPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let version = RwSignal::new(0u64);
    let refresh = Callback::new(move |_| version.update(|v| *v += 1));
    let key = move || {
        let id = params.with(|p| p.get("id"));
        let shop = query.with(|q| q.get("shop").and_then(|s| s.parse::<i64>().ok()));
        (id, shop, version.get())
    };
    let data = Resource::new(key, |(id, shop, _)| async move {
        match id.as_deref() {
            None | Some("new") => load_editor(None, shop).await,
            Some(raw) => match raw.parse::<i64>() {
                Ok(id) => load_editor(Some(id), None).await,
                Err(_) => Err(crate::error::AppError::new(ErrorCode::NotFound)),
            },
        }
    });
    view! {
        <Title text=tr(EditorMsg::EditProductTitle).into_owned()/>
        <Meta name="robots" content="noindex"/>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => match page.product.clone() {
                        Some(product) => view! { <EditProduct page product refresh/> }.into_any(),
                        None => view! { <NewProductForm page/> }.into_any(),
                    },
                    Err(e) => failure_page(&e),
                }
            })}
        </Transition>
    }
}
