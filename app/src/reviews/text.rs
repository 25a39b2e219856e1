//! Pure text checks for moderating shopper reviews written in Chinese and English:
//! folding text for matching, banned words, links, off-platform contact details,
//! near-duplicate text (Jaccard of 3-grams, with MinHash keys for indexed lookup), and
//! masking display names on anonymous reviews. No I/O, no state; every function
//! accepts any Unicode input without panicking.

/// Full-width ASCII (U+FF01..=U+FF5E) to ASCII and the ideographic space to a space.
fn width_fold(c: char) -> char {
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else if c == '\u{3000}' {
        ' '
    } else {
        c
    }
}

/// Combining diacritics: used to decorate or hide letters ("f̶u̶c̶k̶"), never meaningful for matching.
fn is_combining(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

/// Invisible characters that can be slipped inside a word without changing how it reads.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') || is_combining(c)
}

/// Width-folded, lower-cased chars of `text` with invisible chars dropped; separators are kept.
fn normalized(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        for l in width_fold(c).to_lowercase() {
            if !is_invisible(l) {
                out.push(l);
            }
        }
    }
    out
}

/// Text folded for matching: full-width ASCII (U+FF01..=U+FF5E) to ASCII, ideographic space to space, lower case,
/// and every separator removed (whitespace, ASCII and CJK punctuation, symbols, zero-width chars U+200B..U+200D, U+2060, U+FEFF,
/// soft hyphen, combining marks) so that "f u c k", "f.u.c.k", "ＦＵＣＫ", "f​uck" (zero width) and "傻 逼" / "傻*逼" all fold to the same letters.
/// Keeps letters (any script) and digits (full-width digits to ASCII; Chinese numerals are left as they are here).
pub fn fold(text: &str) -> String {
    normalized(text).into_iter().filter(|c| c.is_alphanumeric()).collect()
}

/// Runs of ASCII letters/digits of the original text (width-folded, lower-cased, invisible chars dropped);
/// anything else, including non-ASCII letters, separates runs.
fn ascii_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    for c in normalized(text) {
        if c.is_ascii_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            tokens.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// True when some run of consecutive tokens concatenates to exactly `word`: a whole word ("ass"),
/// or a word spelled out across separators ("a s s", "a.s.s"), but never a piece of a longer word ("class").
fn tokens_spell(tokens: &[String], word: &str) -> bool {
    for start in 0..tokens.len() {
        let mut rest = word;
        for tok in &tokens[start..] {
            match rest.strip_prefix(tok.as_str()) {
                Some("") => return true,
                Some(r) => rest = r,
                None => break,
            }
        }
    }
    false
}

/// The first banned word of `words` (in list order) found in `text`, returned as given in `words`,
/// matching after `fold` on both sides. Words that are empty after folding (blank, punctuation only) are ignored.
/// Words of 3 or fewer ASCII letters match only on word boundaries of the original text — as a whole word, or
/// spelled out across separators ("a s s", "a.s.s") — so "class" does not trip "ass". Longer or non-Latin
/// words match anywhere in the folded text, which defeats spacing, dots, full width and zero-width tricks.
pub fn banned_word<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    let folded = fold(text);
    // Tokenising is only needed if the list has short Latin words.
    let mut tokens: Option<Vec<String>> = None;
    for w in words {
        let fw = fold(w);
        if fw.is_empty() {
            continue;
        }
        let short_latin = fw.len() <= 3 && fw.bytes().all(|b| b.is_ascii_lowercase());
        let hit = if short_latin {
            tokens_spell(tokens.get_or_insert_with(|| ascii_tokens(text)), &fw)
        } else {
            folded.contains(&fw)
        };
        if hit {
            return Some(w.as_str());
        }
    }
    None
}

/// Top-level domains worth flagging; kept short so prose like "e.g." never matches.
const TLDS: &[&str] = &[
    "com", "net", "org", "cn", "top", "xyz", "me", "io", "co", "info", "shop", "vip", "cc", "tv", "app", "site",
    "online", "store", "link", "club",
];

