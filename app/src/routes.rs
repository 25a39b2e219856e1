//! The route policy: every page route, who may see it, and whether its
//! anonymous rendering may be shared through the page cache.
//!
//! The Leptos `<Routes>` tree in `app.rs` stays the route tree (the router
//! needs its macros), but everything else that knows about a route reads this
//! table: the server's page guard, the page cache, robots.txt and the section
//! layouts. A server test proves that the table and the Leptos tree list the
//! same routes, so adding a page is one line here plus the page itself.

/// Who may see a page, and whether it is the same for every anonymous
/// shopper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone; an anonymous rendering depends only on the URL, the language
    /// and the catalog, so it may be served from the page cache and crawled.
    PublicCacheable,
    /// Anyone, but never cached or crawled: it is about the person (cart) or
    /// a form with per-person state (log-in, register, password pages).
    Public,
    /// Any logged-in person; guests are sent to log in.
    LoggedIn,
    /// Members of at least one shop; other people get 403.
    Merchant,
    /// Platform operators; other people get 403.
    Operator,
}

/// What the policy decides for one person on one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Show the page.
    Allow,
    /// A guest on a private page: log in first, then come back.
    LogIn,
    /// Logged in, but not someone this page is for: 403.
    Forbidden,
}

/// The facts about a person that the policy looks at. Built from the
/// server's `Viewer` by the page guard and from the browser's `ViewerInfo`
/// by the section layouts, so both sides decide the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Who {
    pub logged_in: bool,
    pub is_merchant: bool,
    pub is_operator: bool,
}

impl Who {
    /// Nobody logged in.
    pub const GUEST: Who = Who {
        logged_in: false,
        is_merchant: false,
        is_operator: false,
    };
}

impl From<Option<&crate::accounts::model::ViewerInfo>> for Who {
    fn from(viewer: Option<&crate::accounts::model::ViewerInfo>) -> Who {
        match viewer {
            Some(v) => Who {
                logged_in: true,
                is_merchant: v.is_merchant,
                is_operator: v.is_operator,
            },
            None => Who::GUEST,
        }
    }
}

impl Access {
    /// The decision for `who` on a page with this access.
    pub fn verdict(self, who: Who) -> Verdict {
        let admitted = match self {
            Access::PublicCacheable | Access::Public => return Verdict::Allow,
            Access::LoggedIn => true,
            Access::Merchant => who.is_merchant,
            Access::Operator => who.is_operator,
        };
        if !who.logged_in {
            Verdict::LogIn
        } else if admitted {
            Verdict::Allow
        } else {
            Verdict::Forbidden
        }
    }

    /// Pages anyone may see (cached or not).
    pub fn is_public(self) -> bool {
        matches!(self, Access::PublicCacheable | Access::Public)
    }
}

/// One page route: a pattern in the router's syntax (`/p/:id`, `/docs/*rest`)
/// and its access.
#[derive(Clone, Copy, Debug)]
pub struct PageRoute {
    pub pattern: &'static str,
    pub access: Access,
}

const fn page(pattern: &'static str, access: Access) -> PageRoute {
    PageRoute { pattern, access }
}

