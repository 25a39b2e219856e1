//! The product page's Reviews section as HTML made once per server: the
//! summary, filters, one page of reviews and the pager are the same for
//! every reader of a product until its reviews change, and rendering them
//! for each reader cost a rendered product page a third of its speed.
//!
//! A copy is current exactly when it was made from the product's
//! `reviews_version` (counted up in the transaction of every change the
//! section shows, and read with the product), so no server ever shows an
//! old copy after the change committed: nothing to invalidate, and a copy
//! of an older version is simply never asked for again. The one thing that
//! differs between readers, the Helpful buttons they have already pressed,
//! is marked per request on the copy.
//!
//! The section reaches the page through `inner_html`: its links and forms
//! are plain HTML that works the same with or without the client, which
//! hydrates around it without receiving the reviews a second time.

use super::components::{render_review_page, HELPFUL_ID_PREFIX};
use super::messages::ReviewsMsg;
use super::model::{ReviewFilter, ReviewSort, ReviewsAsk};
use crate::error::AppError;
use crate::i18n::{Locale, Message};
use crate::server::Conn;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// Bytes of HTML kept (about 12 KB a page); past this, the pages of the
/// least recently stored half of the products go.
const BYTES_KEPT: usize = 16 << 20;
/// Pages kept per product (filters × sorts × pages × languages): the first
/// few are almost every view.
const PAGES_KEPT: usize = 32;
/// Page numbers beyond this are rendered as this one (the service clamps
/// them to the last page anyway): a typed-in page number cannot fill the
/// cache.
const PAGE_CAP: i64 = 10_000;

/// What tells one rendered page of a product's section from another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct PageKey {
    filter: ReviewFilter,
    sort: ReviewSort,
    page: i64,
    locale: Locale,
}

/// One rendered page and the reviews on it.
struct Rendered {
    html: Arc<str>,
    review_ids: Vec<i64>,
}

/// A product's rendered pages, all of one version.
struct ProductPages {
    version: i64,
    used: u64,
    bytes: usize,
    pages: HashMap<PageKey, Arc<Rendered>>,
}

#[derive(Default)]
struct Kept {
    products: HashMap<i64, ProductPages>,
    bytes: usize,
}

/// This server's rendered sections.
#[derive(Default)]
pub struct ReviewsHtml {
    kept: RwLock<Kept>,
    clock: std::sync::atomic::AtomicU64,
}

impl ReviewsHtml {
    fn get(&self, product_id: i64, version: i64, key: &PageKey) -> Option<Arc<Rendered>> {
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        let pages = kept.products.get(&product_id).filter(|p| p.version == version)?;
        pages.pages.get(key).cloned()
    }

    fn put(&self, product_id: i64, version: i64, key: PageKey, rendered: Arc<Rendered>) {
        let used = self.clock.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let size = rendered.html.len();
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        if kept.bytes + size > BYTES_KEPT {
            // The least recently stored half goes (one sort per half
            // emptied, not per page).
            let mut ages: Vec<u64> = kept.products.values().map(|p| p.used).collect();
            ages.sort_unstable();
            let cut = ages.get(ages.len() / 2).copied().unwrap_or(u64::MAX);
            kept.products.retain(|_, p| p.used > cut);
            kept.bytes = kept.products.values().map(|p| p.bytes).sum();
        }
        let Kept { products, bytes } = &mut *kept;
        let entry = products.entry(product_id).or_insert_with(|| ProductPages {
            version,
            used,
            bytes: 0,
            pages: HashMap::new(),
        });
        // A render of an older version than the one kept arrives late: drop it.
        if entry.version > version {
            return;
        }
        if entry.version < version || entry.pages.len() >= PAGES_KEPT {
            *bytes -= entry.bytes;
            entry.bytes = 0;
            entry.pages.clear();
        }
        entry.version = version;
        entry.used = used;
        if let Some(old) = entry.pages.insert(key, rendered) {
            entry.bytes -= old.html.len();
            *bytes -= old.html.len();
        }
        entry.bytes += size;
        *bytes += size;
    }
}

