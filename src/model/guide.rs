//! Career guides as pages show them.

use serde::{Deserialize, Serialize};

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
