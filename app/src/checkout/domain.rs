//! Checkout rules that need no database: what an address must hold, and
//! what the cart buys now (the plan), with its money per shop.

use super::model::{CheckoutGroup, CheckoutLine, CheckoutPlan, LeftOutReason, Totals};
use crate::cart::model::CartView;
use crate::error::ErrorCode;
use crate::merchants::model::ShippingRule;
use crate::promotions::domain::{LineIn, Picks, Priced, ShopIn, WalletCoupon};
use crate::promotions::model::{CouponOption, DiscountLine};
use std::collections::HashMap;

/// Most addresses one account keeps.
pub const MAX_ADDRESSES: i64 = 20;

fn clean(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Who receives the parcel: 1 to 25 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient(String);

impl Recipient {
    pub fn parse(raw: &str) -> Result<Recipient, ErrorCode> {
        if has_control(raw) {
            return Err(ErrorCode::RecipientInvalid);
        }
        let name = clean(raw);
        match name.chars().count() {
            0 => Err(ErrorCode::Required),
            1..=25 => Ok(Recipient(name)),
            _ => Err(ErrorCode::RecipientInvalid),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A mainland mobile number: 11 digits starting 13–19. A +86 or 86 prefix,
/// spaces and dashes are accepted and dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, ErrorCode> {
        let compact: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if compact.is_empty() {
            return Err(ErrorCode::Required);
        }
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .or_else(|| (compact.len() == 13).then(|| compact.strip_prefix("86")).flatten())
            .unwrap_or(&compact);
        let b = digits.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            Ok(Phone(digits.to_string()))
        } else {
            Err(ErrorCode::PhoneInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "138****8000", for places other people may see.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// The street, number and flat: 4 to 120 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressDetail(String);

impl AddressDetail {
    pub fn parse(raw: &str) -> Result<AddressDetail, ErrorCode> {
        if has_control(raw) {
            return Err(ErrorCode::AddressInvalid);
        }
        let text = clean(raw);
        match text.chars().count() {
            0 => Err(ErrorCode::Required),
            4..=120 => Ok(AddressDetail(text)),
            _ => Err(ErrorCode::AddressInvalid),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What placing the cart now buys: per shop the lines that can be bought
/// (short lines at the stock left), the lines left out and why, and the
/// money: items, shipping by the shop's rule, discount, total. The page
/// shows it and `place_order` places exactly it, computed again on the
/// server from the database.
pub fn plan(cart: &CartView, rules: &HashMap<i64, ShippingRule>) -> CheckoutPlan {
    let mut groups = Vec::new();
    for group in &cart.groups {
        let mut lines = Vec::new();
        let mut left_out = Vec::new();
        for line in &group.lines {
            let reason = if !line.available {
                Some(LeftOutReason::Delisted)
            } else if line.sold_out() {
                Some(LeftOutReason::SoldOut)
            } else if line.price_changed() {
                Some(LeftOutReason::PriceChanged {
                    was_minor: line.added_price_minor,
                })
            } else {
                None
            };
            match reason {
                Some(reason) => left_out.push((line.clone(), reason)),
                None => lines.push(CheckoutLine {
                    quantity: line.buyable_quantity(),
                    line_total_minor: line.line_total_minor(),
                    line: line.clone(),
                }),
            }
        }
        let rule = rules.get(&group.shop.shop_id).copied().unwrap_or_default();
        let items_minor: i64 = lines.iter().map(|l| l.line_total_minor).sum();
        let shipping_minor = rule.fee_for(items_minor);
        // Promotions come after (`with_promotions`): the plan alone has none.
        let discount_minor = 0;
        groups.push(CheckoutGroup {
            shop: group.shop.clone(),
            lines,
            left_out,
            items_minor,
            shipping_minor,
            free_shipping_over_minor: rule.free_over_minor,
            discount_minor,
            total_minor: (items_minor + shipping_minor - discount_minor).max(0),
            discounts: Vec::new(),
            coupon_options: Vec::new(),
            coupon_used: None,
        });
    }
    let totals = totals_of(&groups);
    CheckoutPlan {
        groups,
        totals,
        ..CheckoutPlan::default()
    }
}

fn totals_of(groups: &[CheckoutGroup]) -> Totals {
    groups.iter().fold(Totals::default(), |t, g| Totals {
        items_minor: t.items_minor + g.items_minor,
        shipping_minor: t.shipping_minor + g.shipping_minor,
        discount_minor: t.discount_minor + g.discount_minor,
        total_minor: t.total_minor + g.total_minor,
    })
}

/// What promotions see of a plan: per shop, the lines it buys with their
/// category and amount.
pub fn promotion_input(plan: &CheckoutPlan, category_of: &HashMap<i64, i64>) -> Vec<ShopIn> {
    plan.groups
        .iter()
        .filter(|g| !g.lines.is_empty())
        .map(|g| ShopIn {
            shop_id: g.shop.shop_id,
            lines: g
                .lines
                .iter()
                .map(|l| LineIn {
                    sku_id: l.line.sku_id,
                    category_id: category_of.get(&l.line.sku_id).copied().unwrap_or(0),
                    amount_minor: l.line_total_minor,
                })
                .collect(),
        })
        .collect()
}

/// The plan with its promotions: each shop's discount lines and total, the
/// coupons the shopper could pick and the ones used. The discount only
/// ever reduces items, so no total goes below its shipping.
pub fn with_promotions(
    mut plan: CheckoutPlan,
    priced: &Priced,
    wallet: &[WalletCoupon],
    picks: &Picks,
) -> CheckoutPlan {
    let option = |c: &WalletCoupon| CouponOption {
        claim_id: c.claim_id,
        title: c.title.clone(),
        value: c.value,
        min_spend_minor: c.min_spend_minor,
    };
    for group in &mut plan.groups {
        let shop_id = group.shop.shop_id;
        group.coupon_options = wallet
            .iter()
            .filter(|c| c.shop_id == Some(shop_id))
            .map(option)
            .collect();
        let Some(out) = priced.shop(shop_id) else {
            continue;
        };
        group.discounts = out
            .discounts
            .iter()
            .map(|d| DiscountLine {
                kind: d.kind,
                title: d.title.clone(),
                amount_minor: d.amount_minor,
            })
            .collect();
        group.coupon_used = out.coupon_claim;
        group.discount_minor = out.discount_minor().min(group.items_minor);
        group.total_minor = (group.items_minor + group.shipping_minor - group.discount_minor).max(0);
    }
    plan.platform_options = wallet.iter().filter(|c| c.shop_id.is_none()).map(option).collect();
    plan.platform_used = priced.platform_claim;
    plan.picks = picks.to_form();
    plan.totals = totals_of(&plan.groups);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart::model::{CartLineView, CartShopGroup};
    use crate::merchants::model::ShopBrief;

    #[test]
    fn mainland_mobiles_are_accepted_in_the_ways_people_type_them() {
        for ok in [
            "13800138000",
            "138 0013 8000",
            "+86 138-0013-8000",
            "8613800138000",
            "008619912345678",
        ] {
            assert!(Phone::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Phone::parse("+86 138 0013 8000").map(|p| p.masked()),
            Ok("138****8000".into())
        );
        for bad in [
            "12800138000",
            "1380013800",
            "138001380000",
            "010-12345678",
            "1380013800x",
            "١٣٨٠٠١٣٨٠٠٠",
        ] {
            assert_eq!(Phone::parse(bad), Err(ErrorCode::PhoneInvalid), "{bad}");
        }
        assert_eq!(Phone::parse("  "), Err(ErrorCode::Required));
    }

    #[test]
    fn names_and_streets_are_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(Recipient::parse("  王  小明 ").map(|r| r.0), Ok("王 小明".into()));
        assert_eq!(Recipient::parse(""), Err(ErrorCode::Required));
        assert_eq!(Recipient::parse(&"名".repeat(26)), Err(ErrorCode::RecipientInvalid));
        assert_eq!(Recipient::parse("王\u{0}明"), Err(ErrorCode::RecipientInvalid));
        assert!(AddressDetail::parse("文三路 90 号 3 幢 201").is_ok());
        assert_eq!(AddressDetail::parse("路"), Err(ErrorCode::AddressInvalid));
        assert_eq!(AddressDetail::parse("文三路\n90号"), Err(ErrorCode::AddressInvalid));
        assert_eq!(AddressDetail::parse(&"路".repeat(121)), Err(ErrorCode::AddressInvalid));
    }

    fn line(sku_id: i64, price: i64, added: i64, quantity: i64, stock: i64, available: bool) -> CartLineView {
        CartLineView {
            sku_id,
            product_id: sku_id,
            title: format!("Product {sku_id}"),
            options: Vec::new(),
            image_url: None,
            unit_price_minor: price,
            added_price_minor: added,
            quantity,
            stock,
            available,
        }
    }

    fn shop(shop_id: i64) -> ShopBrief {
        ShopBrief {
            shop_id,
            slug: format!("shop-{shop_id}"),
            name: format!("Shop {shop_id}"),
            description: String::new(),
        }
    }

    #[test]
    fn the_plan_leaves_out_what_cannot_be_bought_and_counts_short_lines_at_the_stock_left() {
        let cart = CartView {
            groups: vec![
                CartShopGroup {
                    shop: shop(1),
                    lines: vec![
                        line(1, 5_000, 5_000, 2, 10, true), // bought: 2 × ¥50
                        line(2, 3_000, 3_000, 5, 2, true),  // short: 2 × ¥30
                        line(3, 1_000, 1_000, 1, 0, true),  // sold out
                        line(4, 2_000, 1_500, 1, 5, true),  // price changed
                        line(5, 1_000, 1_000, 1, 5, false), // delisted
                    ],
                    subtotal_minor: 0,
                },
                CartShopGroup {
                    shop: shop(2),
                    lines: vec![line(6, 20_000, 20_000, 1, 3, true)],
                    subtotal_minor: 0,
                },
            ],
            total_minor: 0,
            count: 0,
        };
        let rules = HashMap::from([
            (
                1,
                ShippingRule {
                    fee_minor: 1_000,
                    free_over_minor: Some(19_900),
                },
            ),
            (
                2,
                ShippingRule {
                    fee_minor: 1_200,
                    free_over_minor: Some(9_900),
                },
            ),
        ]);
        let plan = plan(&cart, &rules);
        let first = &plan.groups[0];
        assert_eq!(
            first
                .lines
                .iter()
                .map(|l| (l.line.sku_id, l.quantity))
                .collect::<Vec<_>>(),
            vec![(1, 2), (2, 2)]
        );
        assert_eq!(
            first.left_out.iter().map(|(l, r)| (l.sku_id, *r)).collect::<Vec<_>>(),
            vec![
                (3, LeftOutReason::SoldOut),
                (4, LeftOutReason::PriceChanged { was_minor: 1_500 }),
                (5, LeftOutReason::Delisted)
            ]
        );
        assert_eq!(
            (first.items_minor, first.shipping_minor, first.total_minor),
            (16_000, 1_000, 17_000)
        );
        let second = &plan.groups[1];
        assert_eq!(
            (second.items_minor, second.shipping_minor, second.total_minor),
            (20_000, 0, 20_000)
        );
        assert_eq!(
            plan.totals,
            Totals {
                items_minor: 36_000,
                shipping_minor: 1_000,
                discount_minor: 0,
                total_minor: 37_000
            }
        );
        assert!(!plan.is_empty());
    }
}
