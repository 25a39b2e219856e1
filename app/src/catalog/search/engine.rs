//! The search engine trait and the in-process inverted index.

use super::text::{edit_distance, index_tokens, normalize_word, query_terms, QueryTerm, MAX_QUERY_TERMS};
use crate::catalog::model::{ImageRef, ProductCard, SortOrder};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::{BTreeSet, BinaryHeap};
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
    /// Without words: the categories whose counts the category facet shows
    /// (the browsed category's family); nothing outside them is looked at.
    pub category_scope: Option<Vec<i64>>,
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
    /// Gives back memory held for replaced products and spare capacity
    /// (after a bulk load).
    fn compact(&self) {}
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

/// A posting as stored and searched: the slot shifted left past the four field bits, so a
/// million products' postings take half the memory and still sort by slot.
type Packed = u32;
const FIELD_BITS: u32 = 4;
/// Slots above this would not fit beside the field bits; compaction keeps
/// slots near the number of live products, far below it.
const MAX_SLOT: u32 = (1 << (32 - FIELD_BITS)) - 1;

fn pack(slot: u32, fields: u8) -> Packed {
    (slot << FIELD_BITS) | u32::from(fields)
}

fn unpack(p: Packed) -> (u32, u8) {
    (slot_of(p), fields_of(p))
}

fn slot_of(p: Packed) -> u32 {
    p >> FIELD_BITS
}

fn fields_of(p: Packed) -> u8 {
    (p & ((1 << FIELD_BITS) - 1)) as u8
}

/// What filters, facets and sorts read about a document, kept apart from
/// its text so a scan over thousands of them stays in cache.
#[derive(Clone, Copy, Debug)]
struct Attrs {
    live: bool,
    in_stock: bool,
    product_id: i64,
    category_id: i64,
    shop_id: i64,
    /// 0 when the product has no brand.
    brand_id: i64,
    price_min_minor: i64,
    price_max_minor: i64,
    sales_count: i64,
    rating_count: i64,
    rating_x10: i64,
    created_at: i64,
}

/// What a result card shows that is not in `Attrs`.
struct Shown {
    title: Box<str>,
    image: Option<ImageRef>,
}

#[derive(Default)]
struct Index {
    /// One slot per indexed version of a product (`live` false once
    /// replaced); the text it was found by is only in `postings`.
    attrs: Vec<Attrs>,
    shown: Vec<Option<Shown>>,
    slot_of: FxHashMap<i64, u32>,
    postings: FxHashMap<Box<str>, Vec<Packed>>,
    brand_names: FxHashMap<i64, Box<str>>,
    live: usize,
    /// The Latin terms, sorted: suggestions find the words a typed prefix
    /// begins, and corrections look only here.
    latin_terms: BTreeSet<Box<str>>,
    /// A word as written for each Latin term that is a stem ("qualiti" →
    /// "quality"), so a correction offers a word, not a stem.
    written: FxHashMap<Box<str>, Box<str>>,
}

/// Most candidate products a suggestion looks at, and most indexed words a
/// typed prefix may stand for: a one-letter prefix costs no more than this.
const SUGGEST_SCAN: usize = 20_000;
const SUGGEST_PREFIX_TERMS: usize = 64;

