//! A posting as an employer writes it: the form's raw fields (`PostingDraft`)
//! and the checked value (`Posting`). The same parse runs in the browser for
//! instant feedback and on the server for the truth.

use serde::{Deserialize, Serialize};

use super::account::FieldError;
use super::hiring::{HireMode, Hiring, MAX_DECISION_DAYS, Process, STEPS_CHARS};
use super::hours::{CoreHours, Offset, hours_between};
use super::job::TimezoneWindow;
use super::location::Location;
use super::salary::{Currency, SalaryPeriod, SalaryRange};
use super::vocab::{Category, EmploymentType, Level, Stack};

/// The form's fields, as typed. Missing fields are empty (an unticked
/// checkbox sends nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostingDraft {
    pub title: String,
    pub category: String,
    pub level: String,
    pub job_type: String,
    pub stacks: Vec<String>,
    pub salary_min: String,
    pub salary_max: String,
    pub currency: String,
    pub period: String,
    pub locations: Vec<String>,
    pub tz_from: String,
    pub tz_to: String,
    /// Core hours in UTC (0–23) and the hours one must overlap them.
    pub core_start: String,
    pub core_end: String,
    pub core_need: String,
    pub hire_modes: Vec<String>,
    pub employee_in: Vec<String>,
    /// "1" when the company sponsors a visa.
    pub visa: String,
    pub hiring_steps: String,
    pub decision_days: String,
    pub description: String,
    pub apply_url: String,
    /// The opening imported from an ATS that this new posting completes
    /// (its id), or empty.
    pub import: String,
}

/// A posting that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Posting {
    pub title: String,
    pub category: Category,
    pub level: Level,
    pub job_type: EmploymentType,
    pub stacks: Vec<Stack>,
    pub salary: SalaryRange,
    pub locations: Vec<Location>,
    pub timezone: Option<TimezoneWindow>,
    pub core_hours: Option<CoreHours>,
    pub hiring: Hiring,
    pub process: Process,
    pub description: String,
    /// `None`: applicants use FarCoder's form.
    pub apply_url: Option<String>,
}

pub const TITLE_CHARS: (usize, usize) = (5, 100);
pub const DESCRIPTION_CHARS: (usize, usize) = (50, 20_000);
pub const MAX_STACKS: usize = 8;
pub const MAX_LOCATIONS: usize = 10;
pub const URL_CHARS: usize = 500;

/// A parsed posting as the form writes it: the one spelling of each value,
/// so two drafts of the same posting compare equal.
impl From<&Posting> for PostingDraft {
    fn from(posting: &Posting) -> Self {
        PostingDraft {
            title: posting.title.clone(),
            category: posting.category.slug().to_owned(),
            level: posting.level.slug().to_owned(),
            job_type: posting.job_type.slug().to_owned(),
            stacks: posting.stacks.iter().map(|s| s.slug().to_owned()).collect(),
            salary_min: posting.salary.min.to_string(),
            salary_max: posting.salary.max.to_string(),
            currency: posting.salary.currency.slug().to_owned(),
            period: posting.salary.period.slug().to_owned(),
            locations: posting.locations.iter().map(|l| l.slug().to_owned()).collect(),
            tz_from: posting.timezone.and_then(|t| Offset::from_minutes(t.from)).map(Offset::slug).unwrap_or_default(),
            tz_to: posting.timezone.and_then(|t| Offset::from_minutes(t.to)).map(Offset::slug).unwrap_or_default(),
            core_start: posting.core_hours.map(|c| c.start.to_string()).unwrap_or_default(),
            core_end: posting.core_hours.map(|c| c.end.to_string()).unwrap_or_default(),
            core_need: posting.core_hours.map(|c| c.need.to_string()).unwrap_or_default(),
            hire_modes: posting.hiring.modes.iter().map(|m| m.slug().to_owned()).collect(),
            employee_in: posting.hiring.employee_in.iter().map(|l| l.slug().to_owned()).collect(),
            visa: if posting.hiring.visa { "1".to_owned() } else { String::new() },
            hiring_steps: posting.process.steps.clone(),
            decision_days: posting.process.decision_days.map(|d| d.to_string()).unwrap_or_default(),
            description: posting.description.clone(),
            apply_url: posting.apply_url.clone().unwrap_or_default(),
            import: String::new(),
        }
    }
}

