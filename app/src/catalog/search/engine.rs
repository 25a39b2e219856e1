//! The search engine trait and the in-process inverted index.

use super::text::{edit_distance, index_tokens, query_terms, QueryTerm};
use crate::catalog::model::{ImageRef, ProductCard, SortOrder};
use std::collections::HashMap;
use std::sync::RwLock;

/// What the engine knows about a live product.
#[derive(Clone, Debug)]
pub struct IndexedProduct {
    pub product_id: i64,
    pub title: String,
    pub description: String,
    pub brand_id: Option<i64>,
    pub brand: String,
    pub category_id: i64,
    pub shop_id: i64,
    /// Category names (both languages, leaf and parent), searchable.
    pub category_words: String,
    pub price_min_minor: i64,
    pub price_max_minor: i64,
    pub in_stock: bool,
    pub sales_count: i64,
    pub rating_count: i64,
    pub rating_x10: i64,
    pub created_at: i64,
    pub image: Option<ImageRef>,
}

/// A search or listing, already resolved to ids by the catalog service.
#[derive(Clone, Debug, Default)]
pub struct EngineQuery {
    pub text: String,
    /// Any of these categories (a parent and its children).
    pub category_ids: Option<Vec<i64>>,
    pub brand_ids: Vec<i64>,
    pub shop_id: Option<i64>,
    pub price_min_minor: Option<i64>,
    pub price_max_minor: Option<i64>,
    pub in_stock: bool,
    pub rating_min_x10: Option<i64>,
    pub sort: SortOrder,
    pub offset: usize,
    pub limit: usize,
}

/// One product in a result, with the title split for highlighting.
#[derive(Clone, Debug)]
pub struct EngineHit {
    pub card: ProductCard,
    pub title_marks: Vec<(String, bool)>,
}

#[derive(Clone, Debug, Default)]
pub struct EngineResult {
    pub hits: Vec<EngineHit>,
    pub total: usize,
    /// Result counts per leaf category (ignoring the category filter).
    pub category_counts: Vec<(i64, u64)>,
    /// Result counts per brand (ignoring the brand filter): id, name, count.
    pub brand_counts: Vec<(i64, String, u64)>,
    /// Nothing matched every word: these are the closest matches.
    pub approximate: bool,
    pub did_you_mean: Option<String>,
}

/// A search engine over live products.
pub trait SearchEngine: Send + Sync {
    /// Replaces these products in the index (or adds them).
    fn upsert(&self, products: Vec<IndexedProduct>);
    /// Drops products (delisted, rejected, deleted).
    fn remove(&self, product_ids: &[i64]);
    fn search(&self, query: &EngineQuery) -> EngineResult;
    /// Completions for what a shopper is typing.
    fn suggest(&self, prefix: &str, limit: usize) -> Vec<String>;
    fn len(&self) -> usize;
    /// True when nothing is indexed.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Where an indexed product is listed now, as (category id, shop id):
    /// the lists a change to it removes it from.
    fn placement(&self, product_id: i64) -> Option<(i64, i64)>;
}

const TITLE: u8 = 1;
const BRAND: u8 = 2;
const CATEGORY: u8 = 4;
const DESCRIPTION: u8 = 8;

fn field_score(fields: u8) -> u32 {
    let mut s = 0;
    if fields & TITLE != 0 {
        s += 12;
    }
    if fields & BRAND != 0 {
        s += 6;
    }
    if fields & CATEGORY != 0 {
        s += 4;
    }
    if fields & DESCRIPTION != 0 {
        s += 1;
    }
    s
}

/// A posting: a document slot and the fields the term occurs in. Lists are
/// sorted by slot because slots only grow.
type Postings = Vec<(u32, u8)>;

#[derive(Default)]
struct Index {
    /// One slot per indexed version of a product; `None` once replaced.
    docs: Vec<Option<IndexedProduct>>,
    slot_of: HashMap<i64, u32>,
    postings: HashMap<String, Postings>,
    /// Suggestion vocabulary: term → number of documents (approximate).
    live: usize,
}

