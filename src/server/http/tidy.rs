//! Pages leave as valid HTML. Leptos appends its data scripts after
//! `</html>`, where nothing may stand; islands read none of that data (the
//! loader declares it empty), and the page policy runs no inline script but
//! the loader, so they are dropped. And Leptos marks places in the page with
//! `<!>` (a parse error) for hydration to find; only an island hydrates, so
//! the marks go everywhere else.

use axum::body::Bytes;

/// The page as it leaves: rewritten by `http::cache::pages`, the one layer
/// that reads pages whole, before their `ETag` is taken.
pub fn page(bytes: Bytes) -> Bytes {
    let moved = tidy(&bytes);
    let tidied = match without_marks(&moved) {
        // Most pages leave as they came: no copy.
        std::borrow::Cow::Borrowed(_) if matches!(moved, std::borrow::Cow::Borrowed(_)) => None,
        changed => Some(changed.into_owned()),
    };
    drop(moved);
    tidied.map_or(bytes, Bytes::from)
}

/// The page without anything after `</html>`.
fn tidy(page: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    const HTML_END: &[u8] = b"</html>";
    let Some(html_end) = find_last(page, HTML_END) else { return page.into() };
    let end = html_end + HTML_END.len();
    if page[end..].iter().all(u8::is_ascii_whitespace) {
        return page.into();
    }
    page[..end].to_vec().into()
}

/// The page without the hydration marks `<!>` outside the islands' own
/// markup (an island's `leptos-children` are server HTML again), and never
/// touching a script's text.
fn without_marks(page: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    const MARK: &[u8] = b"<!>";
    if !page.windows(MARK.len()).any(|w| w == MARK) {
        return page.into();
    }
    // Whether each open island or children element hydrates.
    let mut hydrated: Vec<bool> = Vec::new();
    let mut out = Vec::with_capacity(page.len());
    let mut i = 0;
    while i < page.len() {
        let rest = &page[i..];
        if rest.starts_with(MARK) && !hydrated.last().copied().unwrap_or(false) {
            i += MARK.len();
            continue;
        }
        if rest.starts_with(b"<script") {
            let end = find(rest, b"</script>").map_or(rest.len(), |at| at + b"</script>".len());
            out.extend_from_slice(&rest[..end]);
            i += end;
            continue;
        }
        if rest.starts_with(b"<leptos-island") {
            hydrated.push(true);
        } else if rest.starts_with(b"<leptos-children") {
            hydrated.push(false);
        } else if rest.starts_with(b"</leptos-island>") || rest.starts_with(b"</leptos-children>") {
            hydrated.pop();
        }
        out.push(page[i]);
        i += 1;
    }
    out.into()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{tidy, without_marks};

    #[test]
    fn marks_stay_only_where_an_island_hydrates() {
        let page = b"<p>a<!>b</p><leptos-island data-component=\"X\"><i>c<!>d</i><leptos-children><b>e<!>f</b>\
<leptos-island><u>g<!>h</u></leptos-island></leptos-children><!></leptos-island><script>'<!>'</script><!>";
        assert_eq!(
            std::str::from_utf8(&without_marks(page)).expect("utf-8"),
            "<p>ab</p><leptos-island data-component=\"X\"><i>c<!>d</i><leptos-children><b>ef</b>\
<leptos-island><u>g<!>h</u></leptos-island></leptos-children><!></leptos-island><script>'<!>'</script>"
        );
    }

    #[test]
    fn scripts_after_the_document_are_dropped() {
        let page = b"<!DOCTYPE html><html><body><p>hi</p></body></html><script nonce=\"n\">go()</script>";
        assert_eq!(&*tidy(page), b"<!DOCTYPE html><html><body><p>hi</p></body></html>".as_slice());
    }

    #[test]
    fn a_page_ending_in_its_document_is_left_alone() {
        let page = b"<html><body><p>hi</p></body></html>\n";
        assert_eq!(&*tidy(page), page.as_slice());
        assert_eq!(&*tidy(b"not a page"), b"not a page".as_slice());
    }
}
