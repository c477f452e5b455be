//! The encodings a kept page is served in: brotli, gzip, or as it is. Each
//! kept page is compressed at most once per encoding, when a request first
//! asks for it, and the compressed bytes are kept beside the page, so a hit
//! costs no compression.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// Brotli's quality and window: a page is compressed once and served many
/// times, but a long-tail page is compressed for one request.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;
const GZIP_LEVEL: u32 = 6;

impl Encoding {
    /// The best encoding `headers`' `Accept-Encoding` accepts: brotli, then
    /// gzip, then the bytes as they are. A coding given `q=0` is refused.
    pub fn accepted(headers: &HeaderMap) -> Encoding {
        let (mut brotli, mut gzip) = (false, false);
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else { continue };
            for item in value.split(',') {
                // A coding takes one parameter, its weight (RFC 9110, 12.5.3).
                let (name, weight) = item.split_once(';').unwrap_or((item, ""));
                let name = name.trim();
                let refused = weight
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0);
                if refused {
                    continue;
                }
                if name.eq_ignore_ascii_case("br") {
                    brotli = true;
                } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                    gzip = true;
                }
            }
        }
        if brotli {
            Encoding::Brotli
        } else if gzip {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// `body` in this encoding (as it is for `Identity`).
    pub fn compress(self, body: &[u8]) -> std::io::Result<Bytes> {
        use std::io::Write as _;
        match self {
            Encoding::Identity => Ok(Bytes::copy_from_slice(body)),
            Encoding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4),
                    flate2::Compression::new(GZIP_LEVEL),
                );
                encoder.write_all(body)?;
                Ok(Bytes::from(encoder.finish()?))
            }
            Encoding::Brotli => {
                let mut out = Vec::with_capacity(body.len() / 4);
                {
                    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
                    writer.write_all(body)?;
                    writer.flush()?;
                }
                Ok(Bytes::from(out))
            }
        }
    }

    /// Sets the headers of a response carrying a page in this encoding:
    /// its `Content-Encoding` and length, and that the page varies by
    /// `Accept-Encoding`.
    pub fn mark(self, headers: &mut HeaderMap, length: usize) {
        match self {
            Encoding::Identity => headers.remove(header::CONTENT_ENCODING),
            Encoding::Gzip => headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            Encoding::Brotli => headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br")),
        };
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        let varies = headers.get_all(header::VARY).iter().any(|v| {
            v.to_str().is_ok_and(|v| v.split(',').any(|name| name.trim().eq_ignore_ascii_case("accept-encoding")))
        });
        if !varies {
            // One `Vary`, naming what it named and the encoding.
            let mut names: Vec<&str> = headers.get_all(header::VARY).iter().filter_map(|v| v.to_str().ok()).collect();
            names.push("accept-encoding");
            if let Ok(vary) = HeaderValue::from_str(&names.join(", ")) {
                headers.insert(header::VARY, vary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn asking(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).expect("header"));
        headers
    }

    #[test]
    fn a_browser_gets_brotli_and_what_is_refused_is_not_sent() {
        assert_eq!(Encoding::accepted(&asking("gzip, deflate, br, zstd")), Encoding::Brotli);
        assert_eq!(Encoding::accepted(&asking("gzip, br;q=0")), Encoding::Gzip);
        assert_eq!(Encoding::accepted(&asking("GZIP;q=0.5")), Encoding::Gzip);
        assert_eq!(Encoding::accepted(&asking("deflate, zstd")), Encoding::Identity);
        assert_eq!(Encoding::accepted(&asking("br;q=0, gzip;q=0.0")), Encoding::Identity);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity, "no header: as it is");
    }

    #[test]
    fn each_encoding_gives_back_the_page() {
        let page = "<!doctype html><p>Remote Rust engineer</p>".repeat(200);
        let gzip = Encoding::Gzip.compress(page.as_bytes()).expect("gzip");
        let mut read = String::new();
        flate2::read::GzDecoder::new(&gzip[..]).read_to_string(&mut read).expect("gunzip");
        assert_eq!(read, page);
        let brotli = Encoding::Brotli.compress(page.as_bytes()).expect("brotli");
        let mut read = String::new();
        brotli::Decompressor::new(&brotli[..], 4096).read_to_string(&mut read).expect("unbrotli");
        assert_eq!(read, page);
        assert!(brotli.len() < page.len() / 10 && gzip.len() < page.len() / 10);
    }

    #[test]
    fn the_headers_name_the_encoding_its_length_and_the_vary_once() {
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        Encoding::Brotli.mark(&mut headers, 123);
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(headers[header::CONTENT_LENGTH], "123");
        assert_eq!(headers.get_all(header::VARY).iter().count(), 1);
        Encoding::Identity.mark(&mut headers, 456);
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
        Encoding::Gzip.mark(&mut headers, 1);
        assert_eq!(headers[header::VARY], "Cookie, accept-encoding");
    }
}
