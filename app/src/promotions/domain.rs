//! Promotion rules that need no database: what a coupon or a spend
//! threshold (满减) takes off an amount, which combination of them a
//! checkout uses, and how each discount is shared out over the order lines
//! with who funds every fen.
//!
//! The order of stacking, one rule for every checkout:
//! 1. per shop, the shop's 满减 on the shop's items;
//! 2. per shop, at most one shop coupon, its minimum spend counted after
//!    the 满减;
//! 3. the platform event (每满 X 减 Y) on the participating shops' items
//!    after the shop discounts (the platform never pays for what a shop
//!    already took off);
//! 4. at most one platform coupon, on the lines it covers, after all of
//!    the above.
//!
//! Every discount is shared over the lines it applies to in proportion to
//! what they still cost (largest remainders, so the fen add up exactly),
//! and no discount is more than what its lines still cost: a line never
//! goes below zero and neither does an order. Shipping is never discounted.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Who pays for a discount: the shop (its coupons and 满减) or the platform
/// (its coupons and events). Settlement reads it per order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Funder {
    Shop,
    Platform,
}

impl Funder {
    pub fn as_str(self) -> &'static str {
        match self {
            Funder::Shop => "shop",
            Funder::Platform => "platform",
        }
    }

    pub fn parse(raw: &str) -> Option<Funder> {
        match raw {
            "shop" => Some(Funder::Shop),
            "platform" => Some(Funder::Platform),
            _ => None,
        }
    }
}

/// What a coupon takes off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponValue {
    /// A fixed amount in fen.
    Amount(i64),
    /// A percentage off (1–90), with an optional cap in fen.
    Percent { percent: i64, cap_minor: Option<i64> },
}

impl CouponValue {
    /// What it takes off `base` fen (never more than `base`).
    pub fn off(self, base: i64) -> i64 {
        let off = match self {
            CouponValue::Amount(a) => a,
            CouponValue::Percent { percent, cap_minor } => {
                // Rounded down: the shopper sees whole fen and is never
                // promised more than the percentage.
                let raw = base.saturating_mul(percent) / 100;
                cap_minor.map_or(raw, |cap| raw.min(cap))
            }
        };
        off.clamp(0, base.max(0))
    }
}

/// A spend threshold rule (满减).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpendRule {
    /// "满199减20, 满399减50": the highest tier reached applies. Tiers are
    /// (threshold, off) in fen, thresholds rising.
    Tiers(Vec<(i64, i64)>),
    /// "每满300减40": `off` for every whole `step`, up to `cap` if any.
    Every {
        step_minor: i64,
        off_minor: i64,
        cap_minor: Option<i64>,
    },
}

impl SpendRule {
    /// What it takes off `base` fen (never more than `base`).
    pub fn off(&self, base: i64) -> i64 {
        let off = match self {
            SpendRule::Tiers(tiers) => tiers
                .iter()
                .filter(|(threshold, _)| base >= *threshold)
                .map(|(_, off)| *off)
                .max()
                .unwrap_or(0),
            SpendRule::Every {
                step_minor,
                off_minor,
                cap_minor,
            } => {
                let raw = if *step_minor > 0 {
                    (base / step_minor).saturating_mul(*off_minor)
                } else {
                    0
                };
                cap_minor.map_or(raw, |cap| raw.min(cap))
            }
        };
        off.clamp(0, base.max(0))
    }

    /// The stored form: "19900:2000,39900:5000" or "every:30000:4000[:cap]".
    pub fn to_text(&self) -> String {
        match self {
            SpendRule::Tiers(tiers) => tiers
                .iter()
                .map(|(t, o)| format!("{t}:{o}"))
                .collect::<Vec<_>>()
                .join(","),
            SpendRule::Every {
                step_minor,
                off_minor,
                cap_minor,
            } => match cap_minor {
                Some(cap) => format!("every:{step_minor}:{off_minor}:{cap}"),
                None => format!("every:{step_minor}:{off_minor}"),
            },
        }
    }

    /// Reads the stored form back; `None` for anything this build did not
    /// write (the offer is then ignored, never misapplied).
    pub fn from_text(text: &str) -> Option<SpendRule> {
        if let Some(rest) = text.strip_prefix("every:") {
            let parts: Vec<i64> = rest.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
            return match parts[..] {
                [step, off] if step > 0 && off > 0 => Some(SpendRule::Every {
                    step_minor: step,
                    off_minor: off,
                    cap_minor: None,
                }),
                [step, off, cap] if step > 0 && off > 0 && cap > 0 => Some(SpendRule::Every {
                    step_minor: step,
                    off_minor: off,
                    cap_minor: Some(cap),
                }),
                _ => None,
            };
        }
        let tiers = text
            .split(',')
            .map(|pair| {
                let (t, o) = pair.split_once(':')?;
                Some((t.parse().ok()?, o.parse().ok()?))
            })
            .collect::<Option<Vec<(i64, i64)>>>()?;
        valid_tiers(&tiers).then_some(SpendRule::Tiers(tiers))
    }
}

/// Tiers as a merchant may set them: 1 to 5, thresholds and amounts rising,
/// each amount less than its threshold.
fn valid_tiers(tiers: &[(i64, i64)]) -> bool {
    (1..=5).contains(&tiers.len())
        && tiers.iter().all(|(t, o)| *o > 0 && o < t)
        && tiers.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
}

