//! An ATS opening as a posting draft: what the ATS says, mapped onto our
//! model (the description's HTML sanitised into Markdown, its pay, its
//! employment type, the places it names, a level and role read from the
//! title), leaving what it cannot say (how people are hired, from where
//! exactly) for the employer to complete.

use sha2::Digest as _;

use crate::model::{Category, Currency, DESCRIPTION_CHARS, Level, Location, PostingDraft, Region, Stack, TITLE_CHARS};
use crate::server::imports::boards::Opening;

/// The draft `opening` makes.
pub fn draft_of(opening: &Opening) -> PostingDraft {
    let title = cut(opening.title.trim(), TITLE_CHARS.1);
    let (salary_min, salary_max, currency, period) = match &opening.pay {
        Some(pay) => match (Currency::from_slug(&pay.currency.to_ascii_uppercase()), pay.period) {
            (Some(currency), Some(period)) => {
                (pay.min.to_string(), pay.max.to_string(), currency.slug().to_owned(), period.slug().to_owned())
            }
            _ => Default::default(),
        },
        None => Default::default(),
    };
    PostingDraft {
        category: category_in(&title).map(|c| c.slug().to_owned()).unwrap_or_default(),
        level: level_in(&title).map(|l| l.slug().to_owned()).unwrap_or_default(),
        job_type: opening.job_type.map(|t| t.slug().to_owned()).unwrap_or_default(),
        stacks: stacks_in(&title).into_iter().map(|s| s.slug().to_owned()).collect(),
        salary_min,
        salary_max,
        currency: if currency.is_empty() { "USD".to_owned() } else { currency },
        period: if period.is_empty() { "year".to_owned() } else { period },
        locations: places_in(&opening.location).into_iter().map(|l| l.slug().to_owned()).collect(),
        description: markdown_of(&opening.description_html),
        apply_url: opening.url.clone(),
        title,
        ..PostingDraft::default()
    }
}

/// A digest of what the ATS says of an opening (as its draft): a change
/// of it is a change of the opening.
pub fn digest(draft: &PostingDraft) -> String {
    let text = serde_json::to_string(draft).unwrap_or_default();
    hex::encode(&sha2::Sha256::digest(text.as_bytes())[..16])
}