impl Index {
    fn insert(&mut self, product: IndexedProduct) {
        self.remove(product.product_id);
        if self.attrs.len() as u32 >= MAX_SLOT {
            self.compact();
        }
        let slot = self.attrs.len() as u32;
        let mut fields: FxHashMap<String, u8> = FxHashMap::default();
        for (text, field) in [
            (&product.title, TITLE),
            (&product.brand, BRAND),
            (&product.category_words, CATEGORY),
            (&product.description, DESCRIPTION),
        ] {
            for token in index_tokens(text) {
                let word = &text[token.range.clone()];
                if token.term.is_ascii() && token.term != word && !self.written.contains_key(token.term.as_str()) {
                    self.written.insert(
                        token.term.clone().into_boxed_str(),
                        word.to_lowercase().into_boxed_str(),
                    );
                }
                *fields.entry(token.term).or_default() |= field;
            }
        }
        // Category and shop "terms" (not typable: they start with a control
        // character) let a category or shop page start from its own products.
        fields.insert(category_term(product.category_id), 0);
        fields.insert(shop_term(product.shop_id), 0);
        for (term, f) in fields {
            let list = match self.postings.get_mut(term.as_str()) {
                Some(list) => list,
                None => {
                    if term.is_ascii() && !term.starts_with('\u{1}') {
                        self.latin_terms.insert(term.clone().into_boxed_str());
                    }
                    self.postings.entry(term.into_boxed_str()).or_default()
                }
            };
            list.push(pack(slot, f));
        }
        if let Some(id) = product.brand_id {
            if !product.brand.is_empty() {
                self.brand_names.insert(id, product.brand.into_boxed_str());
            }
        }
        self.slot_of.insert(product.product_id, slot);
        self.attrs.push(Attrs {
            live: true,
            in_stock: product.in_stock,
            product_id: product.product_id,
            category_id: product.category_id,
            shop_id: product.shop_id,
            brand_id: product.brand_id.unwrap_or(0),
            price_min_minor: product.price_min_minor,
            price_max_minor: product.price_max_minor,
            sales_count: product.sales_count,
            rating_count: product.rating_count,
            rating_x10: product.rating_x10,
            created_at: product.created_at,
        });
        self.shown.push(Some(Shown {
            title: product.title.into_boxed_str(),
            image: product.image,
        }));
        self.live += 1;
    }

    fn remove(&mut self, product_id: i64) {
        if let Some(slot) = self.slot_of.remove(&product_id) {
            self.attrs[slot as usize].live = false;
            self.shown[slot as usize] = None;
            self.live -= 1;
        }
    }

    /// Renumbers live documents from zero, dropping replaced versions and
    /// their postings, and gives back spare capacity. Replacements leave dead
    /// slots behind (every stock or price change is one), so this runs when
    /// they outnumber the live ones, and after a bulk load.
    fn compact(&mut self) {
        let mut renumber = vec![u32::MAX; self.attrs.len()];
        let mut next = 0u32;
        for (old, a) in self.attrs.iter().enumerate() {
            if a.live {
                renumber[old] = next;
                next += 1;
            }
        }
        let old_shown = std::mem::take(&mut self.shown);
        self.shown = old_shown
            .into_iter()
            .zip(&self.attrs)
            .filter(|(_, a)| a.live)
            .map(|(s, _)| s)
            .collect();
        self.attrs.retain(|a| a.live);
        self.attrs.shrink_to_fit();
        for slot in self.slot_of.values_mut() {
            *slot = renumber[*slot as usize];
        }
        self.postings.retain(|_, list| {
            list.retain_mut(|p| {
                let (slot, fields) = unpack(*p);
                match renumber[slot as usize] {
                    u32::MAX => false,
                    new => {
                        *p = pack(new, fields);
                        true
                    }
                }
            });
            list.shrink_to_fit();
            !list.is_empty()
        });
        let postings = &self.postings;
        self.latin_terms.retain(|t| postings.contains_key(t));
        self.written.retain(|t, _| postings.contains_key(t));
        self.postings.shrink_to_fit();
        self.slot_of.shrink_to_fit();
    }

    fn dead_slots(&self) -> usize {
        self.attrs.len() - self.live
    }

    fn postings_of(&self, term: &str) -> &[Packed] {
        self.postings.get(term).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Documents that satisfy one query term (the word, or all its parts);
    /// a plain word's list is borrowed, not copied.
    fn matches(&self, qt: &QueryTerm) -> Cow<'_, [Packed]> {
        let direct = self.postings_of(&qt.term);
        if qt.parts.is_empty() {
            return Cow::Borrowed(direct);
        }
        let mut parts = qt.parts.iter().map(|p| self.postings_of(p));
        let first = parts.next().map(<[_]>::to_vec).unwrap_or_default();
        let combined = parts.fold(first, |acc, next| intersect(&acc, next));
        Cow::Owned(union(direct, &combined))
    }