/// A link: http:// or https:// or www. (any case, after width folding but WITHOUT removing separators), or a bare domain
/// like "taobao.com", "abc.cn", "x.net", "t.me/xx", "weidian.com" (a run of [a-z0-9-] then "." then a TLD from a reasonable list:
/// com net org cn top xyz me io co info shop vip cc tv app site online store link club), also written with "。" or "．" or " dot "
/// as the dot. Must NOT flag normal prose like "e.g. the fit" or "3.5 stars" or "好评.非常好" or "Mr. Smith" or "1.5kg".
/// A capitalised TLD after the dot ("great.Top quality") reads as a new sentence and is not flagged; "TAOBAO.COM" is.
pub fn contains_link(text: &str) -> bool {
    // (lower-case char, was upper case in the original); invisible chars are dropped.
    let mut raw: Vec<(char, bool)> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let w = match width_fold(c) {
            '\u{3002}' | '\u{FF61}' => '.',
            other => other,
        };
        let upper = w.is_uppercase();
        for l in w.to_lowercase() {
            if !is_invisible(l) {
                raw.push((l, upper));
            }
        }
    }
    // Spelled-out dots: " dot ", "(dot)", "[dot]".
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let window: Vec<char> = raw.iter().skip(i).take(5).map(|p| p.0).collect();
        let spelled = match window[..] {
            [a, 'd', 'o', 't', b] => {
                (a.is_whitespace() && b.is_whitespace()) || matches!((a, b), ('(', ')') | ('[', ']'))
            }
            _ => false,
        };
        if spelled {
            chars.push(('.', false));
            i += 5;
        } else {
            chars.push(raw[i]);
            i += 1;
        }
    }
    let lower: String = chars.iter().map(|p| p.0).collect();
    if lower.contains("http://") || lower.contains("https://") || lower.contains("www.") {
        return true;
    }
    let is_label = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    for (dot, &(c, _)) in chars.iter().enumerate() {
        if c != '.' {
            continue;
        }
        let label_alnum = chars[..dot]
            .iter()
            .rev()
            .take_while(|p| is_label(p.0))
            .any(|p| p.0.is_ascii_alphanumeric());
        if !label_alnum {
            continue;
        }
        let tld: Vec<(char, bool)> = chars[dot + 1..]
            .iter()
            .take_while(|p| p.0.is_ascii_lowercase())
            .copied()
            .collect();
        let after = chars.get(dot + 1 + tld.len()).map(|p| p.0);
        if after.is_some_and(|a| a.is_ascii_alphanumeric()) {
            continue;
        }
        let tld_str: String = tld.iter().map(|p| p.0).collect();
        if !TLDS.contains(&tld_str.as_str()) {
            continue;
        }
        let titlecase = tld.first().is_some_and(|p| p.1) && tld.iter().skip(1).any(|p| !p.1);
        if !titlecase {
            return true;
        }
    }
    false
}

/// ASCII digit for Chinese numerals (lower and upper "financial" forms; 幺 is how 1 is read out in phone numbers).
fn cn_digit(c: char) -> Option<char> {
    Some(match c {
        '〇' | '零' => '0',
        '一' | '壹' | '幺' => '1',
        '二' | '贰' | '貳' => '2',
        '三' | '叁' | '參' => '3',
        '四' | '肆' => '4',
        '五' | '伍' => '5',
        '六' | '陆' | '陸' => '6',
        '七' | '柒' => '7',
        '八' | '捌' => '8',
        '九' | '玖' => '9',
        _ => return None,
    })
}

/// `normalized` with Chinese numerals turned into ASCII digits, for spotting numbers.
fn fold_digits(text: &str) -> Vec<char> {
    normalized(text).into_iter().map(|c| cn_digit(c).unwrap_or(c)).collect()
}

/// Up to this many separator chars may sit between digit groups of one number ("138 - 0013").
const MAX_GAP: usize = 3;

