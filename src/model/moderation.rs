//! What moderators see and decide.

use serde::{Deserialize, Serialize};

use super::PostingStatus;
use super::vocab::vocabulary;

vocabulary! {
    /// What a moderator does to a posting.
    Decision {
        Approve => "approve", "Approve";
        Reject => "reject", "Reject";
        RequestChanges => "request-changes", "Ask for changes";
        Unpublish => "unpublish", "Unpublish";
        Keep => "keep", "Keep it up";
    }
}

impl Decision {
    /// The status a posting must have for this decision, and the one it gets.
    pub fn transition(self) -> (PostingStatus, PostingStatus) {
        use PostingStatus::*;
        match self {
            Decision::Approve => (Review, Published),
            Decision::Reject => (Review, Rejected),
            Decision::RequestChanges => (Review, Changes),
            Decision::Unpublish => (Published, Unpublished),
            Decision::Keep => (Published, Published),
        }
    }

    /// Every decision that goes against the employer tells them why.
    pub fn needs_reason(self) -> bool {
        !matches!(self, Decision::Approve | Decision::Keep)
    }
}

vocabulary! {
    /// Why a posting caught a machine's eye.
    FlagKind {
        Duplicate => "duplicate", "Likely duplicate";
        Scam => "scam", "Scam signal";
        Salary => "salary", "Salary out of range";
        DeadLink => "dead-link", "Apply link is dead";
        Stale => "stale", "Possibly stale";
    }
}

vocabulary! {
    /// Why a visitor reports a posting.
    ReportReason {
        Scam => "scam", "Scam or fraud";
        NotRemote => "not-remote", "Not really remote";
        Filled => "filled", "Filled or no longer open";
        Misleading => "misleading", "Wrong or misleading details";
        Other => "other", "Something else";
    }
}

/// An automatic flag with what it saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub reason: String,
}

/// A visitor's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub reason: ReportReason,
    pub note: String,
    /// ISO date.
    pub date: String,
}

/// A posting in the review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub id: i64,
    pub title: String,
    /// In review, or published for a live posting that was reported or
    /// whose apply link died.
    pub status: PostingStatus,
    /// The public page of a published posting.
    pub slug: String,
    pub company_name: String,
    pub company_slug: String,
    pub company_verified: bool,
    /// ISO date.
    pub submitted: String,
    pub salary: String,
    pub apply_url: Option<String>,
    /// Every claim the posting makes, as (what, the claim), for the
    /// moderator to check side by side with the flags.
    pub claims: Vec<(String, String)>,
    /// Sanitised HTML, as the job page will show it.
    pub description_html: String,
    pub flags: Vec<Flag>,
    pub reports: Vec<Report>,
}

/// One field an edit changes, as the moderator compares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The form's label for the field.
    pub field: String,
    pub before: String,
    pub after: String,
    /// For the description: its lines, each marked `+` (added), `-`
    /// (removed) or ` ` (kept), so a changed sentence stands out.
    pub lines: Vec<(char, String)>,
}

/// An edit to a live posting, waiting for a moderator while the approved
/// version stays public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionItem {
    pub id: i64,
    pub job_id: i64,
    /// The live title and page.
    pub title: String,
    pub slug: String,
    pub company_name: String,
    pub company_slug: String,
    pub company_verified: bool,
    /// ISO date.
    pub submitted: String,
    pub changes: Vec<Change>,
    /// What the automatic checks found in the edited version.
    pub flags: Vec<Flag>,
}

vocabulary! {
    /// What a moderator does to an edit of a live posting.
    RevisionDecision {
        Approve => "approve", "Approve the edit";
        Reject => "reject", "Keep the old version";
    }
}

/// `/admin/review`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub moderator: String,
    /// Submitted postings, oldest first.
    pub items: Vec<ReviewItem>,
    /// Edits of live postings, oldest first.
    pub revisions: Vec<RevisionItem>,
    /// Live postings with open reports or a dead apply link.
    pub live: Vec<ReviewItem>,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor: String,
    pub action: String,
    pub job_id: Option<i64>,
    pub company_id: Option<i64>,
    /// What the ids name now, as people read them.
    pub job_title: Option<String>,
    pub company_name: Option<String>,
    pub reason: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_move_postings_between_fixed_states() {
        assert_eq!(Decision::Approve.transition(), (PostingStatus::Review, PostingStatus::Published));
        assert_eq!(Decision::Unpublish.transition(), (PostingStatus::Published, PostingStatus::Unpublished));
        assert!(!Decision::Approve.needs_reason() && Decision::Reject.needs_reason());
        assert_eq!(Decision::from_slug("request-changes"), Some(Decision::RequestChanges));
    }
}
