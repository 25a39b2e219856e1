//! Upload processing, pure and synchronous (callers run it in `spawn_blocking`
//! under a semaphore): the type is sniffed from the content, never from a name
//! or header; images are decoded under pixel and memory limits, re-encoded
//! (which drops EXIF/XMP/ICC, GPS included) and given fixed-width thumbnails;
//! PDFs are checked and stored as they are.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageError, ImageFormat, ImageReader, Limits,
};
use std::io::Cursor;

const MIB: u64 = 1024 * 1024;

/// Longest side accepted in an image header.
pub const MAX_IMAGE_SIDE: u32 = 8000;
/// Most pixels accepted in an image header (a 32 MP camera; phones shoot 12).
pub const MAX_IMAGE_PIXELS: u64 = 32_000_000;
/// Most bytes a decoder may hold: the decoded pixels plus its own working
/// copies. With [`RESIZE_SCRATCH_LIMIT`] and the ≤ 32 MB result this keeps
/// one upload under 256 MB, whatever the file claims.
pub const DECODE_ALLOC_LIMIT: u64 = 128 * MIB;
/// `resize` keeps an f32 RGBA copy (16 bytes a pixel) of source width ×
/// target height; above this we average boxes of pixels instead.
const RESIZE_SCRATCH_LIMIT: u64 = 64 * MIB;
/// Stored images fit in this square: enough for a zoomed product photo.
pub const MAX_STORED_SIDE: u32 = 2000;
pub use super::THUMBNAIL_WIDTHS;
const JPEG_QUALITY: u8 = 85;
/// Writers put `%%EOF` at the very end, give or take a newline or an
/// incremental-update trailer; further in, the upload was cut short.
const PDF_EOF_WINDOW: usize = 1024;

/// What an upload is for, which decides the accepted types and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadKind {
    /// JPEG, PNG or WebP, at most 5 MiB.
    Image,
    /// An image or a PDF, at most 10 MiB.
    Document,
}

impl UploadKind {
    /// The largest upload accepted, checked before anything is parsed.
    pub const fn max_bytes(self) -> usize {
        match self {
            UploadKind::Image => 5 * 1024 * 1024,
            UploadKind::Document => 10 * 1024 * 1024,
        }
    }
}

/// A type recognised from its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

/// The type of `bytes` from their first bytes only; `None` for everything we
/// do not accept (text, HTML, SVG, GIF, …).
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Sniffed::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Sniffed::Png)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Sniffed::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Sniffed::Pdf)
    } else {
        None
    }
}

/// Why an upload was refused; the messages can be shown to the uploader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is too large")]
    TooLarge,
    #[error("this type of file is not accepted")]
    UnsupportedType,
    #[error("the image has too many pixels")]
    TooManyPixels,
    #[error("the file is damaged or not what it seems")]
    Undecodable,
}

/// A file ready to store: the upload, or one of its thumbnails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    pub bytes: Vec<u8>,
    /// `"jpg"`, `"png"` or `"pdf"`.
    pub ext: &'static str,
    pub content_type: &'static str,
    /// Pixels; 0 for a PDF.
    pub width: u32,
    pub height: u32,
}

/// One `srcset` entry of a stored image, encoded by the same rule.
pub type Thumbnail = Processed;

/// Checks an upload and turns it into what we store: images re-encoded
/// without metadata (as PNG when they use transparency, else JPEG), at most
/// [`MAX_STORED_SIDE`] a side and upright; PDFs as they are.
pub fn process(kind: UploadKind, bytes: &[u8]) -> Result<Processed, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > kind.max_bytes() {
        return Err(UploadError::TooLarge);
    }
    let sniffed = sniff(bytes).ok_or(UploadError::UnsupportedType)?;
    let Some(format) = image_format(sniffed) else {
        return match kind {
            UploadKind::Document => check_pdf(bytes),
            UploadKind::Image => Err(UploadError::UnsupportedType),
        };
    };
    let (image, orientation) = decode(format, bytes)?;
    let mut image = shrink_to_fit(image, MAX_STORED_SIDE);
    // After shrinking, so the rotation copies the small image.
    image.apply_orientation(orientation);
    encode(&image)
}

