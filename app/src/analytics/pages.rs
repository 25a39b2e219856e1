//! `/seller/analytics` (a shop's figures) and `/admin/analytics` (the
//! platform's), each over Today, 7 or 30 days or typed dates, compared with
//! the period before; every chart has its table and every table its CSV.

use super::api::{load_platform_dashboard, load_shop_dashboard, SendCoupon};
use super::charts::{DailyBars, HorizontalBars};
use super::domain::{change_permille, date_of, percent, permille};
use super::messages::{AnalyticsMsg, SegmentMsg};
use super::model::{DayRange, PlatformDashboard, ProductFigure, ShopDashboard, ShopFigures};
use crate::error::AppError;
use crate::i18n::{format_fen, tr, use_locale};
use crate::ui::code_message;
use crate::ui::messages::UiMsg;
use crate::ui::TextField;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The query string naming a dashboard's range (a period, or both dates).
fn range_query(period: &Option<String>, range: DayRange) -> String {
    match period {
        Some(p) => format!("period={p}"),
        None => format!("from={}&to={}", date_of(range.from), date_of(range.to)),
    }
}

/// Today / 7 days / 30 days, and a From–To form. `shop` rides along in the
/// merchant's portal; a failed range shows its errors next to its fields.
#[component]
fn RangePicker(
    base: &'static str,
    shop: Option<i64>,
    period: Option<String>,
    from: String,
    to: String,
    #[prop(optional)] error: Option<AppError>,
) -> impl IntoView {
    let locale = use_locale();
    let shop_q = shop.map(|s| format!("shop={s}&")).unwrap_or_default();
    let links = [("today", AnalyticsMsg::Today), ("7d", AnalyticsMsg::Days7), ("30d", AnalyticsMsg::Days30)]
        .into_iter()
        .map(|(p, label)| {
            let current = period.as_deref() == Some(p);
            view! { <li><a href=format!("{base}?{shop_q}period={p}") aria-current=current.then_some("page")>{tr(label)}</a></li> }
        })
        .collect_view();
    let field_error = move |field: &'static str| {
        let message = error
            .as_ref()
            .and_then(|e| e.for_field(field))
            .map(|code| code_message(locale, code, None));
        Signal::derive(move || message.clone())
    };
    view! {
        <div class="range-picker">
            <nav class="status-filter" aria-label=tr(AnalyticsMsg::Period)>
                <ul>{links}</ul>
            </nav>
            <form class="range-form" method="get" action=base>
                {shop.map(|s| view! { <input type="hidden" name="shop" value=s.to_string()/> })}
                <TextField label=AnalyticsMsg::From name="from" input_type="date" value=from error=field_error("from") required=false/>
                <TextField label=AnalyticsMsg::To name="to" input_type="date" value=to error=field_error("to") required=false/>
                <button type="submit" class="button">{tr(AnalyticsMsg::Show)}</button>
            </form>
        </div>
    }
}

fn money(minor: i64) -> String {
    format_fen(minor)
}