    fn is_live(&self, slot: u32) -> bool {
        self.attrs.get(slot as usize).is_some_and(|a| a.live)
    }

    fn term_slots(&self, term: &str) -> impl Iterator<Item = u32> + '_ {
        self.postings_of(term).iter().map(|p| slot_of(*p))
    }

    fn card(&self, slot: u32) -> Option<ProductCard> {
        let a = self.attrs.get(slot as usize)?;
        let shown = self.shown.get(slot as usize)?.as_ref()?;
        Some(ProductCard {
            product_id: a.product_id,
            title: shown.title.to_string(),
            price_min_minor: a.price_min_minor,
            price_max_minor: a.price_max_minor,
            sales_count: a.sales_count,
            rating_count: a.rating_count,
            rating_x10: a.rating_x10,
            image: shown.image.clone(),
        })
    }
}

fn category_term(id: i64) -> String {
    format!("\u{1}c{id}")
}

fn shop_term(id: i64) -> String {
    format!("\u{1}s{id}")
}

/// How many leading postings of `rest` are below `slot`: probes 1, 2, 4, …
/// ahead, then bisects the last step, so a walk through a list costs about
/// the length of the other list when they differ a lot, and stays linear
/// when they do not.
fn seek(rest: &[Packed], slot: u32) -> usize {
    let mut bound = 1;
    while bound < rest.len() && slot_of(rest[bound - 1]) < slot {
        bound *= 2;
    }
    let start = bound / 2;
    let end = bound.min(rest.len());
    start + rest[start..end].partition_point(|q| slot_of(*q) < slot)
}

/// Postings in both lists, with the fields both have. Walks the shorter
/// list and gallops through the longer, so a rare word against a word in
/// every description costs the rare word's length, not the catalogue's.
fn intersect(a: &[Packed], b: &[Packed]) -> Vec<Packed> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(short.len());
    let mut rest = long;
    for &p in short {
        let slot = slot_of(p);
        rest = &rest[seek(rest, slot)..];
        match rest.first() {
            Some(&q) if slot_of(q) == slot => {
                out.push(pack(slot, fields_of(p) & fields_of(q)));
                rest = &rest[1..];
            }
            Some(_) => {}
            None => break,
        }
    }
    out
}

/// Postings in either list, with the fields of both.
fn union(a: &[Packed], b: &[Packed]) -> Vec<Packed> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len() + b.len()));
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && slot_of(a[i]) < slot_of(b[j])) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || slot_of(b[j]) < slot_of(a[i]) {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i] | b[j]);
            i += 1;
            j += 1;
        }
    }
    out
}

