//! Seekers' accounts: the profile that fills the apply form, the tracker of
//! every application with the truth about the company's silence, and what
//! the account pages show.

use serde::{Deserialize, Serialize};

use super::application::{LINK_CHARS, NAME_CHARS};
use super::posting::web_address;
use super::{ApplicationDraft, ApplicationStatus, Currency, FieldError, Offset, StatusUpdate, country_named};

/// Longest headline, in characters.
pub const HEADLINE_CHARS: usize = 140;
/// Most countries a seeker may list as authorised to work in.
pub const MAX_AUTHORISED: usize = 30;
/// The sign-in code's digits.
pub const CODE_DIGITS: usize = 6;
/// Days past the company's promise before its silence is called silence.
pub const GRACE_DAYS: i64 = 4;
/// What a company with no stated promise is held to: with the grace, the
/// days after which the public response rate counts an application unanswered.
pub const DEFAULT_PROMISE_DAYS: i64 = super::RESPONSE_DAYS - GRACE_DAYS;

/// The profile form as typed (every field a string, as the form sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub name: String,
    /// A country code from the list, or empty.
    pub country: String,
    /// A UTC offset from `OFFSETS`, or empty.
    pub time_zone: String,
    pub headline: String,
    pub github: String,
    pub linkedin: String,
    pub portfolio: String,
    /// Whole units a year, or empty.
    pub desired_salary: String,
    pub salary_currency: String,
    /// Country codes, space- or comma-separated (the form sends a
    /// multiple select, joined).
    pub authorised_in: String,
    /// "on" when ticked.
    pub needs_visa: String,
}

/// A profile that passed every check: what is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeekerProfile {
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub headline: String,
    pub github: String,
    pub linkedin: String,
    pub portfolio: String,
    pub desired_salary: Option<i64>,
    pub salary_currency: String,
    pub authorised_in: Vec<String>,
    pub needs_visa: bool,
}

impl ProfileForm {
    /// Every field is optional; what is given must be right.
    pub fn parse(&self) -> Result<SeekerProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > NAME_CHARS {
            errors.push(FieldError::new("name", format!("Keep your name under {NAME_CHARS} characters.")));
        }
        let code_of = |raw: &str| {
            let name = country_named(raw)?;
            super::COUNTRY_NAMES.iter().find(|(_, n)| *n == name).map(|(code, _)| (*code).to_owned())
        };
        let country = match self.country.trim() {
            "" => String::new(),
            raw => code_of(raw).unwrap_or_else(|| {
                errors.push(FieldError::new("country", "Choose the country you live in from the list."));
                String::new()
            }),
        };
        let time_zone = match self.time_zone.trim() {
            "" => String::new(),
            raw => match Offset::parse(raw) {
                Some(offset) => offset.slug(),
                None => {
                    errors.push(FieldError::new("time_zone", "Choose your time zone from the list."));
                    String::new()
                }
            },
        };
        let headline = self.headline.split_whitespace().collect::<Vec<_>>().join(" ");
        if headline.chars().count() > HEADLINE_CHARS {
            errors.push(FieldError::new("headline", format!("Keep the headline under {HEADLINE_CHARS} characters.")));
        }
        let links = ApplicationDraft {
            github: self.github.clone(),
            linkedin: self.linkedin.clone(),
            portfolio: self.portfolio.clone(),
            ..ApplicationDraft::default()
        };
        let link_errors: Vec<FieldError> = links
            .parse()
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| matches!(e.field, "github" | "linkedin" | "portfolio"))
            .collect();
        let clean_link = |field: &'static str, raw: &str| -> String {
            if link_errors.iter().any(|e| e.field == field) {
                return String::new();
            }
            web_address(field, raw, "").ok().flatten().unwrap_or_default()
        };
        let (github, linkedin, portfolio) = (
            clean_link("github", &self.github),
            clean_link("linkedin", &self.linkedin),
            clean_link("portfolio", &self.portfolio),
        );
        errors.extend(link_errors);
        let desired_salary = match self.desired_salary.trim().replace([',', '_', ' '], "") {
            s if s.is_empty() => None,
            s => match s.parse::<i64>() {
                Ok(n) if (1..=10_000_000).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new("desired_salary", "Give a yearly amount in whole units, like 90000."));
                    None
                }
            },
        };
        let salary_currency = match Currency::from_slug(self.salary_currency.trim()) {
            Some(c) => c.slug().to_owned(),
            None if self.salary_currency.trim().is_empty() => Currency::Usd.slug().to_owned(),
            None => {
                errors.push(FieldError::new("salary_currency", "Choose a currency from the list."));
                Currency::Usd.slug().to_owned()
            }
        };
        let mut authorised_in = Vec::new();
        for raw in self.authorised_in.split([' ', ',']).filter(|s| !s.is_empty()) {
            match code_of(raw) {
                Some(code) if !authorised_in.contains(&code) => authorised_in.push(code),
                Some(_) => {}
                None => {
                    errors.push(FieldError::new("authorised_in", "Choose the countries from the list."));
                    break;
                }
            }
        }
        if authorised_in.len() > MAX_AUTHORISED {
            errors.push(FieldError::new("authorised_in", format!("List at most {MAX_AUTHORISED} countries.")));
        }
        let needs_visa = matches!(self.needs_visa.trim(), "on" | "true" | "1" | "yes");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SeekerProfile {
            name,
            country,
            time_zone,
            headline,
            github,
            linkedin,
            portfolio,
            desired_salary,
            salary_currency,
            authorised_in,
            needs_visa,
        })
    }

    /// What a refused form keeps to show again: each field cut to what it takes.
    pub fn kept(&self) -> ProfileForm {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        ProfileForm {
            name: cut(&self.name, NAME_CHARS),
            country: cut(&self.country, 60),
            time_zone: cut(&self.time_zone, 10),
            headline: cut(&self.headline, HEADLINE_CHARS),
            github: cut(&self.github, LINK_CHARS),
            linkedin: cut(&self.linkedin, LINK_CHARS),
            portfolio: cut(&self.portfolio, LINK_CHARS),
            desired_salary: cut(&self.desired_salary, 20),
            salary_currency: cut(&self.salary_currency, 3),
            authorised_in: cut(&self.authorised_in, 4 * MAX_AUTHORISED + 10),
            needs_visa: cut(&self.needs_visa, 4),
        }
    }
}