/// One row of the overview: a figure now, before, and how it moved.
fn overview(now: &ShopFigures, before: &ShopFigures) -> Vec<(AnalyticsMsg, String, String, String)> {
    let count = |n: i64| n.to_string();
    let rate = |p: Option<i64>| percent(p);
    let moved = |a: i64, b: i64| percent(change_permille(a, b));
    let moved_rate = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => {
            let d = a - b;
            format!("{}{}.{} pt", if d < 0 { "-" } else { "+" }, d.abs() / 10, d.abs() % 10)
        }
        _ => "—".into(),
    };
    let repeat = |f: &ShopFigures| permille(f.repeat_buyers, f.buyers);
    let refund = |f: &ShopFigures| permille(f.refunds, f.paid_orders);
    let sell = |f: &ShopFigures| permille(f.products_sold, f.live_products);
    vec![
        (
            AnalyticsMsg::PaidGmv,
            money(now.paid_minor),
            money(before.paid_minor),
            moved(now.paid_minor, before.paid_minor),
        ),
        (
            AnalyticsMsg::PlacedGmv,
            money(now.placed_minor),
            money(before.placed_minor),
            moved(now.placed_minor, before.placed_minor),
        ),
        (
            AnalyticsMsg::PaidOrders,
            count(now.paid_orders),
            count(before.paid_orders),
            moved(now.paid_orders, before.paid_orders),
        ),
        (
            AnalyticsMsg::PlacedOrders,
            count(now.placed_orders),
            count(before.placed_orders),
            moved(now.placed_orders, before.placed_orders),
        ),
        (
            AnalyticsMsg::Buyers,
            count(now.buyers),
            count(before.buyers),
            moved(now.buyers, before.buyers),
        ),
        (
            AnalyticsMsg::Aov,
            now.aov_minor().map_or_else(|| "—".into(), money),
            before.aov_minor().map_or_else(|| "—".into(), money),
            moved(now.aov_minor().unwrap_or(0), before.aov_minor().unwrap_or(0)),
        ),
        (
            AnalyticsMsg::RepeatRate,
            rate(repeat(now)),
            rate(repeat(before)),
            moved_rate(repeat(now), repeat(before)),
        ),
        (
            AnalyticsMsg::RefundRate,
            rate(refund(now)),
            rate(refund(before)),
            moved_rate(refund(now), refund(before)),
        ),
        (
            AnalyticsMsg::Refunded,
            money(now.refunded_minor),
            money(before.refunded_minor),
            moved(now.refunded_minor, before.refunded_minor),
        ),
        (
            AnalyticsMsg::SellThrough,
            rate(sell(now)),
            rate(sell(before)),
            moved_rate(sell(now), sell(before)),
        ),
    ]
}