/// The section's HTML for the request's reader and language: the kept
/// copy of this version, or a new one; with the reader's Helpful votes
/// marked.
pub async fn section(
    conn: &mut Conn,
    cache: &ReviewsHtml,
    product_id: i64,
    version: i64,
    asked: &ReviewsAsk,
) -> Result<String, AppError> {
    let viewer_id = crate::server::viewer().map(|v| v.user_id);
    let locale = crate::i18n::request_locale();
    let key = PageKey {
        filter: ReviewFilter::parse(asked.filter.as_deref().unwrap_or_default()),
        sort: ReviewSort::parse(asked.sort.as_deref().unwrap_or_default()),
        page: asked.page.unwrap_or(1).clamp(1, PAGE_CAP),
        locale,
    };
    let rendered = match cache.get(product_id, version, &key) {
        Some(r) => r,
        None => {
            let data = super::service::product_reviews(conn, None, product_id, key.filter, key.sort, key.page).await?;
            let review_ids = data.reviews.iter().map(|r| r.review_id).collect();
            let html = render_review_page(product_id, &data, locale);
            let rendered = Arc::new(Rendered {
                html: html.into(),
                review_ids,
            });
            cache.put(product_id, version, key, rendered.clone());
            rendered
        }
    };
    let voted = match viewer_id {
        Some(user_id) if !rendered.review_ids.is_empty() => {
            super::db::voted_among(conn, user_id, &rendered.review_ids).await?
        }
        _ => Vec::new(),
    };
    Ok(mark_voted(&rendered.html, &voted, locale))
}

/// The copy with the Helpful buttons of `voted` at rest (one vote per
/// account: once given, the button says so).
pub fn mark_voted(html: &str, voted: &[i64], locale: Locale) -> String {
    let mut out = html.to_string();
    if voted.is_empty() {
        return out;
    }
    let title = ReviewsMsg::Voted
        .text(locale)
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    for id in voted {
        let anchor = format!("id=\"{HELPFUL_ID_PREFIX}{id}\"");
        if let Some(at) = out.find(&anchor) {
            out.insert_str(at + anchor.len(), &format!(" disabled title=\"{title}\""));
        }
    }
    out
}

/// Where a server render of the product page receives the section's HTML
/// from the product's own load, so that it is written into the page once
/// and not also into the data the client hydrates from.
#[derive(Clone, Default)]
pub struct SectionSlot(Arc<Mutex<Option<String>>>);

impl SectionSlot {
    pub fn put(&self, html: String) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(html);
    }

    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_readers_own_votes_are_marked() {
        let html = format!(
            "<button id=\"{HELPFUL_ID_PREFIX}7\">Helpful (3)</button><button id=\"{HELPFUL_ID_PREFIX}70\">Helpful (0)</button>"
        );
        let marked = mark_voted(&html, &[7], Locale::En);
        assert!(marked.contains(&format!("id=\"{HELPFUL_ID_PREFIX}7\" disabled title=")));
        assert!(!marked.contains(&format!("id=\"{HELPFUL_ID_PREFIX}70\" disabled")));
        assert_eq!(mark_voted(&html, &[], Locale::En), html);
    }

    #[test]
    fn a_newer_version_replaces_the_pages_and_an_older_one_is_not_kept() {
        let cache = ReviewsHtml::default();
        let key = PageKey {
            filter: ReviewFilter::All,
            sort: ReviewSort::Newest,
            page: 1,
            locale: Locale::En,
        };
        let page = |s: &str| {
            Arc::new(Rendered {
                html: s.into(),
                review_ids: vec![],
            })
        };
        cache.put(1, 2, key, page("v2"));
        assert_eq!(&*cache.get(1, 2, &key).unwrap().html, "v2");
        assert!(cache.get(1, 1, &key).is_none());
        cache.put(1, 1, key, page("v1"));
        assert_eq!(&*cache.get(1, 2, &key).unwrap().html, "v2");
        cache.put(1, 3, key, page("v3"));
        assert!(cache.get(1, 2, &key).is_none());
        assert_eq!(&*cache.get(1, 3, &key).unwrap().html, "v3");
        assert_eq!(cache.kept.read().unwrap().bytes, 2);
    }

    #[test]
    fn the_kept_html_stays_within_its_bytes() {
        let cache = ReviewsHtml::default();
        let html: Arc<str> = "x".repeat(100_000).into();
        for product in 0..1_000 {
            let key = PageKey {
                filter: ReviewFilter::All,
                sort: ReviewSort::Newest,
                page: 1,
                locale: Locale::En,
            };
            let page = Arc::new(Rendered {
                html: html.clone(),
                review_ids: vec![],
            });
            cache.put(product, 0, key, page);
            let kept = cache.kept.read().unwrap();
            assert!(kept.bytes <= BYTES_KEPT);
            assert_eq!(kept.bytes, kept.products.values().map(|p| p.bytes).sum::<usize>());
        }
        // The newest stays.
        assert!(cache.kept.read().unwrap().products.contains_key(&999));
    }
}
