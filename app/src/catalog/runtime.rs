//! The catalog's in-process state: the search engine and the category tree,
//! both rebuilt from the database at start-up and kept current by following
//! the `storefront_change` log, so changes made through any server show here
//! within a second. Each batch of changes it applies is published as what it
//! made stale (`invalidations_since`), which the page cache follows.

use super::db;
use super::model::{rating_x10, CategoryNode, Crumb, HomeData, ImageRef, ListingQuery, ListingStatus, SortOrder};
use super::search::{EngineQuery, InProcessEngine, IndexedProduct, SearchEngine};
use crate::error::AppError;
use crate::i18n::Localized;
use crate::merchants::model::ShopBrief;
use crate::server::{Conn, Db};
use crate::storefront::cursor::{LogCursor, GAP_PATIENCE};
use crate::storefront::invalidation::{InvalidationLog, Stale};
use crate::storefront::model::{Change, Shows};
use crate::storefront::service as change_log;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

/// Changes read from the log per query.
const BATCH: i64 = 500;
/// At start-up, ids this far below the log's end that are not visible yet
/// are waited for (transactions in flight while the index loads).
const START_WINDOW: i64 = 1000;

/// The category tree with lookups by slug and id.
#[derive(Default)]
pub struct Categories {
    pub tree: Vec<CategoryNode>,
    by_slug: HashMap<String, (i64, Option<i64>)>,
    by_id: HashMap<i64, (Crumb, Option<i64>)>,
}

impl Categories {
    fn new(rows: Vec<db::CategoryRow>) -> Categories {
        let mut by_slug = HashMap::new();
        let mut by_id = HashMap::new();
        for r in &rows {
            by_slug.insert(r.slug.clone(), (r.category_id, r.parent_id));
            let crumb = Crumb {
                slug: r.slug.clone(),
                name: Localized::new(r.name_en.clone(), r.name_zh.clone()),
            };
            by_id.insert(r.category_id, (crumb, r.parent_id));
        }
        Categories {
            tree: super::service::category_tree(rows),
            by_slug,
            by_id,
        }
    }

    /// A category and its sub-categories, by slug.
    pub fn ids_under(&self, slug: &str) -> Option<Vec<i64>> {
        let (id, _) = *self.by_slug.get(slug)?;
        Some(self.with_children(id))
    }

    /// The family a category's facet shows: its parent and the parent's
    /// children (the category itself when it is at the top).
    pub fn family(&self, slug: &str) -> Option<Vec<i64>> {
        let (id, parent) = *self.by_slug.get(slug)?;
        Some(self.with_children(parent.unwrap_or(id)))
    }

    fn with_children(&self, id: i64) -> Vec<i64> {
        let mut ids = vec![id];
        ids.extend(
            self.by_id
                .iter()
                .filter(|(_, (_, parent))| *parent == Some(id))
                .map(|(child, _)| *child),
        );
        ids
    }

    /// Root-first path to a category.
    pub fn path(&self, id: i64) -> Vec<Crumb> {
        let mut out = Vec::new();
        let mut current = Some(id);
        while let Some(c) = current {
            match self.by_id.get(&c) {
                Some((crumb, parent)) if out.len() < 4 => {
                    out.push(crumb.clone());
                    current = *parent;
                }
                _ => break,
            }
        }
        out.reverse();
        out
    }

    /// A category and the categories above it, nearest first: the listings
    /// a product in `id` appears in.
    pub fn ancestors(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut current = Some(id);
        while let Some(c) = current {
            if out.len() >= 4 || out.contains(&c) {
                break;
            }
            out.push(c);
            current = self.by_id.get(&c).and_then(|(_, parent)| *parent);
        }
        out
    }

    pub fn crumb(&self, id: i64) -> Option<&Crumb> {
        self.by_id.get(&id).map(|(c, _)| c)
    }

    pub fn id_of(&self, slug: &str) -> Option<i64> {
        self.by_slug.get(slug).map(|(id, _)| *id)
    }
}

/// Shared by every request (lives in `AppState`).
pub struct CatalogRuntime {
    pub engine: Arc<dyn SearchEngine>,
    categories: RwLock<Arc<Categories>>,
    /// This server's position in the change log. Its lock also keeps a
    /// rebuild and the follower (or a test calling `follow`) from
    /// interleaving.
    cursor: tokio::sync::Mutex<LogCursor>,
    /// Bumped whenever the index changes; the home memo keys on it.
    generation: AtomicU64,
    /// The home page's lists, computed once per index generation.
    home: std::sync::Mutex<Option<(u64, Arc<HomeData>)>>,
    /// What each applied batch of changes made stale, for the page cache.
    invalidations: InvalidationLog,
    /// Shops as product pages show them (`None`: not open), until the change
    /// log says they changed; with the number of forgettings so far, so a
    /// lookup that raced one is not kept.
    shops: RwLock<(u64, HashMap<i64, Option<ShopBrief>>)>,
    /// Shops that do not trade (suspended): their products stay out of the
    /// index, so out of listings, search and suggestions.
    closed_shops: RwLock<HashSet<i64>>,
    /// Index work running at once (one per core); see `off_workers`.
    cpu_slots: tokio::sync::Semaphore,
}

