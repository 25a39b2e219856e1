//! Checkout use cases: the address book, the checkout page, and placing the
//! cart as one order per shop in one transaction.

use super::db::{self, AddressFields, AddressRow};
use super::divisions;
use super::domain::{plan, promotion_input, with_promotions, AddressDetail, Phone, Recipient, MAX_ADDRESSES};
use super::model::{AddressView, CheckoutPlan, CheckoutView, DivisionChoices, LeftOutReason, Placed};
use crate::cart::service::CartOwner;
use crate::error::{AppError, ErrorCode, FieldErrors};
use crate::orders::service::{NewDiscount, NewLine, NewOrder, ShipTo};
use crate::promotions::domain::{Picks, Priced};
use crate::server::{now_ms, AppConfig, Conn, Tx};
use std::collections::HashMap;

/// The address form as typed.
#[derive(Clone, Debug, Default)]
pub struct AddressInput {
    pub recipient: String,
    pub phone: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub make_default: bool,
}

impl AddressInput {
    /// What goes back to a form posted without JavaScript.
    fn echo(&self) -> [(&str, &str); 6] {
        [
            ("recipient", &self.recipient),
            ("phone", &self.phone),
            ("province", &self.province),
            ("city", &self.city),
            ("district", &self.district),
            ("detail", &self.detail),
        ]
    }
}

/// A checked address: every field parsed, the divisions nested as they are
/// in GB/T 2260.
struct ValidAddress {
    recipient: Recipient,
    phone: Phone,
    province: String,
    city: String,
    district: String,
    detail: AddressDetail,
}

fn validate(input: &AddressInput) -> Result<ValidAddress, AppError> {
    let mut errors = FieldErrors::default();
    let recipient = errors.check("recipient", Recipient::parse(&input.recipient));
    let phone = errors.check("phone", Phone::parse(&input.phone));
    let (province, city, district) = (input.province.trim(), input.city.trim(), input.district.trim());
    let province_ok = !province.is_empty() && divisions::is_under(province, None);
    let city_ok = province_ok && divisions::is_under(city, Some(province));
    let district_ok = city_ok && divisions::is_under(district, Some(city));
    if !province_ok {
        errors.push(
            "province",
            if province.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::DivisionInvalid
            },
        );
    } else if !city_ok {
        errors.push(
            "city",
            if city.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::DivisionInvalid
            },
        );
    } else if !district_ok {
        errors.push(
            "district",
            if district.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::DivisionInvalid
            },
        );
    }
    let detail = errors.check("detail", AddressDetail::parse(&input.detail));
    match (recipient, phone, detail) {
        (Some(recipient), Some(phone), Some(detail)) if district_ok => Ok(ValidAddress {
            recipient,
            phone,
            province: province.to_string(),
            city: city.to_string(),
            district: district.to_string(),
            detail,
        }),
        _ => Err(errors
            .into_error()
            .unwrap_or_else(|| AppError::new(ErrorCode::BadRequest))
            .echo(&input.echo())),
    }
}

/// "浙江省 杭州市 西湖区 文三路 90 号": the divisions' names, then the street.
fn full_text(province: &str, city: &str, district: &str, detail: &str) -> String {
    let names = [province, city, district]
        .iter()
        .filter_map(|code| divisions::name_of(code))
        .collect::<Vec<_>>();
    // A municipality reads once ("北京市 朝阳区", not "北京市 北京市 朝阳区").
    let mut parts: Vec<&str> = Vec::new();
    for name in names {
        if parts.last() != Some(&name) {
            parts.push(name);
        }
    }
    parts.push(detail);
    parts.join(" ")
}

fn address_view(row: AddressRow) -> AddressView {
    AddressView {
        full_text: full_text(&row.province_code, &row.city_code, &row.district_code, &row.detail),
        address_id: row.address_id,
        recipient: row.recipient,
        phone: row.phone,
        province_code: row.province_code,
        city_code: row.city_code,
        district_code: row.district_code,
        detail: row.detail,
        is_default: row.is_default == 1,
    }
}

/// The person's address book, the default first.
pub async fn addresses(conn: &mut Conn, user_id: i64) -> Result<Vec<AddressView>, AppError> {
    Ok(db::addresses_of(conn, user_id)
        .await?
        .into_iter()
        .map(address_view)
        .collect())
}

