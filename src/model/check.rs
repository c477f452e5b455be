//! The checks a form field runs as you type: each names the parse the server
//! runs on that field, so the browser's message is the server's.

use super::{ApplicationDraft, CompanyName, Email, Password, ProfileDraft};

/// Which rule a field's value must meet. It travels to the browser in the
/// page, as the field's `data-check` slug.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Email,
    Password,
    CompanyName,
    Website,
    ApplicantName,
    Country,
    Github,
    Linkedin,
    Portfolio,
}

impl Check {
    pub const ALL: [Check; 9] = [
        Check::Email,
        Check::Password,
        Check::CompanyName,
        Check::Website,
        Check::ApplicantName,
        Check::Country,
        Check::Github,
        Check::Linkedin,
        Check::Portfolio,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Check::Email => "email",
            Check::Password => "password",
            Check::CompanyName => "company-name",
            Check::Website => "website",
            Check::ApplicantName => "applicant-name",
            Check::Country => "country",
            Check::Github => "github",
            Check::Linkedin => "linkedin",
            Check::Portfolio => "portfolio",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The message for `value`, or `None` when it passes.
    pub fn message(self, value: &str) -> Option<String> {
        let value = value.to_owned();
        match self {
            Check::Email => Email::parse(&value).err().map(|e| e.message),
            Check::Password => Password::parse(&value).err().map(|e| e.message),
            Check::CompanyName => CompanyName::parse(&value).err().map(|e| e.message),
            Check::Website => {
                ProfileDraft { name: "Acme".into(), website: value, ..ProfileDraft::default() }.error_for("website")
            }
            Check::ApplicantName => applicant(|d| d.name = value, "name"),
            Check::Country => applicant(|d| d.country = value, "country"),
            Check::Github => applicant(|d| d.github = value, "github"),
            Check::Linkedin => applicant(|d| d.linkedin = value, "linkedin"),
            Check::Portfolio => applicant(|d| d.portfolio = value, "portfolio"),
        }
    }
}

/// An application whose other required fields are fine, with one field set.
fn applicant(set: impl FnOnce(&mut ApplicationDraft), field: &str) -> Option<String> {
    let mut draft = ApplicationDraft {
        name: "A".into(),
        email: "a@example.com".into(),
        country: "Portugal".into(),
        ..ApplicationDraft::default()
    };
    set(&mut draft);
    draft.error_for(field)
}

#[cfg(test)]
mod tests {
    use super::Check;

    #[test]
    fn each_check_gives_the_servers_message() {
        assert_eq!(
            Check::Email.message("not-an-address").as_deref(),
            Some("Enter an e-mail address like name@example.com.")
        );
        assert_eq!(Check::Email.message("ada@example.com"), None);
        assert_eq!(Check::Password.message("short").as_deref(), Some("Use at least 10 characters."));
        assert!(Check::ApplicantName.message("").is_some());
        assert_eq!(Check::ApplicantName.message("Ada Lovelace"), None);
        assert!(Check::Github.message("not a link").is_some());
        assert_eq!(Check::Github.message(""), None, "optional fields may stay empty");
        assert!(Check::Website.message("acme").is_some());
    }

    #[test]
    fn a_check_survives_the_trip_to_the_browser() {
        for check in Check::ALL {
            assert_eq!(Check::from_slug(check.slug()), Some(check));
        }
        assert_eq!(Check::from_slug("nothing"), None);
    }
}
