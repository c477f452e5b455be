//! Job alerts: a saved `/jobs` search mailed to an address, and what the
//! subscriber's private page shows of them.

use serde::{Deserialize, Serialize};

use super::JobFilter;
use super::{DAY, Span};

/// How many alerts one address may keep.
pub const MAX_ALERTS_PER_ADDRESS: usize = 10;
/// At most this many postings in one digest; a link leads to the rest.
pub const DIGEST_SIZE: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertFrequency {
    /// At each run of the digest builder: only for verified-company searches.
    Instant,
    Daily,
    Weekly,
}

/// Read from a text column holding the slug (server only).
#[cfg(feature = "ssr")]
impl sqlx::Type<sqlx::Any> for AlertFrequency {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

#[cfg(feature = "ssr")]
impl<'r> sqlx::Decode<'r, sqlx::Any> for AlertFrequency {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let slug = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        Self::from_slug(&slug).ok_or_else(|| format!("unknown alert frequency `{slug}`").into())
    }
}

impl AlertFrequency {
    pub const ALL: [AlertFrequency; 3] = [AlertFrequency::Daily, AlertFrequency::Weekly, AlertFrequency::Instant];

    pub fn slug(self) -> &'static str {
        match self {
            AlertFrequency::Instant => "instant",
            AlertFrequency::Daily => "daily",
            AlertFrequency::Weekly => "weekly",
        }
    }

    pub fn from_slug(slug: &str) -> Option<AlertFrequency> {
        AlertFrequency::ALL.into_iter().find(|f| f.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertFrequency::Instant => "As they are published (verified companies only)",
            AlertFrequency::Daily => "Once a day",
            AlertFrequency::Weekly => "Once a week",
        }
    }

    /// The time between digests.
    pub fn period(self) -> Span {
        match self {
            AlertFrequency::Instant => Span::ZERO,
            AlertFrequency::Daily => DAY,
            AlertFrequency::Weekly => 7 * DAY,
        }
    }

    /// Whether a search may be sent this often: instant alerts only for
    /// postings from companies FarCoder verified.
    pub fn allowed_for(self, filter: &JobFilter) -> bool {
        self != AlertFrequency::Instant || filter.verified
    }
}

/// An alert as its subscriber's page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertSummary {
    pub id: i64,
    /// The `/jobs` query string it saves.
    pub query: String,
    /// The search in words: "“rust” · Backend · Senior · Europe".
    pub description: String,
    /// The words of the search, for editing.
    pub words: String,
    pub frequency: AlertFrequency,
    pub confirmed: bool,
    pub paused: bool,
}

/// The subscriber's private page: every alert of one address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertsPage {
    pub email: String,
    pub alerts: Vec<AlertSummary>,
}

/// What opening a confirmation link shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertConfirmation {
    pub description: String,
    pub frequency: AlertFrequency,
    /// The subscriber's page (a private link).
    pub manage_path: String,
    pub confirmed: bool,
}

/// A search in words, for the alert's page and its digests' subjects.
pub fn describe(filter: &JobFilter) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !filter.q.is_empty() {
        parts.push(format!("“{}”", filter.q));
    }
    if let Some(c) = filter.category {
        parts.push(c.label().to_owned());
    }
    parts.extend(filter.stacks.iter().map(|s| s.label().to_owned()));
    if let Some(l) = filter.level {
        parts.push(l.label().to_owned());
    }
    if let Some(r) = filter.region {
        parts.push(r.label().to_owned());
    }
    if let Some(t) = filter.job_type {
        parts.push(t.label().to_owned());
    }
    if let Some(m) = filter.min_salary {
        parts.push(format!("from ${}k", m / 1_000));
    }
    if filter.verified {
        parts.push("verified companies".to_owned());
    }
    if parts.is_empty() { "all remote jobs".to_owned() } else { parts.join(" · ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_reads_as_words() {
        let (filter, _) = JobFilter::parse("q=rust&category=backend&level=senior&verified=1&min_salary=120000");
        let words = describe(&filter);
        assert!(words.starts_with("“rust” · "), "{words}");
        assert!(words.contains("from $120k") && words.ends_with("verified companies"), "{words}");
        assert_eq!(describe(&JobFilter::default()), "all remote jobs");
    }

    #[test]
    fn instant_alerts_are_for_verified_searches_only() {
        let (verified, _) = JobFilter::parse("verified=1");
        assert!(AlertFrequency::Instant.allowed_for(&verified));
        assert!(!AlertFrequency::Instant.allowed_for(&JobFilter::default()));
        assert!(AlertFrequency::Weekly.allowed_for(&JobFilter::default()));
        for f in AlertFrequency::ALL {
            assert_eq!(AlertFrequency::from_slug(f.slug()), Some(f));
        }
    }
}