/// Digit groups of each number-like run: groups are contiguous digits, a run is groups joined by short
/// separator gaps. Letters (any script) end a run, so "2 of them for 138 yuan" never joins up.
fn digit_runs(chars: &[char]) -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut group = String::new();
    let mut gap = 0usize;
    for &c in chars {
        if c.is_ascii_digit() {
            group.push(c);
            gap = 0;
            continue;
        }
        if !group.is_empty() {
            run.push(std::mem::take(&mut group));
        }
        if c.is_alphanumeric() {
            gap = MAX_GAP + 1;
        } else {
            gap += 1;
        }
        if gap > MAX_GAP && !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !group.is_empty() {
        run.push(group);
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    let cn = |s: &[u8]| s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1]);
    cn(b) || (b.len() == 13 && b.starts_with(b"86") && cn(&b[2..]))
}

/// A phone-shaped number made of whole consecutive groups: a mobile (optionally with 86 in front)
/// or a landline (0 + 2-3 digit area code + 7-8 digits). A 16-digit tracking number is one group and never fits.
fn phone_in_run(groups: &[String]) -> bool {
    for s in 0..groups.len() {
        let mut digits = String::new();
        for (e, g) in groups.iter().enumerate().skip(s) {
            digits.push_str(g);
            if digits.len() > 13 {
                break;
            }
            if is_mobile(&digits) {
                return true;
            }
            let b = digits.as_bytes();
            let area_ok = b.len() >= 2 && b[0] == b'0' && b[1] != b'0';
            let landline = if e == s {
                // Written without separators.
                (10..=12).contains(&b.len())
            } else {
                let area = groups[s].len();
                (3..=4).contains(&area) && e - s <= 2 && (7..=8).contains(&(b.len() - area))
            };
            if area_ok && landline {
                return true;
            }
        }
    }
    false
}

/// WeChat / QQ markers. ASCII ones must not be the tail of a longer ASCII word.
const MARKERS: &[&str] = &[
    "微信", "威信", "薇信", "v信", "加v", "加微", "扣扣", "vx", "wx", "weixin", "wechat", "qq",
];

fn wechat_id(chars: &[char]) -> bool {
    for i in 0..chars.len() {
        for m in MARKERS {
            let mlen = m.chars().count();
            let matches = chars.len() >= i + mlen && chars[i..i + mlen].iter().copied().eq(m.chars());
            if !matches {
                continue;
            }
            let ascii = m.is_ascii();
            if ascii && i > 0 && chars[i - 1].is_ascii_alphabetic() {
                continue;
            }
            let mut j = i + mlen;
            let mut explicit = false;
            let mut filler = 0;
            while let Some(&c) = chars.get(j) {
                if filler >= 6 {
                    break;
                }
                if matches!(c, ':' | '号' | '是' | '=') {
                    explicit = true;
                } else if !c.is_whitespace() {
                    break;
                }
                filler += 1;
                j += 1;
            }
            let mut id = String::new();
            while let Some(&c) = chars.get(j) {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    id.push(c);
                } else if c.is_whitespace()
                    && !id.is_empty()
                    && id.bytes().all(|b| b.is_ascii_digit())
                    && chars.get(j + 1).is_some_and(|n| n.is_ascii_digit())
                {
                    // Digits read out in groups: "qq 1234 5678".
                } else {
                    break;
                }
                j += 1;
            }
            if id.len() < 5 {
                continue;
            }
            // After an English marker with no ":" a plain word ("wechat payment") is prose, not an id.
            let id_like = id.bytes().any(|b| b.is_ascii_digit() || b == b'_' || b == b'-');
            if !ascii || explicit || id_like {
                return true;
            }
        }
    }
    false
}

