//! Files for tests and the demo seed: real images, a small PDF, and the
//! hostile kinds uploads must refuse (a PNG whose header claims any size, a
//! decompression bomb, a photo carrying its location in EXIF).

use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;

/// A photo-like picture (a colour gradient) encoded as `format`.
pub fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let pixel = |x: u32, y: u32| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]);
    let image = DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, pixel));
    let mut out = Cursor::new(Vec::new());
    // Encoding a small in-memory picture cannot fail; an empty file would
    // be refused by the code under test anyway.
    let _ = image.write_to(&mut out, format);
    out.into_inner()
}

/// A valid PNG of `side`×`side` black pixels that compresses to a few
/// hundred kilobytes: a decompression bomb.
pub fn png_bomb(side: u32) -> Vec<u8> {
    // One filter byte per row, then one grey byte per pixel.
    let raw = u64::from(side) * (u64::from(side) + 1);
    png(side, side, [8, 0], &zlib_zeros(raw))
}

/// A PNG file around a ready zlib stream: lets a header claim any size.
pub fn png(width: u32, height: u32, depth_and_colour: [u8; 2], zlib: &[u8]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        let len = u32::try_from(data.len()).expect("small chunk");
        out.extend(len.to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let mut crc = !0u32;
        for &byte in &out[start..] {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        out.extend((!crc).to_be_bytes());
    }
    let mut ihdr = [width.to_be_bytes(), height.to_be_bytes()].concat();
    ihdr.extend([depth_and_colour[0], depth_and_colour[1], 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A zlib stream of `n` zero bytes the way bombs are made: one literal,
/// then "copy 258 bytes from 1 back" codes of 13 bits (fixed Huffman).
pub fn zlib_zeros(n: u64) -> Vec<u8> {
    let mut bits: Vec<bool> = vec![true, true, false]; // final block, fixed codes
    let mut code = |value: u32, len: u32| bits.extend((0..len).rev().map(|i| value >> i & 1 == 1));
    code(0x30, 8); // literal 0
    let mut left = n - 1;
    while left >= 258 {
        code(0xC5, 8); // length 258
        code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        code(0x30, 8);
    }
    code(0, 7); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend(bits.chunks(8).map(|byte| {
        byte.iter()
            .enumerate()
            .fold(0u8, |acc, (i, &bit)| acc | u8::from(bit) << i)
    }));
    let adler = u32::try_from((n % 65521) << 16 | 1).expect("fits");
    out.extend(adler.to_be_bytes());
    out
}

/// `jpeg` with an APP1 EXIF segment right after SOI: orientation, then
/// a location in the text that phones write.
pub fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend(orientation.to_be_bytes());
    exif.extend([0, 0, 0, 0, 0, 0]);
    exif.extend(b"GPS 52.5200 N 13.4050 E");
    let len = u16::try_from(exif.len() + 2).expect("small segment");
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}