impl Default for CatalogRuntime {
    fn default() -> Self {
        CatalogRuntime {
            engine: Arc::new(InProcessEngine::new()),
            categories: RwLock::new(Arc::new(Categories::default())),
            cursor: tokio::sync::Mutex::new(LogCursor::default()),
            generation: AtomicU64::new(0),
            home: std::sync::Mutex::new(None),
            invalidations: InvalidationLog::default(),
            shops: RwLock::new((0, HashMap::new())),
            closed_shops: RwLock::new(HashSet::new()),
            cpu_slots: tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())),
        }
    }
}

/// Runs index work (a search, a listing, suggestions) on the blocking pool,
/// at most one per core at once. Its cost grows with the catalogue and the
/// query; on the async workers a burst of expensive searches would stall
/// every other request, here it only queues behind its own kind.
pub async fn off_workers<T, F>(runtime: &Arc<CatalogRuntime>, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&CatalogRuntime) -> T + Send + 'static,
{
    let _slot = runtime.cpu_slots.acquire().await.map_err(crate::server::db::internal)?;
    let runtime = runtime.clone();
    tokio::task::spawn_blocking(move || work(&runtime))
        .await
        .map_err(crate::server::db::internal)
}

fn indexed(row: db::IndexRow, categories: &Categories) -> IndexedProduct {
    let category_words = categories
        .path(row.category_id)
        .iter()
        .map(|c| format!("{} {}", c.name.en, c.name.zh))
        .collect::<Vec<_>>()
        .join(" ");
    let image = match (row.media_key, row.width, row.height) {
        (Some(key), Some(width), Some(height)) => Some(ImageRef {
            url: crate::media::url_for(&key),
            srcset: crate::media::srcset_for(&key, width),
            width,
            height,
            alt: row.alt.unwrap_or_default(),
            option_value_id: None,
        }),
        _ => None,
    };
    IndexedProduct {
        product_id: row.product_id,
        title: row.title,
        description: row.description,
        brand_id: row.brand_id,
        brand: row.brand.unwrap_or_default(),
        category_id: row.category_id,
        shop_id: row.shop_id,
        category_words,
        price_min_minor: row.price_min_minor,
        price_max_minor: row.price_max_minor,
        in_stock: row.in_stock == 1,
        sales_count: row.sales_count,
        rating_count: row.rating_count,
        rating_x10: rating_x10(row.rating_sum, row.rating_count),
        created_at: row.created_at,
        image,
    }
}

/// Shops remembered at most (a marketplace has far fewer open shops than
/// this; past it the memo starts again).
const SHOPS_KEPT: usize = 20_000;

impl CatalogRuntime {
    /// An open shop, from memory once looked up (a product page needs its
    /// shop; every product of a shop shares it).
    pub async fn shop(&self, conn: &mut Conn, shop_id: i64) -> Result<Option<ShopBrief>, AppError> {
        let epoch = {
            let memo = self.shops.read().unwrap_or_else(|e| e.into_inner());
            if let Some(shop) = memo.1.get(&shop_id) {
                return Ok(shop.clone());
            }
            memo.0
        };
        let shop = crate::merchants::service::shop_by_id(conn, shop_id).await?;
        let mut memo = self.shops.write().unwrap_or_else(|e| e.into_inner());
        if memo.0 == epoch {
            if memo.1.len() >= SHOPS_KEPT {
                memo.1.clear();
            }
            memo.1.insert(shop_id, shop.clone());
        }
        Ok(shop)
    }

    /// Drops remembered shops (all of them with `None`).
    fn forget_shops(&self, ids: Option<&[i64]>) {
        let mut memo = self.shops.write().unwrap_or_else(|e| e.into_inner());
        memo.0 += 1;
        match ids {
            Some(ids) => ids.iter().for_each(|id| {
                memo.1.remove(id);
            }),
            None => memo.1.clear(),
        }
    }

