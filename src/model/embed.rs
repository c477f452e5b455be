//! Jobs on other sites: the snippets `/embed` builds for a search shown as
//! a framed widget (`/embed/jobs?…`) and for one job shown as an image card
//! (`/jobs/{slug}/card.svg`), and the builder page's data.

use serde::{Deserialize, Serialize};

use super::{JobFilter, describe_search};

/// Jobs a search widget shows when its address does not say.
pub const WIDGET_JOBS: u8 = 10;
/// The most a search widget shows (a page of results).
pub const WIDGET_MAX_JOBS: u8 = 20;
/// The card's size in pixels.
pub const CARD_WIDTH: u32 = 600;
pub const CARD_HEIGHT: u32 = 170;

/// The widget's `limit` taken out of a query string: the jobs it shows
/// (`WIDGET_JOBS` when missing or not a number from 1 to `WIDGET_MAX_JOBS`),
/// and the rest of the query, which is a `/jobs` search.
pub fn take_limit(query: &str) -> (u8, String) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut limit = WIDGET_JOBS;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key == "limit" {
            limit = value.trim().parse().ok().filter(|n| (1..=WIDGET_MAX_JOBS).contains(n)).unwrap_or(WIDGET_JOBS);
        } else {
            rest.append_pair(&key, &value);
        }
    }
    (limit, rest.finish())
}

/// A widget's query string: the search's canonical form, and `limit` when
/// it is not the default.
pub fn widget_query(filter: &JobFilter, limit: u8) -> String {
    let mut query = filter.to_query(1);
    if limit != WIDGET_JOBS {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!("limit={limit}"));
    }
    query
}

/// What a search widget is called: in its heading and its frame's title.
pub fn widget_title(filter: &JobFilter) -> String {
    let words = describe_search(filter);
    if words == "all remote jobs" { "Remote developer jobs".to_owned() } else { format!("Remote jobs: {words}") }
}

/// `text` safe inside a double-quoted HTML attribute or as element text.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` safe as a Markdown link's or image's text: brackets, backslashes
/// and the characters that start markup are escaped, line breaks dropped.
pub fn escape_markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The HTML that frames search widget `query` (from `widget_query`), from
/// the board at `base`.
pub fn widget_snippet(base: &str, query: &str, title: &str) -> String {
    let src = if query.is_empty() { format!("{base}/embed/jobs") } else { format!("{base}/embed/jobs?{query}") };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"520\" style=\"border:0;max-width:640px\" loading=\"lazy\"></iframe>",
        escape_html(&src),
        escape_html(title)
    )
}

/// A job an employer or a community shows as a card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmbedJob {
    /// Its page, `/jobs/{slug}`.
    pub path: String,
    pub title: String,
    pub company_name: String,
}

impl EmbedJob {
    /// What the card says to someone who cannot see it.
    pub fn alt(&self) -> String {
        format!("{} at {}, remote, on FarCoder", self.title, self.company_name)
    }

    pub fn card_path(&self) -> String {
        format!("{}/card.svg", self.path)
    }

    /// The card as Markdown (a README): the image, linked to the job.
    pub fn markdown(&self, base: &str) -> String {
        format!("[![{}]({base}{})]({base}{})", escape_markdown_text(&self.alt()), self.card_path(), self.path)
    }

    /// The card as HTML.
    pub fn html(&self, base: &str) -> String {
        format!(
            "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\"></a>",
            escape_html(&format!("{base}{}", self.path)),
            escape_html(&format!("{base}{}", self.card_path())),
            escape_html(&self.alt())
        )
    }
}

/// The `/embed` page: a search as a widget, and a job as a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbedBuilder {
    /// The board's public address, which the snippets name.
    pub base: String,
    pub filter: JobFilter,
    pub limit: u8,
    /// The widget's query string.
    pub widget_query: String,
    pub widget_title: String,
    /// Open jobs the search matches now.
    pub matching: i64,
    /// The job address as typed.
    pub job_input: String,
    pub job: Option<EmbedJob>,
    /// Why the typed address names no open job.
    pub job_error: Option<String>,
}

impl EmbedBuilder {
    pub fn widget_snippet(&self) -> String {
        widget_snippet(&self.base, &self.widget_query, &self.widget_title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_taken_out_and_kept_in_range() {
        assert_eq!(take_limit("q=rust&limit=5&category=backend"), (5, "q=rust&category=backend".to_owned()));
        for bad in ["limit=0", "limit=21", "limit=ten", "limit=-1"] {
            assert_eq!(take_limit(bad).0, WIDGET_JOBS, "{bad}");
        }
        let (filter, _) = JobFilter::parse("q=rust&stack=rust");
        assert_eq!(widget_query(&filter, 5), "q=rust&stack=rust&limit=5");
        assert_eq!(widget_query(&JobFilter::default(), WIDGET_JOBS), "");
    }

    #[test]
    fn snippets_escape_what_people_typed() {
        let (filter, _) = JobFilter::parse("q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        let query = widget_query(&filter, WIDGET_JOBS);
        let snippet = widget_snippet("https://farcoder.example", &query, &widget_title(&filter));
        assert!(!snippet.contains("<script") && snippet.matches('<').count() == 2, "one element: {snippet}");
        assert!(
            snippet.starts_with("<iframe src=\"https://farcoder.example/embed/jobs?q=%22%3E%3Cscript"),
            "{snippet}"
        );

        let job = EmbedJob {
            path: "/jobs/x-acme-1".to_owned(),
            title: "Dev](javascript:alert(1)) <b>\"".to_owned(),
            company_name: "Acme & Co".to_owned(),
        };
        let markdown = job.markdown("https://farcoder.example");
        assert!(markdown.starts_with("[![Dev\\](javascript:alert(1)) \\<b\\>\"") && markdown.contains("Acme & Co"));
        assert!(
            markdown.ends_with(
                "](https://farcoder.example/jobs/x-acme-1/card.svg)](https://farcoder.example/jobs/x-acme-1)"
            )
        );
        let html = job.html("https://farcoder.example");
        assert!(html.contains("alt=\"Dev](javascript:alert(1)) &lt;b&gt;&quot; at Acme &amp; Co"), "{html}");
    }
}