/// Adds each slot's field score in `list` to `scored` (both sorted by slot).
fn add_scores(scored: &mut [(u32, u32)], list: &[Packed], bonus: u32) {
    let mut rest = list;
    for (slot, score) in scored.iter_mut() {
        rest = &rest[seek(rest, *slot)..];
        match rest.first() {
            Some(&q) if slot_of(q) == *slot => {
                *score += field_score(fields_of(q)) + bonus;
                rest = &rest[1..];
            }
            Some(_) => {}
            None => break,
        }
    }
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

/// Orders results ascending: sold-out products after those in stock, then
/// the chosen order, then the product id so pages never overlap.
type SortKey = (bool, i64, i64, i64);

fn sort_key(sort: SortOrder, has_words: bool, a: &Attrs, score: u32) -> SortKey {
    let sold_out = !a.in_stock;
    match sort {
        SortOrder::Relevance if has_words => (sold_out, -i64::from(score), -a.sales_count, -a.product_id),
        SortOrder::Relevance | SortOrder::Newest => (sold_out, -a.created_at, -a.product_id, 0),
        SortOrder::PriceAsc => (sold_out, a.price_min_minor, a.product_id, 0),
        SortOrder::PriceDesc => (sold_out, -a.price_min_minor, a.product_id, 0),
        SortOrder::BestSelling => (sold_out, -a.sales_count, a.product_id, 0),
        SortOrder::Rating => (sold_out, -a.rating_x10, -a.rating_count, a.product_id),
    }
}

impl SearchEngine for InProcessEngine {
    fn upsert(&self, products: Vec<IndexedProduct>) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        for p in products {
            index.insert(p);
        }
        if index.dead_slots() > index.live.max(1024) {
            index.compact();
        }
    }

    fn compact(&self) {
        self.index.write().unwrap_or_else(|e| e.into_inner()).compact();
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
        let a = index.attrs.get(slot as usize).filter(|a| a.live)?;
        Some((a.category_id, a.shop_id))
    }

    fn search(&self, q: &EngineQuery) -> EngineResult {
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let terms = query_terms(&q.text);

        // Candidates (slot, relevance). Words start from their postings; a
        // listing without words starts from its categories' or shop's own
        // products, so its cost follows its size, not the catalogue's.
        let mut approximate = false;
        let candidates: Vec<(u32, u32)> = if !terms.is_empty() {
            let mut lists: Vec<Cow<'_, [Packed]>> = terms.iter().map(|t| index.matches(t)).collect();
            lists.sort_by_key(|l| l.len());
            let mut all: Vec<Packed> = lists.first().map(|l| l.to_vec()).unwrap_or_default();
            for list in lists.iter().skip(1) {
                all = intersect(&all, list);
            }
            if !all.is_empty() {
                let mut scored: Vec<(u32, u32)> = all.iter().map(|p| (slot_of(*p), 0)).collect();
                for list in &lists {
                    add_scores(&mut scored, list, 0);
                }
                scored
            } else {
                // Closest matches: any word, scored by how many words match.
                approximate = lists.iter().any(|l| !l.is_empty());
                let mut any: Vec<(u32, u32)> = lists
                    .iter()
                    .flat_map(|l| l.iter())
                    .map(|p| (slot_of(*p), field_score(fields_of(*p)) + 100))
                    .collect();
                any.sort_unstable_by_key(|p| p.0);
                any.dedup_by(|later, kept| {
                    let same = later.0 == kept.0;
                    if same {
                        kept.1 += later.1;
                    }
                    same
                });
                any
            }
        } else if let Some(scope) = q.category_scope.as_ref().or(q.category_ids.as_ref()) {
            scope
                .iter()
                .flat_map(|id| index.term_slots(&category_term(*id)))
                .map(|slot| (slot, 0))
                .collect()
        } else if let Some(shop) = q.shop_id {
            index.term_slots(&shop_term(shop)).map(|slot| (slot, 0)).collect()
        } else {
            (0..index.attrs.len() as u32).map(|slot| (slot, 0)).collect()
        };

        let in_category = |a: &Attrs| q.category_ids.as_ref().is_none_or(|ids| ids.contains(&a.category_id));
        let in_scope = |a: &Attrs| q.category_scope.as_ref().is_none_or(|ids| ids.contains(&a.category_id));
        let in_brand = |a: &Attrs| q.brand_ids.is_empty() || (a.brand_id != 0 && q.brand_ids.contains(&a.brand_id));
        let other_filters = |a: &Attrs| {
            q.shop_id.is_none_or(|shop| a.shop_id == shop)
                && q.price_min_minor.is_none_or(|min| a.price_max_minor >= min)
                && q.price_max_minor.is_none_or(|max| a.price_min_minor <= max)
                && (!q.in_stock || a.in_stock)
                && q.rating_min_x10.is_none_or(|r| a.rating_count > 0 && a.rating_x10 >= r)
        };

        // One pass: filters, facet counts (each ignoring its own filter) and
        // the sort key of what is kept.
        let has_words = !terms.is_empty();
        let mut category_counts: FxHashMap<i64, u64> = FxHashMap::default();
        let mut brand_counts: FxHashMap<i64, u64> = FxHashMap::default();
        // The best `want` so far (a max-heap: its top is the worst kept), so
        // a word found in a million descriptions costs a comparison per
        // product, not a 40 MB vector to sort.
        let want = q.offset.saturating_add(q.limit);
        let mut best: BinaryHeap<(SortKey, u32)> = BinaryHeap::with_capacity(want.min(4096) + 1);
        let mut total = 0usize;
        for (slot, score) in candidates {
            let Some(a) = index.attrs.get(slot as usize) else {
                continue;
            };
            if !a.live || !other_filters(a) || !in_scope(a) {
                continue;
            }
            let (c, b) = (in_category(a), in_brand(a));
            if b {
                *category_counts.entry(a.category_id).or_default() += 1;
            }
            if c && a.brand_id != 0 {
                *brand_counts.entry(a.brand_id).or_default() += 1;
            }
            if c && b {
                total += 1;
                let item = (sort_key(q.sort, has_words, a, score), slot);
                if best.len() < want {
                    best.push(item);
                } else if let Some(mut worst) = best.peek_mut() {
                    if item < *worst {
                        *worst = item;
                    }
                }
            }
        }
        let hits = best
            .into_sorted_vec()
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .filter_map(|(_, slot)| {
                let card = index.card(slot)?;
                let title_marks = mark_title(&card.title, &terms);
                Some(EngineHit { card, title_marks })
            })
            .collect();

        let did_you_mean = if total == 0 || approximate {
            correct(&index, &q.text)
        } else {
            None
        };
        let mut category_counts: Vec<(i64, u64)> = category_counts.into_iter().collect();
        category_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut brand_counts: Vec<(i64, String, u64)> = brand_counts
            .into_iter()
            .map(|(id, c)| {
                let name = index.brand_names.get(&id).map(|n| n.to_string()).unwrap_or_default();
                (id, name, c)
            })
            .collect();
        brand_counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        // A chosen brand stays in the list (first, so no cut-off drops it),
        // even when nothing matches it any more: the shopper must be able
        // to see and clear their own filter.
        for id in q.brand_ids.iter().rev() {
            let entry = match brand_counts.iter().position(|b| b.0 == *id) {
                Some(at) => brand_counts.remove(at),
                None => match index.brand_names.get(id) {
                    Some(name) => (*id, name.to_string(), 0),
                    None => continue,
                },
            };
            brand_counts.insert(0, entry);
        }
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
        let last_word = prefix.split_whitespace().last().unwrap_or(&prefix).to_string();
        // Earlier words narrow the candidates; the last one may be half typed.
        let earlier = prefix.strip_suffix(last_word.as_str()).unwrap_or("");
        let base: Option<Vec<Packed>> = query_terms(earlier)
            .iter()
            .map(|t| index.matches(t).into_owned())
            .reduce(|a, b| intersect(&a, &b));
        // The last word: the products of the indexed words it begins (Latin,
        // from the sorted terms), or of its own words (Chinese). Never a
        // scan of every title.
        let mut slots: Vec<u32> = Vec::new();
        if last_word.chars().all(|c| c.is_ascii_alphanumeric()) {
            let stem = normalize_word(&last_word);
            let mut terms: Vec<&str> = Vec::new();
            for start in [last_word.as_str(), stem.as_str()] {
                terms.extend(
                    index
                        .latin_terms
                        .range::<str, _>((std::ops::Bound::Included(start), std::ops::Bound::Unbounded))
                        .take_while(|t| t.starts_with(start))
                        .take(SUGGEST_PREFIX_TERMS)
                        .map(|t| &**t),
                );
            }
            for term in terms {
                slots.extend(index.term_slots(term).take(SUGGEST_SCAN));
                if slots.len() >= 4 * SUGGEST_SCAN {
                    break;
                }
            }
        } else {
            // The typed word as indexed (search mode keeps "快充" whole,
            // where a query cuts it), or all of the words a query cuts it into.
            slots.extend(index.term_slots(&last_word).take(SUGGEST_SCAN));
            if let Some(list) = query_terms(&last_word)
                .iter()
                .map(|t| index.matches(t).into_owned())
                .reduce(|a, b| intersect(&a, &b))
            {
                slots.extend(list.iter().take(SUGGEST_SCAN).map(|p| slot_of(*p)));
            }
        }
        slots.sort_unstable();
        slots.dedup();
        if let Some(base) = &base {
            let base: Vec<u32> = base.iter().map(|p| slot_of(*p)).collect();
            slots.retain(|s| base.binary_search(s).is_ok());
        }
        // Titles that contain the typed text, best sellers first.
        let mut found: Vec<(i64, &str)> = Vec::new();
        for slot in slots.into_iter().take(SUGGEST_SCAN) {
            if let (Some(a), Some(Some(shown))) = (index.attrs.get(slot as usize), index.shown.get(slot as usize)) {
                if a.live && shown.title.to_lowercase().contains(&last_word) {
                    found.push((a.sales_count, &shown.title));
                }
            }
        }
        found.sort_by_key(|(sales, _)| std::cmp::Reverse(*sales));
        let mut out: Vec<String> = Vec::new();
        for (_, title) in found {
            if !out.iter().any(|t| t == title) {
                out.push(title.to_string());
            }
            if out.len() >= limit {
                break;
            }
        }
        out
    }
}