/// Yuan as typed ("199", "19.9", "¥1,999.00") to fen; `None` for anything
/// else, negative or absurd (over ¥10,000,000).
pub fn parse_yuan(raw: &str) -> Option<i64> {
    let text: String = raw
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || whole.len() > 8 || frac.len() > 2 {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fen = whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?;
    (fen <= 1_000_000_000).then_some(fen)
}

/// Tiers as a merchant types them: "199-20, 399-50" (yuan: spend X, take Y
/// off), also with 满/减, colons or slashes, on one line or several.
pub fn parse_tiers(raw: &str) -> Result<SpendRule, ErrorCode> {
    let cleaned = raw.replace(['满', '，', ';', '；', '\n'], ",");
    let mut tiers = Vec::new();
    for part in cleaned.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let part = part.replace('减', "-").replace([':', '/', '：'], "-");
        let (threshold, off) = part.split_once('-').ok_or(ErrorCode::TiersInvalid)?;
        let threshold = parse_yuan(threshold).ok_or(ErrorCode::TiersInvalid)?;
        let off = parse_yuan(off).ok_or(ErrorCode::TiersInvalid)?;
        tiers.push((threshold, off));
    }
    if tiers.is_empty() {
        return Err(ErrorCode::Required);
    }
    tiers.sort_unstable();
    if valid_tiers(&tiers) {
        Ok(SpendRule::Tiers(tiers))
    } else {
        Err(ErrorCode::TiersInvalid)
    }
}

/// A coupon code as typed: 4 to 24 letters, digits or dashes, kept upper
/// case; spaces inside are refused (a code is copied, not retyped).
pub fn parse_code(raw: &str) -> Result<String, ErrorCode> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(ErrorCode::Required);
    }
    let ok = (4..=24).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(ErrorCode::CouponInvalid)
    }
}

/// A date and time typed in China time ("2026-12-12T20:00", as a
/// `datetime-local` field sends it, or with a space) to epoch ms.
pub fn parse_china_time(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (date, time) = raw.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min) = (t.next()??, t.next()??);
    // Seconds are optional (a `datetime-local` field with `step="1"`).
    let sec = match t.next() {
        Some(s) => s?,
        None => 0,
    };
    let valid = (2000..=2100).contains(&y)
        && (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&day)
        && (0..24).contains(&h)
        && (0..60).contains(&min)
        && (0..60).contains(&sec);
    if !valid || d.next().is_some() || t.next().is_some() {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400_000 + ((h * 60 + min) * 60 + sec) * 1000 - 8 * 3_600_000)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An epoch ms as a `datetime-local` value in China time.
pub fn china_time_input(epoch_ms: i64) -> String {
    let local = epoch_ms + 8 * 3_600_000;
    let (y, m, d) = crate::payments::domain::civil_from_days(local.div_euclid(86_400_000));
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One line of a checkout as promotions see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIn {
    pub sku_id: i64,
    pub category_id: i64,
    /// Price × quantity, fen.
    pub amount_minor: i64,
}

/// One shop's lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopIn {
    pub shop_id: i64,
    pub lines: Vec<LineIn>,
}

/// A coupon in the shopper's wallet, usable now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletCoupon {
    pub claim_id: i64,
    pub coupon_id: i64,
    pub title: String,
    /// `Some(shop)`: a shop coupon (the shop funds it). `None`: a platform
    /// coupon (the platform funds it).
    pub shop_id: Option<i64>,
    pub value: CouponValue,
    pub min_spend_minor: i64,
    /// The categories it covers (a platform coupon); empty: every one.
    pub categories: Vec<i64>,
    /// When it stops being usable (ms): of two equal choices the one that
    /// expires first is used first.
    pub ends_at: i64,
}

impl WalletCoupon {
    fn covers(&self, line: &LineIn) -> bool {
        self.categories.is_empty() || self.categories.contains(&line.category_id)
    }
}

/// A 满减 running now: a shop's (for its own items) or the platform's
/// event (for the shops taking part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendOffer {
    pub offer_id: i64,
    pub title: String,
    /// `Some(shop)`: the shop's own. `None`: a platform event.
    pub shop_id: Option<i64>,
    pub rule: SpendRule,
    /// The shops taking part in a platform event.
    pub shops: Vec<i64>,
}

/// What the shopper asked for, for one coupon slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pick {
    /// The best one (what the page starts with).
    #[default]
    Best,
    /// No coupon here.
    NoCoupon,
    /// This wallet entry.
    Claim(i64),
}

impl Pick {
    /// From a form value: "" or "best", "none", or a claim id.
    pub fn parse(raw: Option<&str>) -> Pick {
        match raw.map(str::trim) {
            None | Some("") | Some("best") => Pick::Best,
            Some("none") => Pick::NoCoupon,
            Some(id) => id.parse().map(Pick::Claim).unwrap_or(Pick::Best),
        }
    }

    pub fn to_form(self) -> String {
        match self {
            Pick::Best => "best".into(),
            Pick::NoCoupon => "none".into(),
            Pick::Claim(id) => id.to_string(),
        }
    }
}

/// The shopper's picks: per shop, and for the platform coupon.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picks {
    pub shops: HashMap<i64, Pick>,
    pub platform: Pick,
}

impl Picks {
    /// From the checkout's `coupons` value: "12=5,13=none,p=best" (shop id
    /// = pick, `p` the platform coupon). Anything unreadable is `Best`.
    pub fn parse(raw: &str) -> Picks {
        let mut picks = Picks::default();
        for part in raw.split(',').take(50) {
            let Some((slot, pick)) = part.split_once('=') else {
                continue;
            };
            let pick = Pick::parse(Some(pick));
            match slot.trim() {
                "p" => picks.platform = pick,
                shop => {
                    if let Ok(shop) = shop.parse() {
                        picks.shops.insert(shop, pick);
                    }
                }
            }
        }
        picks
    }

