//! Media: uploaded and generated files (shop logos and product images,
//! served through `/media/`; merchants' private documents, served only
//! through their authorized route). Stored outside `public/`.

/// The public URL of a stored file.
pub fn url_for(key: &str) -> String {
    format!("/media/{key}")
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
    fn keys_cannot_escape_the_store() {
        assert!(is_valid_key("products/p-1-0.svg"));
        assert!(!is_valid_key("../etc/passwd"));
        assert!(!is_valid_key("products/../../x"));
        assert!(!is_valid_key("/abs"));
        assert!(!is_valid_key("Products/X.svg"));
        assert!(!is_valid_key(""));
    }
}