impl Index {
    fn insert(&mut self, product: IndexedProduct) {
        if let Some(old) = self.slot_of.remove(&product.product_id) {
            self.docs[old as usize] = None;
            self.live -= 1;
        }
        let slot = self.docs.len() as u32;
        let mut fields: HashMap<String, u8> = HashMap::new();
        for (text, field) in [
            (&product.title, TITLE),
            (&product.brand, BRAND),
            (&product.category_words, CATEGORY),
            (&product.description, DESCRIPTION),
        ] {
            for token in index_tokens(text) {
                *fields.entry(token.term).or_default() |= field;
            }
        }
        // Category and shop "terms" (not typable: they start with a control
        // character) let a category or shop page start from its own products.
        fields.insert(category_term(product.category_id), 0);
        fields.insert(shop_term(product.shop_id), 0);
        for (term, f) in fields {
            self.postings.entry(term).or_default().push((slot, f));
        }
        self.slot_of.insert(product.product_id, slot);
        self.docs.push(Some(product));
        self.live += 1;
    }

    fn remove(&mut self, product_id: i64) {
        if let Some(slot) = self.slot_of.remove(&product_id) {
            self.docs[slot as usize] = None;
            self.live -= 1;
        }
    }

    /// Documents that satisfy one query term (the word, or all its parts).
    fn matches(&self, qt: &QueryTerm) -> Postings {
        let direct = self.postings.get(&qt.term).cloned().unwrap_or_default();
        if qt.parts.is_empty() {
            return direct;
        }
        let mut parts = qt
            .parts
            .iter()
            .map(|p| self.postings.get(p).map(Vec::as_slice).unwrap_or(&[]));
        let first = parts.next().map(<[_]>::to_vec).unwrap_or_default();
        let combined = parts.fold(first, |acc, next| intersect(&acc, next));
        union(&direct, &combined)
    }

    fn live_doc(&self, slot: u32) -> Option<&IndexedProduct> {
        self.docs.get(slot as usize).and_then(Option::as_ref)
    }
}

fn category_term(id: i64) -> String {
    format!("\u{1}c{id}")
}

fn shop_term(id: i64) -> String {
    format!("\u{1}s{id}")
}

fn intersect(a: &[(u32, u8)], b: &[(u32, u8)]) -> Postings {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 & b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn union(a: &[(u32, u8)], b: &[(u32, u8)]) -> Postings {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len() + b.len()));
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 | b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The in-process engine: an inverted index behind a read-write lock.
#[derive(Default)]
pub struct InProcessEngine {
    index: RwLock<Index>,
}

impl InProcessEngine {
    pub fn new() -> Self {
        InProcessEngine::default()
    }
}

/// Splits a title into highlighted and plain pieces for the query terms.
fn mark_title(title: &str, terms: &[QueryTerm]) -> Vec<(String, bool)> {
    if terms.is_empty() {
        return vec![(title.to_string(), false)];
    }
    let wanted: Vec<&str> = terms
        .iter()
        .flat_map(|t| std::iter::once(t.term.as_str()).chain(t.parts.iter().map(String::as_str)))
        .collect();
    let mut marked: Vec<std::ops::Range<usize>> = index_tokens(title)
        .into_iter()
        .filter(|t| wanted.contains(&t.term.as_str()))
        .map(|t| t.range)
        .collect();
    marked.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    let mut pos = 0;
    for r in marked {
        if r.start < pos {
            if r.end > pos {
                if let Some(last) = out.last_mut() {
                    let (text, _): &mut (String, bool) = last;
                    text.push_str(&title[pos..r.end]);
                }
                pos = r.end;
            }
            continue;
        }
        if r.start > pos {
            out.push((title[pos..r.start].to_string(), false));
        }
        out.push((title[r.clone()].to_string(), true));
        pos = r.end;
    }
    if pos < title.len() {
        out.push((title[pos..].to_string(), false));
    }
    out
}

fn card_of(p: &IndexedProduct) -> ProductCard {
    ProductCard {
        product_id: p.product_id,
        title: p.title.clone(),
        price_min_minor: p.price_min_minor,
        price_max_minor: p.price_max_minor,
        sales_count: p.sales_count,
        rating_count: p.rating_count,
        rating_x10: p.rating_x10,
        image: p.image.clone(),
    }
}