    /// The form value `parse` reads back (shops in id order).
    pub fn to_form(&self) -> String {
        let mut shops: Vec<_> = self.shops.iter().filter(|(_, p)| **p != Pick::Best).collect();
        shops.sort_unstable_by_key(|(s, _)| **s);
        let mut parts: Vec<String> = shops.into_iter().map(|(s, p)| format!("{s}={}", p.to_form())).collect();
        if self.platform != Pick::Best {
            parts.push(format!("p={}", self.platform.to_form()));
        }
        parts.join(",")
    }
}

/// The kind of a discount line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiscountKind {
    ShopOffer,
    ShopCoupon,
    PlatformEvent,
    PlatformCoupon,
}

impl DiscountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscountKind::ShopOffer => "shop_offer",
            DiscountKind::ShopCoupon => "shop_coupon",
            DiscountKind::PlatformEvent => "platform_event",
            DiscountKind::PlatformCoupon => "platform_coupon",
        }
    }

    pub fn parse(raw: &str) -> Option<DiscountKind> {
        match raw {
            "shop_offer" => Some(DiscountKind::ShopOffer),
            "shop_coupon" => Some(DiscountKind::ShopCoupon),
            "platform_event" => Some(DiscountKind::PlatformEvent),
            "platform_coupon" => Some(DiscountKind::PlatformCoupon),
            _ => None,
        }
    }

    pub fn funder(self) -> Funder {
        match self {
            DiscountKind::ShopOffer | DiscountKind::ShopCoupon => Funder::Shop,
            DiscountKind::PlatformEvent | DiscountKind::PlatformCoupon => Funder::Platform,
        }
    }
}

/// One discount as it lands in one shop's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    pub kind: DiscountKind,
    pub title: String,
    /// The offer or coupon behind it.
    pub source_id: i64,
    /// The wallet entry used (coupons).
    pub claim_id: Option<i64>,
    pub amount_minor: i64,
}

/// One line after promotions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineOut {
    pub sku_id: i64,
    pub amount_minor: i64,
    pub shop_funded_minor: i64,
    pub platform_funded_minor: i64,
}

impl LineOut {
    pub fn discount_minor(&self) -> i64 {
        self.shop_funded_minor + self.platform_funded_minor
    }

    /// What the shopper pays for the line.
    pub fn paid_minor(&self) -> i64 {
        self.amount_minor - self.discount_minor()
    }
}

/// One shop after promotions: what becomes its order's discount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopOut {
    pub shop_id: i64,
    pub lines: Vec<LineOut>,
    pub discounts: Vec<Applied>,
    /// The shop coupon used, if any.
    pub coupon_claim: Option<i64>,
}

impl ShopOut {
    pub fn discount_minor(&self) -> i64 {
        self.lines.iter().map(LineOut::discount_minor).sum()
    }
}

/// A whole checkout after promotions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    pub shops: Vec<ShopOut>,
    /// The platform coupon used, if any.
    pub platform_claim: Option<i64>,
}

impl Priced {
    pub fn discount_minor(&self) -> i64 {
        self.shops.iter().map(ShopOut::discount_minor).sum()
    }

    pub fn shop(&self, shop_id: i64) -> Option<&ShopOut> {
        self.shops.iter().find(|s| s.shop_id == shop_id)
    }
}

