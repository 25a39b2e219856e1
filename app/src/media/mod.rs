//! Media: uploaded and generated files (shop logos and product images,
//! served through `/media/`; merchants' private documents, served only
//! through their authorized route). Stored outside `public/`.

/// The public URL of a stored file.
pub fn url_for(key: &str) -> String {
    format!("/media/{key}")
}

/// The widths of the narrower copies made once of every uploaded product
/// picture (for `srcset`).
pub const THUMBNAIL_WIDTHS: [u32; 3] = [240, 480, 960];

/// The key of a picture's copy `width` wide, next to the picture's own.
pub fn thumbnail_key(key: &str, width: u32) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-w{width}.{ext}"),
        None => format!("{key}-w{width}"),
    }
}

/// A `srcset` for an uploaded product picture `width` wide: its narrower
/// copies and itself. `None` for pictures without copies (the demo's
/// drawings, logos).
pub fn srcset_for(key: &str, width: i64) -> Option<String> {
    // Uploads are re-encoded as JPEG or PNG; the demo's SVG drawings (also
    // under products/) have no copies.
    let uploaded = key.starts_with("products/") && (key.ends_with(".jpg") || key.ends_with(".png"));
    if !uploaded {
        return None;
    }
    let mut parts: Vec<String> = THUMBNAIL_WIDTHS
        .iter()
        .filter(|w| i64::from(**w) < width)
        .map(|w| format!("{} {w}w", url_for(&thumbnail_key(key, *w))))
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.push(format!("{} {width}w", url_for(key)));
    Some(parts.join(", "))
}

/// True for keys we generate: lower-case words, digits, `-`, `_`, `.` and
/// `/`-separated folders, never `..` (so a key can never escape the store).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && !key.starts_with('/')
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_./".contains(c))
}

#[cfg(feature = "ssr")]
pub mod samples;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub mod upload;
#[cfg(feature = "ssr")]
pub mod web;
#[cfg(feature = "ssr")]
pub use store::{FsMediaBackend, MediaBackend, MediaStore};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_pictures_offer_their_narrower_copies() {
        assert_eq!(
            srcset_for("products/7/ab.jpg", 600).as_deref(),
            Some(
                "/media/products/7/ab-w240.jpg 240w, /media/products/7/ab-w480.jpg 480w, /media/products/7/ab.jpg 600w"
            )
        );
        assert_eq!(srcset_for("products/7/ab.jpg", 200), None, "no copy narrower than it");
        assert_eq!(srcset_for("demo/p-1.svg", 800), None);
        assert_eq!(srcset_for("products/p-1-0.svg", 800), None, "the demo's drawings");
    }

    #[test]
    fn keys_cannot_escape_the_store() {
        assert!(is_valid_key("products/p-1-0.svg"));
        assert!(!is_valid_key("../etc/passwd"));
        assert!(!is_valid_key("products/../../x"));
        assert!(!is_valid_key("/abs"));
        assert!(!is_valid_key("Products/X.svg"));
        assert!(!is_valid_key(""));
    }
}
