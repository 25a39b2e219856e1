//! Turning text into search terms, the same way for products and queries:
//! Chinese runs are segmented into words by a dictionary (jieba), Latin runs
//! are lower-cased and stemmed (Snowball English), digits stay as they are.

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};
use std::ops::Range;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Loads the dictionary now rather than on the first search.
pub fn warm_up() {
    let _ = jieba();
    let _ = stemmer();
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Cjk,
    Word,
}

/// Splits text into runs of Chinese characters and of letters/digits, with
/// their byte ranges; everything else separates.
fn runs(text: &str) -> Vec<(Run, Range<usize>)> {
    let mut out = Vec::new();
    let mut current: Option<(Run, usize)> = None;
    for (i, c) in text.char_indices() {
        let kind = if is_cjk(c) {
            Some(Run::Cjk)
        } else if c.is_alphanumeric() {
            Some(Run::Word)
        } else {
            None
        };
        match (current, kind) {
            (Some((k, _)), Some(n)) if k == n => {}
            (Some((k, start)), _) => {
                out.push((k, start..i));
                current = kind.map(|n| (n, i));
            }
            (None, Some(n)) => current = Some((n, i)),
            (None, None) => {}
        }
    }
    if let Some((k, start)) = current {
        out.push((k, start..text.len()));
    }
    out
}

/// The normal form of one Latin word: lower case, stemmed.
pub fn normalize_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.chars().all(|c| c.is_ascii_digit()) {
        lower
    } else {
        stemmer().stem(&lower).into_owned()
    }
}

/// A term with where it came from in the text (for highlighting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub range: Range<usize>,
}

/// Terms for indexing: Chinese in search mode (words and the shorter words
/// inside them), so a query for a part of a long word still finds it.
pub fn index_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (kind, range) in runs(text) {
        let run = &text[range.clone()];
        match kind {
            Run::Word => out.push(Token {
                term: normalize_word(run),
                range,
            }),
            Run::Cjk => {
                for token in jieba().cut_for_search(run, true) {
                    let start = range.start + token.byte_start;
                    out.push(Token {
                        term: token.word.to_string(),
                        range: start..range.start + token.byte_end,
                    });
                }
            }
        }
    }
    out
}

/// One unit of a query: satisfied by a document that has `term`, or that has
/// every one of `parts` (the smaller words jieba finds inside a long word,
/// so "蓝牙耳机" finds "蓝牙 … 耳机").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerm {
    pub term: String,
    pub parts: Vec<String>,
}

/// Most distinct terms a query is searched by; words past these are
/// ignored. Each term costs a walk of its postings, so this, with repeated
/// words counted once, bounds what one query can cost.
pub const MAX_QUERY_TERMS: usize = 8;

/// Query terms: Chinese cut into words (precise mode), Latin stemmed; each
/// distinct term once, at most `MAX_QUERY_TERMS`.
pub fn query_terms(text: &str) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    for (kind, range) in runs(text) {
        let run = &text[range];
        match kind {
            Run::Word => out.push(QueryTerm {
                term: normalize_word(run),
                parts: Vec::new(),
            }),
            Run::Cjk => {
                for token in jieba().cut(run, false) {
                    let word = token.word;
                    let parts: Vec<String> = jieba()
                        .cut_for_search(word, false)
                        .into_iter()
                        .filter(|p| p.word.len() < word.len())
                        .map(|p| p.word.to_string())
                        .collect();
                    let parts = if parts.is_empty() && word.chars().count() > 1 {
                        word.chars().map(|c| c.to_string()).collect()
                    } else {
                        parts
                    };
                    out.push(QueryTerm {
                        term: word.to_string(),
                        parts,
                    });
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.term.clone()));
    out.truncate(MAX_QUERY_TERMS);
    out
}

/// Edit distance, for "did you mean" (small words only).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        index_tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn chinese_without_spaces_is_segmented_into_words() {
        let t = terms("小米真无线蓝牙耳机");
        assert!(t.contains(&"蓝牙".to_string()), "{t:?}");
        assert!(t.contains(&"耳机".to_string()), "{t:?}");
    }

    #[test]
    fn english_is_lower_cased_and_stemmed() {
        assert_eq!(terms("Wireless Earbuds"), vec!["wireless", "earbud"]);
        assert_eq!(
            query_terms("earbud").first().map(|q| q.term.clone()).as_deref(),
            Some("earbud")
        );
    }

    #[test]
    fn mixed_text_keeps_ranges_for_highlighting() {
        let text = "Sony 索尼 WH-1000XM5 降噪耳机";
        for token in index_tokens(text) {
            assert!(text.get(token.range.clone()).is_some(), "{token:?}");
        }
    }

    #[test]
    fn a_long_chinese_query_word_can_be_met_by_its_parts() {
        let q = query_terms("蓝牙耳机");
        assert!(!q.is_empty());
        let all: Vec<&str> = q
            .iter()
            .flat_map(|t| std::iter::once(t.term.as_str()).chain(t.parts.iter().map(String::as_str)))
            .collect();
        assert!(all.contains(&"耳机"), "{q:?}");
    }

    #[test]
    fn punctuation_and_emoji_do_not_become_terms() {
        assert!(query_terms("!!! 🎧 ???").is_empty());
    }

    #[test]
    fn repeated_words_count_once_and_terms_are_bounded() {
        let terms = |text: &str| query_terms(text).into_iter().map(|t| t.term).collect::<Vec<_>>();
        assert_eq!(terms("phone phone Phone phones"), vec!["phone"]);
        let many = (0..40).map(|i| format!("w{i}x")).collect::<Vec<_>>().join(" ");
        assert_eq!(terms(&many).len(), MAX_QUERY_TERMS);
        assert_eq!(terms(&"手机 ".repeat(40)), vec!["手机"]);
    }

    #[test]
    fn edit_distance_counts_single_changes() {
        assert_eq!(edit_distance("earbud", "earbud"), 0);
        assert_eq!(edit_distance("earbd", "earbud"), 1);
        assert_eq!(edit_distance("keybaord", "keyboard"), 2);
    }
}
