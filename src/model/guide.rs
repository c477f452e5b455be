//! Career guides as pages show them.

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::job::JobCard;
use super::landing::Landing;
use super::vocab::Category;

/// A guide in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub category: Option<Category>,
    /// ISO dates.
    pub published: String,
    pub updated: String,
}

impl GuideSummary {
    pub fn path(&self) -> String {
        format!("/guides/{}", self.slug)
    }
}

/// A heading of the guide's body, for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A question and its answer (sanitised HTML).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub question: String,
    pub answer_html: String,
}

/// What `/guides/{slug}` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuidePage {
    pub guide: GuideSummary,
    pub toc: Vec<TocEntry>,
    pub body_html: String,
    pub faq: Vec<FaqEntry>,
    /// Live jobs of the guide's category.
    pub jobs: Vec<JobCard>,
    pub landing: Option<Landing>,
    /// `Article`, `FAQPage` and `BreadcrumbList`, ready for a script element.
    pub json_ld: String,
}

/// The guide editor's form as typed; the FAQ is one `question | answer`
/// per line, as in the guide files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuideDraft {
    pub title: String,
    pub summary: String,
    /// A category slug, or empty.
    pub category: String,
    pub body: String,
    pub faq: String,
}

/// A guide edit that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideEdit {
    pub title: String,
    pub summary: String,
    pub category: Option<Category>,
    pub body: String,
    pub faq: Vec<(String, String)>,
}

pub const GUIDE_TITLE_CHARS: (usize, usize) = (10, 120);
pub const GUIDE_SUMMARY_CHARS: (usize, usize) = (50, 500);
pub const GUIDE_BODY_CHARS: (usize, usize) = (500, 100_000);
pub const GUIDE_FAQ_ENTRIES: usize = 20;

impl GuideDraft {
    pub fn parse(&self) -> Result<GuideEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, value: &str, (min, max): (usize, usize), what: &str| {
            let value = value.trim().replace("\r\n", "\n");
            let chars = value.chars().count();
            if chars < min || chars > max {
                errors.push(FieldError::new(field, format!("Write {what} of {min} to {max} characters.")));
            }
            value
        };
        let title = text("title", &self.title, GUIDE_TITLE_CHARS, "a title");
        let summary = text("summary", &self.summary, GUIDE_SUMMARY_CHARS, "a summary");
        let body = text("body", &self.body, GUIDE_BODY_CHARS, "the guide");
        let category = match self.category.trim() {
            "" => None,
            slug => Category::from_slug(slug).or_else(|| {
                errors.push(FieldError::new("category", "Choose a category, or none."));
                None
            }),
        };
        let mut faq = Vec::new();
        for (i, line) in self.faq.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            match line.split_once('|').map(|(q, a)| (q.trim(), a.trim())) {
                Some((q, a)) if !q.is_empty() && !a.is_empty() => faq.push((q.to_owned(), a.to_owned())),
                _ => {
                    errors.push(FieldError::new(
                        "faq",
                        format!("Line {} needs a question, `|`, then the answer.", i + 1),
                    ));
                    break;
                }
            }
        }
        if faq.len() > GUIDE_FAQ_ENTRIES {
            errors.push(FieldError::new("faq", format!("Keep it to {GUIDE_FAQ_ENTRIES} questions.")));
        }
        if errors.is_empty() { Ok(GuideEdit { title, summary, category, body, faq }) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> GuideDraft {
        GuideDraft {
            title: "Working remotely as a QA engineer".into(),
            summary: "What quality engineers do on distributed teams, and how they test without a shared office."
                .into(),
            category: "qa".into(),
            body: "A paragraph of guidance. ".repeat(30),
            faq: "Is QA remote friendly? | Yes, more than most roles.\n\nDo I need to code? | Some automation helps."
                .into(),
        }
    }

    #[test]
    fn a_complete_edit_parses_with_its_faq() {
        let edit = good().parse().expect("valid");
        assert_eq!(edit.faq.len(), 2);
        assert_eq!(edit.faq[1], ("Do I need to code?".to_owned(), "Some automation helps.".to_owned()));
    }

    #[test]
    fn each_field_is_checked() {
        let fields = |draft: GuideDraft| -> Vec<&'static str> {
            draft.parse().expect_err("invalid").into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(GuideDraft { title: "Short".into(), ..good() }), ["title"]);
        assert_eq!(fields(GuideDraft { body: "Too short.".into(), ..good() }), ["body"]);
        assert_eq!(fields(GuideDraft { category: "astrology".into(), ..good() }), ["category"]);
        assert_eq!(fields(GuideDraft { faq: "A question without an answer".into(), ..good() }), ["faq"]);
        assert!(GuideDraft { category: String::new(), ..good() }.parse().is_ok(), "no category is fine");
    }
}