impl SeekerProfile {
    /// The profile as the form shows it.
    pub fn form(&self) -> ProfileForm {
        ProfileForm {
            name: self.name.clone(),
            country: self.country.clone(),
            time_zone: self.time_zone.clone(),
            headline: self.headline.clone(),
            github: self.github.clone(),
            linkedin: self.linkedin.clone(),
            portfolio: self.portfolio.clone(),
            desired_salary: self.desired_salary.map(|n| n.to_string()).unwrap_or_default(),
            salary_currency: self.salary_currency.clone(),
            authorised_in: self.authorised_in.join(" "),
            needs_visa: if self.needs_visa { "on".to_owned() } else { String::new() },
        }
    }

    /// The apply form filled from the profile for `email`.
    pub fn draft(&self, email: &str) -> ApplicationDraft {
        ApplicationDraft {
            name: self.name.clone(),
            email: email.to_owned(),
            country: self.country.clone(),
            github: self.github.clone(),
            linkedin: self.linkedin.clone(),
            portfolio: self.portfolio.clone(),
            cover_note: String::new(),
            website: String::new(),
        }
    }
}

/// The largest JSON Resume file the profile takes.
pub const MAX_RESUME_BYTES: usize = 1024 * 1024;

/// The profile as a JSON Resume (jsonresume.org's published schema): what of
/// it the schema has a place for, under `basics`.
pub fn to_json_resume(profile: &SeekerProfile, email: &str) -> serde_json::Value {
    let mut profiles = Vec::new();
    for (network, url) in [("GitHub", &profile.github), ("LinkedIn", &profile.linkedin)] {
        if !url.is_empty() {
            profiles.push(serde_json::json!({ "network": network, "url": url }));
        }
    }
    let mut basics = serde_json::json!({ "name": profile.name, "email": email, "profiles": profiles });
    let fields = [("label", &profile.headline), ("url", &profile.portfolio)];
    for (key, value) in fields.into_iter().filter(|(_, v)| !v.is_empty()) {
        basics[key] = serde_json::Value::from(value.as_str());
    }
    if !profile.country.is_empty() {
        basics["location"] = serde_json::json!({ "countryCode": profile.country.to_ascii_uppercase() });
    }
    serde_json::json!({
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
    })
}