/// Shares `total` fen over `bases` in proportion (largest remainders; ties
/// to the earlier line), never giving a line more than its base. `total`
/// must not exceed the sum of the bases.
pub fn apportion(total: i64, bases: &[i64]) -> Vec<i64> {
    let sum: i64 = bases.iter().sum();
    if total <= 0 || sum <= 0 {
        return vec![0; bases.len()];
    }
    let total = total.min(sum);
    let (sum128, total128) = (i128::from(sum), i128::from(total));
    let mut shares: Vec<i64> = Vec::with_capacity(bases.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(bases.len());
    for (i, base) in bases.iter().enumerate() {
        let exact = total128 * i128::from(*base);
        shares.push((exact / sum128) as i64);
        remainders.push((exact % sum128, i));
    }
    let mut left = total - shares.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        if shares[i] < bases[i] {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares
}

/// Working state of one pricing: what each line still costs.
struct Work<'a> {
    shops: &'a [ShopIn],
    /// Per shop, per line: (shop funded, platform funded).
    funded: Vec<Vec<(i64, i64)>>,
    discounts: Vec<Vec<Applied>>,
}

impl<'a> Work<'a> {
    fn new(shops: &'a [ShopIn]) -> Work<'a> {
        Work {
            shops,
            funded: shops.iter().map(|s| vec![(0, 0); s.lines.len()]).collect(),
            discounts: vec![Vec::new(); shops.len()],
        }
    }

    fn left(&self, shop: usize, line: usize) -> i64 {
        let (a, b) = self.funded[shop][line];
        self.shops[shop].lines[line].amount_minor - a - b
    }

    fn shop_left(&self, shop: usize) -> i64 {
        (0..self.shops[shop].lines.len()).map(|l| self.left(shop, l)).sum()
    }

    /// Takes `amount` off the given lines (shop, line), shared by what they
    /// still cost, and notes it per shop.
    fn take(&mut self, targets: &[(usize, usize)], amount: i64, applied: &Applied) {
        let bases: Vec<i64> = targets.iter().map(|&(s, l)| self.left(s, l)).collect();
        let shares = apportion(amount, &bases);
        let mut per_shop: HashMap<usize, i64> = HashMap::new();
        for (&(s, l), share) in targets.iter().zip(shares) {
            if share == 0 {
                continue;
            }
            match applied.kind.funder() {
                Funder::Shop => self.funded[s][l].0 += share,
                Funder::Platform => self.funded[s][l].1 += share,
            }
            *per_shop.entry(s).or_default() += share;
        }
        let mut shops: Vec<_> = per_shop.into_iter().collect();
        shops.sort_unstable();
        for (s, amount_minor) in shops {
            self.discounts[s].push(Applied {
                amount_minor,
                ..applied.clone()
            });
        }
    }
}

/// Which coupons a pricing uses: per shop index, and the platform's.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Choice {
    shops: Vec<Option<usize>>,
    platform: Option<usize>,
}

/// Prices a checkout with the given coupon choice (indexes into `wallet`).
fn price_with(shops: &[ShopIn], offers: &[SpendOffer], wallet: &[WalletCoupon], choice: &Choice) -> Priced {
    let mut work = Work::new(shops);
    for (s, shop) in shops.iter().enumerate() {
        let all: Vec<(usize, usize)> = (0..shop.lines.len()).map(|l| (s, l)).collect();
        // 1. The shop's 满减: the best of its offers running now.
        let best_offer = offers
            .iter()
            .filter(|o| o.shop_id == Some(shop.shop_id))
            .map(|o| (o.rule.off(work.shop_left(s)), o))
            .filter(|(off, _)| *off > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.offer_id.cmp(&a.1.offer_id)));
        if let Some((off, offer)) = best_offer {
            let applied = Applied {
                kind: DiscountKind::ShopOffer,
                title: offer.title.clone(),
                source_id: offer.offer_id,
                claim_id: None,
                amount_minor: off,
            };
            work.take(&all, off, &applied);
        }
        // 2. One shop coupon, its minimum counted after the 满减.
        if let Some(c) = choice.shops[s].map(|i| &wallet[i]) {
            let base = work.shop_left(s);
            if base >= c.min_spend_minor {
                let off = c.value.off(base);
                let applied = Applied {
                    kind: DiscountKind::ShopCoupon,
                    title: c.title.clone(),
                    source_id: c.coupon_id,
                    claim_id: Some(c.claim_id),
                    amount_minor: off,
                };
                work.take(&all, off, &applied);
            }
        }
    }
    // 3. The platform event on the participating shops' lines.
    let best_event = offers
        .iter()
        .filter(|o| o.shop_id.is_none())
        .map(|o| {
            let targets: Vec<(usize, usize)> = shops
                .iter()
                .enumerate()
                .filter(|(_, shop)| o.shops.contains(&shop.shop_id))
                .flat_map(|(s, shop)| (0..shop.lines.len()).map(move |l| (s, l)))
                .collect();
            let base: i64 = targets.iter().map(|&(s, l)| work.left(s, l)).sum();
            (o.rule.off(base), o, targets)
        })
        .filter(|(off, _, _)| *off > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.offer_id.cmp(&a.1.offer_id)));
    if let Some((off, event, targets)) = best_event {
        let applied = Applied {
            kind: DiscountKind::PlatformEvent,
            title: event.title.clone(),
            source_id: event.offer_id,
            claim_id: None,
            amount_minor: off,
        };
        work.take(&targets, off, &applied);
    }
    // 4. One platform coupon on the lines it covers.
    let mut platform_claim = None;
    if let Some(c) = choice.platform.map(|i| &wallet[i]) {
        let targets: Vec<(usize, usize)> = shops
            .iter()
            .enumerate()
            .flat_map(|(s, shop)| {
                shop.lines
                    .iter()
                    .enumerate()
                    .filter(|(_, line)| c.covers(line))
                    .map(move |(l, _)| (s, l))
            })
            .collect();
        let base: i64 = targets.iter().map(|&(s, l)| work.left(s, l)).sum();
        if base >= c.min_spend_minor && base > 0 {
            let off = c.value.off(base);
            let applied = Applied {
                kind: DiscountKind::PlatformCoupon,
                title: c.title.clone(),
                source_id: c.coupon_id,
                claim_id: Some(c.claim_id),
                amount_minor: off,
            };
            work.take(&targets, off, &applied);
            platform_claim = (off > 0).then_some(c.claim_id);
        }
    }
    let shops_out = shops
        .iter()
        .enumerate()
        .map(|(s, shop)| {
            let discounts = std::mem::take(&mut work.discounts[s]);
            let coupon_claim = discounts
                .iter()
                .find(|d| d.kind == DiscountKind::ShopCoupon)
                .and_then(|d| d.claim_id);
            ShopOut {
                shop_id: shop.shop_id,
                lines: shop
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(l, line)| LineOut {
                        sku_id: line.sku_id,
                        amount_minor: line.amount_minor,
                        shop_funded_minor: work.funded[s][l].0,
                        platform_funded_minor: work.funded[s][l].1,
                    })
                    .collect(),
                discounts,
                coupon_claim,
            }
        })
        .collect();
    Priced {
        shops: shops_out,
        platform_claim,
    }
}

