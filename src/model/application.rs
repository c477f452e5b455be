//! Applications through FarCoder's own form: what a candidate sends, the
//! statuses an employer moves it through, and what each side sees.

use serde::{Deserialize, Serialize};

use super::posting::web_address;
use super::vocab::vocabulary;
use super::{Email, FieldError};

vocabulary! {
    /// Where an application stands. Every one ends in a status the
    /// candidate can see.
    ApplicationStatus {
        New => "new", "New";
        Reviewed => "reviewed", "Reviewed";
        Interviewing => "interviewing", "Interviewing";
        Offer => "offer", "Offer";
        Hired => "hired", "Hired";
        Rejected => "rejected", "Not moving forward";
    }
}

impl ApplicationStatus {
    /// An application moves to any other status but `New` (it is new only
    /// once): forward along the pipeline, to rejected, or back to correct a
    /// mistake, each move in its history with who made it.
    pub fn can_move_to(self, next: ApplicationStatus) -> bool {
        next != self && next != ApplicationStatus::New
    }

    /// Moving to `next` undoes a step: back along the pipeline, or out of
    /// hired or rejected.
    pub fn is_back_to(self, next: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        let rank = |s: ApplicationStatus| Self::ALL.iter().position(|x| *x == s).unwrap_or(0);
        match (self, next) {
            (_, Rejected) => false,
            (Rejected | Hired, _) => true,
            (from, to) => rank(to) < rank(from),
        }
    }
}

/// Longest cover note, in characters.
pub const COVER_NOTE_CHARS: usize = 5_000;
/// Longest name, country and link the apply form takes.
pub const NAME_CHARS: usize = 100;
pub const COUNTRY_CHARS: usize = 60;
pub const LINK_CHARS: usize = 500;

/// Largest CV, in bytes.
pub const MAX_CV_BYTES: usize = 5 * 1024 * 1024;

/// The apply form as typed. `website` is a honeypot: people never see it,
/// form-filling bots do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationDraft {
    pub name: String,
    pub email: String,
    pub country: String,
    pub github: String,
    pub linkedin: String,
    pub portfolio: String,
    pub cover_note: String,
    pub website: String,
}

/// An application form that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationForm {
    pub name: String,
    pub email: Email,
    pub country: String,
    pub github: Option<String>,
    pub linkedin: Option<String>,
    pub portfolio: Option<String>,
    pub cover_note: String,
}

fn link_on(field: &'static str, raw: &str, host: &str, what: &str) -> Result<Option<String>, FieldError> {
    let message = format!("Give the full address of your {what}, starting with https://{host}/.");
    let url = web_address(field, raw, &message)?;
    match &url {
        Some(u) if !super::website_domain(u).is_some_and(|d| d == host || d.ends_with(&format!(".{host}"))) => {
            Err(FieldError::new(field, message))
        }
        _ => Ok(url),
    }
}

