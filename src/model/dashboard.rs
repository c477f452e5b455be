//! What the employer's dashboard shows.

use serde::{Deserialize, Serialize};

use super::{PostingStatus, Viewer};

/// Days of views the dashboard charts, ending today.
pub const CHART_DAYS: usize = 14;

/// Views and apply clicks of one posting, each counted once per visitor a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStats {
    pub views: i64,
    pub apply_clicks: i64,
    /// Views on each of the last `CHART_DAYS` days, oldest first.
    pub daily_views: Vec<i64>,
}

impl JobStats {
    /// No views, no clicks.
    pub fn empty() -> JobStats {
        JobStats { views: 0, apply_clicks: 0, daily_views: vec![0; CHART_DAYS] }
    }
}

/// A posting as the employer's dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardJob {
    pub id: i64,
    pub title: String,
    pub status: PostingStatus,
    pub public_path: Option<String>,
    pub published: Option<String>,
    pub expires: Option<String>,
    /// Whole days until a published posting expires.
    pub days_left: Option<i64>,
    pub stats: JobStats,
    /// Why a moderator rejected, sent back or unpublished it.
    pub moderation_note: Option<String>,
    /// Applications come through FarCoder's form (otherwise the company's
    /// own page, whose apply clicks are counted instead).
    pub own_form: bool,
    /// Applications through FarCoder's form, those still new, and those
    /// still unanswered after `UNANSWERED_DAYS`.
    pub applications: i64,
    pub new_applications: i64,
    pub unanswered: i64,
    /// The newest edit of a live posting, while it waits or after a
    /// moderator declined it.
    pub edit: Option<EditState>,
    /// For an open posting: "Confirmed open 3 days ago", or that the team
    /// was asked and has not answered.
    pub still_open: Option<String>,
}

/// Where an employer's edit of a live posting stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditState {
    /// Waiting for a moderator; the live version stays up.
    Waiting,
    /// Declined for this reason; the live version stayed up.
    Declined(String),
}

/// What `/dashboard` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub viewer: Viewer,
    pub jobs: Vec<DashboardJob>,
}

/// A saved posting as its job page will show it, with where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostingPreview {
    pub job: super::JobDetail,
    pub status: PostingStatus,
    /// Within how many hours moderators published four in five postings
    /// over the last 30 days, when enough were decided to say.
    pub review_hours: Option<u32>,
}

impl PostingPreview {
    /// What happens after submitting, in the employer's words.
    pub fn review_promise(&self) -> String {
        review_promise(self.review_hours)
    }
}

/// What happens after submitting, when moderators published four in five
/// postings within `review_hours` lately.
fn review_promise(review_hours: Option<u32>) -> String {
    let lead = "A moderator checks every posting before it goes live";
    match review_hours {
        Some(1) => format!("{lead}, usually within an hour."),
        Some(hours) if hours <= 48 => format!("{lead}, usually within {hours} hours."),
        Some(hours) => format!("{lead}, usually within {} days.", hours.div_ceil(24)),
        None => format!("{lead}."),
    }
}

#[cfg(test)]
mod tests {
    use super::review_promise;

    #[test]
    fn the_review_promise_says_only_what_was_measured() {
        assert_eq!(review_promise(None), "A moderator checks every posting before it goes live.");
        assert!(review_promise(Some(1)).ends_with("usually within an hour."));
        assert!(review_promise(Some(20)).ends_with("usually within 20 hours."));
        assert!(review_promise(Some(49)).ends_with("usually within 3 days."));
    }
}
