//! A demo company's logo: a plain mark of our own drawing (a shape in white
//! on a colour), so cards and company pages show what a real logo does.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// The logo's side, in pixels.
const SIZE: u32 = 128;

/// Company number `index`'s logo as a PNG: its colour and shape follow
/// from `index`, so the same demo data draws the same logos.
pub fn draw(index: usize) -> Vec<u8> {
    const COLOURS: [[u8; 3]; 8] = [
        [37, 99, 235],
        [5, 150, 105],
        [217, 119, 6],
        [190, 24, 93],
        [124, 58, 237],
        [14, 116, 144],
        [220, 38, 38],
        [71, 85, 105],
    ];
    let colour = Rgb(COLOURS[index % COLOURS.len()]);
    let shape = (index / COLOURS.len()) % 4;
    let white = Rgb([255, 255, 255]);
    let centre = SIZE as f32 / 2.0;
    let image = RgbImage::from_fn(SIZE, SIZE, |x, y| {
        let (dx, dy) = (x as f32 + 0.5 - centre, y as f32 + 0.5 - centre);
        let distance = (dx * dx + dy * dy).sqrt();
        let inside = match shape {
            0 => distance < 34.0,
            1 => dx.abs() + dy.abs() < 40.0,
            2 => (22.0..36.0).contains(&distance),
            _ => dx.abs() < 30.0 && dy.abs() < 30.0 && ((dx + dy).abs() > 12.0),
        };
        if inside { white } else { colour }
    });
    let mut png = Vec::new();
    // Encoding a picture made in memory cannot fail short of memory itself.
    let _ = DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut png), ImageFormat::Png);
    png
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_logo_is_a_png_and_neighbours_differ() {
        let (first, second) = (super::draw(0), super::draw(1));
        assert!(first.starts_with(b"\x89PNG") && second.starts_with(b"\x89PNG"));
        assert_ne!(first, second);
        assert_eq!(super::draw(0), first, "the same company draws the same logo");
    }
}