impl SearchEngine for InProcessEngine {
    fn upsert(&self, products: Vec<IndexedProduct>) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        for p in products {
            index.insert(p);
        }
    }

    fn remove(&self, product_ids: &[i64]) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        for id in product_ids {
            index.remove(*id);
        }
    }

    fn len(&self) -> usize {
        self.index.read().unwrap_or_else(|e| e.into_inner()).live
    }

    fn placement(&self, product_id: i64) -> Option<(i64, i64)> {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let slot = *index.slot_of.get(&product_id)?;
        index.live_doc(slot).map(|p| (p.category_id, p.shop_id))
    }

    fn search(&self, q: &EngineQuery) -> EngineResult {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let terms = query_terms(&q.text);

        // Candidates with a relevance score.
        let mut approximate = false;
        let mut candidates: Vec<(u32, u32)> = if terms.is_empty() {
            (0..index.docs.len() as u32)
                .filter(|s| index.docs[*s as usize].is_some())
                .map(|s| (s, 0))
                .collect()
        } else {
            let lists: Vec<Postings> = terms.iter().map(|t| index.matches(t)).collect();
            let mut all = lists.iter().min_by_key(|l| l.len()).cloned().unwrap_or_default();
            let mut scores: HashMap<u32, u32> = HashMap::new();
            for list in &lists {
                all = intersect(&all, list);
            }
            for list in &lists {
                let keep: std::collections::HashSet<u32> = all.iter().map(|p| p.0).collect();
                for (slot, f) in list {
                    if keep.contains(slot) {
                        *scores.entry(*slot).or_default() += field_score(*f);
                    }
                }
            }
            if all.is_empty() && lists.iter().any(|l| !l.is_empty()) {
                // Closest matches: any word, scored by how many words match.
                approximate = true;
                for list in &lists {
                    for (slot, f) in list {
                        *scores.entry(*slot).or_default() += field_score(*f) + 100;
                    }
                }
            }
            scores
                .into_iter()
                .filter(|(slot, _)| index.live_doc(*slot).is_some())
                .collect()
        };

        let in_category = |p: &IndexedProduct| q.category_ids.as_ref().is_none_or(|ids| ids.contains(&p.category_id));
        let in_brand =
            |p: &IndexedProduct| q.brand_ids.is_empty() || p.brand_id.is_some_and(|b| q.brand_ids.contains(&b));
        let other_filters = |p: &IndexedProduct| {
            q.shop_id.is_none_or(|shop| p.shop_id == shop)
                && q.price_min_minor.is_none_or(|min| p.price_max_minor >= min)
                && q.price_max_minor.is_none_or(|max| p.price_min_minor <= max)
                && (!q.in_stock || p.in_stock)
                && q.rating_min_x10.is_none_or(|r| p.rating_count > 0 && p.rating_x10 >= r)
        };

        let mut category_counts: HashMap<i64, u64> = HashMap::new();
        let mut brand_counts: HashMap<i64, (String, u64)> = HashMap::new();
        candidates.retain(|(slot, _)| {
            let Some(p) = index.live_doc(*slot) else { return false };
            if !other_filters(p) {
                return false;
            }
            let (c, b) = (in_category(p), in_brand(p));
            if b {
                *category_counts.entry(p.category_id).or_default() += 1;
            }
            if c {
                if let Some(id) = p.brand_id {
                    brand_counts.entry(id).or_insert_with(|| (p.brand.clone(), 0)).1 += 1;
                }
            }
            c && b
        });

        // Sold-out products go after those in stock, whatever the order.
        let key = |slot: u32| index.live_doc(slot).expect("filtered to live docs");
        match q.sort {
            SortOrder::Relevance if !terms.is_empty() => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, b.1, pb.sales_count, pb.product_id).cmp(&(
                    pa.in_stock,
                    a.1,
                    pa.sales_count,
                    pa.product_id,
                ))
            }),
            SortOrder::Relevance | SortOrder::Newest => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, pb.created_at, pb.product_id).cmp(&(pa.in_stock, pa.created_at, pa.product_id))
            }),
            SortOrder::PriceAsc => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, pa.price_min_minor, pa.product_id).cmp(&(pa.in_stock, pb.price_min_minor, pb.product_id))
            }),
            SortOrder::PriceDesc => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, pb.price_min_minor, pa.product_id).cmp(&(pa.in_stock, pa.price_min_minor, pb.product_id))
            }),
            SortOrder::BestSelling => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, pb.sales_count, pa.product_id).cmp(&(pa.in_stock, pa.sales_count, pb.product_id))
            }),
            SortOrder::Rating => candidates.sort_unstable_by(|a, b| {
                let (pa, pb) = (key(a.0), key(b.0));
                (pb.in_stock, pb.rating_x10, pb.rating_count, pa.product_id).cmp(&(
                    pa.in_stock,
                    pa.rating_x10,
                    pa.rating_count,
                    pb.product_id,
                ))
            }),
        }

        let total = candidates.len();
        let hits = candidates
            .iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|(slot, _)| {
                let p = key(*slot);
                EngineHit {
                    card: card_of(p),
                    title_marks: mark_title(&p.title, &terms),
                }
            })
            .collect();

        let did_you_mean = if total == 0 || approximate {
            correct(&index, &q.text)
        } else {
            None
        };
        let mut category_counts: Vec<(i64, u64)> = category_counts.into_iter().collect();
        category_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut brand_counts: Vec<(i64, String, u64)> =
            brand_counts.into_iter().map(|(id, (n, c))| (id, n, c)).collect();
        brand_counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        EngineResult {
            hits,
            total,
            category_counts,
            brand_counts,
            approximate,
            did_you_mean,
        }
    }

    fn suggest(&self, prefix: &str, limit: usize) -> Vec<String> {
        let prefix = prefix.trim().to_lowercase();
        if prefix.is_empty() {
            return Vec::new();
        }
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        // Titles that contain the typed text, best sellers first.
        let mut found: Vec<&IndexedProduct> = Vec::new();
        let last_word = prefix.split_whitespace().last().unwrap_or(&prefix).to_string();
        let first_terms = query_terms(&prefix);
        let lists: Vec<Postings> = first_terms
            .iter()
            .take(first_terms.len().saturating_sub(1))
            .map(|t| index.matches(t))
            .collect();
        let base: Option<Postings> = lists.into_iter().reduce(|a, b| intersect(&a, &b));
        let candidate_slots: Box<dyn Iterator<Item = u32>> = match &base {
            Some(list) => Box::new(list.iter().map(|p| p.0).collect::<Vec<_>>().into_iter()),
            None => Box::new(0..index.docs.len() as u32),
        };
        for slot in candidate_slots {
            if let Some(p) = index.live_doc(slot) {
                if p.title.to_lowercase().contains(&last_word) {
                    found.push(p);
                }
            }
            if found.len() >= 2000 {
                break;
            }
        }
        found.sort_by_key(|p| std::cmp::Reverse(p.sales_count));
        let mut out: Vec<String> = Vec::new();
        for p in found {
            if !out.contains(&p.title) {
                out.push(p.title.clone());
            }
            if out.len() >= limit {
                break;
            }
        }
        out
    }
}

