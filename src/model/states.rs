//! Where each stored thing stands: a posting, a proposed edit, a
//! verification request, an account, a member of a team. Each slug is also the text the
//! database stores, so this is the one mapping between the two; the server
//! reads the column straight into these types.

use super::vocab::vocabulary;

vocabulary! {
    /// A posting's place in its life cycle; the label is what its employer
    /// reads on the dashboard.
    PostingStatus {
        Draft => "draft", "Draft";
        Review => "review", "In review";
        Changes => "changes", "Changes asked";
        Published => "published", "Live";
        Rejected => "rejected", "Rejected";
        Unpublished => "unpublished", "Unpublished";
        Closed => "closed", "Closed";
        Expired => "expired", "Expired";
    }
}

impl PostingStatus {
    /// The public has seen it, and will again on renewal: an edit waits for
    /// review instead of changing it.
    pub fn is_public(self) -> bool {
        matches!(self, PostingStatus::Published | PostingStatus::Expired)
    }

    /// Its employer may send it for review.
    pub fn can_submit(self) -> bool {
        matches!(self, PostingStatus::Draft | PostingStatus::Changes)
    }

    /// Every status a posting can be closed from (all but closed).
    pub fn closable() -> Vec<PostingStatus> {
        PostingStatus::ALL.iter().copied().filter(|s| s.can_move_to(PostingStatus::Closed)).collect()
    }

    /// Whether a posting may move from this status to `to`: the life
    /// cycle's one list of moves, which every change of status keeps to.
    pub const fn can_move_to(self, to: PostingStatus) -> bool {
        use PostingStatus::*;
        match (self, to) {
            // Submitted, or edited while waiting for review.
            (Draft | Changes, Review) | (Review, Draft) => true,
            // A moderator's decision.
            (Review, Published | Changes | Rejected) | (Published, Unpublished) => true,
            // Renewed (or kept by a moderator), expired, and back to review
            // when its team does not answer "still hiring?".
            (Published | Expired, Published) | (Published, Expired | Review) => true,
            // Closed by its team, or with its company.
            (from, Closed) => !matches!(from, Closed),
            _ => false,
        }
    }
}

vocabulary! {
    /// A proposed edit of a public posting.
    RevisionStatus {
        Pending => "pending", "Waiting for review";
        Approved => "approved", "Approved";
        Rejected => "rejected", "Rejected";
        Withdrawn => "withdrawn", "Withdrawn";
        Replaced => "replaced", "Replaced by a newer edit";
    }
}

vocabulary! {
    /// A request for the verified badge.
    VerificationStatus {
        Unconfirmed => "unconfirmed", "Waiting for the address to be confirmed";
        Confirmed => "confirmed", "Waiting for a moderator";
        Approved => "approved", "Approved";
        Declined => "declined", "Declined";
        Revoked => "revoked", "Revoked";
        Withdrawn => "withdrawn", "Withdrawn";
    }
}

vocabulary! {
    /// What an account is for: an employer's (on a company's team) or a
    /// moderator's.
    AccountKind {
        Employer => "employer", "Employer";
        Admin => "admin", "Moderator";
    }
}

vocabulary! {
    /// A member's part in a company's team.
    Role {
        Owner => "owner", "Owner";
        Member => "member", "Member";
    }
}

vocabulary! {
    /// What a visitor did on a posting, counted once a day per visitor for
    /// its employer's stats.
    JobEvent {
        View => "view", "Viewed";
        ApplyClick => "apply", "Clicked apply";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_moves_only_along_its_life_cycle() {
        use PostingStatus::*;
        let moves = |from: PostingStatus| {
            PostingStatus::ALL.iter().copied().filter(|to| from.can_move_to(*to)).collect::<Vec<_>>()
        };
        assert_eq!(moves(Draft), vec![Review, Closed]);
        assert_eq!(moves(Review), vec![Draft, Changes, Published, Rejected, Closed]);
        assert_eq!(moves(Published), vec![Review, Published, Unpublished, Closed, Expired]);
        assert_eq!(moves(Expired), vec![Published, Closed]);
        assert_eq!(moves(Rejected), vec![Closed]);
        assert_eq!(moves(Closed), vec![], "closed is the end");
        // Nothing is published without review, and nothing is reviewed twice.
        assert!(
            PostingStatus::ALL
                .iter()
                .all(|from| !from.can_move_to(Published) || matches!(from, Review | Published | Expired))
        );
    }

    #[test]
    fn every_state_reads_back_from_its_stored_text() {
        for status in PostingStatus::ALL {
            assert_eq!(PostingStatus::from_slug(status.slug()), Some(*status));
        }
        for status in RevisionStatus::ALL {
            assert_eq!(RevisionStatus::from_slug(status.slug()), Some(*status));
        }
        for status in VerificationStatus::ALL {
            assert_eq!(VerificationStatus::from_slug(status.slug()), Some(*status));
        }
        for role in Role::ALL {
            assert_eq!(Role::from_slug(role.slug()), Some(*role));
        }
        for kind in AccountKind::ALL {
            assert_eq!(AccountKind::from_slug(kind.slug()), Some(*kind));
        }
        assert_eq!(PostingStatus::from_slug("Published"), None, "stored text is exact");
    }

    #[test]
    fn only_drafts_and_sent_back_postings_are_submitted() {
        let submittable: Vec<_> = PostingStatus::ALL.iter().filter(|s| s.can_submit()).collect();
        assert_eq!(submittable, [&PostingStatus::Draft, &PostingStatus::Changes]);
    }
}