/// Prices a checkout: the shops' 满减 and the platform event always apply;
/// coupons as picked, where `Pick::Best` takes the combination that saves
/// the most (ties: the coupon that expires first). A picked coupon that
/// does not fit (another shop's, below its minimum) is simply not used.
pub fn price(shops: &[ShopIn], offers: &[SpendOffer], wallet: &[WalletCoupon], picks: &Picks) -> Priced {
    // The coupons each slot may use.
    let shop_options: Vec<Vec<Option<usize>>> = shops
        .iter()
        .map(|shop| {
            let usable = wallet
                .iter()
                .enumerate()
                .filter(|(_, c)| c.shop_id == Some(shop.shop_id));
            match picks.shops.get(&shop.shop_id).copied().unwrap_or_default() {
                Pick::NoCoupon => vec![None],
                Pick::Claim(id) => vec![usable.into_iter().find(|(_, c)| c.claim_id == id).map(|(i, _)| i)],
                Pick::Best => std::iter::once(None).chain(usable.map(|(i, _)| Some(i))).collect(),
            }
        })
        .collect();
    let platform_usable = wallet.iter().enumerate().filter(|(_, c)| c.shop_id.is_none());
    let platform_options: Vec<Option<usize>> = match picks.platform {
        Pick::NoCoupon => vec![None],
        Pick::Claim(id) => vec![platform_usable
            .into_iter()
            .find(|(_, c)| c.claim_id == id)
            .map(|(i, _)| i)],
        Pick::Best => std::iter::once(None)
            .chain(platform_usable.map(|(i, _)| Some(i)))
            .collect(),
    };
    // Coordinate ascent from the first option of every slot: each round
    // tries every option of every slot with the others held, and keeps a
    // strictly better saving (or an equal one expiring sooner). Shop and
    // platform choices interact only through the platform's thresholds, so
    // this settles in a round or two; the bound keeps a hostile wallet cheap.
    let mut best = Choice {
        shops: shop_options.iter().map(|o| o[0]).collect(),
        platform: platform_options[0],
    };
    let score = |choice: &Choice| -> (i64, i64) {
        let priced = price_with(shops, offers, wallet, choice);
        // Sooner-expiring coupons first on a tie: negate the sum of ends.
        let ends: i64 = choice
            .shops
            .iter()
            .chain(std::iter::once(&choice.platform))
            .flatten()
            .map(|i| wallet[*i].ends_at / 1000)
            .sum();
        (priced.discount_minor(), -ends)
    };
    let mut best_score = score(&best);
    for _round in 0..4 {
        let mut improved = false;
        for (s, options) in shop_options.iter().enumerate() {
            for option in options {
                let mut next = best.clone();
                next.shops[s] = *option;
                let sc = score(&next);
                if better(sc, best_score, &next) {
                    (best, best_score, improved) = (next, sc, true);
                }
            }
        }
        for option in &platform_options {
            let mut next = best.clone();
            next.platform = *option;
            let sc = score(&next);
            if better(sc, best_score, &next) {
                (best, best_score, improved) = (next, sc, true);
            }
        }
        if !improved {
            break;
        }
    }
    price_with(shops, offers, wallet, &best)
}

/// More saved wins; on equal savings, sooner expiry wins, but a coupon is
/// never spent for nothing.
fn better(candidate: (i64, i64), current: (i64, i64), choice: &Choice) -> bool {
    if candidate.0 != current.0 {
        return candidate.0 > current.0;
    }
    let uses = choice.shops.iter().flatten().count() + usize::from(choice.platform.is_some());
    candidate.0 > 0 && uses > 0 && candidate.1 > current.1
}

