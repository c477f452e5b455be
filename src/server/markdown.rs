//! Markdown from employers, rendered to HTML that is safe to embed.

use pulldown_cmark::{Options, Parser, html};

/// Renders CommonMark (with tables and strikethrough) and sanitises the result:
/// no scripts, no event handlers, no `javascript:` links; links get
/// `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::clean(&unsafe_html)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_markdown() {
        let html = render("## About\n\n- **Rust**\n- [site](https://example.com)");
        assert!(html.contains("<h2>About</h2>"));
        assert!(html.contains("<strong>Rust</strong>"));
        assert!(html.contains(r#"href="https://example.com""#));
        assert!(html.contains("noopener"));
    }

    #[test]
    fn strips_scripts_and_handlers() {
        let html = render("<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))");
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }
}