/// `current` with what a JSON Resume file gives of it (its `basics`: name,
/// label, url, location's country code, GitHub and LinkedIn profiles); what
/// it does not give stays. `None` when the file is not a JSON Resume.
pub fn from_json_resume(current: &ProfileForm, file: &[u8]) -> Option<ProfileForm> {
    let resume: serde_json::Value = serde_json::from_slice(file).ok()?;
    let basics = resume.get("basics")?.as_object()?;
    let text = json_text;
    let mut form = current.clone();
    let cut = |value: &str, max: usize| value.chars().take(max).collect::<String>();
    if let Some(name) = text(basics.get("name")) {
        form.name = cut(name, NAME_CHARS);
    }
    if let Some(label) = text(basics.get("label")) {
        form.headline = cut(label, HEADLINE_CHARS);
    }
    if let Some(url) = text(basics.get("url")).or_else(|| text(basics.get("website"))) {
        form.portfolio = cut(url, LINK_CHARS);
    }
    if let Some(code) = text(basics.get("location").and_then(|l| l.get("countryCode"))) {
        form.country = code.to_ascii_lowercase();
    }
    for entry in basics.get("profiles").and_then(|p| p.as_array()).into_iter().flatten() {
        let network = text(entry.get("network")).unwrap_or_default().to_ascii_lowercase();
        let url = text(entry.get("url")).map(str::to_owned);
        let username = text(entry.get("username"));
        match network.as_str() {
            "github" => {
                if let Some(url) = url.or_else(|| username.map(|u| format!("https://github.com/{u}"))) {
                    form.github = cut(&url, LINK_CHARS);
                }
            }
            "linkedin" => {
                if let Some(url) = url.or_else(|| username.map(|u| format!("https://www.linkedin.com/in/{u}"))) {
                    form.linkedin = cut(&url, LINK_CHARS);
                }
            }
            _ => {}
        }
    }
    Some(form)
}

/// A JSON value's trimmed text, when it is a non-empty string.
fn json_text(value: Option<&serde_json::Value>) -> Option<&str> {
    value.and_then(|v| v.as_str()).map(str::trim).filter(|v| !v.is_empty())
}

/// What a refused profile form brings back to its page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFeedback {
    /// (field, message); `cv` for the file.
    pub errors: Vec<(String, String)>,
    pub form: ProfileForm,
}

impl ProfileFeedback {
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone())
    }
}

/// `/me/profile`: the profile, the CV on file and the passkeys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePage {
    pub email: String,
    pub profile: SeekerProfile,
    /// The CV's size in bytes, when one is on file.
    pub cv_bytes: Option<i64>,
    pub passkeys: Vec<PasskeySummary>,
}

/// A passkey on the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeySummary {
    pub id: i64,
    /// ISO dates.
    pub added: String,
    pub last_used: Option<String>,
}

/// What a job page's apply form knows of a signed-in seeker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeekerApply {
    pub email: String,
    /// The form filled from the profile.
    pub draft: ApplicationDraft,
    /// The CV on file's size: the form may send it instead of a file.
    pub cv_bytes: Option<i64>,
    /// Already applied, or marked applied: the tracker says the rest.
    pub applied: bool,
}

/// One line of the tracker: an application through FarCoder or a posting
/// marked "I applied" elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedApplication {
    /// The application's id; `None` for one sent elsewhere.
    pub id: Option<i64>,
    pub job_title: String,
    pub company_name: String,
    /// The job page, while the job is open.
    pub job_path: Option<String>,
    /// `None` for one sent elsewhere (FarCoder sees no status).
    pub status: Option<ApplicationStatus>,
    /// ISO date.
    pub applied: String,
    pub updates: Vec<StatusUpdate>,
    /// "Usually decides within 10 days", when the posting says.
    pub promise: Option<String>,
    /// Days since applying.
    pub days: i64,
    /// "No answer from the company in 24 days.": past the promise and the
    /// grace, with the status still new.
    pub silence: Option<String>,
}

/// `/me`: the tracker, and the alerts sent to the account's address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackerPage {
    pub email: String,
    pub applications: Vec<TrackedApplication>,
    pub alerts: Vec<super::AlertSummary>,
    /// The private page that manages those alerts.
    pub alerts_manage: Option<String>,
}