impl ApplicationDraft {
    pub fn parse(&self) -> Result<ApplicationForm, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |result: Result<Option<String>, FieldError>| {
            result.unwrap_or_else(|e| {
                errors.push(e);
                None
            })
        };
        let github = keep(link_on("github", &self.github, "github.com", "GitHub profile"));
        let linkedin = keep(link_on("linkedin", &self.linkedin, "linkedin.com", "LinkedIn profile"));
        let portfolio = keep(web_address(
            "portfolio",
            &self.portfolio,
            "Give your portfolio’s full address, starting with https://.",
        ));
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > NAME_CHARS {
            errors.push(FieldError::new("name", "Enter your name (up to 100 characters)."));
        }
        // Picked from the list (a code, or a name as older forms sent it),
        // stored by its name.
        let country = super::country_named(&self.country).unwrap_or_default().to_owned();
        if country.is_empty() {
            errors.push(FieldError::new("country", "Choose the country you live in from the list."));
        }
        let cover_note = self.cover_note.trim().replace("\r\n", "\n");
        if cover_note.chars().count() > COVER_NOTE_CHARS {
            errors.push(FieldError::new("cover_note", format!("Keep the note under {COVER_NOTE_CHARS} characters.")));
        }
        let email = Email::parse(&self.email).map_err(|e| errors.push(e)).ok();
        match email {
            Some(email) if errors.is_empty() => {
                Ok(ApplicationForm { name, email, country, github, linkedin, portfolio, cover_note })
            }
            _ => Err(errors),
        }
    }

    /// What is kept of a refused form to show it again: each field cut to
    /// the most its form field takes, the honeypot not at all.
    pub fn kept(&self) -> ApplicationDraft {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        ApplicationDraft {
            name: cut(&self.name, NAME_CHARS),
            email: cut(&self.email, Email::MAX_LEN),
            country: cut(&self.country, COUNTRY_CHARS),
            github: cut(&self.github, LINK_CHARS),
            linkedin: cut(&self.linkedin, LINK_CHARS),
            portfolio: cut(&self.portfolio, LINK_CHARS),
            cover_note: cut(&self.cover_note, COVER_NOTE_CHARS),
            website: String::new(),
        }
    }

    /// The message for one field, for checking as you type.
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.parse().err()?.into_iter().find(|e| e.field == field).map(|e| e.message)
    }
}

/// Whether `bytes` is a PDF by its content: the `%PDF-` header and an
/// `%%EOF` marker near the end, whatever the file was called.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1_024)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// What a refused plain form brings back to the job page: the messages and
/// what was typed (never the file: browsers do not refill file fields).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyFeedback {
    /// (field, message); `cv` for the file, `general` for the whole form.
    pub errors: Vec<(String, String)>,
    pub draft: ApplicationDraft,
}

impl ApplyFeedback {
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone())
    }
}

/// A status change as the candidate sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub status: ApplicationStatus,
    pub message: String,
    /// ISO date.
    pub date: String,
    /// Who on the team made the move: the team's view only.
    pub by: Option<String>,
}

/// `/applications/{token}`: the candidate's private status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub job_title: String,
    pub company_name: String,
    /// The job page, while the job is open.
    pub job_path: Option<String>,
    pub status: ApplicationStatus,
    pub applied: String,
    pub updates: Vec<StatusUpdate>,
}

/// Applications and their CVs are deleted this many days after their
/// posting closes (closed, expired, unpublished or rejected).
pub const RETENTION_DAYS: i64 = 180;

/// Applications left at "new" longer than this are shown as unanswered.
pub const UNANSWERED_DAYS: i64 = 7;

/// An application in the employer's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: i64,
    /// The posting applied for.
    pub job_id: i64,
    pub job_title: String,
    pub name: String,
    pub email: String,
    pub country: String,
    pub status: ApplicationStatus,
    /// ISO date.
    pub applied: String,
    /// Still "new" after `UNANSWERED_DAYS`.
    pub unanswered: bool,
}

/// `/dashboard/jobs/{id}/applications` (one posting's applications), or
/// `/dashboard/applications` (every posting's: `job` is `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationList {
    /// The posting (id and title) the list is of.
    pub job: Option<(i64, String)>,
    /// How many applications have each status, in pipeline order.
    pub counts: Vec<(ApplicationStatus, i64)>,
    pub total: i64,
    /// The status the list is filtered to, if any.
    pub filter: Option<ApplicationStatus>,
    pub items: Vec<ApplicationSummary>,
}

/// `/dashboard/applications/{id}`: one application in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub job_id: i64,
    pub job_title: String,
    pub name: String,
    pub email: String,
    pub country: String,
    pub github: Option<String>,
    pub linkedin: Option<String>,
    pub portfolio: Option<String>,
    pub cover_note: String,
    pub cv_bytes: i64,
    pub status: ApplicationStatus,
    /// The statuses it may move to.
    pub next: Vec<ApplicationStatus>,
    /// Private to the company.
    pub notes: String,
    pub applied: String,
    pub updates: Vec<StatusUpdate>,
}

