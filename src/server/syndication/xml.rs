//! Just enough XML for feeds and sitemaps: escaping text and attribute values.

/// `text` safe inside an element or a double-quoted attribute. Characters XML
/// 1.0 forbids (most control characters) are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(super::escape("R&D <b>\"x\" 'y'\u{0}\u{1B}"), "R&amp;D &lt;b&gt;&quot;x&quot; &apos;y&apos;");
    }
}