/// Every page route of the app. Keep it in the order of the Leptos tree.
pub static PAGES: &[PageRoute] = &[
    page("/", Access::PublicCacheable),
    page("/search", Access::PublicCacheable),
    page("/c/:slug", Access::PublicCacheable),
    page("/p/:id", Access::PublicCacheable),
    page("/s/:slug", Access::PublicCacheable),
    page("/login", Access::Public),
    page("/register", Access::Public),
    page("/forgot-password", Access::Public),
    page("/reset-password", Access::Public),
    page("/cart", Access::Public),
    page("/checkout", Access::LoggedIn),
    page("/pay/:id", Access::LoggedIn),
    page("/orders", Access::LoggedIn),
    page("/orders/:id", Access::LoggedIn),
    page("/orders/:id/review/:line", Access::LoggedIn),
    page("/orders/:id/after-sales/:line", Access::LoggedIn),
    page("/reviews/:id/report", Access::LoggedIn),
    page("/coupons", Access::Public),
    page("/coupons/mine", Access::LoggedIn),
    page("/g/:id", Access::Public),
    page("/sell", Access::LoggedIn),
    page("/seller", Access::Merchant),
    page("/seller/products", Access::Merchant),
    page("/seller/products/new", Access::Merchant),
    page("/seller/products/:id", Access::Merchant),
    page("/seller/orders", Access::Merchant),
    page("/seller/reviews", Access::Merchant),
    page("/seller/after-sales", Access::Merchant),
    page("/seller/analytics", Access::Merchant),
    page("/seller/promotions", Access::Merchant),
    page("/seller/promotions/flash", Access::Merchant),
    page("/seller/promotions/groups", Access::Merchant),
    page("/seller/inventory", Access::Merchant),
    page("/seller/notifications", Access::Merchant),
    page("/seller/members", Access::Merchant),
    page("/seller/profile", Access::Merchant),
    page("/admin", Access::Operator),
    page("/admin/applications", Access::Operator),
    page("/admin/applications/:id", Access::Operator),
    page("/admin/listings", Access::Operator),
    page("/admin/listings/:id", Access::Operator),
    page("/admin/reviews", Access::Operator),
    page("/admin/reviews/rules", Access::Operator),
    page("/admin/promotions", Access::Operator),
    page("/admin/promotions/flash", Access::Operator),
    page("/admin/shops", Access::Operator),
    page("/admin/disputes", Access::Operator),
    page("/admin/complaints", Access::Operator),
    page("/admin/analytics", Access::Operator),
    page("/admin/orders", Access::Operator),
    page("/admin/audit", Access::Operator),
];

/// The path's segments, ignoring a trailing slash (`/seller/` is `/seller`).
fn segments(path: &str) -> Vec<&str> {
    path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect()
}

/// How a pattern relates to a path.
enum Fit {
    /// The whole path matches.
    Exact,
    /// The path continues below the pattern (`/orders/5` under `/orders`).
    Below,
    No,
}

fn fit(pattern: &str, path: &[&str]) -> Fit {
    let pattern = segments(pattern);
    for (i, want) in pattern.iter().enumerate() {
        if want.starts_with('*') {
            return Fit::Exact;
        }
        let Some(got) = path.get(i) else { return Fit::No };
        if !want.starts_with(':') && want != got {
            return Fit::No;
        }
    }
    if path.len() == pattern.len() {
        Fit::Exact
    } else {
        Fit::Below
    }
}

/// The route a request path names exactly, if any.
pub fn route_for(path: &str) -> Option<&'static PageRoute> {
    let path = segments(path);
    PAGES.iter().find(|r| matches!(fit(r.pattern, &path), Fit::Exact))
}

/// The access for a request path. A path matching a route takes its access;
/// a path below a private route that matches no route (`/orders/5` before
/// that page exists, `/admin/typo`) takes the private route's access, so a
/// section is guarded as a whole and a stranger learns nothing from a 404.
/// `None`: no page lives here (the router answers 404).
pub fn access_for(path: &str) -> Option<Access> {
    if let Some(route) = route_for(path) {
        return Some(route.access);
    }
    let path = segments(path);
    PAGES
        .iter()
        .filter(|r| !r.access.is_public() && matches!(fit(r.pattern, &path), Fit::Below))
        .max_by_key(|r| segments(r.pattern).len())
        .map(|r| r.access)
}

/// The part of a pattern before its first parameter: `/p/:id` → `/p/`,
/// `/seller/products` → `/seller/products`.
fn static_prefix(pattern: &str) -> &str {
    match pattern.find([':', '*']) {
        Some(i) => &pattern[..i],
        None => pattern,
    }
}

/// Path prefixes robots should not crawl: every route that is not the same
/// for everyone (private pages, and per-person public ones such as the cart
/// or log-in), shortest first, without prefixes another already covers.
pub fn uncrawlable_prefixes() -> Vec<&'static str> {
    let mut prefixes: Vec<&'static str> = PAGES
        .iter()
        .filter(|r| r.access != Access::PublicCacheable)
        .map(|r| static_prefix(r.pattern))
        .collect();
    prefixes.sort_by_key(|p| (p.len(), *p));
    let mut kept: Vec<&'static str> = Vec::new();
    for p in prefixes {
        // `/seller` covers `/seller/products` (robots rules are prefixes);
        // `/sell` is listed apart from `/seller`, so each names its section.
        let covered = |k: &&str| p == *k || p.starts_with(&format!("{}/", k.trim_end_matches('/')));
        if !kept.iter().any(covered) {
            kept.push(p);
        }
    }
    kept
}

