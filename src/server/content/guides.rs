//! Career guides: Markdown files with front matter in `content/guides/`,
//! built into the binary and stored in the database on start when missing
//! (the database is their home from then on, where moderators edit them);
//! the list and the guide pages with their JSON-LD (the guides feed is
//! `http::feeds::guides`).

use serde_json::json;

use crate::error::AppError;
use crate::model::{Category, FaqEntry, GuideDraft, GuidePage, GuideSummary, JobFilter, Landing, Time};
use crate::server::accounts::moderators::Moderator;
use crate::server::db::{Db, DbError};
use crate::server::read_model::ReadModel;
use crate::server::repo::guides::{self, GuideListing, GuideRow};
use crate::server::repo::moderation;
use crate::server::repo::moderation::audit_entry;

/// The guides shipped with FarCoder.
const SOURCES: &[(&str, &str)] = &[
    ("remote-backend-developer.md", include_str!("../../../content/guides/remote-backend-developer.md")),
    ("remote-frontend-developer.md", include_str!("../../../content/guides/remote-frontend-developer.md")),
    ("remote-devops-sre.md", include_str!("../../../content/guides/remote-devops-sre.md")),
    ("remote-data-engineer.md", include_str!("../../../content/guides/remote-data-engineer.md")),
    ("finding-a-remote-developer-job.md", include_str!("../../../content/guides/finding-a-remote-developer-job.md")),
    ("remote-salary-negotiation.md", include_str!("../../../content/guides/remote-salary-negotiation.md")),
];

/// A guide file: front matter between `---` lines (`key: value`, one
/// `faq: question | answer` line per question), then the Markdown body.
pub fn parse_source(name: &str, text: &str) -> Result<GuideRow, String> {
    let rest = text.strip_prefix("---\n").ok_or_else(|| format!("{name}: no front matter"))?;
    let (front, body) = rest.split_once("\n---\n").ok_or_else(|| format!("{name}: front matter not closed"))?;
    let field = |key: &str| -> Option<String> {
        front.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(|v| v.trim().to_owned()))
    };
    let required =
        |value: Option<String>, key: &str| value.filter(|v| !v.is_empty()).ok_or(format!("{name}: no {key}"));
    let date =
        |value: String, key: &str| Time::parse_date(&value).ok_or(format!("{name}: {key} is not a YYYY-MM-DD date"));
    let category = field("category").filter(|c| !c.is_empty());
    if let Some(c) = &category {
        Category::from_slug(c).ok_or(format!("{name}: unknown category {c}"))?;
    }
    let faq: Vec<(String, String)> = front
        .lines()
        .filter_map(|l| l.strip_prefix("faq:"))
        .map(|qa| qa.split_once('|').map(|(q, a)| (q.trim().to_owned(), a.trim().to_owned())))
        .collect::<Option<_>>()
        .ok_or(format!("{name}: a faq line is `question | answer`"))?;
    let published_at = date(required(field("published"), "published")?, "published")?;
    Ok(GuideRow {
        listing: GuideListing {
            slug: required(field("slug"), "slug")?,
            title: required(field("title"), "title")?,
            summary: required(field("summary"), "summary")?,
            author: required(field("author"), "author")?,
            category,
            updated_at: match field("updated") {
                Some(d) if !d.is_empty() => date(d, "updated")?,
                _ => published_at,
            },
            published_at,
        },
        body: body.trim().to_owned(),
        faq: serde_json::to_string(&faq).map_err(|e| e.to_string())?,
    })
}

/// Stores every shipped guide the database does not have yet.
pub async fn load_missing(db: &Db) -> Result<usize, DbError> {
    let mut stored = 0;
    for (name, text) in SOURCES {
        let guide = parse_source(name, text).map_err(DbError::Corrupt)?;
        if guides::insert_if_missing(db, &guide).await? {
            stored += 1;
        }
    }
    Ok(stored)
}

fn summary(row: &GuideListing) -> GuideSummary {
    GuideSummary {
        slug: row.slug.clone(),
        title: row.title.clone(),
        summary: row.summary.clone(),
        author: row.author.clone(),
        category: row.category.as_deref().and_then(Category::from_slug),
        published: row.published_at.date(),
        updated: row.updated_at.date(),
    }
}

/// Every guide, newest first.
pub async fn index(db: &Db) -> Result<Vec<GuideSummary>, AppError> {
    Ok(guides::all(db).await?.iter().map(summary).collect())
}

/// Guides about `category`, or the newest ones when none is.
pub async fn related(db: &Db, category: Option<Category>, limit: usize) -> Result<Vec<GuideSummary>, AppError> {
    let all = index(db).await?;
    let matching: Vec<GuideSummary> =
        all.iter().filter(|g| category.is_some() && g.category == category).cloned().collect();
    Ok(if matching.is_empty() {
        all.into_iter().take(limit).collect()
    } else {
        matching.into_iter().take(limit).collect()
    })
}