/// What the tracker says of an application `days` old, still at `status`,
/// whose posting promised a decision within `promise_days` (or nothing):
/// silence, once it is past the promise plus the grace. Only an
/// application nobody has answered is silent.
pub fn silence(status: ApplicationStatus, days: i64, promise_days: Option<i64>) -> Option<String> {
    let promise = promise_days.unwrap_or(DEFAULT_PROMISE_DAYS);
    (status == ApplicationStatus::New && days > promise + GRACE_DAYS).then(|| {
        let counts = if days > super::RESPONSE_DAYS {
            " This counts as unanswered in the company’s public response rate."
        } else {
            ""
        };
        format!("No answer from the company in {days} days.{counts}")
    })
}

/// Whether `code` has a sign-in code's shape (spaces and dashes aside).
pub fn code_digits(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_is_named_only_past_the_promise_and_the_grace() {
        use ApplicationStatus::*;
        assert_eq!(silence(New, 14, Some(10)), None, "10 days and 4 of grace");
        let said = silence(New, 15, Some(10)).unwrap();
        assert!(said.starts_with("No answer from the company in 15 days."), "{said}");
        assert!(said.contains("response rate"), "past the rate's window: {said}");
        assert_eq!(silence(Reviewed, 60, Some(10)), None, "an answer is not silence");
        assert_eq!(silence(New, DEFAULT_PROMISE_DAYS + GRACE_DAYS, None), None);
        let early = silence(New, 6, Some(1)).unwrap();
        assert!(!early.contains("response rate"), "within the rate's window: {early}");
    }

    #[test]
    fn a_profile_is_checked_and_cleaned() {
        let form = ProfileForm {
            name: "  Ada   Lovelace ".into(),
            country: "GB".into(),
            time_zone: "+1".into(),
            desired_salary: "95,000".into(),
            salary_currency: "EUR".into(),
            authorised_in: "de, nl de".into(),
            needs_visa: "on".into(),
            github: "https://github.com/ada".into(),
            ..ProfileForm::default()
        };
        let profile = form.parse().unwrap();
        assert_eq!(profile.name, "Ada Lovelace");
        assert_eq!(profile.country, "gb");
        assert_eq!(profile.time_zone, "+01:00");
        assert_eq!(profile.desired_salary, Some(95_000));
        assert_eq!(profile.authorised_in, ["de", "nl"]);
        assert!(profile.needs_visa);
        assert_eq!(profile.form().parse().unwrap(), profile, "the stored profile shows and saves as it is");
        let bad = ProfileForm {
            country: "Atlantis".into(),
            github: "https://gitlab.com/x".into(),
            desired_salary: "lots".into(),
            authorised_in: "zz".into(),
            ..ProfileForm::default()
        };
        let fields: Vec<_> = bad.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["country", "github", "desired_salary", "authorised_in"]);
        assert_eq!(ProfileForm::default().parse().unwrap().salary_currency, "USD", "an empty profile is fine");
    }

    #[test]
    fn a_json_resume_goes_both_ways() {
        let profile = ProfileForm {
            name: "Ada Lovelace".into(),
            country: "gb".into(),
            headline: "Analyst".into(),
            github: "https://github.com/ada".into(),
            portfolio: "https://ada.example".into(),
            ..ProfileForm::default()
        }
        .parse()
        .unwrap();
        let resume = to_json_resume(&profile, "ada@example.com");
        assert_eq!(resume["basics"]["location"]["countryCode"], "GB");
        assert_eq!(resume["basics"]["profiles"][0]["network"], "GitHub");
        let back = from_json_resume(&ProfileForm::default(), resume.to_string().as_bytes()).unwrap();
        assert_eq!(back.parse().unwrap(), SeekerProfile { salary_currency: "USD".into(), ..profile });
        let kept = ProfileForm { desired_salary: "90000".into(), ..ProfileForm::default() };
        let other = br#"{"basics":{"name":"Grace","profiles":[{"network":"LinkedIn","username":"grace"}]}}"#;
        let merged = from_json_resume(&kept, other).unwrap();
        assert_eq!((merged.name.as_str(), merged.desired_salary.as_str()), ("Grace", "90000"), "what it lacks stays");
        assert_eq!(merged.linkedin, "https://www.linkedin.com/in/grace");
        assert_eq!(from_json_resume(&kept, b"%PDF-1.4"), None);
        assert_eq!(from_json_resume(&kept, b"{\"work\": []}"), None);
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(code_digits(" 123-456 ").as_deref(), Some("123456"));
        assert_eq!(code_digits("12345"), None);
        assert_eq!(code_digits("12345a"), None);
    }
}