/// What the address form offers for a choice made so far: the provinces,
/// the chosen province's cities, the chosen city's districts. A choice that
/// does not fit its parent offers nothing below it.
pub fn division_choices(province: Option<&str>, city: Option<&str>) -> DivisionChoices {
    let province = province.filter(|p| divisions::is_under(p, None));
    let city = city.filter(|c| province.is_some_and(|p| divisions::is_under(c, Some(p))));
    DivisionChoices {
        provinces: divisions::children_of(None),
        cities: province.map(|p| divisions::children_of(Some(p))).unwrap_or_default(),
        districts: city.map(|c| divisions::children_of(Some(c))).unwrap_or_default(),
    }
}

/// Adds an address (the first one is the default), or changes one of the
/// person's own when `address_id` is given.
#[tracing::instrument(skip(tx, input))]
pub async fn save_address(
    tx: &mut Tx,
    user_id: i64,
    address_id: Option<i64>,
    input: &AddressInput,
) -> Result<i64, AppError> {
    let valid = validate(input)?;
    let fields = AddressFields {
        recipient: valid.recipient.as_str(),
        phone: valid.phone.as_str(),
        province_code: &valid.province,
        city_code: &valid.city,
        district_code: &valid.district,
        detail: valid.detail.as_str(),
    };
    let now = now_ms();
    let id = match address_id {
        Some(id) => {
            if db::update_address(&mut **tx, user_id, id, &fields, now).await? == 0 {
                return Err(AppError::new(ErrorCode::NotFound));
            }
            id
        }
        None => {
            let count = db::count_addresses(&mut **tx, user_id).await?;
            if count >= MAX_ADDRESSES {
                return Err(AppError::new(ErrorCode::AddressBookFull).echo(&input.echo()));
            }
            db::insert_address(&mut **tx, user_id, &fields, count == 0, now).await?
        }
    };
    if input.make_default {
        db::make_default(&mut **tx, user_id, id, now).await?;
    }
    Ok(id)
}

/// Deletes one of the person's addresses; if it was the default, the newest
/// one left becomes the default.
pub async fn delete_address(tx: &mut Tx, user_id: i64, address_id: i64) -> Result<(), AppError> {
    let was_default = db::address_of(&mut **tx, user_id, address_id)
        .await?
        .ok_or(AppError::new(ErrorCode::NotFound))?
        .is_default
        == 1;
    db::delete_address(&mut **tx, user_id, address_id).await?;
    if was_default {
        if let Some(next) = db::newest_address(&mut **tx, user_id).await? {
            db::make_default(&mut **tx, user_id, next, now_ms()).await?;
        }
    }
    Ok(())
}

pub async fn set_default_address(tx: &mut Tx, user_id: i64, address_id: i64) -> Result<(), AppError> {
    if db::make_default(&mut **tx, user_id, address_id, now_ms()).await? == 0 {
        return Err(AppError::new(ErrorCode::NotFound));
    }
    Ok(())
}

/// What placing the person's cart now would buy, from the database, with
/// the promotions running now and the coupons as picked.
pub async fn current_plan(conn: &mut Conn, user_id: i64, picks: &Picks) -> Result<CheckoutPlan, AppError> {
    Ok(plan_with_skus(conn, user_id, picks).await?.0)
}

type Skus = HashMap<i64, crate::catalog::service::SkuLine>;

async fn plan_with_skus(
    conn: &mut Conn,
    user_id: i64,
    picks: &Picks,
) -> Result<(CheckoutPlan, Skus, Priced), AppError> {
    let (cart, skus) = crate::cart::service::view_with_skus(conn, &CartOwner::User(user_id)).await?;
    let shop_ids: Vec<i64> = cart.groups.iter().map(|g| g.shop.shop_id).collect();
    let rules = crate::merchants::service::shipping_rules(conn, &shop_ids).await?;
    let plan = plan(&cart, &rules);
    let categories: HashMap<i64, i64> = skus.iter().map(|(id, s)| (*id, s.category_id)).collect();
    let shops = promotion_input(&plan, &categories);
    let buying: Vec<i64> = shops.iter().map(|s| s.shop_id).collect();
    let (offers, wallet) = crate::promotions::service::for_checkout(conn, user_id, &buying, now_ms()).await?;
    let priced = crate::promotions::domain::price(&shops, &offers, &wallet, picks);
    Ok((with_promotions(plan, &priced, &wallet, picks), skus, priced))
}

