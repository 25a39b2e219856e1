//! Order widgets shared by the shopper's, the shop's and the console's pages.

use crate::i18n::{format_fen, tr, Localized};
use crate::orders::messages::{status_msg, OrdersMsg};
use crate::orders::model::{OrderLineView, OrderStatus, OrderSummary};
use leptos::prelude::*;

/// "Color: Red · Size: M"
pub fn options_text(options: &[(Localized, Localized)]) -> String {
    options
        .iter()
        .map(|(k, v)| format!("{}: {}", k.text(), v.text()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A date and time as `2026-11-30 14:05` in China time (UTC+8), the same
/// on the server and in the browser.
pub fn china_time(epoch_ms: i64) -> String {
    let local = epoch_ms + 8 * 3_600_000;
    let (y, m, d) = crate::payments::domain::civil_from_days(local.div_euclid(86_400_000));
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", minutes / 60, minutes % 60)
}

/// A status in words, as a badge.
#[component]
pub fn StatusBadge(status: OrderStatus) -> impl IntoView {
    view! { <span class=format!("badge badge--{}", status.as_db())>{tr(status_msg(status))}</span> }
}

/// What the buyer can do about reviewing a delivered line: **Write a
/// review**, see how it stands, or add a follow-up.
fn review_mark(order_id: i64, line: &OrderLineView) -> Option<AnyView> {
    use crate::reviews::messages::{status_msg, ReviewsMsg};
    use crate::reviews::model::LineReview;
    let href = format!("/orders/{order_id}/review/{}", line.order_line_id);
    Some(match line.review? {
        LineReview::Write => view! {
            <a class="button button--small" href=href>{tr(ReviewsMsg::WriteReview)}</a>
        }
        .into_any(),
        LineReview::Written { status, follow_up_open } => view! {
            <a class=format!("badge badge--review-{}", status.as_db()) href=href.clone()>{tr(status_msg(status))}</a>
            {follow_up_open.then(|| view! { " " <a class="button button--small" href=href>{tr(ReviewsMsg::AddFollowUp)}</a> })}
        }
        .into_any(),
    })
}

/// The lines of an order: picture, title, chosen options, price × quantity,
/// and on the buyer's delivered orders the review link.
#[component]
pub fn OrderLines(lines: Vec<OrderLineView>, #[prop(optional)] order_id: i64) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            let review = review_mark(order_id, &l);
            let options = options_text(&l.options);
            view! {
                <li class="order-line">
                    {l.image_url.clone().map(|src| view! {
                        <img class="order-line__image" src=src alt="" width="56" height="56" loading="lazy"/>
                    })}
                    <div class="order-line__main">
                        <a href=format!("/p/{}", l.product_id)>{l.title.clone()}</a>
                        {(!options.is_empty()).then(|| view! { <p class="order-line__options">{options}</p> })}
                        {review.map(|r| view! { <p class="order-line__review">{r}</p> })}
                    </div>
                    <p class="order-line__money">{format_fen(l.unit_price_minor)} " × " {l.quantity}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="order-lines">{rows}</ul> }
}

/// Where the order's group buy stands, with a link to the group.
fn group_line(g: crate::promotions::model::GroupNote) -> Option<impl IntoView> {
    use crate::promotions::model::GroupState;
    let text = match g.state {
        GroupState::Forming | GroupState::Open => OrdersMsg::GroupWaiting {
            paid: g.paid,
            size: g.size,
        },
        GroupState::Succeeded => OrdersMsg::GroupDone,
        GroupState::Failed => OrdersMsg::GroupFailed,
        GroupState::Abandoned => return None,
    };
    Some(view! {
        <p class="order-card__group">
            {tr(text)} " " <a href=format!("/g/{}", g.group_id)>{tr(OrdersMsg::ViewGroup)}</a>
        </p>
    })
}

/// One order in a list.
#[component]
pub fn OrderCard(
    order: OrderSummary,
    /// Where the order's name links to (none: plain text).
    #[prop(optional)]
    href: Option<String>,
    children: Children,
) -> impl IntoView {
    let name = tr(OrdersMsg::Order { id: order.order_id }).into_owned();
    let name = match href {
        Some(href) => view! { <a class="order-card__id" href=href>{name}</a> }.into_any(),
        None => view! { <span class="order-card__id">{name}</span> }.into_any(),
    };
    view! {
        <article class="order-card card">
            <header class="order-card__head">
                {name}
                <span class="order-card__shop">{order.shop_name.clone()}</span>
                <span class="order-card__date">{china_time(order.placed_at)}</span>
                <StatusBadge status=order.status/>
            </header>
            <OrderLines lines=order.lines.clone() order_id=order.order_id/>
            {order.group.clone().and_then(group_line)}
            <footer class="order-card__foot">
                <p class="order-card__total">{tr(OrdersMsg::Total)} " " <strong>{format_fen(order.total_minor)}</strong></p>
                <div class="order-card__actions">{children()}</div>
            </footer>
        </article>
    }
}

/// Links that filter a list by status (plain links: they work without
/// JavaScript and can be shared).
#[component]
pub fn StatusFilter(
    base: &'static str,
    /// Where "All" goes (the base when it lists all by default).
    #[prop(optional)]
    all_href: Option<&'static str>,
    current: Option<OrderStatus>,
    statuses: &'static [OrderStatus],
) -> impl IntoView {
    let all = view! {
        <li><a href=all_href.unwrap_or(base) aria-current=current.is_none().then_some("page")>{tr(OrdersMsg::All)}</a></li>
    };
    let each = statuses
        .iter()
        .map(|s| {
            let href = format!("{base}?status={}", s.as_db());
            view! { <li><a href=href aria-current=(current == Some(*s)).then_some("page")>{tr(status_msg(*s))}</a></li> }
        })
        .collect_view();
    view! {
        <nav class="status-filter" aria-label=tr(OrdersMsg::Status)>
            <ul>{all}{each}</ul>
        </nav>
    }
}

/// Previous / next links for a list (the status filter kept).
#[component]
pub fn OrderPager(base: &'static str, status: Option<OrderStatus>, page: i64, pages: i64) -> impl IntoView {
    let link = move |p: i64| {
        let mut query = vec![format!("page={p}")];
        if let Some(s) = status {
            query.insert(0, format!("status={}", s.as_db()));
        }
        format!("{base}?{}", query.join("&"))
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr(OrdersMsg::PageOf { page, pages })>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{tr(OrdersMsg::Previous)}</a> })}
                <span>{tr(OrdersMsg::PageOf { page, pages })}</span>
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{tr(OrdersMsg::Next)}</a> })}
            </nav>
        }
    })
}
