//! Account input as domain values: parsed once, with the same rules in the
//! browser (instant feedback) and on the server (the truth).

use serde::{Deserialize, Serialize};

/// Why a field was refused, in words for the person typing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A lowercased e-mail address of plausible shape (the confirmation mail is
/// the real check).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let email = raw.trim().to_lowercase();
        let bad = || FieldError::new("email", "Enter an e-mail address like name@example.com.");
        if email.is_empty() {
            return Err(FieldError::new("email", "Enter your e-mail address."));
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(FieldError::new("email", "That e-mail address is too long."));
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        if local.is_empty()
            || local.contains('@')
            || !domain_ok
            || email.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// A password as typed: long enough to resist guessing, short enough to hash.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Password, FieldError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(FieldError::new("password", format!("Use at least {} characters.", Self::MIN_CHARS)));
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new("password", format!("Use at most {} characters.", Self::MAX_CHARS)));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A company's display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyName(String);

impl CompanyName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<CompanyName, FieldError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() < 2 {
            return Err(FieldError::new("company_name", "Enter your company’s name."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new("company_name", format!("Use at most {} characters.", Self::MAX_CHARS)));
        }
        if name.chars().any(char::is_control) || !name.chars().any(char::is_alphanumeric) {
            return Err(FieldError::new("company_name", "Use letters or digits in the name."));
        }
        Ok(CompanyName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who is signed in, as pages see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub email: String,
    pub email_confirmed: bool,
    pub company_name: String,
    pub company_slug: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_shaped() {
        assert_eq!(Email::parse("  Ada@Example.COM ").unwrap().as_str(), "ada@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@exa mple.com", "ada@.com"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn passwords_have_a_length_range_and_stay_hidden() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        let p = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "Password(…)");
    }

    #[test]
    fn company_names_are_tidied() {
        assert_eq!(CompanyName::parse("  Acme   Robotics ").unwrap().as_str(), "Acme Robotics");
        assert!(CompanyName::parse("x").is_err());
        assert!(CompanyName::parse("!!!").is_err());
        assert!(CompanyName::parse(&"a".repeat(81)).is_err());
    }
}