/// Everything the checkout page shows, with a fresh token for its form.
pub async fn view(conn: &mut Conn, user_id: i64, picks: &Picks) -> Result<CheckoutView, AppError> {
    Ok(CheckoutView {
        plan: current_plan(conn, user_id, picks).await?,
        addresses: addresses(conn, user_id).await?,
        token: crate::accounts::service::new_token(),
    })
}

/// The Place order form as sent.
#[derive(Clone, Debug)]
pub struct PlaceInput {
    pub token: String,
    pub address_id: Option<i64>,
    /// The total the shopper saw; placing refuses when today's differs.
    pub expected_total_minor: Option<i64>,
    /// The coupons picked on the page.
    pub picks: Picks,
    /// The browser's visitor id (the figures count the orders under it).
    pub visitor: Option<String>,
}

/// What placing will buy, read before the write transaction: the plan (per
/// shop: lines, money), the catalog's record of each SKU, where it goes.
pub struct Draft {
    user_id: i64,
    token: String,
    plan: CheckoutPlan,
    skus: Skus,
    /// Every discount down to the lines, with the coupons it uses.
    priced: Priced,
    ship_to: ShipTo,
    visitor: Option<String>,
}

/// A placing read and checked: either the work to write, or the outcome
/// of an earlier placing with the same token.
pub enum Prepared {
    Draft(Box<Draft>),
    Done(Placed),
}

/// The reading half of Place order, on any connection and outside the
/// write transaction (on SQLite the write lock is the one queue every
/// order waits in, so it holds only the writes): the token, the address,
/// the unpaid-order bound, and the plan with prices from the database,
/// never from the form. Refuses when nothing can be bought or the total
/// differs from the one the shopper saw, naming the lines that sold out.
pub async fn prepare(
    conn: &mut Conn,
    config: &AppConfig,
    user_id: i64,
    input: &PlaceInput,
) -> Result<Prepared, AppError> {
    let token = input.token.trim();
    if token.len() < 16 || token.len() > 128 {
        return Err(AppError::new(ErrorCode::BadRequest));
    }
    if let Some(done) = db::checkout_by_token(&mut *conn, token).await? {
        return replay(done, user_id).map(Prepared::Done);
    }
    let address = match input.address_id {
        Some(id) => db::address_of(&mut *conn, user_id, id).await?,
        None => None,
    }
    .ok_or_else(|| AppError::field("address", ErrorCode::AddressRequired))?;
    let (plan, skus, priced) = plan_with_skus(conn, user_id, &input.picks).await?;
    // Unpaid orders hold stock for half an hour: one account may not hold
    // the shelves empty by placing and never paying (a placing makes an
    // order per shop, and each counts).
    let new_orders = plan.groups.iter().filter(|g| !g.lines.is_empty()).count() as i64;
    if crate::orders::service::unpaid_count(conn, user_id).await? + new_orders > config.max_unpaid_orders {
        return Err(AppError::new(ErrorCode::TooManyUnpaidOrders));
    }
    let changed = input.expected_total_minor.is_some_and(|t| t != plan.totals.total_minor);
    if plan.is_empty() || changed {
        // The same token may have been placed a moment ago by a concurrent
        // request (a double click), which emptied the cart: replay it.
        if let Some(done) = db::checkout_by_token(&mut *conn, token).await? {
            return replay(done, user_id).map(Prepared::Done);
        }
        // Say which lines sold out since the shopper looked, if any did.
        let mut sold_out = FieldErrors::default();
        for (line, reason) in plan.groups.iter().flat_map(|g| &g.left_out) {
            if *reason == LeftOutReason::SoldOut {
                sold_out.push(&format!("line-{}", line.sku_id), ErrorCode::SoldOut);
            }
        }
        return Err(sold_out.into_error().unwrap_or_else(|| {
            AppError::new(if changed {
                ErrorCode::CheckoutChanged
            } else {
                ErrorCode::CheckoutEmpty
            })
        }));
    }
    let ship_to = ShipTo {
        recipient: address.recipient.clone(),
        phone: address.phone.clone(),
        address_text: full_text(
            &address.province_code,
            &address.city_code,
            &address.district_code,
            &address.detail,
        ),
    };
    Ok(Prepared::Draft(Box::new(Draft {
        user_id,
        token: token.to_string(),
        plan,
        skus,
        priced,
        ship_to,
        visitor: input.visitor.clone(),
    })))
}

