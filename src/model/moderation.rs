//! What moderators see and decide.

use serde::{Deserialize, Serialize};

use super::vocab::vocabulary;

vocabulary! {
    /// What a moderator does to a posting.
    Decision {
        Approve => "approve", "Approve";
        Reject => "reject", "Reject";
        RequestChanges => "request-changes", "Ask for changes";
        Unpublish => "unpublish", "Unpublish";
    }
}

impl Decision {
    /// The status a posting must have for this decision, and the one it gets.
    pub fn transition(self) -> (&'static str, &'static str) {
        match self {
            Decision::Approve => ("review", "published"),
            Decision::Reject => ("review", "rejected"),
            Decision::RequestChanges => ("review", "changes"),
            Decision::Unpublish => ("published", "unpublished"),
        }
    }

    /// Every decision but approval tells the employer why.
    pub fn needs_reason(self) -> bool {
        self != Decision::Approve
    }
}

/// A posting in the review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub id: i64,
    pub title: String,
    pub company_name: String,
    pub company_slug: String,
    pub company_verified: bool,
    /// ISO date.
    pub submitted: String,
}

/// `/admin/review`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub moderator: String,
    pub items: Vec<ReviewItem>,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor: String,
    pub action: String,
    pub job_id: Option<i64>,
    pub company_id: Option<i64>,
    pub reason: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_move_postings_between_fixed_states() {
        assert_eq!(Decision::Approve.transition(), ("review", "published"));
        assert_eq!(Decision::Unpublish.transition(), ("published", "unpublished"));
        assert!(!Decision::Approve.needs_reason() && Decision::Reject.needs_reason());
        assert_eq!(Decision::from_slug("request-changes"), Some(Decision::RequestChanges));
    }
}