/// Off-platform contact details: a mainland mobile number (11 digits starting 1[3-9]) written with digits that may be
/// full-width, Chinese numerals (〇一二三四五六七八九, and 零壹贰叁肆伍陆柒捌玖), or separated by spaces/dashes/dots/other separators
/// (e.g. "138 0013 8000", "138-0013-8000", "一三八００一三八０００"); a landline like "010-12345678" / "0755 1234 5678"
/// (0 + 2-3 digit area code + 7-8 digits); or a WeChat id given after a WeChat marker: 微信, 威信, 薇信, V信, 加V, 加v, 加微, vx, wx,
/// weixin, wechat, 扣扣, qq (case-insensitive, full-width folded) followed within a few characters (optional ":" "：" or "号" or spaces)
/// by an id of 5+ chars of [a-zA-Z0-9_-] or a run of 5+ digits. After an English marker without ":"/"号", a letters-only
/// id is taken as prose ("wechat payment") and not flagged.
/// Must NOT flag: "I bought 2 of them for 138 yuan", "5 stars", "size 42", a date "2026-11-30", prices "¥1,299.00",
/// or "wechat pay was easy". Long digit runs that are not phone-shaped (e.g. a 16-digit tracking number) are not flagged.
pub fn contains_contact(text: &str) -> bool {
    let chars = fold_digits(text);
    digit_runs(&chars).iter().any(|run| phone_in_run(run)) || wechat_id(&chars)
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// MurmurHash3 finaliser: FNV-1a barely mixes its low bits on a few bytes, and SimHash needs every bit unbiased.
fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The folded text's character 3-grams, each hashed (a text of fewer than
/// three folded characters is one gram). The hashes are fixed (FNV-1a then
/// the MurmurHash3 finaliser), so sketches stored in the database stay valid.
fn grams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = fold(text).chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let hash = |gram: &[char]| {
        let s: String = gram.iter().collect();
        avalanche(fnv1a64(s.as_bytes()))
    };
    if chars.len() < 3 {
        return vec![hash(&chars)];
    }
    let mut out: Vec<u64> = chars.windows(3).map(hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How alike two texts are: the Jaccard similarity of their folded
/// 3-gram sets (1.0 the same once case, width and separators are ignored).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (grams(a), grams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Texts at least this alike are "nearly the same": a word or two changed,
/// punctuation or emoji added. Unrelated reviews, even of one template
/// ("质量很好……" against "质量一般……"), stay well below.
pub const NEAR_SIMILARITY: f64 = 0.6;

pub fn is_near(a: &str, b: &str) -> bool {
    similarity(a, b) >= NEAR_SIMILARITY
}

/// Bands of a MinHash sketch, for finding near texts by index.
const BANDS: u64 = 16;
/// Minimums per band: with 3, texts 0.6 alike share a band 98 % of the
/// time, texts 0.1 alike 1.6 %, so candidates stay few.
const ROWS: u64 = 3;

/// The text's MinHash band keys (band i in the top bits), stored per
/// review; two texts sharing a key are candidates, to be confirmed with
/// `is_near` on their words.
pub fn sketch_keys(text: &str) -> Vec<i64> {
    let grams = grams(text);
    if grams.is_empty() {
        return Vec::new();
    }
    (0..BANDS)
        .map(|band| {
            let mut key = fnv1a64(&band.to_le_bytes());
            for row in 0..ROWS {
                let seed = avalanche(band * ROWS + row + 1);
                let min = grams.iter().map(|g| avalanche(g ^ seed)).min().unwrap_or(0);
                key = avalanche(key ^ min);
            }
            ((band << 56) | (key & 0x00FF_FFFF_FFFF_FFFF)) as i64
        })
        .collect()
}

/// A display name masked for anonymous reviews: first character kept (after trimming whitespace), then "**"
/// ("王小明" → "王**", "alice" → "a**", "" → "**"). Grapheme-naive: only the first char is kept.
pub fn masked_name(name: &str) -> String {
    let mut out: String = name.trim().chars().take(1).collect();
    out.push_str("**");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    /// Tiny xorshift64 so the randomized tests need no crates and are reproducible.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn fold_removes_separators_and_width() {
        for t in [
            "f u c k",
            "f.u.c.k",
            "ＦＵＣＫ",
            "f\u{200B}uck",
            "F-U-C-K",
            "f\u{00AD}u\u{2060}c\u{FEFF}k",
            "f\u{0336}u\u{0336}ck",
        ] {
            assert_eq!(fold(t), "fuck", "{t:?}");
        }
        assert_eq!(fold("傻 逼"), "傻逼");
        assert_eq!(fold("傻*逼"), "傻逼");
        assert_eq!(fold("傻\u{3000}逼！"), "傻逼");
        assert_eq!(fold("Size ４２，好评。"), "size42好评");
        // Chinese numerals are letters here; only the contact check reads them as digits.
        assert_eq!(fold("一二三"), "一二三");
        assert_eq!(fold("Café 😀👍"), "café");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn banned_word_matches_folded_and_spelled() {
        let list = words(&["", "   ", "***", "fuck", "傻逼", "ass"]);
        assert_eq!(banned_word("what the fuck", &list), Some("fuck"));
        assert_eq!(banned_word("f u c k this", &list), Some("fuck"));
        assert_eq!(banned_word("f.u.c.k this", &list), Some("fuck"));
        assert_eq!(banned_word("ＦＵＣＫ this", &list), Some("fuck"));
        assert_eq!(banned_word("f\u{200B}uck", &list), Some("fuck"));
        assert_eq!(banned_word("卖家是个傻 逼", &list), Some("傻逼"));
        assert_eq!(banned_word("卖家是个傻*逼", &list), Some("傻逼"));
        assert_eq!(banned_word("you are an ass!", &list), Some("ass"));
        assert_eq!(banned_word("a s s", &list), Some("ass"));
        assert_eq!(banned_word("a.s.s", &list), Some("ass"));
        assert_eq!(banned_word("ＡＳＳ", &list), Some("ass"));
        assert_eq!(banned_word("卖家ass", &list), Some("ass"));
        // Returned as given in the list.
        assert_eq!(banned_word("fuck", &words(&["F U C K"])), Some("F U C K"));
    }

    #[test]
    fn banned_word_clean_text_passes() {
        let list = words(&["", "   ", "***", "fuck", "傻逼", "ass"]);
        assert_eq!(
            banned_word("First class quality, great assessment, I was so happy.", &list),
            None
        );
        assert_eq!(banned_word("质量很好，物流很快，推荐购买！", &list), None);
        assert_eq!(banned_word("", &list), None);
        // Blank and punctuation-only words never match anything.
        assert_eq!(banned_word("   ***", &words(&["", " ", "***", "\u{0301}"])), None);
        assert_eq!(banned_word("anything", &[]), None);
    }

    #[test]
    fn links_flagged() {
        for t in [
            "see http://example.org",
            "HTTPS://SHOP.EXAMPLE",
            "ｈｔｔｐｓ：／／abc",
            "Www.Example",
            "ｗｗｗ．abc",
            "taobao.com",
            "去abc.cn看看",
            "x.net",
            "t.me/xx",
            "weidian.com/shop/1",
            "shop.taobao.com",
            "TAOBAO.COM",
            "taobao。com",
            "taobao．com",
            "taobao dot com",
            "taobao(dot)com",
            "my-shop.vip",
        ] {
            assert!(contains_link(t), "{t:?}");
        }
    }

    #[test]
    fn prose_not_a_link() {
        for t in [
            "e.g. the fit is loose",
            "3.5 stars",
            "好评.非常好",
            "Mr. Smith delivered it",
            "1.5kg",
            "Looks great.Top quality though",
            "so comfortable.i love it",
            "a.comfortable fit",
            "the dot is red",
            "",
        ] {
            assert!(!contains_link(t), "{t:?}");
        }
    }

    #[test]
    fn contact_flagged() {
        for t in [
            "call 13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "138.0013.8000",
            "一三八００一三八０００",
            "壹叁捌零零壹叁捌零零零",
            "+86 138 0013 8000",
            "8613800138000",
            "010-12345678",
            "0755 1234 5678",
            "微信：abc_123",
            "微信号 wangxm",
            "加V abcdef",
            "加微 12345",
            "V信abcde",
            "vx: abc12",
            "WX abc123",
            "weixin abcde1",
            "wechat: alice_88",
            "WeChat alice88",
            "扣扣 12345",
            "QQ：１２３４５６",
            "qq 1234 5678",
            "薇信号 abc12345",
            "威信 one_two",
        ] {
            assert!(contains_contact(t), "{t:?}");
        }
    }

    #[test]
    fn contact_not_flagged() {
        for t in [
            "I bought 2 of them for 138 yuan",
            "5 stars",
            "size 42",
            "2026-11-30",
            "delivered 2026-11-30 13:45:12",
            "¥1,299.00",
            "wechat pay was easy",
            "wechat payment was easy",
            "微信支付很方便",
            "tracking 1234567890123456",
            "身高175 体重130 尺码42",
            "买了一个，送了两个",
            "",
        ] {
            assert!(!contains_contact(t), "{t:?}");
        }
    }

    #[test]
    fn sketches_are_stable() {
        // FNV-1a 64 reference vectors: the keys are stored, they must never change.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert!(sketch_keys("").is_empty());
        assert!(sketch_keys("!!! 😀").is_empty());
        assert_eq!(sketch_keys("Hello, world!"), sketch_keys("hello world"));
        let keys = sketch_keys("hello world");
        assert_eq!(keys.len(), BANDS as usize);
        for (i, k) in keys.iter().enumerate() {
            assert!(*k >= 0);
            assert_eq!(*k >> 56, i as i64);
        }
    }

    const NEAR_PAIRS: &[(&str, &str)] = &[
        (
            "The jacket fits perfectly and the fabric feels soft. Shipping was fast, would buy again from this seller.",
            "The jacket fits perfectly and the fabric feels soft. Shipping was quick, would buy again from this seller.",
        ),
        (
            "The jacket fits perfectly and the fabric feels soft. Shipping was fast, would buy again from this seller.",
            "The jacket fits perfectly and the fabric feels soft!!! Shipping was fast 👍👍 would buy again from this seller 😀",
        ),
        (
            "The jacket fits perfectly and the fabric feels soft. Shipping was fast, would buy again from this seller.",
            "The coat fits perfectly and the fabric feels soft. Shipping was fast, would buy again from this store.",
        ),
        (
            "Great headphones, the bass is deep and the battery lasts about two days. Case feels a bit cheap though.",
            "Great headphones, the bass is deep and the battery lasts about three days. Case feels a bit cheap though.",
        ),
        (
            "Terrible quality, the seams came apart after one wash and customer service never replied to my messages.",
            "Terrible quality!! the seams came apart after one wash, and customer service never answered my messages.",
        ),
        (
            "衣服质量很好，面料柔软舒服，尺码标准，物流也很快，第二天就到了，下次还会再来买的，推荐给大家！",
            "衣服质量很好，面料柔软舒适，尺码标准，物流也很快，第二天就到了，下次还会再来买的，推荐给大家！",
        ),
        (
            "衣服质量很好，面料柔软舒服，尺码标准，物流也很快，第二天就到了，下次还会再来买的，推荐给大家！",
            "衣服质量很好面料柔软舒服😊尺码标准物流也很快第二天就到了下次还会再来买的推荐给大家👍👍",
        ),
        (
            "衣服质量很好，面料柔软舒服，尺码标准，物流也很快，第二天就到了，下次还会再来买的，推荐给大家！",
            "裤子质量很好，面料柔软舒服，尺码标准，物流也很快，第三天就到了，下次还会再来买的，推荐给大家！",
        ),
        (
            "耳机音质不错，低音很足，续航大概两天，就是盒子有点廉价感，总体来说性价比很高，值得购买。",
            "耳机音质不错，低音很足，续航大概三天，就是盒子有点廉价感，总体来说性价比很高，值得购买。",
        ),
    ];

    const UNRELATED: &[&str] = &[
        "The jacket fits perfectly and the fabric feels soft. Shipping was fast, would buy again from this seller.",
        "Great headphones, the bass is deep and the battery lasts about two days. Case feels a bit cheap though.",
        "Terrible quality, the seams came apart after one wash and customer service never replied to my messages.",
        "The shoes run half a size small, so order up. Otherwise comfortable and the color matches the photos well.",
        "Arrived with a cracked screen protector but the phone itself works fine. Seller offered a partial refund.",
        "The jacket is okay but the fabric feels thin. Shipping was slow, took a week, would not buy again.",
        "衣服质量很好，面料柔软舒服，尺码标准，物流也很快，第二天就到了，下次还会再来买的，推荐给大家！",
        "耳机音质不错，低音很足，续航大概两天，就是盒子有点廉价感，总体来说性价比很高，值得购买。",
        "质量太差了，洗了一次就开线了，联系客服一直不回复，再也不会买这家的东西了，大家千万别买。",
        "鞋子偏小半码，建议买大一码，穿着挺舒服的，颜色和图片一样，没有色差，很满意这次购物。",
        "给女儿买的生日礼物，她特别喜欢，包装很可爱，娃娃做工也很结实，会回购的。",
        "衣服质量一般，面料有点薄，尺码偏大，物流比较慢，一个星期才到，不太推荐给大家。",
    ];

    fn share_a_key(a: &str, b: &str) -> bool {
        let b = sketch_keys(b);
        sketch_keys(a).iter().any(|k| b.contains(k))
    }

    #[test]
    fn small_edits_are_near_and_found_by_their_keys() {
        for (a, b) in NEAR_PAIRS {
            assert!(is_near(a, b), "similarity {}: {b}", similarity(a, b));
            assert!(share_a_key(a, b), "{b}");
        }
    }

    #[test]
    fn unrelated_reviews_are_not_near() {
        let mut shared = 0;
        for (i, a) in UNRELATED.iter().enumerate() {
            for b in &UNRELATED[i + 1..] {
                assert!(!is_near(a, b), "similarity {}: {a} | {b}", similarity(a, b));
                shared += usize::from(share_a_key(a, b));
            }
        }
        // 66 pairs: candidates by key are rare among unrelated texts.
        assert!(shared <= 3, "{shared} unrelated pairs share a key");
    }

    #[test]
    fn masked_names() {
        assert_eq!(masked_name("王小明"), "王**");
        assert_eq!(masked_name("alice"), "a**");
        assert_eq!(masked_name(""), "**");
        assert_eq!(masked_name("  bob "), "b**");
        assert_eq!(masked_name("😀x"), "😀**");
    }

    #[test]
    fn nothing_panics_on_tricky_input() {
        let pieces = [
            "a",
            "傻",
            "\u{0301}",
            "😀",
            "👨\u{200D}👩\u{200D}👧",
            "１",
            "一",
            ".",
            " dot ",
            "İ",
            "\u{FEFF}",
            "微信",
            "q",
            "0",
            "-",
            "ß",
            "ﷺ",
            "\u{10FFFF}",
        ];
        let mut rng = XorShift(42);
        let mut mixed = String::new();
        while mixed.chars().count() < 10_000 {
            mixed.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
        }
        let inputs = [
            String::new(),
            "\u{0301}".to_string(),
            "\u{0301}\u{0308}\u{20DD}".to_string(),
            "😀🙂👍🏽".to_string(),
            "1".repeat(10_000),
            "1 ".repeat(5_000),
            "微信".repeat(5_000),
            "a.".repeat(5_000),
            " dot".to_string(),
            mixed,
        ];
        let list = words(&["", "\u{0301}", "ass", "fuck", "傻逼", "😀"]);
        for t in &inputs {
            let _ = fold(t);
            let _ = banned_word(t, &list);
            let _ = contains_link(t);
            let _ = contains_contact(t);
            let _ = sketch_keys(t);
            let _ = is_near(t, t);
            let _ = masked_name(t);
        }
    }
}