/// The writing half of Place order, in the caller's transaction: claims the
/// token (a second placing with it waits here for the first, then replays
/// it, having taken no stock), takes stock with guarded updates (a line
/// that sold out meanwhile fails the whole placing, naming the line),
/// writes one order per shop whose lines copy title, options, code,
/// picture and price, and takes the bought lines out of the cart, all or
/// nothing: a cart line another placing took already means the cart
/// changed, and nothing is ordered twice.
#[tracing::instrument(skip_all, fields(user_id = draft.user_id))]
pub async fn write(tx: &mut Tx, config: &AppConfig, draft: &Draft) -> Result<Placed, AppError> {
    let (user_id, plan) = (draft.user_id, &draft.plan);
    let now = now_ms();
    let total = plan.totals.total_minor;
    let Some(checkout_id) = db::insert_checkout(&mut **tx, user_id, &draft.token, total, now).await? else {
        let done = db::checkout_by_token(&mut **tx, &draft.token)
            .await?
            .ok_or(AppError::new(ErrorCode::BadRequest))?;
        return replay(done, user_id);
    };
    // Each coupon once: a second tab that used one a moment ago wins, and
    // this placing rolls back whole.
    crate::promotions::service::use_coupons(tx, user_id, checkout_id, &draft.priced, now).await?;

    // Stock first, in SKU order (PostgreSQL never waits in a circle), each
    // take guarded by the price the plan charges and the listing being live:
    // what was read before the write lock must still hold under it.
    let mut takes: Vec<(i64, i64, i64)> = plan
        .groups
        .iter()
        .flat_map(|g| {
            g.lines
                .iter()
                .map(|l| (l.line.sku_id, l.quantity, l.line.unit_price_minor))
        })
        .collect();
    takes.sort_unstable();
    for (sku_id, quantity, price) in &takes {
        match crate::catalog::service::take_stock(tx, *sku_id, *quantity, *price).await {
            Ok(_) => {}
            Err(e) if e.code == ErrorCode::SoldOut => {
                return Err(AppError::field(&format!("line-{sku_id}"), ErrorCode::SoldOut));
            }
            Err(e) if e.code == ErrorCode::NotFound => return Err(AppError::new(ErrorCode::CheckoutChanged)),
            Err(e) => return Err(e),
        }
    }
    // A shop suspended meanwhile takes no new orders.
    let shop_ids: Vec<i64> = plan
        .groups
        .iter()
        .filter(|g| !g.lines.is_empty())
        .map(|g| g.shop.shop_id)
        .collect();
    if crate::merchants::service::shops_by_ids(tx, &shop_ids).await?.len() != shop_ids.len() {
        return Err(AppError::new(ErrorCode::CheckoutChanged));
    }
    // The cart lines as they were read are the claim: one taken or changed
    // by another placing (a second tab) means this one is stale.
    let lines: Vec<(i64, i64)> = plan
        .groups
        .iter()
        .flat_map(|g| g.lines.iter().map(|l| (l.line.sku_id, l.line.quantity)))
        .collect();
    if crate::cart::service::remove_bought(tx, &CartOwner::User(user_id), &lines).await? != lines.len() as u64 {
        return Err(AppError::new(ErrorCode::CheckoutChanged));
    }

    let pay_by = now + config.order_pay_within_secs * 1000;
    // In shop order, and all placed at once before any is paid: every
    // transaction takes the shops' figure rows in that order (PostgreSQL).
    let mut groups: Vec<_> = plan.groups.iter().filter(|g| !g.lines.is_empty()).collect();
    groups.sort_by_key(|g| g.shop.shop_id);
    let mut orders = Vec::with_capacity(groups.len());
    for group in groups {
        let priced = draft.priced.shop(group.shop.shop_id);
        let lines = group
            .lines
            .iter()
            .map(|l| {
                let sku = draft.skus.get(&l.line.sku_id);
                let share = priced.and_then(|p| p.lines.iter().find(|x| x.sku_id == l.line.sku_id));
                NewLine {
                    sku_id: l.line.sku_id,
                    product_id: l.line.product_id,
                    title: l.line.title.clone(),
                    options: l.line.options.clone(),
                    sku_code: sku.map(|s| s.code.clone()).unwrap_or_default(),
                    image_key: sku.and_then(|s| s.media_key.clone()),
                    unit_price_minor: l.line.unit_price_minor,
                    quantity: l.quantity,
                    shop_discount_minor: share.map_or(0, |s| s.shop_funded_minor),
                    platform_discount_minor: share.map_or(0, |s| s.platform_funded_minor),
                }
            })
            .collect();
        let discounts = priced
            .map(|p| {
                p.discounts
                    .iter()
                    .map(|d| NewDiscount {
                        kind: d.kind,
                        source_id: d.source_id,
                        claim_id: d.claim_id,
                        title: d.title.clone(),
                        amount_minor: d.amount_minor,
                    })
                    .collect()
            })
            .unwrap_or_default();
        orders.push(NewOrder {
            shop_id: group.shop.shop_id,
            items_minor: group.items_minor,
            shipping_minor: group.shipping_minor,
            discount_minor: group.discount_minor,
            total_minor: group.total_minor,
            lines,
            discounts,
        });
    }
    let placings: Vec<crate::orders::service::Placing<'_>> = orders
        .iter()
        .map(|order| crate::orders::service::Placing {
            checkout_id,
            user_id,
            order,
            ship_to: &draft.ship_to,
            visitor: draft.visitor.as_deref(),
        })
        .collect();
    let order_ids = crate::orders::service::create_all(tx, &placings, pay_by, now).await?;
    for (order, order_id) in orders.iter().zip(order_ids) {
        if order.total_minor == 0 {
            // Nothing to pay (every line free): paid as it is placed.
            let action = crate::orders::domain::OrderAction::Pay;
            let actor = crate::orders::model::Actor::System;
            crate::orders::service::transition(tx, config, order_id, action, actor, "nothing to pay", "").await?;
        }
    }
    tracing::info!(checkout_id, total_minor = total, "checkout placed");
    Ok(Placed { checkout_id })
}

