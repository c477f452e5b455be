//! Company logos: an upload is decoded, checked and re-encoded as a square
//! PNG of a fixed size. What the browser sent is never stored or served, so
//! a crafted file cannot reach another visitor.

use std::io::Cursor;

use image::{DynamicImage, GenericImageView, ImageFormat, ImageReader, Limits, RgbaImage, imageops};

/// Largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 1024 * 1024;
/// Largest upload request read at all: a larger file is read and refused
/// with a message up to here, and cut off beyond.
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;
/// Width and height of the stored logo, in pixels.
pub const SIZE: u32 = 256;
/// Largest side of an upload we decode at all.
const MAX_SIDE: u32 = 4_096;

use crate::model::LogoProblem;

/// The stored logo for an upload: the picture scaled to fit `SIZE`×`SIZE`,
/// centred on a transparent square, as PNG.
pub fn reencode(upload: &[u8]) -> Result<Vec<u8>, LogoProblem> {
    if upload.is_empty() {
        return Err(LogoProblem::Empty);
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(LogoProblem::TooLarge);
    }
    let mut reader =
        ImageReader::new(Cursor::new(upload)).with_guessed_format().map_err(|_| LogoProblem::Unreadable)?;
    // By content, not by name: the format is what the bytes say it is.
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => {}
        _ => return Err(LogoProblem::UnsupportedFormat),
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => LogoProblem::TooManyPixels,
        _ => LogoProblem::Unreadable,
    })?;
    square_png(&picture)
}

fn square_png(picture: &DynamicImage) -> Result<Vec<u8>, LogoProblem> {
    let fitted = picture.resize(SIZE, SIZE, imageops::FilterType::Lanczos3);
    let (width, height) = fitted.dimensions();
    let mut canvas = RgbaImage::new(SIZE, SIZE);
    imageops::overlay(&mut canvas, &fitted.to_rgba8(), i64::from((SIZE - width) / 2), i64::from((SIZE - height) / 2));
    let mut png = Vec::new();
    DynamicImage::ImageRgba8(canvas).write_to(&mut Cursor::new(&mut png), ImageFormat::Png).map_err(|e| {
        tracing::error!("re-encoding a logo failed: {e}");
        LogoProblem::Unreadable
    })?;
    Ok(png)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `width`×`height` picture in `format`.
    pub fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut bytes), format).expect("encode");
        bytes
    }

    fn decoded(png: &[u8]) -> DynamicImage {
        image::load_from_memory_with_format(png, ImageFormat::Png).expect("a PNG")
    }

    #[test]
    fn png_jpeg_and_webp_become_a_square_png() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let logo = reencode(&picture(600, 300, format)).expect("accepted");
            let image = decoded(&logo);
            assert_eq!(image.dimensions(), (SIZE, SIZE), "{format:?}");
            assert_eq!(image.get_pixel(0, 0).0[3], 0, "letterboxed with transparency");
            assert_eq!(image.get_pixel(SIZE / 2, SIZE / 2).0[3], 255);
        }
    }

    #[test]
    fn other_formats_garbage_and_oversized_files_are_refused() {
        assert_eq!(reencode(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"), Err(LogoProblem::UnsupportedFormat));
        assert_eq!(reencode(b"<svg onload=alert(1)></svg>"), Err(LogoProblem::UnsupportedFormat));
        assert_eq!(reencode(b""), Err(LogoProblem::Empty));
        assert_eq!(reencode(&vec![0x89; MAX_UPLOAD_BYTES + 1]), Err(LogoProblem::TooLarge));
        let mut truncated = picture(64, 64, ImageFormat::Png);
        truncated.truncate(60);
        assert_eq!(reencode(&truncated), Err(LogoProblem::Unreadable));
        assert_eq!(reencode(&picture(5_000, 2, ImageFormat::Png)), Err(LogoProblem::TooManyPixels));
    }
}