/// Thumbnails of a processed image, one per [`THUMBNAIL_WIDTHS`] entry
/// narrower than the image (never enlarged), aspect ratio kept. A PDF has none.
pub fn thumbnails(processed: &Processed) -> Result<Vec<Thumbnail>, UploadError> {
    let Some(format) = sniff(&processed.bytes).and_then(image_format) else {
        return Ok(Vec::new());
    };
    // Our own output carries no orientation any more.
    let (image, _) = decode(format, &processed.bytes)?;
    THUMBNAIL_WIDTHS
        .into_iter()
        .filter(|&width| width < image.width())
        .map(|width| encode(&resample(&image, width, scale(image.height(), width, image.width()))))
        .collect()
}

fn image_format(sniffed: Sniffed) -> Option<ImageFormat> {
    match sniffed {
        Sniffed::Jpeg => Some(ImageFormat::Jpeg),
        Sniffed::Png => Some(ImageFormat::Png),
        Sniffed::Webp => Some(ImageFormat::WebP),
        Sniffed::Pdf => None,
    }
}

/// We never render PDFs, so the checks are that it is one and is complete.
fn check_pdf(bytes: &[u8]) -> Result<Processed, UploadError> {
    let tail = &bytes[bytes.len().saturating_sub(PDF_EOF_WINDOW)..];
    if !tail.windows(5).any(|window| window == b"%%EOF") {
        return Err(UploadError::Undecodable);
    }
    Ok(Processed {
        bytes: bytes.to_vec(),
        ext: "pdf",
        content_type: "application/pdf",
        width: 0,
        height: 0,
    })
}

/// Decodes under every limit; returns the pixels as stored and the EXIF
/// orientation to apply.
fn decode(format: ImageFormat, bytes: &[u8]) -> Result<(DynamicImage, Orientation), UploadError> {
    // The decoders' own checks, in case a header disagrees with the data.
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(DECODE_ALLOC_LIMIT);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    // Reads the header only: nothing the size of the image exists yet.
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(UploadError::Undecodable);
    }
    let memory = decoder
        .total_bytes()
        .saturating_add(decoder_scratch(format, bytes, pixels));
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || pixels > MAX_IMAGE_PIXELS || memory > DECODE_ALLOC_LIMIT {
        return Err(UploadError::TooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    Ok((image, orientation))
}

fn decode_error(error: ImageError) -> UploadError {
    match error {
        ImageError::Limits(_) => UploadError::TooManyPixels,
        _ => UploadError::Undecodable,
    }
}

/// What a decoder holds besides its output, which `Limits` does not see.
fn decoder_scratch(format: ImageFormat, bytes: &[u8], pixels: u64) -> u64 {
    match format {
        ImageFormat::Jpeg => progressive_jpeg_coefficients(bytes),
        // Lossless WebP decodes into ARGB words, then converts.
        ImageFormat::WebP => pixels * 4,
        _ => 0,
    }
}

/// A progressive JPEG keeps every DCT coefficient (2 bytes a sample) until
/// its last scan; a baseline one streams, so 0.
fn progressive_jpeg_coefficients(bytes: &[u8]) -> u64 {
    let mut pos = 2;
    while let Some(&[0xFF, marker, hi, lo]) = bytes.get(pos..pos + 4) {
        let end = pos + 2 + usize::from(u16::from_be_bytes([hi, lo]));
        match marker {
            0xC2 | 0xC6 | 0xCA | 0xCE => {
                return bytes.get(pos + 4..end).map_or(0, sof_coefficients);
            }
            // Another frame type (0xC4, 0xC8 and 0xCC are not frames), or the
            // first scan without a frame header, which the decoder refuses.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => return 0,
            0xDA => return 0,
            _ => pos = end,
        }
    }
    0
}

/// Coefficient bytes for a start-of-frame segment: precision, height, width,
/// component count, then (id, sampling `h << 4 | v`, table) per component.
fn sof_coefficients(sof: &[u8]) -> u64 {
    let Some((&[_, h1, h0, w1, w0, _], components)) = sof.split_first_chunk::<6>() else {
        return 0;
    };
    let height = u64::from(u16::from_be_bytes([h1, h0]));
    let width = u64::from(u16::from_be_bytes([w1, w0]));
    let sampling: Vec<(u64, u64)> = (components.iter().skip(1).step_by(3))
        .map(|s| (u64::from(s >> 4).max(1), u64::from(s & 15).max(1)))
        .collect();
    let h_max = sampling.iter().map(|s| s.0).max().unwrap_or(1);
    let v_max = sampling.iter().map(|s| s.1).max().unwrap_or(1);
    let mcus = width.div_ceil(8 * h_max) * height.div_ceil(8 * v_max);
    let blocks: u64 = sampling.iter().map(|(h, v)| h * v).sum();
    mcus * blocks * 64 * 2
}

/// `value × numerator / denominator`, rounded, at least 1.
fn scale(value: u32, numerator: u32, denominator: u32) -> u32 {
    let (v, n, d) = (u64::from(value), u64::from(numerator), u64::from(denominator));
    u32::try_from(((v * n + d / 2) / d).max(1)).unwrap_or(u32::MAX)
}

/// Shrinks (never enlarges) to fit a `side` × `side` square, which bounds
/// rotated and very tall images as well as wide ones.
fn shrink_to_fit(image: DynamicImage, side: u32) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    if width <= side && height <= side {
        return image;
    }
    if width >= height {
        resample(&image, side, scale(height, side, width))
    } else {
        resample(&image, scale(width, side, height), side)
    }
}