impl PostingDraft {
    /// The draft in a submitted form, as the browser holds it: `one` reads a
    /// field, `all` every value of a repeated one. The names are the form's.
    pub fn from_form(one: impl Fn(&str) -> String, all: impl Fn(&str) -> Vec<String>) -> PostingDraft {
        PostingDraft {
            title: one("draft[title]"),
            category: one("draft[category]"),
            level: one("draft[level]"),
            job_type: one("draft[job_type]"),
            stacks: all("draft[stacks][]"),
            salary_min: one("draft[salary_min]"),
            salary_max: one("draft[salary_max]"),
            currency: one("draft[currency]"),
            period: one("draft[period]"),
            locations: all("draft[locations][]"),
            tz_from: one("draft[tz_from]"),
            tz_to: one("draft[tz_to]"),
            core_start: one("draft[core_start]"),
            core_end: one("draft[core_end]"),
            core_need: one("draft[core_need]"),
            hire_modes: all("draft[hire_modes][]"),
            employee_in: all("draft[employee_in][]"),
            visa: one("draft[visa]"),
            hiring_steps: one("draft[hiring_steps]"),
            decision_days: one("draft[decision_days]"),
            description: one("draft[description]"),
            apply_url: one("draft[apply_url]"),
            import: one("draft[import]"),
        }
    }

    /// Every problem at once, one per field, so the form can show them all.
    pub fn parse(&self) -> Result<Posting, Vec<FieldError>> {
        self.parse_with(true)
    }

    /// `parse` for content stored before postings said how they hire (an
    /// edit waiting for review, a posting being duplicated): not saying is
    /// allowed there; the employer is asked when they next edit it.
    pub fn parse_stored(&self) -> Result<Posting, Vec<FieldError>> {
        self.parse_with(false)
    }

