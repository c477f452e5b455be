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
    /// Applications through FarCoder's form, and those still unanswered
    /// after `UNANSWERED_DAYS`.
    pub applications: i64,
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
