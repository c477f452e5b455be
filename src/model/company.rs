//! The company profile an employer edits at `/dashboard/company`, and its team.

use serde::{Deserialize, Serialize};

use super::posting::web_address;
use super::{CompanyName, FieldError, Role};

/// Longest "about" text, in characters.
pub const ABOUT_CHARS: usize = 5_000;

/// The profile form as typed. Every field is text, so a half-filled form
/// still arrives and each field gets its own message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileDraft {
    pub name: String,
    pub website: String,
    pub about: String,
}

/// A profile that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: CompanyName,
    pub website: Option<String>,
    /// Markdown, sanitised when rendered.
    pub about: String,
}

impl ProfileDraft {
    pub fn parse(&self) -> Result<Profile, Vec<FieldError>> {
        let name = CompanyName::parse(&self.name).map_err(|e| FieldError::new("name", e.message));
        let website =
            web_address("website", &self.website, "Give your website’s full address, starting with https://.");
        let about = match self.about.trim() {
            about if about.chars().count() > ABOUT_CHARS => {
                Err(FieldError::new("about", format!("Keep it under {ABOUT_CHARS} characters.")))
            }
            about => Ok(about.to_owned()),
        };
        match (name, website, about) {
            (Ok(name), Ok(website), Ok(about)) => Ok(Profile { name, website, about }),
            (name, website, about) => Err([name.err(), website.err(), about.err()].into_iter().flatten().collect()),
        }
    }

    /// The message for one field, for checking as you type.
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.parse().err()?.into_iter().find(|e| e.field == field).map(|e| e.message)
    }
}

/// Someone on the company's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub email: String,
    pub role: Role,
    pub joined: String,
}

/// An invitation not yet accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvite {
    pub email: String,
    pub expires: String,
}

/// What `/dashboard/company` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub slug: String,
    pub draft: ProfileDraft,
    /// The re-encoded logo's address, with a version for caches.
    pub logo_path: Option<String>,
    /// Owners invite teammates; members see the team.
    pub is_owner: bool,
    pub team: Vec<TeamMember>,
    pub invites: Vec<PendingInvite>,
    pub verification: super::Verification,
    /// The name the board shows.
    pub public_name: String,
    /// A new name waiting for a moderator.
    pub pending_name: Option<String>,
}

/// Why an uploaded logo was refused. The code travels in the URL back to the
/// profile page, which shows the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoProblem {
    Empty,
    TooLarge,
    UnsupportedFormat,
    Unreadable,
    TooManyPixels,
}

impl LogoProblem {
    const ALL: [LogoProblem; 5] = [
        LogoProblem::Empty,
        LogoProblem::TooLarge,
        LogoProblem::UnsupportedFormat,
        LogoProblem::Unreadable,
        LogoProblem::TooManyPixels,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LogoProblem::Empty => "empty",
            LogoProblem::TooLarge => "too-large",
            LogoProblem::UnsupportedFormat => "format",
            LogoProblem::Unreadable => "unreadable",
            LogoProblem::TooManyPixels => "pixels",
        }
    }

    pub fn from_code(code: &str) -> Option<LogoProblem> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            LogoProblem::Empty => "Choose an image file to upload.",
            LogoProblem::TooLarge => "The image is too large: upload at most 1 MB.",
            LogoProblem::UnsupportedFormat => "Upload a PNG, JPEG or WebP image.",
            LogoProblem::Unreadable => "That file could not be read as an image. Export it again as PNG, JPEG or WebP.",
            LogoProblem::TooManyPixels => "The image is too large: at most 4096 pixels a side.",
        }
    }
}

impl std::fmt::Display for LogoProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// Who an invitation link is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub company_name: String,
    pub email: String,
}

/// Where company `slug`'s logo is served; `version` (when it was uploaded)
/// changes the address whenever the logo does, so it can be kept for long.
pub fn logo_path(slug: &str, version: i64) -> String {
    format!("/companies/{slug}/logo?v={version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_is_checked_field_by_field() {
        let draft = ProfileDraft {
            name: " Acme  Robotics ".into(),
            website: "https://acme.example".into(),
            about: "We build robots.".into(),
        };
        let profile = draft.parse().expect("valid");
        assert_eq!(profile.name.as_str(), "Acme Robotics");
        assert_eq!(profile.website.as_deref(), Some("https://acme.example"));

        let bad = ProfileDraft { name: "x".into(), website: "acme dot com".into(), about: "a".repeat(ABOUT_CHARS + 1) };
        let fields: Vec<_> = bad.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "website", "about"]);
        assert!(
            ProfileDraft { name: "Acme".into(), ..ProfileDraft::default() }.parse().is_ok(),
            "website and about are optional"
        );
    }

    #[test]
    fn logo_problems_round_trip_through_their_codes() {
        for problem in LogoProblem::ALL {
            assert_eq!(LogoProblem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(LogoProblem::from_code("<script>"), None);
    }
}