    fn parse_with(&self, hiring_required: bool) -> Result<Posting, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = ok_or_note(check_title(&self.title), &mut errors);
        let category =
            ok_or_note(pick("category", &self.category, Category::from_slug, "Choose a category."), &mut errors);
        let level = ok_or_note(pick("level", &self.level, Level::from_slug, "Choose a level."), &mut errors);
        let job_type =
            ok_or_note(pick("job_type", &self.job_type, EmploymentType::from_slug, "Choose a job type."), &mut errors);
        let stacks = ok_or_note(check_stacks(&self.stacks), &mut errors);
        let salary = ok_or_note(self.check_salary(), &mut errors);
        let locations = ok_or_note(check_locations(&self.locations), &mut errors);
        let timezone = ok_or_note(check_timezone(&self.tz_from, &self.tz_to), &mut errors);
        let core_hours = ok_or_note(self.check_core_hours(), &mut errors);
        let hiring = match self.hire_modes.is_empty() && !hiring_required {
            true => Some(Hiring::default()),
            false => ok_or_note(self.check_hiring(), &mut errors),
        };
        // What is typed now may not say two things about where people work;
        // a stored posting from before this rule still reads.
        let contradiction = match (&hiring, &locations) {
            (Some(hiring), Some(places)) if hiring_required => hiring.contradiction(places),
            _ => None,
        };
        let hiring = match contradiction {
            Some(why) => {
                errors.push(FieldError::new("employee_in", why));
                None
            }
            None => hiring,
        };
        let process = ok_or_note(self.check_process(), &mut errors);
        let description = ok_or_note(check_description(&self.description), &mut errors);
        let apply_url = ok_or_note(check_apply_url(&self.apply_url), &mut errors);
        let answers = (core_hours, hiring, process);
        match (title, category, level, job_type, stacks, salary, locations, timezone, answers, description, apply_url) {
            (
                Some(title),
                Some(category),
                Some(level),
                Some(job_type),
                Some(stacks),
                Some(salary),
                Some(locations),
                Some(timezone),
                (Some(core_hours), Some(hiring), Some(process)),
                Some(description),
                Some(apply_url),
            ) => Ok(Posting {
                title,
                category,
                level,
                job_type,
                stacks,
                salary,
                locations,
                timezone,
                core_hours,
                hiring,
                process,
                description,
                apply_url,
            }),
            _ => Err(errors),
        }
    }

    /// The message for one field, for checking as you type.
    pub fn error_for(&self, field: &str) -> Option<String> {
        self.parse().err()?.into_iter().find(|e| e.field == field).map(|e| e.message)
    }

    fn check_core_hours(&self) -> Result<Option<CoreHours>, FieldError> {
        let hour = |raw: &str, field: &'static str, what: &str| -> Result<Option<u8>, FieldError> {
            let raw = raw.trim().trim_end_matches(":00");
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<u8>().map(Some).map_err(|_| FieldError::new(field, format!("Give {what} as a whole number.")))
        };
        let start = hour(&self.core_start, "core_start", "the hour the core hours start")?;
        let end = hour(&self.core_end, "core_end", "the hour the core hours end")?;
        let need = hour(&self.core_need, "core_need", "the hours of overlap")?;
        match (start, end) {
            (None, None) if need.is_none() => Ok(None),
            (None, None) => Err(FieldError::new("core_start", "Give the core hours the overlap is with.")),
            (Some(start), Some(end)) => {
                let need = need.unwrap_or_else(|| hours_between(start, end));
                CoreHours::new(start, end, need).map(Some).map_err(|why| {
                    let field = if why.contains("overlap") { "core_need" } else { "core_start" };
                    FieldError::new(field, why)
                })
            }
            _ => Err(FieldError::new("core_start", "Give both the start and the end of the core hours, or neither.")),
        }
    }

    fn check_hiring(&self) -> Result<Hiring, FieldError> {
        let modes: Vec<HireMode> =
            HireMode::ALL.iter().copied().filter(|m| self.hire_modes.iter().any(|s| s == m.slug())).collect();
        if modes.is_empty() || self.hire_modes.iter().any(|s| HireMode::from_slug(s).is_none()) {
            return Err(FieldError::new(
                "hire_modes",
                "Say how you would hire people: as employees, as contractors or through an employer of record.",
            ));
        }
        let mut employee_in = Vec::new();
        if modes.contains(&HireMode::Employee) {
            for slug in self.employee_in.iter().filter(|s| !s.trim().is_empty()) {
                match Location::parse(slug) {
                    Some(place @ Location::Country(_)) if !employee_in.contains(&place) => employee_in.push(place),
                    Some(Location::Country(_)) => {}
                    _ => return Err(FieldError::new("employee_in", "Choose countries from the list.")),
                }
            }
            if employee_in.is_empty() {
                return Err(FieldError::new("employee_in", "Say which countries you employ people in."));
            }
        }
        Ok(Hiring { modes, employee_in, visa: matches!(self.visa.trim(), "1" | "on" | "true" | "yes") })
    }

    fn check_process(&self) -> Result<Process, FieldError> {
        let steps = self.hiring_steps.split_whitespace().collect::<Vec<_>>().join(" ");
        if count(&steps) > STEPS_CHARS {
            return Err(FieldError::new("hiring_steps", format!("Keep the steps under {STEPS_CHARS} characters.")));
        }
        let days = self.decision_days.trim();
        let decision_days = match days.parse::<u8>() {
            _ if days.is_empty() => None,
            Ok(d) if (1..=MAX_DECISION_DAYS).contains(&d) => Some(d),
            _ => {
                return Err(FieldError::new(
                    "decision_days",
                    format!("Give the usual days to a decision, from 1 to {MAX_DECISION_DAYS}."),
                ));
            }
        };
        Ok(Process { steps, decision_days })
    }

    fn check_salary(&self) -> Result<SalaryRange, FieldError> {
        let amount = |raw: &str, field: &'static str| -> Result<i64, FieldError> {
            let digits: String = raw.chars().filter(|c| !matches!(c, ',' | '_' | ' ')).collect();
            match digits.parse::<i64>() {
                Ok(n) if n > 0 && n <= 100_000_000 => Ok(n),
                _ if digits.is_empty() => {
                    Err(FieldError::new(field, "A salary range is required: give a whole number."))
                }
                _ => Err(FieldError::new(field, "Give a whole number greater than zero.")),
            }
        };
        let min = amount(&self.salary_min, "salary_min")?;
        let max = amount(&self.salary_max, "salary_max")?;
        if max < min {
            return Err(FieldError::new("salary_max", "The maximum must be at least the minimum."));
        }
        if max > min.saturating_mul(3) {
            return Err(FieldError::new(
                "salary_max",
                "Keep the range honest: the maximum may be at most three times the minimum.",
            ));
        }
        let currency = pick("currency", &self.currency, Currency::from_slug, "Choose a currency.")?;
        let period = pick("period", &self.period, SalaryPeriod::from_slug, "Choose a period.")?;
        Ok(SalaryRange { min, max, currency, period })
    }
}