#[component]
fn ProductTable(id: &'static str, title: AnalyticsMsg, products: Vec<ProductFigure>, export: String) -> impl IntoView {
    let rows = products
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/p/{}", p.product_id)>{p.title.clone()}</a></th>
                    <td>{p.views}</td>
                    <td>{p.units}</td>
                    <td>{money(p.paid_minor)}</td>
                    <td>{percent(permille(p.units, p.views))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card analytics-table" aria-labelledby=id>
            <div class="chart__head">
                <h2 id=id>{tr(title)}</h2>
                <a class="button button--small" href=export download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </div>
            {if products.is_empty() {
                view! { <p class="empty">{tr(AnalyticsMsg::Nothing)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data-table">
                            <thead><tr>
                                <th scope="col">{tr(AnalyticsMsg::Product)}</th>
                                <th scope="col">{tr(AnalyticsMsg::Views)}</th>
                                <th scope="col">{tr(AnalyticsMsg::Units)}</th>
                                <th scope="col">{tr(AnalyticsMsg::PaidGmv)}</th>
                                <th scope="col">{tr(AnalyticsMsg::Conversion)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn ShopDashboardView(d: ShopDashboard) -> impl IntoView {
    let shop = d.shop.shop_id;
    let range_q = range_query(&d.period, d.range);
    let export = move |table: &str| format!("{}?table={table}&shop={shop}&{range_q}", "/seller/analytics/export");
    let overview_rows = overview(&d.now, &d.before)
        .into_iter()
        .map(|(label, now, before, moved)| {
            view! { <tr><th scope="row">{tr(label)}</th><td>{now}</td><td>{before}</td><td>{moved}</td></tr> }
        })
        .collect_view();
    let f = d.now;
    let mut previous: Option<i64> = None;
    let funnel: Vec<(String, i64, String, String)> = [
        (AnalyticsMsg::Visitors, f.visitors),
        (AnalyticsMsg::AddedToCart, f.carted),
        (AnalyticsMsg::Ordered, f.ordered),
        (AnalyticsMsg::PaidStep, f.paid_visitors),
    ]
    .into_iter()
    .map(|(label, n)| {
        let rate = previous.map(|p| percent(permille(n, p))).unwrap_or_default();
        previous = Some(n);
        (tr(label).into_owned(), n, n.to_string(), rate)
    })
    .collect();
    let daily: Vec<(String, i64, String)> = d
        .daily
        .iter()
        .map(|p| (date_of(p.day), p.paid_minor, money(p.paid_minor)))
        .collect();
    let shops = d.shops.clone();
    view! {
        <p class="range-shown">{tr(AnalyticsMsg::RangeShown { from: d.range.from, to: d.range.to })}</p>
        {(shops.len() > 1).then(|| view! {
            <form class="shop-switch" method="get" action="/seller/analytics">
                <label for="shop-switch">{tr(AnalyticsMsg::ChooseShop)}</label>
                <select id="shop-switch" name="shop">
                    {shops.iter().map(|s| view! {
                        <option value=s.shop_id.to_string() selected=s.shop_id == shop>{s.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{tr(AnalyticsMsg::Show)}</button>
            </form>
        })}
        <section class="card analytics-table" aria-labelledby="overview-heading">
            <div class="chart__head">
                <h2 id="overview-heading">{tr(AnalyticsMsg::Overview)}</h2>
                <a class="button button--small" href=export("overview") download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </div>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(AnalyticsMsg::Figure)}</th>
                        <th scope="col">{tr(AnalyticsMsg::ThisPeriod)}</th>
                        <th scope="col">{tr(AnalyticsMsg::PeriodBefore)}</th>
                        <th scope="col">{tr(AnalyticsMsg::Change)}</th>
                    </tr></thead>
                    <tbody>{overview_rows}</tbody>
                </table>
            </div>
        </section>
        <div class="card">
            <HorizontalBars
                id="funnel-heading"
                title=tr(AnalyticsMsg::Funnel).into_owned()
                columns=[tr(AnalyticsMsg::Step).into_owned(), tr(AnalyticsMsg::People).into_owned(), tr(AnalyticsMsg::RateFromPrevious).into_owned()]
                rows=funnel
                export=export("funnel")
                note=tr(AnalyticsMsg::FunnelNote).into_owned()
            />
        </div>
        <div class="card">
            <DailyBars
                id="sales-heading"
                title=tr(AnalyticsMsg::SalesByDay).into_owned()
                label=tr(AnalyticsMsg::PaidGmv).into_owned()
                points=daily
                export=export("daily")
            />
        </div>
        <ProductTable id="top-heading" title=AnalyticsMsg::TopProducts products=d.top_products.clone() export=export("top")/>
        <ProductTable id="stuck-heading" title=AnalyticsMsg::StuckProducts products=d.stuck_products.clone() export=export("stuck")/>
    }
}

/// `/seller/analytics?shop=ID&period=7d` or `&from=…&to=…`.
#[component]
pub fn SellerAnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("shop").and_then(|s| s.parse::<i64>().ok()),
                q.get("period"),
                q.get("from"),
                q.get("to"),
            )
        })
    };
    let data = Resource::new(args, |(shop, period, from, to)| {
        load_shop_dashboard(shop, period, from, to)
    });
    view! {
        <Title text=tr(AnalyticsMsg::Analytics).into_owned()/>
        <h1>{tr(AnalyticsMsg::Analytics)}</h1>
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let (shop, _, from, to) = args();
                match data.await {
                    Ok(d) => {
                        let typed = d.period.is_none();
                        let (from, to) = if typed { (date_of(d.range.from), date_of(d.range.to)) } else { (String::new(), String::new()) };
                        view! {
                            <RangePicker base="/seller/analytics" shop=Some(d.shop.shop_id) period=d.period.clone() from to/>
                            <ShopDashboardView d=d.clone()/>
                        }
                        .into_any()
                    }
                    Err(e) if !e.fields.is_empty() => view! {
                        <RangePicker base="/seller/analytics" shop=shop period=None
                            from=from.unwrap_or_default() to=to.unwrap_or_default() error=e.clone()/>
                    }
                    .into_any(),
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}

/// Per segment: send a running platform coupon to its shoppers.
#[component]
fn SendCouponForm(
    segment: super::model::Segment,
    coupons: Vec<super::model::CouponChoice>,
    send: ServerAction<SendCoupon>,
) -> impl IntoView {
    let id = format!("coupon-{}", segment.as_db());
    view! {
        <leptos::form::ActionForm action=send attr:class="send-coupon">
            <input type="hidden" name="segment" value=segment.as_db()/>
            <label class="visually-hidden" for=id.clone()>{tr(AnalyticsMsg::Coupon)}</label>
            <select id=id name="coupon_id">
                {coupons.into_iter().map(|c| view! {
                    <option value=c.coupon_id.to_string()>{format!("{} ({})", c.title, c.left)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button--small">{tr(AnalyticsMsg::SendCoupon)}</button>
        </leptos::form::ActionForm>
    }
}

#[component]
fn PlatformDashboardView(d: PlatformDashboard, send: ServerAction<SendCoupon>) -> impl IntoView {
    let locale = use_locale();
    let range_q = range_query(&d.period, d.range);
    let export = move |table: &str| format!("/admin/analytics/export?table={table}&{range_q}");
    let gmv: Vec<(String, i64, String)> = d
        .daily
        .iter()
        .map(|p| (date_of(p.day), p.paid_minor, money(p.paid_minor)))
        .collect();
    let total: i64 = d.categories.iter().map(|c| c.paid_minor).sum();
    let categories: Vec<(String, i64, String, String)> = d
        .categories
        .iter()
        .map(|c| {
            let name = match locale {
                crate::i18n::Locale::ZhCn => c.name_zh.clone(),
                crate::i18n::Locale::En => c.name_en.clone(),
            };
            (
                name,
                c.paid_minor,
                money(c.paid_minor),
                percent(permille(c.paid_minor, total)),
            )
        })
        .collect();
    let growth_rows = d
        .daily
        .iter()
        .map(|p| view! { <tr><th scope="row">{date_of(p.day)}</th><td>{p.new_shoppers}</td><td>{p.new_merchants}</td></tr> })
        .collect_view();
    let league_rows = d
        .shops
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <th scope="row">{s.name.clone()}</th>
                    <td>{money(s.paid_minor)}</td>
                    <td>{s.paid_orders}</td>
                    <td>{percent(permille(s.refunds, s.paid_orders))}</td>
                    <td>{percent(permille(s.disputes, s.delivered))}</td>
                    <td>{s.rating_tenths().map(|r| format!("{}.{}", r / 10, r % 10)).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let coupons = d.coupons.clone();
    let segment_rows = d
        .segments
        .iter()
        .map(|s| {
            let href = format!("/admin/analytics/export?table=segment&segment={}", s.segment.as_db());
            let coupons = coupons.clone();
            let segment = s.segment;
            view! {
                <tr>
                    <th scope="row">{tr(SegmentMsg::from(s.segment))}</th>
                    <td>{s.shoppers}</td>
                    <td><a href=href download>{tr(AnalyticsMsg::ExportAccounts)}</a></td>
                    <td>{(!coupons.is_empty() && s.shoppers > 0).then(|| view! { <SendCouponForm segment coupons send/> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="range-shown">{tr(AnalyticsMsg::RangeShown { from: d.range.from, to: d.range.to })}</p>
        <div class="card">
            <DailyBars id="gmv-heading" title=tr(AnalyticsMsg::PlatformGmv).into_owned() label=tr(AnalyticsMsg::PaidGmv).into_owned() points=gmv export=export("daily")/>
        </div>
        <section class="card analytics-table" aria-labelledby="growth-heading">
            <div class="chart__head">
                <h2 id="growth-heading">{tr(AnalyticsMsg::Growth)}</h2>
                <a class="button button--small" href=export("daily") download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </div>
            <div class="table-scroll table-scroll--tall">
                <table class="data-table">
                    <thead><tr><th scope="col">{tr(AnalyticsMsg::Day)}</th><th scope="col">{tr(AnalyticsMsg::NewShoppers)}</th><th scope="col">{tr(AnalyticsMsg::NewMerchants)}</th></tr></thead>
                    <tbody>{growth_rows}</tbody>
                </table>
            </div>
        </section>
        <div class="card">
            <HorizontalBars
                id="categories-heading"
                title=tr(AnalyticsMsg::Categories).into_owned()
                columns=[tr(AnalyticsMsg::Category).into_owned(), tr(AnalyticsMsg::PaidGmv).into_owned(), tr(AnalyticsMsg::Share).into_owned()]
                rows=categories
                export=export("categories")
            />
        </div>
        <section class="card analytics-table" aria-labelledby="league-heading">
            <div class="chart__head">
                <h2 id="league-heading">{tr(AnalyticsMsg::League)}</h2>
                <a class="button button--small" href=export("shops") download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </div>
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(AnalyticsMsg::Shop)}</th>
                        <th scope="col">{tr(AnalyticsMsg::PaidGmv)}</th>
                        <th scope="col">{tr(AnalyticsMsg::PaidOrders)}</th>
                        <th scope="col">{tr(AnalyticsMsg::RefundRate)}</th>
                        <th scope="col">{tr(AnalyticsMsg::DisputeRate)}</th>
                        <th scope="col">{tr(AnalyticsMsg::Rating)}</th>
                    </tr></thead>
                    <tbody>{league_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card analytics-table" aria-labelledby="segments-heading">
            <div class="chart__head">
                <h2 id="segments-heading">{tr(AnalyticsMsg::Segments)}</h2>
                <a class="button button--small" href=export("segments") download>{tr(AnalyticsMsg::ExportCsv)}</a>
            </div>
            <p class="chart__note">{tr(AnalyticsMsg::SegmentsNote)}</p>
            {d.coupons.is_empty().then(|| view! { <p class="chart__note">{tr(AnalyticsMsg::NoCouponRunning)}</p> })}
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(AnalyticsMsg::Segment)}</th>
                        <th scope="col">{tr(AnalyticsMsg::Shoppers)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(AnalyticsMsg::ExportAccounts)}</span></th>
                        <th scope="col"><span class="visually-hidden">{tr(AnalyticsMsg::SendCoupon)}</span></th>
                    </tr></thead>
                    <tbody>{segment_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// `/admin/analytics?period=7d` or `?from=…&to=…`.
#[component]
pub fn AdminAnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let send = ServerAction::<SendCoupon>::new();
    let version = RwSignal::new(0u64);
    Effect::new(move || {
        if send.value().with(|v| matches!(v, Some(Ok(_)))) {
            version.update(|v| *v += 1);
        }
    });
    let args = move || query.with(|q| (q.get("period"), q.get("from"), q.get("to"), version.get()));
    let data = Resource::new(args, |(period, from, to, _)| load_platform_dashboard(period, from, to));
    // What the last send did: from the action (script) or the address a
    // plain form came back to.
    let sent = Signal::derive(move || {
        let done = send.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).copied());
        done.or_else(|| {
            query.with(|q| {
                let n = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
                Some(super::model::CouponSent {
                    sent: n("sent")?,
                    already: n("already").unwrap_or(0),
                    ran_out: n("ran_out").unwrap_or(0),
                })
            })
        })
    });
    view! {
        <Title text=tr(AnalyticsMsg::Analytics).into_owned()/>
        <h1>{tr(AnalyticsMsg::Analytics)}</h1>
        <crate::ui::FormAlert message=crate::ui::form_alert(send)/>
        {move || sent.get().map(|s| view! {
            <p class="notice" role="status">{tr(AnalyticsMsg::CouponSentTo { sent: s.sent, already: s.already, ran_out: s.ran_out })}</p>
        })}
        <Transition fallback=|| view! { <p class="loading">{tr(UiMsg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let (_, from, to, _) = args();
                match data.await {
                    Ok(d) => {
                        let typed = d.period.is_none();
                        let (from, to) = if typed { (date_of(d.range.from), date_of(d.range.to)) } else { (String::new(), String::new()) };
                        view! {
                            <RangePicker base="/admin/analytics" shop=None period=d.period.clone() from to/>
                            <PlatformDashboardView d=d.clone() send/>
                        }
                        .into_any()
                    }
                    Err(e) if !e.fields.is_empty() => view! {
                        <RangePicker base="/admin/analytics" shop=None period=None
                            from=from.unwrap_or_default() to=to.unwrap_or_default() error=e.clone()/>
                    }
                    .into_any(),
                    Err(e) => crate::merchants::pages::failure_page(&e),
                }
            })}
        </Transition>
    }
}