    pub fn categories(&self) -> Arc<Categories> {
        self.categories.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The number of the latest batch of invalidations: a cache that has
    /// dealt with it is current.
    pub fn invalidation_seq(&self) -> u64 {
        self.invalidations.seq()
    }

    /// What became stale after invalidation `seq`, and the number that goes
    /// up to (`Stale::Everything` when the bounded log no longer reaches back).
    pub fn invalidations_since(&self, seq: u64) -> (u64, Stale) {
        self.invalidations.since(seq)
    }

    /// What a listing shows, for the page cache: its category's listing when
    /// a category is browsed, search results when there are words or no
    /// category.
    pub fn listing_shows(&self, q: &ListingQuery) -> Vec<Shows> {
        let category = q.category.as_deref().and_then(|slug| self.categories().id_of(slug));
        let mut shows: Vec<Shows> = category.map(Shows::CategoryListing).into_iter().collect();
        if !q.q.is_empty() || category.is_none() {
            shows.push(Shows::Search);
        }
        shows
    }

    /// The home page: categories, best sellers and new arrivals from the
    /// index (no database work), recomputed when the index changes.
    pub fn home(&self) -> Arc<HomeData> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut cached = self.home.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, data)) = cached.as_ref() {
            if *g == generation {
                return data.clone();
            }
        }
        let top = |sort| {
            let q = EngineQuery {
                sort,
                in_stock: true,
                limit: 12,
                ..EngineQuery::default()
            };
            self.engine.search(&q).hits.into_iter().map(|h| h.card).collect()
        };
        let data = Arc::new(HomeData {
            categories: self.categories().tree.clone(),
            featured: top(SortOrder::BestSelling),
            new_arrivals: top(SortOrder::Newest),
        });
        *cached = Some((generation, data.clone()));
        data
    }

    /// Loads everything from the database (start-up).
    pub async fn rebuild(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let mut cursor = self.cursor.lock().await;
        let started = Instant::now();
        super::search::text::warm_up();
        // Read the log position first: changes made while we load are
        // replayed by the next `follow`, and ids below it that are not
        // visible yet are waited for.
        let (last, from, visible) = change_log::position(db, START_WINDOW).await?;
        let total = self.load_everything(db).await?;
        self.forget_shops(None);
        *cursor = LogCursor::starting_at(last, from, &visible, Instant::now());
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.invalidations.publish(Stale::Everything);
        tracing::info!(
            products = total,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "search index built"
        );
        Ok(total)
    }

    /// The category tree and every live product, into the index.
    async fn load_everything(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let categories = Arc::new(Categories::new(db::all_categories(db.pool()).await?));
        *self.categories.write().unwrap_or_else(|e| e.into_inner()) = categories.clone();
        let closed: HashSet<i64> = crate::merchants::service::closed_shop_ids(&mut *db.read().await?)
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?
            .into_iter()
            .collect();
        *self.closed_shops.write().unwrap_or_else(|e| e.into_inner()) = closed.clone();
        let mut after = 0;
        let mut total = 0;
        loop {
            let rows = db::products_for_index(db.pool(), after, 2000).await?;
            let Some(last_row) = rows.last() else { break };
            after = last_row.product_id;
            // Shown: live, and its shop open. Anything else leaves the index
            // (a rebuild over an index that still holds it).
            let (shown, hidden): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| {
                ListingStatus::from_db(&r.status) == Some(ListingStatus::Live) && !closed.contains(&r.shop_id)
            });
            let hidden: Vec<i64> = hidden.iter().map(|r| r.product_id).collect();
            let batch: Vec<IndexedProduct> = shown.into_iter().map(|r| indexed(r, &categories)).collect();
            total += batch.len();
            let engine = self.engine.clone();
            // Segmenting text is CPU work: keep it off the async threads.
            tokio::task::spawn_blocking(move || {
                engine.remove(&hidden);
                engine.upsert(batch)
            })
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || engine.compact())
            .await
            .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        Ok(total)
    }

    /// Applies the changes logged since the last call, including ones that
    /// committed late below this server's position; returns how many
    /// changes were applied.
    pub async fn follow(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let mut cursor = self.cursor.lock().await;
        let mut applied = 0;
        // Holes first: changes that committed after a higher id was read.
        let gaps = cursor.gaps();
        if !gaps.is_empty() {
            let late = change_log::changes_among(db, &gaps).await?;
            applied += self.apply_batch(db, &mut cursor, late).await?;
        }
        loop {
            let batch = change_log::changes_after(db, cursor.high(), BATCH).await?;
            let full = batch.len() as i64 == BATCH;
            applied += self.apply_batch(db, &mut cursor, batch).await?;
            if !full {
                break;
            }
        }
        let given_up = cursor.expire(Instant::now(), GAP_PATIENCE);
        if !given_up.is_empty() {
            // Usually rolled-back transactions, which leave holes for ever.
            tracing::info!(
                count = given_up.len(),
                first = given_up[0],
                "stopped waiting for change log ids"
            );
        }
        Ok(applied)
    }

    /// Applies the rows not seen before and moves the cursor past them, only
    /// once they are applied (a failure leaves them to the next poll).
    async fn apply_batch(
        &self,
        db: &Db,
        cursor: &mut LogCursor,
        rows: Vec<(i64, Option<Change>)>,
    ) -> Result<usize, sqlx::Error> {
        let mut next = cursor.clone();
        let now = Instant::now();
        let fresh: Vec<Change> = rows
            .into_iter()
            .filter(|(id, _)| next.accept(*id, now))
            .filter_map(|(_, change)| change)
            .collect();
        let count = fresh.len();
        self.apply(db, fresh).await?;
        *cursor = next;
        Ok(count)
    }

    /// Brings the index up to date with `changes` and publishes what they
    /// made stale (after the index changed, so a page rendered once a cache
    /// has seen the invalidation shows the new state).
    async fn apply(&self, db: &Db, changes: Vec<Change>) -> Result<(), sqlx::Error> {
        if changes.is_empty() {
            return Ok(());
        }
        if changes.iter().any(|c| matches!(c, Change::Category(_))) {
            // Category names and the tree show on every page, and indexed
            // products carry their category's words: load it all again.
            // Operators change categories rarely.
            self.load_everything(db).await?;
            self.forget_shops(None);
            self.generation.fetch_add(1, Ordering::AcqRel);
            self.invalidations.publish(Stale::Everything);
            return Ok(());
        }
        let mut stale = HashSet::new();
        let mut products = Vec::new();
        for change in changes {
            match change {
                Change::Product(id) => products.push(id),
                Change::Shop(id) => {
                    // Its pages, its products' pages (they name the shop),
                    // its listing, and search results. A shop that closed or
                    // reopened takes its products out of the index or brings
                    // them back: each is looked at again below.
                    self.forget_shops(Some(&[id]));
                    stale.extend([Shows::Shop(id), Shows::ShopListing(id), Shows::Search]);
                    let open = crate::merchants::service::shop_by_id(&mut *db.read().await?, id)
                        .await
                        .map_err(|e| sqlx::Error::Protocol(e.to_string()))?
                        .is_some();
                    let was_closed = {
                        let mut closed = self.closed_shops.write().unwrap_or_else(|e| e.into_inner());
                        if open {
                            closed.remove(&id)
                        } else {
                            !closed.insert(id)
                        }
                    };
                    if was_closed == open {
                        products.extend(db::product_ids_of_shop(db.pool(), id).await?);
                    }
                }
                Change::Home => {
                    stale.insert(Shows::Home);
                }
                Change::Reviews(id) => {
                    stale.insert(Shows::Product(id));
                }
                Change::Promotions(id) => {
                    // Its pages and its products' pages show its coupons
                    // and 满减; nothing in the index changes.
                    stale.insert(Shows::Shop(id));
                    stale.extend(
                        db::product_ids_of_shop(db.pool(), id)
                            .await?
                            .into_iter()
                            .map(Shows::Product),
                    );
                }
                Change::Category(_) => {}
            }
        }
        products.sort_unstable();
        products.dedup();
        if !products.is_empty() {
            let home_before = self.home();
            let categories = self.categories();
            let mut upserts = Vec::new();
            let mut removals = Vec::new();
            for id in &products {
                stale.extend([Shows::Product(*id), Shows::Search]);
                let before = self.engine.placement(*id);
                let row = db::live_product_for_index(db.pool(), *id).await?.filter(|r| {
                    !self
                        .closed_shops
                        .read()
                        .unwrap_or_else(|e| e.into_inner())
                        .contains(&r.shop_id)
                });
                let after = row.as_ref().map(|r| (r.category_id, r.shop_id));
                // The lists it leaves and the lists it joins.
                for (category, shop) in before.into_iter().chain(after) {
                    stale.extend(categories.ancestors(category).into_iter().map(Shows::CategoryListing));
                    stale.insert(Shows::ShopListing(shop));
                }
                match row {
                    Some(row) => upserts.push(indexed(row, &categories)),
                    None => removals.push(*id),
                }
            }
            self.engine.remove(&removals);
            self.engine.upsert(upserts);
            self.generation.fetch_add(1, Ordering::AcqRel);
            // The home lists come from the index: stale only if they differ.
            if *self.home() != *home_before {
                stale.insert(Shows::Home);
            }
        }
        if !stale.is_empty() {
            self.invalidations.publish(Stale::Only(stale));
        }
        Ok(())
    }
}