impl FieldError {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

/// The value, or `None` with its error noted.
fn ok_or_note<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn pick<T>(field: &'static str, raw: &str, parse: fn(&str) -> Option<T>, missing: &str) -> Result<T, FieldError> {
    parse(raw.trim()).ok_or_else(|| FieldError::new(field, missing))
}

fn count(text: &str) -> usize {
    text.chars().count()
}

fn check_title(raw: &str) -> Result<String, FieldError> {
    let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let (min, max) = TITLE_CHARS;
    match count(&title) {
        n if n < min => Err(FieldError::new("title", format!("Write a title of at least {min} characters."))),
        n if n > max => Err(FieldError::new("title", format!("Keep the title under {max} characters."))),
        _ => Ok(title),
    }
}

fn check_stacks(raw: &[String]) -> Result<Vec<Stack>, FieldError> {
    let mut stacks = Vec::new();
    for slug in raw {
        let stack = Stack::from_slug(slug).ok_or_else(|| FieldError::new("stacks", "Choose stacks from the list."))?;
        if !stacks.contains(&stack) {
            stacks.push(stack);
        }
    }
    match stacks.len() {
        0 => Err(FieldError::new("stacks", "Choose at least one stack.")),
        n if n > MAX_STACKS => Err(FieldError::new("stacks", format!("Choose at most {MAX_STACKS} stacks."))),
        _ => Ok(stacks),
    }
}

fn check_locations(raw: &[String]) -> Result<Vec<Location>, FieldError> {
    let mut locations = Vec::new();
    for slug in raw.iter().filter(|s| !s.trim().is_empty()) {
        let location =
            Location::parse(slug).ok_or_else(|| FieldError::new("locations", "Choose places from the list."))?;
        if !locations.contains(&location) {
            locations.push(location);
        }
    }
    if locations.contains(&Location::WORLDWIDE) {
        return Ok(vec![Location::WORLDWIDE]);
    }
    match locations.len() {
        0 => Err(FieldError::new("locations", "Say where applicants may live: worldwide, regions or countries.")),
        n if n > MAX_LOCATIONS => Err(FieldError::new("locations", format!("Choose at most {MAX_LOCATIONS} places."))),
        _ => Ok(locations),
    }
}

fn check_timezone(from: &str, to: &str) -> Result<Option<TimezoneWindow>, FieldError> {
    // "+05:30", or whole hours as older drafts have them ("-6").
    let offset = |raw: &str, field: &'static str| -> Result<Option<i32>, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        match Offset::parse(raw) {
            Some(offset) => Ok(Some(offset.minutes())),
            None => Err(FieldError::new(field, "Choose a UTC offset from the list, from −12:00 to +14:00.")),
        }
    };
    match (offset(from, "tz_from")?, offset(to, "tz_to")?) {
        (None, None) => Ok(None),
        (Some(from), Some(to)) if from <= to => Ok(Some(TimezoneWindow { from, to })),
        (Some(_), Some(_)) => Err(FieldError::new("tz_to", "The window must end at or after its start.")),
        (None, Some(_)) => Err(FieldError::new("tz_from", "Give both ends of the window, or neither.")),
        (Some(_), None) => Err(FieldError::new("tz_to", "Give both ends of the window, or neither.")),
    }
}

fn check_description(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim().replace("\r\n", "\n");
    let (min, max) = DESCRIPTION_CHARS;
    match count(&text) {
        n if n < min => Err(FieldError::new("description", format!("Describe the role in at least {min} characters."))),
        n if n > max => Err(FieldError::new("description", format!("Keep the description under {max} characters."))),
        _ => Ok(text),
    }
}

fn check_apply_url(raw: &str) -> Result<Option<String>, FieldError> {
    web_address("apply_url", raw, "Give the full address of your application page, starting with https://.")
}