/// What a coupon can be used on, for "this coupon does not fit" messages
/// and the coupon centre: the part of `shops` it applies to.
pub fn coupon_fits(coupon: &WalletCoupon, shops: &[ShopIn]) -> bool {
    let base: i64 = shops
        .iter()
        .filter(|s| coupon.shop_id.is_none_or(|id| id == s.shop_id))
        .flat_map(|s| &s.lines)
        .filter(|l| coupon.covers(l))
        .map(|l| l.amount_minor)
        .sum();
    base > 0 && base >= coupon.min_spend_minor
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(sku_id: i64, category_id: i64, amount_minor: i64) -> LineIn {
        LineIn {
            sku_id,
            category_id,
            amount_minor,
        }
    }

    fn coupon(claim_id: i64, shop_id: Option<i64>, value: CouponValue, min: i64) -> WalletCoupon {
        WalletCoupon {
            claim_id,
            coupon_id: claim_id,
            title: format!("coupon {claim_id}"),
            shop_id,
            value,
            min_spend_minor: min,
            categories: Vec::new(),
            ends_at: 1_000_000 + claim_id,
        }
    }

    fn tiers(t: &[(i64, i64)]) -> SpendRule {
        SpendRule::Tiers(t.to_vec())
    }

    #[test]
    fn a_tiered_offer_takes_the_highest_tier_reached() {
        let rule = tiers(&[(19_900, 2_000), (39_900, 5_000)]);
        assert_eq!(rule.off(19_899), 0);
        assert_eq!(rule.off(19_900), 2_000);
        assert_eq!(rule.off(39_899), 2_000);
        assert_eq!(rule.off(50_000), 5_000);
        let every = SpendRule::Every {
            step_minor: 30_000,
            off_minor: 4_000,
            cap_minor: Some(10_000),
        };
        assert_eq!(every.off(29_999), 0);
        assert_eq!(every.off(60_000), 8_000);
        assert_eq!(every.off(1_000_000), 10_000);
    }

    #[test]
    fn percentages_round_down_and_respect_their_cap() {
        let ten = CouponValue::Percent {
            percent: 10,
            cap_minor: Some(1_500),
        };
        assert_eq!(ten.off(9_999), 999);
        assert_eq!(ten.off(100_000), 1_500);
        assert_eq!(CouponValue::Amount(5_000).off(3_000), 3_000);
    }

    #[test]
    fn tiers_are_typed_in_yuan_and_checked() {
        assert_eq!(
            parse_tiers("满199减20, 满399减50"),
            Ok(tiers(&[(19_900, 2_000), (39_900, 5_000)]))
        );
        assert_eq!(
            parse_tiers("399-50\n199-20"),
            Ok(tiers(&[(19_900, 2_000), (39_900, 5_000)]))
        );
        assert_eq!(parse_tiers("199-20, 399-10"), Err(ErrorCode::TiersInvalid));
        assert_eq!(parse_tiers("20-20"), Err(ErrorCode::TiersInvalid));
        assert_eq!(parse_tiers("199"), Err(ErrorCode::TiersInvalid));
        assert_eq!(parse_tiers("-199-20"), Err(ErrorCode::TiersInvalid));
        assert_eq!(parse_tiers(""), Err(ErrorCode::Required));
        let stored = tiers(&[(19_900, 2_000), (39_900, 5_000)]);
        assert_eq!(SpendRule::from_text(&stored.to_text()), Some(stored));
        assert_eq!(SpendRule::from_text("garbage"), None);
    }

    #[test]
    fn coupon_code_with_spaces_is_rejected() {
        assert_eq!(parse_code(" save10 "), Ok("SAVE10".into()));
        assert_eq!(parse_code("SAVE 10"), Err(ErrorCode::CouponInvalid));
        assert_eq!(parse_code("<script>"), Err(ErrorCode::CouponInvalid));
        assert_eq!(parse_code(""), Err(ErrorCode::Required));
    }

    #[test]
    fn yuan_parse_like_people_type_them() {
        assert_eq!(parse_yuan("199"), Some(19_900));
        assert_eq!(parse_yuan("¥1,999.5"), Some(199_950));
        assert_eq!(parse_yuan("0.01"), Some(1));
        for bad in ["", "-1", "1.234", "1e5", "99999999999", "１９９"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_are_read_in_china_time_and_round_trip() {
        // 2026-12-12 20:00 in Beijing is 12:00 UTC.
        assert_eq!(parse_china_time("2026-12-12T20:00"), Some(1_797_076_800_000));
        assert_eq!(china_time_input(1_797_076_800_000), "2026-12-12T20:00");
        assert_eq!(
            parse_china_time("2028-02-29 00:00").map(china_time_input),
            Some("2028-02-29T00:00".into())
        );
        assert_eq!(parse_china_time("2026-12-12T20:00:30"), Some(1_797_076_830_000));
        assert_eq!(parse_china_time("2026-12-12T20:00:60"), None);
        for bad in [
            "2026-02-30T10:00",
            "2026-12-12",
            "2026-13-01T00:00",
            "2026-12-12T24:00",
            "x",
        ] {
            assert_eq!(parse_china_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn picks_travel_through_a_form_value() {
        let picks = Picks::parse("12=5, 13=none,p=7,junk,x=1,14=best");
        assert_eq!(picks.shops.get(&12), Some(&Pick::Claim(5)));
        assert_eq!(picks.shops.get(&13), Some(&Pick::NoCoupon));
        assert_eq!(picks.platform, Pick::Claim(7));
        assert_eq!(
            Picks::parse(&picks.to_form()),
            Picks {
                shops: picks
                    .shops
                    .iter()
                    .filter(|(_, p)| **p != Pick::Best)
                    .map(|(s, p)| (*s, *p))
                    .collect(),
                platform: Pick::Claim(7)
            }
        );
        assert_eq!(Picks::parse(""), Picks::default());
    }

    #[test]
    fn apportioning_adds_up_and_follows_the_amounts() {
        assert_eq!(apportion(100, &[100, 200, 700]), vec![10, 20, 70]);
        assert_eq!(apportion(10, &[1, 1, 1]), vec![1, 1, 1]);
        assert_eq!(apportion(2, &[1, 1, 1]), vec![1, 1, 0]);
        assert_eq!(apportion(1, &[0, 5]), vec![0, 1]);
        assert_eq!(apportion(0, &[3, 4]), vec![0, 0]);
    }

    #[test]
    fn the_example_checkout_stacks_in_order_and_shows_each_discount() {
        // Shop 1: 满199减20 / 满399减50 and a ¥30-off-¥300 coupon; platform:
        // 每满300减40 with shop 1 taking part, and a ¥10 platform coupon.
        let shops = vec![
            ShopIn {
                shop_id: 1,
                lines: vec![line(1, 5, 30_000), line(2, 5, 15_000)],
            },
            ShopIn {
                shop_id: 2,
                lines: vec![line(3, 6, 8_000)],
            },
        ];
        let offers = vec![
            SpendOffer {
                offer_id: 1,
                title: "满减".into(),
                shop_id: Some(1),
                rule: tiers(&[(19_900, 2_000), (39_900, 5_000)]),
                shops: vec![],
            },
            SpendOffer {
                offer_id: 2,
                title: "Festival".into(),
                shop_id: None,
                rule: SpendRule::Every {
                    step_minor: 30_000,
                    off_minor: 4_000,
                    cap_minor: None,
                },
                shops: vec![1],
            },
        ];
        let wallet = vec![
            coupon(10, Some(1), CouponValue::Amount(3_000), 30_000),
            coupon(11, None, CouponValue::Amount(1_000), 0),
        ];
        let priced = price(&shops, &offers, &wallet, &Picks::default());
        let first = priced.shop(1).unwrap();
        let kinds: Vec<(DiscountKind, i64)> = first.discounts.iter().map(|d| (d.kind, d.amount_minor)).collect();
        // 450 → 满减 50 → 400 → coupon 30 → 370 → event 40 → 330 → platform coupon share.
        assert_eq!(
            &kinds[..3],
            &[
                (DiscountKind::ShopOffer, 5_000),
                (DiscountKind::ShopCoupon, 3_000),
                (DiscountKind::PlatformEvent, 4_000)
            ]
        );
        assert_eq!(priced.discount_minor(), 5_000 + 3_000 + 4_000 + 1_000);
        assert_eq!(first.coupon_claim, Some(10));
        assert_eq!(priced.platform_claim, Some(11));
        let shop_funded: i64 = first.lines.iter().map(|l| l.shop_funded_minor).sum();
        assert_eq!(shop_funded, 8_000);
    }

    #[test]
    fn the_best_choice_keeps_a_platform_tier_a_bigger_shop_coupon_would_lose() {
        // ¥310 of goods: a ¥20 shop coupon leaves 290 (no 每满300减40);
        // a ¥5 one leaves 305 (keeps it): 45 beats 20.
        let shops = vec![ShopIn {
            shop_id: 1,
            lines: vec![line(1, 1, 31_000)],
        }];
        let offers = vec![SpendOffer {
            offer_id: 1,
            title: "Festival".into(),
            shop_id: None,
            rule: SpendRule::Every {
                step_minor: 30_000,
                off_minor: 4_000,
                cap_minor: None,
            },
            shops: vec![1],
        }];
        let wallet = vec![
            coupon(1, Some(1), CouponValue::Amount(2_000), 0),
            coupon(2, Some(1), CouponValue::Amount(500), 0),
        ];
        let priced = price(&shops, &offers, &wallet, &Picks::default());
        assert_eq!(priced.discount_minor(), 4_500);
        assert_eq!(priced.shops[0].coupon_claim, Some(2));
        // The shopper may still choose the other one, or none.
        let picks = Picks {
            shops: HashMap::from([(1, Pick::Claim(1))]),
            platform: Pick::Best,
        };
        assert_eq!(price(&shops, &offers, &wallet, &picks).discount_minor(), 2_000);
        let picks = Picks {
            shops: HashMap::from([(1, Pick::NoCoupon)]),
            platform: Pick::Best,
        };
        assert_eq!(price(&shops, &offers, &wallet, &picks).discount_minor(), 4_000);
    }

    #[test]
    fn a_coupon_below_its_minimum_or_for_another_shop_is_not_used() {
        let shops = vec![ShopIn {
            shop_id: 1,
            lines: vec![line(1, 1, 10_000)],
        }];
        let wallet = vec![
            coupon(1, Some(1), CouponValue::Amount(2_000), 20_000),
            coupon(2, Some(2), CouponValue::Amount(2_000), 0),
        ];
        for pick in [Pick::Best, Pick::Claim(1), Pick::Claim(2), Pick::Claim(99)] {
            let picks = Picks {
                shops: HashMap::from([(1, pick)]),
                platform: Pick::Best,
            };
            let priced = price(&shops, &[], &wallet, &picks);
            assert_eq!(priced.discount_minor(), 0, "{pick:?}");
            assert_eq!(priced.shops[0].coupon_claim, None);
        }
    }

    #[test]
    fn a_category_coupon_only_discounts_its_category() {
        let shops = vec![ShopIn {
            shop_id: 1,
            lines: vec![line(1, 7, 10_000), line(2, 8, 10_000)],
        }];
        let mut c = coupon(
            1,
            None,
            CouponValue::Percent {
                percent: 50,
                cap_minor: None,
            },
            0,
        );
        c.categories = vec![7];
        let priced = price(&shops, &[], &[c], &Picks::default());
        let lines = &priced.shops[0].lines;
        assert_eq!(
            (lines[0].platform_funded_minor, lines[1].platform_funded_minor),
            (5_000, 0)
        );
    }

    // Property tests over random carts and promotions.

    fn arb_shops() -> impl Strategy<Value = Vec<ShopIn>> {
        prop::collection::vec(
            prop::collection::vec((1i64..4, 0i64..200_000), 1..5).prop_map(|lines| {
                lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, (category, amount))| line(i as i64 + 1, category, amount))
                    .collect::<Vec<_>>()
            }),
            1..4,
        )
        .prop_map(|shops| {
            shops
                .into_iter()
                .enumerate()
                .map(|(i, lines)| ShopIn {
                    shop_id: i as i64 + 1,
                    lines: lines
                        .into_iter()
                        .map(|l| LineIn {
                            sku_id: (i as i64 + 1) * 100 + l.sku_id,
                            ..l
                        })
                        .collect(),
                })
                .collect()
        })
    }

    fn arb_value() -> impl Strategy<Value = CouponValue> {
        prop_oneof![
            (1i64..100_000).prop_map(CouponValue::Amount),
            (1i64..=90, prop::option::of(1i64..50_000))
                .prop_map(|(percent, cap_minor)| CouponValue::Percent { percent, cap_minor }),
        ]
    }

    fn arb_wallet() -> impl Strategy<Value = Vec<WalletCoupon>> {
        prop::collection::vec(
            (
                prop::option::of(1i64..4),
                arb_value(),
                0i64..300_000,
                prop::collection::vec(1i64..4, 0..2),
            ),
            0..6,
        )
        .prop_map(|coupons| {
            coupons
                .into_iter()
                .enumerate()
                .map(|(i, (shop_id, value, min, categories))| WalletCoupon {
                    categories: if shop_id.is_none() { categories } else { Vec::new() },
                    ..coupon(i as i64 + 1, shop_id, value, min)
                })
                .collect()
        })
    }

    fn arb_offers() -> impl Strategy<Value = Vec<SpendOffer>> {
        let rule = prop_oneof![
            prop::collection::vec((1i64..400_000, 1i64..50_000), 1..4).prop_map(|mut t| {
                t.sort_unstable();
                SpendRule::Tiers(t)
            }),
            (1i64..100_000, 1i64..20_000, prop::option::of(1i64..60_000)).prop_map(|(step, off, cap)| {
                SpendRule::Every {
                    step_minor: step,
                    off_minor: off,
                    cap_minor: cap,
                }
            }),
        ];
        prop::collection::vec(
            (prop::option::of(1i64..4), rule, prop::collection::vec(1i64..4, 0..3)),
            0..4,
        )
        .prop_map(|offers| {
            offers
                .into_iter()
                .enumerate()
                .map(|(i, (shop_id, rule, shops))| SpendOffer {
                    offer_id: i as i64 + 1,
                    title: format!("offer {i}"),
                    shop_id,
                    rule,
                    shops,
                })
                .collect()
        })
    }

    fn arb_picks() -> impl Strategy<Value = Picks> {
        let pick = prop_oneof![Just(Pick::Best), Just(Pick::NoCoupon), (1i64..8).prop_map(Pick::Claim)];
        (prop::collection::vec(pick.clone(), 3), pick).prop_map(|(shops, platform)| Picks {
            shops: shops.into_iter().enumerate().map(|(i, p)| (i as i64 + 1, p)).collect(),
            platform,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn discounts_add_up_never_overdraw_and_name_their_funders(
            shops in arb_shops(),
            offers in arb_offers(),
            wallet in arb_wallet(),
            picks in arb_picks(),
        ) {
            let priced = price(&shops, &offers, &wallet, &picks);
            prop_assert_eq!(priced.shops.len(), shops.len());
            let mut used_claims = Vec::new();
            for (shop_in, out) in shops.iter().zip(&priced.shops) {
                prop_assert_eq!(shop_in.shop_id, out.shop_id);
                // The line discounts add up to the order's discount lines.
                let by_lines: i64 = out.lines.iter().map(LineOut::discount_minor).sum();
                let by_discounts: i64 = out.discounts.iter().map(|d| d.amount_minor).sum();
                prop_assert_eq!(by_lines, by_discounts);
                // Funders add up: the shop pays for shop kinds, the platform for its own.
                let shop_kinds: i64 = out.discounts.iter().filter(|d| d.kind.funder() == Funder::Shop).map(|d| d.amount_minor).sum();
                prop_assert_eq!(shop_kinds, out.lines.iter().map(|l| l.shop_funded_minor).sum::<i64>());
                for (line_in, line) in shop_in.lines.iter().zip(&out.lines) {
                    prop_assert_eq!(line.amount_minor, line_in.amount_minor);
                    prop_assert!(line.shop_funded_minor >= 0 && line.platform_funded_minor >= 0);
                    // No line below zero: refunding it whole returns what was paid.
                    prop_assert!(line.paid_minor() >= 0);
                }
                // Refunding every line returns exactly what the order's lines cost after discounts.
                let items: i64 = shop_in.lines.iter().map(|l| l.amount_minor).sum();
                let refunds: i64 = out.lines.iter().map(LineOut::paid_minor).sum();
                prop_assert_eq!(refunds, items - out.discount_minor());
                // At most one shop coupon per shop, and only that shop's.
                let coupons: Vec<_> = out.discounts.iter().filter(|d| d.kind == DiscountKind::ShopCoupon).collect();
                prop_assert!(coupons.len() <= 1);
                for c in coupons {
                    let wallet_coupon = wallet.iter().find(|w| Some(w.claim_id) == c.claim_id).unwrap();
                    prop_assert_eq!(wallet_coupon.shop_id, Some(out.shop_id));
                    used_claims.push(wallet_coupon.claim_id);
                }
                prop_assert!(out.discounts.iter().filter(|d| d.kind == DiscountKind::ShopOffer).count() <= 1);
                prop_assert!(out.discounts.iter().filter(|d| d.kind == DiscountKind::PlatformEvent).count() <= 1);
            }
            // At most one platform coupon across the order, used once.
            let platform_sources: std::collections::HashSet<_> = priced.shops.iter()
                .flat_map(|s| &s.discounts)
                .filter(|d| d.kind == DiscountKind::PlatformCoupon)
                .map(|d| d.claim_id)
                .collect();
            prop_assert!(platform_sources.len() <= 1);
            if let Some(claim) = priced.platform_claim {
                prop_assert!(!used_claims.contains(&claim));
            }
            // Picking "no coupon" never saves more than the best.
            let none = price(&shops, &offers, &wallet, &Picks {
                shops: shops.iter().map(|s| (s.shop_id, Pick::NoCoupon)).collect(),
                platform: Pick::NoCoupon,
            });
            let best = price(&shops, &offers, &wallet, &Picks::default());
            prop_assert!(best.discount_minor() >= none.discount_minor());
            if picks == Picks::default() {
                prop_assert_eq!(best, priced);
            }
        }
    }
}