/// How quickly a company answers, as its pages show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRate {
    /// Whole percent of the applications counted.
    pub percent: i64,
    /// How many applications were counted.
    pub applications: i64,
}

/// An application counts as answered when its status moved on from "new"
/// within this many days.
pub const RESPONSE_DAYS: i64 = 14;
/// Below this many applications a rate says little, and is not shown.
pub const RESPONSE_MIN_APPLICATIONS: i64 = 10;

impl ResponseRate {
    /// From `counted` applications (those old enough to judge, or answered)
    /// of which `answered` got an answer in time; `None` below the minimum.
    pub fn of(counted: i64, answered: i64) -> Option<ResponseRate> {
        (counted >= RESPONSE_MIN_APPLICATIONS)
            .then(|| ResponseRate { percent: (answered * 100 + counted / 2) / counted, applications: counted })
    }

    pub fn sentence(&self) -> String {
        format!(
            "Answers {}% of applicants within {RESPONSE_DAYS} days (from {} applications through FarCoder).",
            self.percent, self.applications
        )
    }
}

/// Longest private note and status message, in characters.
pub const NOTES_CHARS: usize = 5_000;

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    fn good() -> ApplicationDraft {
        ApplicationDraft {
            name: "  Grace   Hopper ".into(),
            email: "grace@example.com".into(),
            country: "Portugal".into(),
            github: "https://github.com/grace".into(),
            linkedin: "".into(),
            portfolio: "https://grace.example".into(),
            cover_note: "I have shipped compilers.".into(),
            website: "".into(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let form = good().parse().expect("valid");
        assert_eq!(form.name, "Grace Hopper");
        assert_eq!(form.github.as_deref(), Some("https://github.com/grace"));
        assert_eq!(form.linkedin, None);
    }

    #[test]
    fn each_field_is_checked() {
        let fields = |draft: ApplicationDraft| -> Vec<&'static str> {
            draft.parse().expect_err("invalid").into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(ApplicationDraft { name: " ".into(), ..good() }), ["name"]);
        assert_eq!(fields(ApplicationDraft { email: "grace".into(), ..good() }), ["email"]);
        assert_eq!(fields(ApplicationDraft { github: "https://gitlab.com/grace".into(), ..good() }), ["github"]);
        assert_eq!(fields(ApplicationDraft { linkedin: "linkedin.com/in/g".into(), ..good() }), ["linkedin"]);
        assert_eq!(fields(ApplicationDraft { cover_note: "x".repeat(5_001), ..good() }), ["cover_note"]);
    }

    #[test]
    fn statuses_move_anywhere_but_new_and_moves_back_are_told_apart() {
        assert!(New.can_move_to(Reviewed) && New.can_move_to(Interviewing) && Offer.can_move_to(Hired));
        assert!(Interviewing.can_move_to(Rejected) && Interviewing.can_move_to(Reviewed));
        assert!(Rejected.can_move_to(Interviewing) && Hired.can_move_to(Offer), "a mistake is corrected");
        assert!(!Reviewed.can_move_to(New) && !Offer.can_move_to(Offer));
        assert!(Interviewing.is_back_to(Reviewed) && Rejected.is_back_to(Interviewing) && Hired.is_back_to(Offer));
        assert!(!Reviewed.is_back_to(Offer) && !Offer.is_back_to(Rejected) && !New.is_back_to(Reviewed));
    }

    #[test]
    fn a_response_rate_needs_ten_applications() {
        assert_eq!(ResponseRate::of(9, 9), None);
        assert_eq!(ResponseRate::of(10, 9), Some(ResponseRate { percent: 90, applications: 10 }));
        assert_eq!(ResponseRate::of(30, 20).map(|r| r.percent), Some(67), "rounded");
    }

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert!(looks_like_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"));
        assert!(!looks_like_pdf(b"PK\x03\x04 a zip renamed to cv.pdf"));
        assert!(!looks_like_pdf(b"%PDF-1.7 cut off before its end"));
    }
}