/// An optional http(s) address with a plausible host; `message` says what to fix.
pub(crate) fn web_address(field: &'static str, raw: &str, message: &str) -> Result<Option<String>, FieldError> {
    let url = raw.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let bad = || FieldError::new(field, message);
    if count(url) > URL_CHARS || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') || host.contains('@') {
        return Err(bad());
    }
    Ok(Some(url.to_owned()))
}

/// What an employer typed into a posting's form and did not save, kept by
/// the server as they typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypedDraft {
    pub draft: PostingDraft,
    /// When it was last kept: "2026-11-29 14:02 UTC".
    pub kept_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn good() -> PostingDraft {
        PostingDraft {
            title: "Senior Rust Engineer".into(),
            category: "backend".into(),
            level: "senior".into(),
            job_type: "full-time".into(),
            stacks: vec!["rust".into(), "postgresql".into()],
            salary_min: "120,000".into(),
            salary_max: "150000".into(),
            currency: "EUR".into(),
            period: "year".into(),
            locations: vec!["europe".into(), "gb".into()],
            tz_from: "-1".into(),
            tz_to: "+3".into(),
            core_start: "14".into(),
            core_end: "18".into(),
            core_need: "3".into(),
            hire_modes: vec!["employee".into(), "contractor".into()],
            employee_in: vec!["de".into(), "nl".into()],
            visa: "1".into(),
            hiring_steps: "Intro call,  paid take-home of 3 h, two interviews".into(),
            decision_days: "10".into(),
            description: "You will build the services our customers rely on, with care.".into(),
            apply_url: "https://example.com/jobs/1".into(),
            import: String::new(),
        }
    }

    #[test]
    fn a_posting_cannot_say_two_things_about_where_people_work() {
        let refused = |locations: &[&str], modes: &[&str], employee_in: &[&str], visa: &str| {
            let draft = PostingDraft {
                locations: locations.iter().map(|s| (*s).to_owned()).collect(),
                hire_modes: modes.iter().map(|s| (*s).to_owned()).collect(),
                employee_in: employee_in.iter().map(|s| (*s).to_owned()).collect(),
                visa: visa.to_owned(),
                ..good()
            };
            draft.error_for("employee_in")
        };
        // Employees in a country nobody may apply from.
        let why = refused(&["americas"], &["employee", "contractor"], &["de"], "").expect("refused");
        assert!(why.starts_with("Nobody in Germany may apply: applicants must live in Americas."), "{why}");
        // Open to the world, hiring only employees in one country, no visa.
        let why = refused(&["worldwide"], &["employee"], &["gb"], "").expect("refused");
        assert!(why.starts_with("People in Worldwide could not be hired"), "{why}");
        assert!(refused(&["americas"], &["employee"], &["us"], "").is_some(), "Brazil is in the Americas");
        // Coherent ones pass.
        assert_eq!(refused(&["worldwide"], &["employee"], &["gb"], "1"), None, "a visa makes it possible");
        assert_eq!(refused(&["worldwide"], &["employee", "contractor"], &["gb"], ""), None, "contractors elsewhere");
        assert_eq!(refused(&["europe", "gb"], &["employee", "eor"], &["de", "gb"], ""), None);
        assert_eq!(refused(&["us", "ca"], &["employee"], &["us", "ca"], ""), None, "employees where they may live");
        assert_eq!(refused(&["worldwide"], &["contractor"], &[], ""), None);
    }

    #[test]
    fn a_complete_draft_parses() {
        let posting = good().parse().unwrap();
        assert_eq!(
            posting.salary,
            SalaryRange { min: 120_000, max: 150_000, currency: Currency::Eur, period: SalaryPeriod::Year }
        );
        assert_eq!(posting.locations, vec![Location::Region(super::super::Region::Europe), Location::Country("gb")]);
        assert_eq!(posting.timezone, Some(TimezoneWindow { from: -60, to: 180 }));
        let india = PostingDraft { tz_from: "+05:30".into(), tz_to: "+05:30".into(), ..good() }.parse().unwrap();
        assert_eq!(india.timezone.map(|t| t.display()).as_deref(), Some("UTC+5:30"));
        assert_eq!(PostingDraft::from(&india).tz_from, "+05:30", "and the form shows it again");
    }

    #[test]
    fn every_field_has_its_message() {
        let draft = PostingDraft { locations: vec![], ..PostingDraft::default() };
        let fields: Vec<&str> = draft.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "title",
                "category",
                "level",
                "job_type",
                "stacks",
                "salary_min",
                "locations",
                "hire_modes",
                "description"
            ]
        );
    }

    #[test]
    fn the_answers_a_seeker_needs_parse_and_round_trip() {
        let posting = good().parse().unwrap();
        assert_eq!(posting.core_hours.unwrap().sentence(), "needs 3 h overlap with 14:00–18:00 UTC");
        assert_eq!(posting.hiring.employee_in, [Location::Country("de"), Location::Country("nl")]);
        assert!(posting.hiring.visa);
        assert_eq!(posting.process.steps, "Intro call, paid take-home of 3 h, two interviews");
        assert_eq!(posting.process.decision_days, Some(10));
        assert_eq!(PostingDraft::from(&posting).parse().unwrap(), posting);
        let whole = PostingDraft { core_need: "".into(), ..good() }.parse().unwrap();
        assert_eq!(whole.core_hours.unwrap().need, 4, "no need given: all of the core hours");
    }

    #[test]
    fn the_answers_have_their_messages() {
        let cases = [
            (PostingDraft { hire_modes: vec![], ..good() }, "hire_modes"),
            (PostingDraft { hire_modes: vec!["slave".into()], ..good() }, "hire_modes"),
            (PostingDraft { employee_in: vec![], ..good() }, "employee_in"),
            (PostingDraft { employee_in: vec!["europe".into()], ..good() }, "employee_in"),
            (PostingDraft { core_end: "".into(), ..good() }, "core_start"),
            (PostingDraft { core_need: "5".into(), ..good() }, "core_need"),
            (PostingDraft { core_start: "".into(), core_end: "".into(), ..good() }, "core_start"),
            (PostingDraft { decision_days: "0".into(), ..good() }, "decision_days"),
            (PostingDraft { hiring_steps: "x".repeat(301), ..good() }, "hiring_steps"),
        ];
        for (draft, field) in cases {
            assert!(draft.error_for(field).is_some(), "{field}: {:?}", draft.parse().err());
        }
        let unsaid = PostingDraft { hire_modes: vec![], ..good() };
        assert_eq!(unsaid.parse_stored().unwrap().hiring, Hiring::default(), "stored before it was asked");
        let contractor = PostingDraft { hire_modes: vec!["contractor".into()], ..good() }.parse().unwrap();
        assert!(contractor.hiring.employee_in.is_empty(), "countries only go with employees");
    }

    #[test]
    fn salary_ranges_must_be_honest() {
        let d = PostingDraft { salary_min: "100000".into(), salary_max: "90000".into(), ..good() };
        assert!(d.error_for("salary_max").is_some());
        let d = PostingDraft { salary_min: "10000".into(), salary_max: "90000".into(), ..good() };
        assert!(d.error_for("salary_max").unwrap().contains("three times"));
        let d = PostingDraft { salary_min: "-5".into(), ..good() };
        assert!(d.error_for("salary_min").is_some());
    }

    #[test]
    fn apply_urls_are_web_addresses() {
        for bad in ["javascript:alert(1)", "example.com", "https://localhost", "https://a b.com", "ftp://x.com"] {
            assert!(PostingDraft { apply_url: bad.into(), ..good() }.error_for("apply_url").is_some(), "{bad}");
        }
        assert_eq!(PostingDraft { apply_url: "".into(), ..good() }.parse().unwrap().apply_url, None);
    }

    #[test]
    fn worldwide_absorbs_other_places_and_timezones_need_both_ends() {
        let d = PostingDraft { locations: vec!["de".into(), "worldwide".into()], ..good() };
        assert_eq!(d.parse().unwrap().locations, vec![Location::WORLDWIDE]);
        assert!(PostingDraft { tz_to: "".into(), ..good() }.error_for("tz_to").is_some());
        assert!(PostingDraft { tz_from: "5".into(), tz_to: "2".into(), ..good() }.error_for("tz_to").is_some());
        assert!(PostingDraft { tz_from: "".into(), tz_to: "".into(), ..good() }.parse().unwrap().timezone.is_none());
    }
}