/// "Did you mean": each Latin word that matches nothing replaced by the
/// closest indexed word (up to two edits), as it is written in the
/// catalogue, never as a stem. Only the first words a query is searched by
/// are looked at, each once, and only among the Latin terms of a similar
/// length, so a long query costs no more than a short one.
fn correct(index: &Index, text: &str) -> Option<String> {
    let mut changed = false;
    let mut seen: FxHashMap<String, String> = FxHashMap::default();
    let words: Vec<String> = text
        .split_whitespace()
        .take(MAX_QUERY_TERMS)
        .map(|w| {
            let lower = w.to_lowercase();
            if let Some(done) = seen.get(&lower) {
                return done.clone();
            }
            let known = query_terms(&lower)
                .iter()
                .all(|t| index.postings.contains_key(t.term.as_str()));
            let fixed = if known || lower.chars().count() < 4 || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
                None
            } else {
                index
                    .latin_terms
                    .iter()
                    .filter(|term| term.len().abs_diff(lower.len()) <= 2)
                    .map(|term| {
                        let written = index.written.get(term).unwrap_or(term);
                        (edit_distance(written, &lower), term)
                    })
                    .filter(|(d, _)| *d <= 2)
                    .filter(|(_, term)| index.term_slots(term).any(|slot| index.is_live(slot)))
                    .map(|(d, term)| (d, std::cmp::Reverse(index.postings_of(term).len()), term))
                    .min()
                    .map(|(_, _, term)| index.written.get(term).unwrap_or(term).to_string())
            };
            let out = match fixed {
                Some(word) => {
                    changed = true;
                    word
                }
                None => w.to_string(),
            };
            seen.insert(lower, out.clone());
            out
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
        // Typed past its stem ("charger" → "charg"), in Chinese, after a word.
        assert!(engine().suggest("charger", 5).iter().any(|t| t.contains("Charger")));
        assert!(engine().suggest("快充", 5).iter().any(|t| t.contains("GaN")));
        let s = engine().suggest("sport earp", 5);
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(engine().suggest("zzzz", 5).is_empty());
    }

    #[test]
    fn corrections_offer_words_as_written_not_stems() {
        let e = InProcessEngine::new();
        e.upsert(vec![product(1, "Quality batteries", "Lasting quality", true)]);
        let r = e.search(&query("qualty"));
        assert_eq!(r.did_you_mean.as_deref(), Some("quality"));
        let r = e.search(&query("baterries"));
        assert_eq!(r.did_you_mean.as_deref(), Some("batteries"));
        // A long query of the same unknown word is corrected once, the same.
        let r = e.search(&query(&"qualty ".repeat(40)));
        assert!(r.did_you_mean.is_some_and(|d| d.split(' ').all(|w| w == "quality")));
    }

    #[test]
    fn a_chosen_brand_stays_in_the_brand_list() {
        let e = engine();
        // Xiaomi (2) is chosen, but the price filter leaves only a Sony.
        let q = EngineQuery {
            brand_ids: vec![2],
            price_min_minor: Some(4000),
            price_max_minor: Some(4000),
            ..query("")
        };
        let r = e.search(&q);
        assert_eq!(r.total, 0, "the chosen brand has nothing at this price");
        assert_eq!(
            r.brand_counts.first().map(|b| (b.0, b.2)),
            Some((2, 0)),
            "{:?}",
            r.brand_counts
        );
    }

    #[test]
    fn pages_of_a_sorted_listing_follow_each_other_without_gaps_or_repeats() {
        let e = InProcessEngine::new();
        e.upsert(
            (1..=95)
                .map(|id| {
                    let mut p = product(id, &format!("Kettle {id}"), "", id % 7 != 0);
                    // Repeated prices and sales, so ties are broken by id.
                    p.price_min_minor = (id % 10) * 100;
                    p.sales_count = id % 4;
                    p
                })
                .collect(),
        );
        for sort in SortOrder::ALL {
            let mut whole = query("kettle");
            whole.sort = sort;
            whole.limit = 200;
            let all = ids(&e.search(&whole));
            assert_eq!(all.len(), 95);
            let mut paged = Vec::new();
            for page in 0..5 {
                let mut q = whole.clone();
                q.offset = page * 20;
                q.limit = 20;
                paged.extend(ids(&e.search(&q)));
            }
            assert_eq!(paged, all, "{sort:?}");
        }
    }

    #[test]
    fn browsing_counts_the_category_family_only() {
        let e = engine();
        e.upsert(vec![IndexedProduct {
            category_id: 99,
            ..product(5, "Rice Cooker 电饭煲", "", true)
        }]);
        let mut q = query("");
        q.category_ids = Some(vec![10]);
        q.category_scope = Some(vec![10, 11, 12]);
        let r = e.search(&q);
        assert_eq!(ids(&r), vec![3], "only the browsed category is listed");
        let counted: Vec<i64> = r.category_counts.iter().map(|c| c.0).collect();
        assert!(counted.contains(&11) && counted.contains(&12), "{counted:?}");
        assert!(!counted.contains(&99), "categories outside the family are not counted");
    }

    #[test]
    fn replaced_versions_are_compacted_away_without_changing_results() {
        let e = engine();
        for round in 0..3000 {
            e.upsert(vec![product(3, &format!("Anker Charger round{round}"), "", true)]);
        }
        {
            let index = e.index.read().unwrap();
            assert!(
                index.attrs.len() < 1100,
                "slots stay near the live count: {}",
                index.attrs.len()
            );
        }
        e.compact();
        assert_eq!(e.index.read().unwrap().attrs.len(), 4);
        assert_eq!(ids(&e.search(&query("round2999"))), vec![3]);
        assert!(ids(&e.search(&query("round5"))).is_empty(), "old versions are gone");
        assert_eq!(ids(&e.search(&query("蓝牙"))), vec![1, 4]);
        let mut q = query("");
        q.category_ids = Some(vec![10]);
        assert_eq!(ids(&e.search(&q)), vec![3]);
    }

    #[test]
    fn intersection_and_union_agree_with_plain_set_operations() {
        // Lists of very different lengths, so galloping is exercised.
        let long: Vec<Packed> = (0..5000u32).filter(|s| s % 3 != 0).map(|s| pack(s, TITLE)).collect();
        let short: Vec<Packed> = [1u32, 2, 3, 299, 300, 301, 4999, 6000]
            .iter()
            .map(|s| pack(*s, TITLE | DESCRIPTION))
            .collect();
        let slots = |l: &[Packed]| l.iter().map(|p| slot_of(*p)).collect::<Vec<_>>();
        assert_eq!(slots(&intersect(&short, &long)), vec![1, 2, 299, 301, 4999]);
        assert_eq!(slots(&intersect(&long, &short)), vec![1, 2, 299, 301, 4999]);
        assert!(intersect(&short, &long).iter().all(|p| fields_of(*p) == TITLE));
        let both = union(&short, &long);
        assert_eq!(both.len(), long.len() + 3, "3, 300 and 6000 are only in the short list");
        assert!(both.windows(2).all(|w| slot_of(w[0]) < slot_of(w[1])));
        assert_eq!(
            fields_of(both[0]),
            TITLE | DESCRIPTION,
            "slot 1 carries both lists' fields"
        );
    }
}