/// "Did you mean": each Latin word replaced by the closest indexed word
/// (up to two edits) when it matches nothing.
fn correct(index: &Index, text: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            let known = query_terms(&lower).iter().all(|t| index.postings.contains_key(&t.term));
            if known || lower.chars().count() < 4 || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
                return w.to_string();
            }
            let best = index
                .postings
                .iter()
                .filter(|(term, list)| {
                    term.is_ascii()
                        && term.len().abs_diff(lower.len()) <= 2
                        && list.iter().any(|(s, _)| index.live_doc(*s).is_some())
                })
                .map(|(term, list)| (edit_distance(term, &lower), std::cmp::Reverse(list.len()), term))
                .filter(|(d, _, _)| *d <= 2)
                .min();
            match best {
                Some((_, _, term)) => {
                    changed = true;
                    term.clone()
                }
                None => w.to_string(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: i64, title: &str, description: &str, in_stock: bool) -> IndexedProduct {
        IndexedProduct {
            product_id: id,
            title: title.into(),
            description: description.into(),
            brand_id: Some(id % 2 + 1),
            brand: if id % 2 == 0 {
                "Sony 索尼".into()
            } else {
                "Xiaomi 小米".into()
            },
            category_id: 10 + id % 3,
            shop_id: 1,
            category_words: "Earphones 耳机".into(),
            price_min_minor: id * 1000,
            price_max_minor: id * 1000,
            in_stock,
            sales_count: id,
            rating_count: 10,
            rating_x10: 40 + id % 10,
            created_at: id,
            image: None,
        }
    }

    fn engine() -> InProcessEngine {
        let e = InProcessEngine::new();
        e.upsert(vec![
            product(1, "Xiaomi Buds 真无线蓝牙耳机 Wireless Earbuds", "小巧便携", true),
            product(
                2,
                "Sony 头戴式降噪耳机 Noise Cancelling Headphones",
                "Works great with wireless earbuds too",
                true,
            ),
            product(
                3,
                "Anker 氮化镓快充充电器 GaN Charger",
                "Charges earbuds and phones",
                true,
            ),
            product(4, "Edifier 运动蓝牙耳机 Sport Earphones", "wireless", false),
        ]);
        e
    }

    fn ids(r: &EngineResult) -> Vec<i64> {
        r.hits.iter().map(|h| h.card.product_id).collect()
    }

    fn query(text: &str) -> EngineQuery {
        EngineQuery {
            text: text.into(),
            limit: 20,
            ..EngineQuery::default()
        }
    }

    #[test]
    fn chinese_query_without_spaces_finds_products() {
        let r = engine().search(&query("蓝牙耳机"));
        assert!(ids(&r).contains(&1), "{:?}", ids(&r));
        assert!(!ids(&r).contains(&3));
    }

    #[test]
    fn title_matches_rank_above_description_matches() {
        let r = engine().search(&query("wireless earbuds"));
        assert_eq!(ids(&r).first(), Some(&1), "title match first: {:?}", ids(&r));
        assert!(ids(&r).contains(&2), "description match still found");
    }

    #[test]
    fn sold_out_products_rank_lower() {
        let r = engine().search(&query("蓝牙"));
        assert_eq!(ids(&r), vec![1, 4]);
    }

    #[test]
    fn facet_counts_ignore_their_own_filter() {
        let mut q = query("耳机");
        q.brand_ids = vec![1];
        let r = engine().search(&q);
        let sony: u64 = r.brand_counts.iter().filter(|b| b.0 == 1).map(|b| b.2).sum();
        let xiaomi: u64 = r.brand_counts.iter().filter(|b| b.0 == 2).map(|b| b.2).sum();
        assert_eq!((sony, xiaomi), (2, 2), "{:?}", r.brand_counts);
        assert!(r.hits.iter().all(|h| h.card.product_id % 2 == 0));
        let cat_total: u64 = r.category_counts.iter().map(|c| c.1).sum();
        assert_eq!(cat_total as usize, r.total);
    }

    #[test]
    fn filters_combine() {
        let mut q = query("");
        q.category_ids = Some(vec![10, 11, 12]);
        q.in_stock = true;
        q.price_min_minor = Some(1500);
        q.price_max_minor = Some(3500);
        q.sort = SortOrder::PriceDesc;
        assert_eq!(ids(&engine().search(&q)), vec![3, 2]);
        q.rating_min_x10 = Some(43);
        assert_eq!(ids(&engine().search(&q)), vec![3]);
    }

    #[test]
    fn replacing_a_product_changes_what_is_found() {
        let e = engine();
        e.upsert(vec![product(3, "Anker 移动电源 Power Bank", "", true)]);
        assert!(ids(&e.search(&query("charger"))).is_empty());
        assert_eq!(ids(&e.search(&query("power bank"))), vec![3]);
        e.remove(&[3]);
        assert!(ids(&e.search(&query("power bank"))).is_empty());
        assert_eq!(e.len(), 3);
    }

    #[test]
    fn no_result_offers_a_correction_and_closest_matches() {
        let r = engine().search(&query("wireles"));
        assert_eq!(r.did_you_mean.as_deref(), Some("wireless"));
        let r = engine().search(&query("earbuds zzzz"));
        assert!(r.approximate);
        assert!(!r.hits.is_empty());
    }

    #[test]
    fn matches_are_highlighted_in_the_title() {
        let r = engine().search(&query("earbuds"));
        let marked: Vec<&str> = r.hits[0]
            .title_marks
            .iter()
            .filter(|m| m.1)
            .map(|m| m.0.as_str())
            .collect();
        assert_eq!(marked, vec!["Earbuds"]);
        let joined: String = r.hits[0].title_marks.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(joined, r.hits[0].card.title);
    }

    #[test]
    fn suggestions_complete_the_typed_word() {
        let s = engine().suggest("earb", 5);
        assert!(s.iter().any(|t| t.contains("Earbuds")), "{s:?}");
        assert!(engine().suggest("   ", 5).is_empty());
    }
}
