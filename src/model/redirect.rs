//! Where a redirect may send someone: a path on this site, never another
//! site. Browsers read `//host`, `/\host` and paths with tabs or newlines in
//! them (which they strip) as other sites, so each is refused outright.

/// Longest `next=` kept; a longer one is not a path we made.
const MAX_LEN: usize = 2_000;

/// `path` when it is a same-site path that is safe to put in `Location`.
pub fn local_path(path: &str) -> Option<&str> {
    let bytes = path.as_bytes();
    let safe = bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && path.len() <= MAX_LEN
        && !path.contains('\\')
        && path.chars().all(|c| !c.is_control() && !c.is_whitespace());
    safe.then_some(path)
}

/// A path segment (a slug a request named) written so it cannot break out
/// of its segment or the header.
pub fn path_segment(segment: &str) -> String {
    let kept: String = segment.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    if kept.chars().all(|c| c == '.') { String::new() } else { kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_kept() {
        for ok in ["/dashboard", "/admin/review?x=1#top", "/jobs/rust-engineer-acme-42"] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for bad in [
            "",
            "dashboard",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/%0d%0aSet-Cookie:x=1\r\nSet-Cookie: x=1",
            "https://evil.example",
            "/ /evil",
            "/\u{0}",
            "/\u{2028}",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }

    #[test]
    fn segments_stay_segments() {
        assert_eq!(path_segment("rust-engineer-42"), "rust-engineer-42");
        assert_eq!(path_segment("a/../b\r\nx"), "a..bx");
        assert_eq!(path_segment(".."), "");
    }
}