/// Place order in one go, in the caller's transaction (the demo seed; the
/// server function reads before it takes the write lock).
pub async fn place(tx: &mut Tx, config: &AppConfig, user_id: i64, input: &PlaceInput) -> Result<Placed, AppError> {
    match prepare(tx, config, user_id, input).await? {
        Prepared::Done(placed) => Ok(placed),
        Prepared::Draft(draft) => write(tx, config, &draft).await,
    }
}

/// The outcome of a placing done before with the same token.
fn replay(done: db::CheckoutRow, user_id: i64) -> Result<Placed, AppError> {
    if done.user_id != user_id {
        // Someone else's token: tell them nothing about it.
        return Err(AppError::new(ErrorCode::BadRequest));
    }
    Ok(Placed {
        checkout_id: done.checkout_id,
    })
}

/// A checkout of this person's (payments check it is theirs).
pub async fn own_checkout(conn: &mut Conn, user_id: i64, checkout_id: i64) -> Result<db::CheckoutRow, AppError> {
    db::checkout(conn, checkout_id)
        .await?
        .filter(|c| c.user_id == user_id)
        .ok_or(AppError::new(ErrorCode::NotFound))
}

/// Gives the checkout's one payment turn to a payment for `hold_ms`;
/// refused while another payment of it is under way.
pub async fn take_payment_turn(tx: &mut Tx, checkout_id: i64, payment_id: i64, hold_ms: i64) -> Result<(), AppError> {
    let now = now_ms();
    if db::take_payment_turn(&mut **tx, checkout_id, payment_id, now + hold_ms, now).await? == 0 {
        return Err(AppError::new(ErrorCode::PaymentInProgress));
    }
    Ok(())
}

/// The payment is decided: its turn is free (a later payment's turn is
/// never given back by an earlier one).
pub async fn release_payment_turn(tx: &mut Tx, checkout_id: i64, payment_id: i64) -> Result<(), AppError> {
    db::release_payment_turn(&mut **tx, checkout_id, payment_id, now_ms()).await?;
    Ok(())
}

/// Until when a payment of this checkout is under way, if one is.
pub async fn payment_under_way(conn: &mut Conn, checkout_id: i64, now: i64) -> Result<Option<i64>, AppError> {
    Ok(db::checkout(conn, checkout_id)
        .await?
        .and_then(|c| c.paying_until)
        .filter(|until| *until > now))
}

/// Where the person's parcels go by default: their default address (or
/// newest), copied as orders keep it. `None` when they have none.
pub async fn default_ship_to(conn: &mut Conn, user_id: i64) -> Result<Option<ShipTo>, AppError> {
    Ok(default_ship_to_all(conn, &[user_id]).await?.remove(&user_id))
}