fn resample(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let scratch = u64::from(image.width()) * u64::from(height) * 16;
    if scratch <= RESIZE_SCRATCH_LIMIT {
        image.resize_exact(width, height, FilterType::Triangle)
    } else {
        // Box averaging needs no scratch; it is rough only for factors under
        // 2, and sources this large are mostly reduced by more.
        image.thumbnail_exact(width, height)
    }
}

/// PNG when some pixel is see-through (a logo on any background), else JPEG.
/// The encoders write pixels only, so no metadata survives.
fn encode(image: &DynamicImage) -> Result<Processed, UploadError> {
    let mut bytes = Vec::new();
    // Encoding into memory fails only on dimensions the decoder produced,
    // so the fault is the file's.
    let failed = |_: ImageError| UploadError::Undecodable;
    let (width, height) = (image.width(), image.height());
    let rgba = image.color().has_alpha().then(|| image.to_rgba8());
    let (ext, content_type) = match rgba {
        Some(rgba) if rgba.pixels().any(|p| p.0[3] != u8::MAX) => {
            let encoder = PngEncoder::new(&mut bytes);
            encoder
                .write_image(rgba.as_raw(), width, height, ExtendedColorType::Rgba8)
                .map_err(failed)?;
            ("png", "image/png")
        }
        _ => {
            let encoder = JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
            encoder
                .write_image(image.to_rgb8().as_raw(), width, height, ExtendedColorType::Rgb8)
                .map_err(failed)?;
            ("jpg", "image/jpeg")
        }
    };
    Ok(Processed {
        bytes,
        ext,
        content_type,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::super::samples::{pdf, png, with_exif, zlib_zeros};
    use super::*;
    use image::{RgbImage, RgbaImage};

    fn photo(width: u32, height: u32) -> DynamicImage {
        let pixel = |x: u32, y: u32| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]);
        DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, pixel))
    }

    fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).expect("encodes");
        out.into_inner()
    }

    #[test]
    fn png_jpeg_and_webp_are_accepted_and_reencoded_as_jpeg() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let upload = encoded(&photo(64, 48), format);
            let out = process(UploadKind::Image, &upload).expect("accepted");
            assert_eq!((out.ext, out.content_type), ("jpg", "image/jpeg"), "{format:?}");
            assert_eq!((out.width, out.height), (64, 48));
            assert_eq!(sniff(&out.bytes), Some(Sniffed::Jpeg));
        }
    }

    #[test]
    fn transparency_keeps_png_and_unused_alpha_becomes_jpeg() {
        let see_through = RgbaImage::from_fn(30, 20, |x, _| image::Rgba([9, 9, 9, (x * 8) as u8]));
        let upload = encoded(&DynamicImage::ImageRgba8(see_through), ImageFormat::Png);
        assert_eq!(process(UploadKind::Image, &upload).map(|p| p.ext), Ok("png"));
        let opaque = DynamicImage::ImageRgba8(photo(30, 20).to_rgba8());
        let upload = encoded(&opaque, ImageFormat::WebP);
        assert_eq!(process(UploadKind::Image, &upload).map(|p| p.ext), Ok("jpg"));
    }

    #[test]
    fn pdf_is_refused_as_an_image_but_stored_as_is_as_a_document() {
        assert_eq!(process(UploadKind::Image, &pdf()), Err(UploadError::UnsupportedType));
        let out = process(UploadKind::Document, &pdf()).expect("accepted");
        assert_eq!((out.ext, out.width, out.height), ("pdf", 0, 0));
        assert_eq!(out.bytes, pdf());
        assert_eq!(thumbnails(&out), Ok(Vec::new()));
    }

    #[test]
    fn truncated_pdf_is_undecodable() {
        let mut cut = pdf();
        cut.truncate(30);
        cut.extend(vec![b' '; 2000]);
        assert_eq!(process(UploadKind::Document, &cut), Err(UploadError::Undecodable));
    }

    #[test]
    fn text_html_svg_and_gif_are_refused() {
        for bytes in [
            &b"just some text"[..],
            b"<!doctype html><script>alert(1)</script>",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        ] {
            assert_eq!(process(UploadKind::Document, bytes), Err(UploadError::UnsupportedType));
        }
        assert_eq!(process(UploadKind::Image, b""), Err(UploadError::Empty));
    }

    #[test]
    fn oversize_uploads_are_refused_before_parsing() {
        // PNG magic then garbage: parsing it would say Undecodable.
        let mut image = b"\x89PNG\r\n\x1a\n".to_vec();
        image.resize(UploadKind::Image.max_bytes() + 1, 0);
        assert_eq!(process(UploadKind::Image, &image), Err(UploadError::TooLarge));
        let mut document = pdf();
        document.splice(9..9, vec![b' '; UploadKind::Document.max_bytes()]);
        assert_eq!(process(UploadKind::Document, &document), Err(UploadError::TooLarge));
        document.drain(9..4_000_000);
        assert!(process(UploadKind::Document, &document).is_ok(), "6 MB PDF fits");
    }

    #[test]
    fn huge_png_header_is_refused_without_decoding() {
        // The data is one pixel's: decoding would fail as Undecodable instead.
        let upload = png(20_000, 20_000, [8, 0], &zlib_zeros(2));
        assert_eq!(process(UploadKind::Image, &upload), Err(UploadError::TooManyPixels));
    }

    #[test]
    fn valid_20000_square_decompression_bomb_is_refused() {
        // 20000 rows of a filter byte and 2500 bytes of 1-bit pixels.
        let zeros = 20_000 * (1 + 2_500);
        let upload = png(20_000, 20_000, [1, 0], &zlib_zeros(zeros));
        assert!(upload.len() < 400_000, "{} bytes for 400 MB of pixels", upload.len());
        assert_eq!(process(UploadKind::Image, &upload), Err(UploadError::TooManyPixels));
        let within_sides = png(8_000, 8_000, [8, 0], &zlib_zeros(2));
        assert_eq!(
            process(UploadKind::Image, &within_sides),
            Err(UploadError::TooManyPixels)
        );
        // The same builder makes PNGs that decode when they are small.
        let small = process(UploadKind::Image, &png(300, 200, [1, 0], &zlib_zeros(200 * 39)));
        assert_eq!(small.map(|p| (p.width, p.height)), Ok((300, 200)));
    }

    #[test]
    fn image_needing_more_memory_than_the_budget_is_refused() {
        // 25 MP passes the pixel limit, but 16-bit RGBA is 200 MB decoded.
        let upload = png(5_000, 5_000, [16, 6], &zlib_zeros(2));
        assert_eq!(process(UploadKind::Image, &upload), Err(UploadError::TooManyPixels));
        assert_eq!(decoder_scratch(ImageFormat::Png, &upload, 25_000_000), 0);
    }

    #[test]
    fn progressive_jpeg_coefficients_are_counted() {
        // SOF2, 4000×3000, three components, luma sampled 2×2 (4:2:0).
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC2, 0, 17, 8];
        jpeg.extend([0x0B, 0xB8, 0x0F, 0xA0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        let mcus = 250 * 188;
        assert_eq!(progressive_jpeg_coefficients(&jpeg), mcus * 6 * 64 * 2);
        jpeg[9] = 0xC0;
        assert_eq!(progressive_jpeg_coefficients(&jpeg), 0, "baseline streams");
    }

    #[test]
    fn exif_location_is_stripped() {
        let upload = with_exif(&encoded(&photo(40, 30), ImageFormat::Jpeg), 1);
        assert!(upload.windows(6).any(|w| w == b"Exif\0\0"));
        let out = process(UploadKind::Image, &upload).expect("accepted");
        assert!(!out.bytes.windows(6).any(|w| w == b"Exif\0\0"));
        assert!(!out.bytes.windows(3).any(|w| w == b"GPS"));
    }

    #[test]
    fn exif_orientation_is_applied_before_it_is_stripped() {
        let upload = with_exif(&encoded(&photo(40, 20), ImageFormat::Jpeg), 6);
        let out = process(UploadKind::Image, &upload).expect("accepted");
        assert_eq!((out.width, out.height), (20, 40));
    }

    #[test]
    fn large_images_are_shrunk_to_the_stored_size() {
        let wide = process(UploadKind::Image, &encoded(&photo(2400, 1200), ImageFormat::Png));
        assert_eq!(wide.map(|p| (p.width, p.height)), Ok((2000, 1000)));
        let tall = process(UploadKind::Image, &encoded(&photo(500, 2500), ImageFormat::Jpeg));
        assert_eq!(tall.map(|p| (p.width, p.height)), Ok((400, 2000)));
    }

    #[test]
    fn thumbnails_keep_the_aspect_ratio_and_are_never_wider_than_the_original() {
        let out = process(UploadKind::Image, &encoded(&photo(900, 600), ImageFormat::Png));
        let thumbs = thumbnails(&out.expect("accepted")).expect("made");
        let sizes: Vec<_> = thumbs.iter().map(|t| (t.width, t.height, t.ext)).collect();
        assert_eq!(sizes, [(240, 160, "jpg"), (480, 320, "jpg")]);
        let first = image::load_from_memory(&thumbs[0].bytes).expect("decodes");
        assert_eq!((first.width(), first.height()), (240, 160));
    }

    #[test]
    fn truncated_jpeg_is_undecodable() {
        let jpeg = encoded(&photo(64, 64), ImageFormat::Jpeg);
        let upload = &jpeg[..jpeg.len() / 2];
        assert_eq!(process(UploadKind::Image, upload), Err(UploadError::Undecodable));
    }
}
