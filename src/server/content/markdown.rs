//! Markdown from employers and guide authors, rendered to HTML that is safe
//! to embed.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::model::{TocEntry, slugify};

/// Renders CommonMark (with tables and strikethrough) and sanitises the result:
/// no scripts, no event handlers, no `javascript:` links; links get
/// `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::clean(&unsafe_html)
}

/// `render` for a long article: second- and third-level headings get ids
/// (from their text) and are returned as the table of contents.
pub fn render_with_toc(markdown: &str) -> (String, Vec<TocEntry>) {
    let events: Vec<Event> =
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
    let mut toc = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level: level @ (HeadingLevel::H2 | HeadingLevel::H3), .. }) => {
                let end =
                    events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Heading(_)))).map_or(i, |n| i + n);
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let mut id = slugify(&text);
                while toc.iter().any(|t: &TocEntry| t.id == id) {
                    id.push_str("-more");
                }
                let level = if *level == HeadingLevel::H2 { 2 } else { 3 };
                out.push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
                out.extend(events[i + 1..end].iter().cloned());
                out.push(Event::Html(format!("</h{level}>\n").into()));
                toc.push(TocEntry { level, id, text });
                i = end + 1;
            }
            event => {
                out.push(event.clone());
                i += 1;
            }
        }
    }
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, out.into_iter());
    let clean = ammonia::Builder::default()
        .add_tag_attributes("h2", ["id"])
        .add_tag_attributes("h3", ["id"])
        .clean(&unsafe_html)
        .to_string();
    (clean, toc)
}

#[cfg(test)]
mod tests {
    use super::{render, render_with_toc};

    #[test]
    fn long_articles_get_heading_ids_and_a_table_of_contents() {
        let (html, toc) = render_with_toc(
            "Intro.\n\n## What you do\n\nText.\n\n### Day to day `code`\n\n## What you do\n\n<h2 onclick=x>raw</h2>",
        );
        assert!(html.contains(r#"<h2 id="what-you-do">What you do</h2>"#), "{html}");
        assert!(html.contains(r#"<h3 id="day-to-day-code">"#));
        let ids: Vec<&str> = toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["what-you-do", "day-to-day-code", "what-you-do-more"]);
        assert_eq!(toc[1].level, 3);
        assert!(!html.contains("onclick"));
    }

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