/// [`default_ship_to`] for several people in one query (a batch of flash
/// buys); those with no address are left out.
pub async fn default_ship_to_all(conn: &mut Conn, users: &[i64]) -> Result<HashMap<i64, ShipTo>, AppError> {
    let mut found = HashMap::new();
    for row in db::addresses_of_all(conn, users).await? {
        // Each person's default (or newest) comes first.
        found.entry(row.user_id).or_insert_with(|| {
            let a = row.address;
            ShipTo {
                address_text: full_text(&a.province_code, &a.city_code, &a.district_code, &a.detail),
                recipient: a.recipient,
                phone: a.phone,
            }
        });
    }
    Ok(found)
}

/// One SKU bought at once, outside the cart, at a price of its own (a
/// flash sale).
pub struct DirectLine {
    pub shop_id: i64,
    pub sku: crate::catalog::service::SkuLine,
    pub unit_price_minor: i64,
}

/// Places one line as its own placing and order, payable until `pay_by`
/// (stock was taken by the caller in the same transaction). Returns the
/// placing and the order.
pub async fn place_direct(
    tx: &mut Tx,
    user_id: i64,
    ship_to: &ShipTo,
    line: &DirectLine,
    pay_by: i64,
) -> Result<(i64, i64), AppError> {
    let buy = DirectBuy { user_id, ship_to, line };
    let placed = place_direct_all(tx, std::slice::from_ref(&buy), pay_by).await?;
    placed.first().copied().ok_or(AppError::new(ErrorCode::Internal))
}

/// One shopper's line bought outside the cart.
pub struct DirectBuy<'a> {
    pub user_id: i64,
    pub ship_to: &'a ShipTo,
    pub line: &'a DirectLine,
}

/// Places each buy as [`place_direct`] does, all in a handful of statements
/// (a batch of flash buys): `(checkout_id, order_id)` for each, in the
/// order given.
pub async fn place_direct_all(tx: &mut Tx, buys: &[DirectBuy<'_>], pay_by: i64) -> Result<Vec<(i64, i64)>, AppError> {
    let now = now_ms();
    let mut shops: Vec<i64> = buys.iter().map(|b| b.line.shop_id).collect();
    shops.sort_unstable();
    shops.dedup();
    let rules = crate::merchants::service::shipping_rules(tx, &shops).await?;
    let orders: Vec<NewOrder> = buys
        .iter()
        .map(|b| {
            let line = b.line;
            let items = line.unit_price_minor;
            let shipping = rules.get(&line.shop_id).copied().unwrap_or_default().fee_for(items);
            NewOrder {
                shop_id: line.shop_id,
                items_minor: items,
                shipping_minor: shipping,
                discount_minor: 0,
                total_minor: items + shipping,
                lines: vec![NewLine {
                    sku_id: line.sku.sku_id,
                    product_id: line.sku.product_id,
                    title: line.sku.title.clone(),
                    options: line.sku.options.clone(),
                    sku_code: line.sku.code.clone(),
                    image_key: line.sku.media_key.clone(),
                    unit_price_minor: items,
                    quantity: 1,
                    shop_discount_minor: 0,
                    platform_discount_minor: 0,
                }],
                discounts: Vec::new(),
            }
        })
        .collect();
    let tokens: Vec<String> = buys.iter().map(|_| crate::accounts::service::new_token()).collect();
    let rows: Vec<(i64, &str, i64)> = buys
        .iter()
        .zip(&tokens)
        .zip(&orders)
        .map(|((b, token), order)| (b.user_id, token.as_str(), order.total_minor))
        .collect();
    let made: HashMap<String, i64> = db::insert_checkouts(&mut **tx, &rows, now)
        .await?
        .into_iter()
        .map(|(id, token)| (token, id))
        .collect();
    let checkout_ids = tokens
        .iter()
        .map(|t| made.get(t).copied())
        .collect::<Option<Vec<i64>>>()
        .ok_or(AppError::new(ErrorCode::Internal))?;
    let placings: Vec<crate::orders::service::Placing<'_>> = buys
        .iter()
        .zip(&orders)
        .zip(&checkout_ids)
        .map(|((b, order), &checkout_id)| crate::orders::service::Placing {
            checkout_id,
            user_id: b.user_id,
            order,
            ship_to: b.ship_to,
            visitor: None,
        })
        .collect();
    let order_ids = crate::orders::service::create_all(tx, &placings, pay_by, now).await?;
    Ok(checkout_ids.into_iter().zip(order_ids).collect())
}