/// HTML from an ATS as Markdown: sanitised to text structure first (no
/// script, style, image, frame or attribute but a link's address), then
/// converted, and cut to what a description holds.
pub fn markdown_of(html: &str) -> String {
    let tags = [
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "strong",
        "b",
        "em",
        "i",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "code",
        "pre",
        "blockquote",
        "div",
        "span",
    ];
    let clean = ammonia::Builder::default()
        .tags(tags.into_iter().collect())
        .tag_attributes(Default::default())
        .add_tag_attributes("a", ["href"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string();
    let markdown = htmd::convert(&clean).unwrap_or_default();
    // Blank runs collapse: ATS HTML is full of empty paragraphs.
    let mut out = String::new();
    let mut blank = 0;
    for line in markdown.lines().map(str::trim_end) {
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    cut(out.trim(), DESCRIPTION_CHARS.1)
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Whole words of `text`, lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#' | '.')))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('.').to_lowercase())
        .collect()
}

/// The level a title names.
fn level_in(title: &str) -> Option<Level> {
    let words = words(title);
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("principal") || has("distinguished") {
        Some(Level::Principal)
    } else if has("staff") {
        Some(Level::Staff)
    } else if has("senior") || has("sr") || has("lead") {
        Some(Level::Senior)
    } else if has("junior") || has("jr") || has("graduate") || has("entry") {
        Some(Level::Junior)
    } else if has("mid") || has("intermediate") {
        Some(Level::Mid)
    } else {
        None
    }
}

/// The role a title names, when it names one plainly.
fn category_in(title: &str) -> Option<Category> {
    let words = words(title);
    let has = |w: &str| words.iter().any(|x| x == w);
    let text = title.to_lowercase();
    if text.contains("engineering manager") || has("head") && has("engineering") {
        Some(Category::EngineeringManagement)
    } else if text.contains("full-stack") || text.contains("full stack") || has("fullstack") {
        Some(Category::FullStack)
    } else if has("frontend") || text.contains("front-end") || text.contains("front end") {
        Some(Category::Frontend)
    } else if has("backend") || text.contains("back-end") || text.contains("back end") {
        Some(Category::Backend)
    } else if has("ios") || has("android") || has("mobile") {
        Some(Category::Mobile)
    } else if has("devops")
        || has("sre")
        || text.contains("site reliability")
        || has("platform")
        || has("infrastructure")
    {
        Some(Category::DevOps)
    } else if text.contains("machine learning") || has("ml") || has("ai") {
        Some(Category::MachineLearning)
    } else if has("data") {
        Some(Category::DataEngineering)
    } else if has("security") {
        Some(Category::Security)
    } else if has("qa") || has("test") || has("sdet") {
        Some(Category::Qa)
    } else {
        None
    }
}

/// The stacks a title names by their label ("Rust", "Go", "React").
fn stacks_in(title: &str) -> Vec<Stack> {
    let words = words(title);
    Stack::ALL.iter().copied().filter(|s| words.iter().any(|w| *w == s.label().to_lowercase())).collect()
}

/// The places a location text names: "Worldwide" and "Anywhere", the
/// regions by name, and the countries we know by name. A city names
/// nothing: the employer says where people may live.
fn places_in(location: &str) -> Vec<Location> {
    let text = location.to_lowercase();
    let mut found = Vec::new();
    if text.contains("worldwide") || text.contains("anywhere") {
        found.push(Location::WORLDWIDE);
    }
    for region in Region::ALL.iter().filter(|r| **r != Region::Worldwide) {
        if words(&text).iter().any(|w| *w == region.label().to_lowercase()) {
            found.push(Location::Region(*region));
        }
    }
    for country in Location::countries() {
        if text.contains(&country.label().to_lowercase()) {
            found.push(country);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EmploymentType, SalaryPeriod};
    use crate::server::imports::boards::Pay;

    fn opening() -> Opening {
        Opening {
            id: "1".into(),
            title: "Senior Backend Engineer (Rust)".into(),
            location: "Remote - Europe, Portugal".into(),
            remote: Some(true),
            description_html: "<p>Build <b>things</b>.</p><p></p><p></p><script>alert(1)</script><img src=x onerror=y><ul><li>Rust</li></ul><a href=\"javascript:x\">x</a>".into(),
            url: "https://jobs.lever.co/acme/1".into(),
            job_type: Some(EmploymentType::FullTime),
            pay: Some(Pay { min: 90_000, max: 120_000, currency: "eur".into(), period: Some(SalaryPeriod::Year) }),
        }
    }

    #[test]
    fn an_opening_becomes_a_draft_with_what_it_says() {
        let draft = draft_of(&opening());
        assert_eq!(draft.title, "Senior Backend Engineer (Rust)");
        assert_eq!((draft.level.as_str(), draft.category.as_str()), ("senior", "backend"));
        assert_eq!(draft.stacks, ["rust"]);
        assert_eq!(
            (draft.salary_min.as_str(), draft.salary_max.as_str(), draft.currency.as_str()),
            ("90000", "120000", "EUR")
        );
        assert_eq!(draft.locations, ["europe", "pt"]);
        assert_eq!(draft.job_type, "full-time");
        assert!(draft.hire_modes.is_empty() && draft.employee_in.is_empty(), "left for the employer");
        // No script, no image, and a `javascript:` link's text without its link.
        assert_eq!(draft.description, "Build **things**.\n\n*   Rust\n\nx");
    }

    #[test]
    fn pay_we_cannot_state_is_left_out() {
        let weekly = Opening { pay: Some(Pay { period: None, ..opening().pay.unwrap() }), ..opening() };
        assert_eq!(draft_of(&weekly).salary_min, "");
        let yen = Opening { pay: Some(Pay { currency: "JPY".into(), ..opening().pay.unwrap() }), ..opening() };
        assert_eq!(draft_of(&yen).salary_min, "");
    }
}
