//! The catalog's in-process state: the search engine and the category tree,
//! both rebuilt from the database at start-up and kept current by following
//! the `catalog_change` log, so changes made through any server show here
//! within a second or two.

use super::db;
use super::model::{rating_x10, CategoryNode, Crumb, HomeData, ImageRef, SortOrder};
use super::search::{EngineQuery, InProcessEngine, IndexedProduct, SearchEngine};
use crate::i18n::Localized;
use crate::server::Db;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

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
        let mut ids = vec![id];
        ids.extend(
            self.by_id
                .iter()
                .filter(|(_, (_, parent))| *parent == Some(id))
                .map(|(child, _)| *child),
        );
        Some(ids)
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
    last_change: AtomicI64,
    /// The home page's lists, computed once per catalog version.
    home: std::sync::Mutex<Option<(i64, Arc<HomeData>)>>,
    /// Bumped whenever anything in the catalog changes; page caches key on it.
    version: AtomicI64,
}

impl Default for CatalogRuntime {
    fn default() -> Self {
        CatalogRuntime {
            engine: Arc::new(InProcessEngine::new()),
            categories: RwLock::new(Arc::new(Categories::default())),
            last_change: AtomicI64::new(0),
            home: std::sync::Mutex::new(None),
            version: AtomicI64::new(0),
        }
    }
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

impl CatalogRuntime {
    pub fn categories(&self) -> Arc<Categories> {
        self.categories.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes whenever the catalog does.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    /// The home page: categories, best sellers and new arrivals from the
    /// index (no database work), recomputed when the catalog changes.
    pub fn home(&self) -> Arc<HomeData> {
        let version = self.version();
        let mut cached = self.home.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((v, data)) = cached.as_ref() {
            if *v == version {
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
        *cached = Some((version, data.clone()));
        data
    }

    /// Loads everything from the database (start-up).
    pub async fn rebuild(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let started = std::time::Instant::now();
        super::search::text::warm_up();
        // Read the log position first: changes made while we load are
        // replayed by the next `follow`.
        let last = db::last_change_id(db.pool()).await?;
        let categories = Arc::new(Categories::new(db::all_categories(db.pool()).await?));
        *self.categories.write().unwrap_or_else(|e| e.into_inner()) = categories.clone();
        let mut after = 0;
        let mut total = 0;
        loop {
            let rows = db::live_products_for_index(db.pool(), after, 2000).await?;
            let Some(last_row) = rows.last() else { break };
            after = last_row.product_id;
            total += rows.len();
            let batch: Vec<IndexedProduct> = rows.into_iter().map(|r| indexed(r, &categories)).collect();
            let engine = self.engine.clone();
            // Segmenting text is CPU work: keep it off the async threads.
            tokio::task::spawn_blocking(move || engine.upsert(batch))
                .await
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        }
        self.last_change.store(last, Ordering::Release);
        self.version.fetch_add(1, Ordering::AcqRel);
        tracing::info!(
            products = total,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "search index built"
        );
        Ok(total)
    }

    /// Applies changes logged since the last call; returns how many products
    /// were refreshed.
    pub async fn follow(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let mut applied = 0;
        loop {
            let since = self.last_change.load(Ordering::Acquire);
            let changes = db::changes_after(db.pool(), since, 500).await?;
            let Some(&(last, _)) = changes.last() else { break };
            let mut ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
            ids.sort_unstable();
            ids.dedup();
            let categories = self.categories();
            let mut upserts = Vec::new();
            let mut removals = Vec::new();
            for id in &ids {
                match db::live_product_for_index(db.pool(), *id).await? {
                    Some(row) => upserts.push(indexed(row, &categories)),
                    None => removals.push(*id),
                }
            }
            applied += ids.len();
            self.engine.remove(&removals);
            self.engine.upsert(upserts);
            self.last_change.store(last, Ordering::Release);
            self.version.fetch_add(1, Ordering::AcqRel);
        }
        Ok(applied)
    }
}