/// `/guides/{slug}`.
pub async fn page(db: &Db, engine: &ReadModel, slug: &str, public_url: &str, now: Time) -> Result<GuidePage, AppError> {
    let row = guides::find(db, slug).await?.ok_or(AppError::NotFound)?;
    let guide = summary(&row.listing);
    let (body_html, toc) = crate::server::content::markdown::render_with_toc(&row.body);
    let pairs: Vec<(String, String)> = serde_json::from_str(&row.faq).map_err(|e| {
        tracing::error!("guide {slug}: unreadable FAQ: {e}");
        AppError::Internal
    })?;
    let faq: Vec<FaqEntry> = pairs
        .into_iter()
        .map(|(question, answer)| FaqEntry { question, answer_html: crate::server::content::markdown::render(&answer) })
        .collect();
    let landing = guide.category.map(Landing::Category);
    let filter = landing.map_or_else(|| JobFilter::parse("").0, Landing::filter);
    let newest = engine.newest_matching(db, &filter, None, 5, now).await?;
    let jobs = crate::server::repo::jobs::cards_by_id(db, &newest, now).await?;
    let json_ld = json_ld(&guide, &faq, public_url);
    Ok(GuidePage { guide, toc, body_html, faq, jobs, landing, json_ld })
}

/// The editor's form for guide `slug`, as stored.
pub async fn draft(db: &Db, _moderator: &Moderator, slug: &str) -> Result<GuideDraft, AppError> {
    let row = guides::find(db, slug).await?.ok_or(AppError::NotFound)?;
    let faq: Vec<(String, String)> = serde_json::from_str(&row.faq).map_err(|e| {
        tracing::error!("guide {slug}: unreadable FAQ: {e}");
        AppError::Internal
    })?;
    Ok(GuideDraft {
        title: row.listing.title,
        summary: row.listing.summary,
        category: row.listing.category.unwrap_or_default(),
        body: row.body,
        faq: faq.iter().map(|(q, a)| format!("{q} | {a}")).collect::<Vec<_>>().join("\n"),
    })
}

/// A moderator's edit of guide `slug`; its updated date becomes today.
pub async fn edit(db: &Db, moderator: &Moderator, slug: &str, draft: &GuideDraft, now: Time) -> Result<(), AppError> {
    let edit = draft.parse().map_err(AppError::fields)?;
    let faq = serde_json::to_string(&edit.faq).map_err(|_| AppError::Internal)?;
    let category = edit.category.map(|c| c.slug());
    let entry = audit_entry(&moderator.email, "edit guide", None, None, &format!("/guides/{slug}"), now);
    // The edit and its audit entry commit together.
    let mut tx = db.begin_write().await?;
    if !guides::update(&mut tx, slug, &edit.title, &edit.summary, category, &edit.body, &faq, now).await? {
        return Err(AppError::NotFound);
    }
    moderation::audit(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// `Article`, `FAQPage` and `BreadcrumbList` for a guide.
fn json_ld(guide: &GuideSummary, faq: &[FaqEntry], public_url: &str) -> String {
    let url = format!("{public_url}{}", guide.path());
    let graph = json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "headline": guide.title,
                "description": guide.summary,
                "author": { "@type": "Organization", "name": guide.author },
                "publisher": { "@type": "Organization", "name": "FarCoder", "url": public_url },
                "datePublished": guide.published,
                "dateModified": guide.updated,
                "mainEntityOfPage": url,
                "url": url,
            },
            {
                "@type": "FAQPage",
                "mainEntity": faq.iter().map(|f| json!({
                    "@type": "Question",
                    "name": f.question,
                    "acceptedAnswer": { "@type": "Answer", "text": f.answer_html },
                })).collect::<Vec<_>>(),
            },
            crate::model::breadcrumb_list(
                public_url,
                &[("Guides".to_owned(), "/guides".to_owned()), (guide.title.clone(), guide.path())]
            ),
        ],
    });
    graph.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_guide_parses_and_is_long_enough() {
        for (name, text) in SOURCES {
            let guide = parse_source(name, text).unwrap_or_else(|e| panic!("{e}"));
            let words = guide.body.split_whitespace().count();
            assert!(words >= 1_200, "{name} has {words} words");
            let faq: Vec<(String, String)> = serde_json::from_str(&guide.faq).expect("faq");
            assert!(faq.len() >= 3, "{name} has {} questions", faq.len());
            assert!(guide.body.contains("\n## "), "{name} has sections");
            assert_eq!(format!("{}.md", guide.listing.slug), *name, "the file is named after its slug");
        }
        assert!(SOURCES.len() >= 6);
    }

    #[test]
    fn bad_front_matter_is_refused_with_the_reason() {
        assert!(parse_source("x.md", "no front matter").unwrap_err().contains("front matter"));
        let text = "---\ntitle: T\nslug: t\nsummary: S\nauthor: A\npublished: 2026-13-01\n---\nBody";
        assert!(parse_source("x.md", text).unwrap_err().contains("published"));
        let text = "---\ntitle: T\nslug: t\nsummary: S\nauthor: A\npublished: 2026-01-01\nfaq: no bar here\n---\nBody";
        assert!(parse_source("x.md", text).unwrap_err().contains("faq"));
        let text = "---\ntitle: T\nslug: t\nsummary: S\nauthor: A\npublished: 2026-01-01\ncategory: cooking\n---\nBody";
        assert!(parse_source("x.md", text).unwrap_err().contains("category"));
    }
}