/// The one check every redirect target goes through (`?next=`, `?back=`,
/// the page guard, form posts, the client after a log-in): a path on this
/// site, or `/`. The value is taken as already decoded (a query parameter
/// or form field) and is never decoded again.
///
/// Refused: anything not starting with one `/` (`//evil.example`, full
/// URLs), backslashes (`/\evil.example`, which browsers read as `//`),
/// control characters (browsers drop a tab or newline, turning
/// `/\t/evil.example` into `//evil.example`), and overlong values. Spaces
/// and non-ASCII characters are percent-encoded, so the result is always a
/// valid `Location` header.
pub fn same_site_path(next: Option<&str>) -> String {
    const MAX_BYTES: usize = 1024;
    let Some(path) = next else { return "/".into() };
    let bytes = path.as_bytes();
    let safe = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'))
        && path.len() <= MAX_BYTES
        && !path.chars().any(|c| c.is_control() || c == '\\');
    if !safe {
        return "/".into();
    }
    let mut out = String::with_capacity(path.len());
    for b in bytes {
        if b.is_ascii_graphic() {
            out.push(*b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_stay_on_this_site() {
        assert_eq!(same_site_path(Some("/orders?page=2")), "/orders?page=2");
        assert_eq!(same_site_path(Some("/search?q=手机")), "/search?q=%E6%89%8B%E6%9C%BA");
        assert_eq!(same_site_path(Some("/a b")), "/a%20b");
        for foreign in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/x\u{0}",
            " /x",
            "evil.example",
            "",
        ] {
            assert_eq!(same_site_path(Some(foreign)), "/", "{foreign:?} must not be followed");
        }
        assert_eq!(same_site_path(Some(&format!("/{}", "a".repeat(2000)))), "/");
        assert_eq!(same_site_path(None), "/");
    }

    const SHOPPER: Who = Who {
        logged_in: true,
        is_merchant: false,
        is_operator: false,
    };

    #[test]
    fn params_match_one_segment_and_trailing_slashes_are_ignored() {
        assert_eq!(access_for("/p/42"), Some(Access::PublicCacheable));
        assert_eq!(access_for("/c/phones/"), Some(Access::PublicCacheable));
        assert_eq!(access_for("/"), Some(Access::PublicCacheable));
        assert_eq!(access_for("/seller/"), Some(Access::Merchant));
        assert_eq!(route_for("/p").map(|r| r.pattern), None);
    }

    #[test]
    fn unknown_paths_below_a_private_route_stay_private() {
        assert_eq!(access_for("/orders/5"), Some(Access::LoggedIn));
        assert_eq!(access_for("/admin/nothing/here"), Some(Access::Operator));
        assert_eq!(access_for("/seller/products/9"), Some(Access::Merchant));
        // Below a public route is simply no page (404), never cacheable.
        assert_eq!(access_for("/p/42/extra"), None);
        assert_eq!(access_for("/no/such/page"), None);
        assert_eq!(access_for("/administrator"), None);
    }

    #[test]
    fn guests_log_in_and_strangers_are_forbidden() {
        assert_eq!(Access::Operator.verdict(Who::GUEST), Verdict::LogIn);
        assert_eq!(Access::Operator.verdict(SHOPPER), Verdict::Forbidden);
        assert_eq!(Access::Merchant.verdict(SHOPPER), Verdict::Forbidden);
        assert_eq!(Access::LoggedIn.verdict(SHOPPER), Verdict::Allow);
        assert_eq!(Access::Public.verdict(Who::GUEST), Verdict::Allow);
        let operator = Who {
            is_operator: true,
            ..SHOPPER
        };
        assert_eq!(Access::Merchant.verdict(operator), Verdict::Forbidden);
        assert_eq!(Access::Operator.verdict(operator), Verdict::Allow);
    }

    #[test]
    fn robots_prefixes_cover_every_uncacheable_route_once() {
        let prefixes = uncrawlable_prefixes();
        assert!(prefixes.contains(&"/seller") && !prefixes.contains(&"/seller/products"));
        assert!(prefixes.contains(&"/cart") && prefixes.contains(&"/admin"));
        assert!(!prefixes.contains(&"/p/") && !prefixes.contains(&"/"));
        for route in PAGES.iter().filter(|r| r.access != Access::PublicCacheable) {
            assert!(
                prefixes.iter().any(|p| route.pattern.starts_with(p)),
                "{}",
                route.pattern
            );
        }
    }
}
