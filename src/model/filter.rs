//! The `/jobs` search as a value: parsed once from a query string, in the browser
//! and on the server alike, with a note for every part it had to ignore.

use super::hiring::HireMode;
use super::hours::{Offset, USUAL_DAY, WorkDay, hours_between};
use super::location::Location;
use super::vocab::{Category, EmploymentType, Level, Stack, vocabulary};

/// Results per page.
pub const PAGE_SIZE: i64 = 20;
/// Deeper pages are refused: nobody reads them, and they are costly to count to.
const MAX_PAGE: i64 = 1_000;
/// The most characters a text search keeps.
pub const MAX_QUERY_CHARS: usize = 200;
/// Query pairs beyond this are not even looked at.
const MAX_PAIRS: usize = 64;
/// The highest minimum salary the filter takes, in US dollars a year.
pub const MAX_SALARY: i64 = 10_000_000;
/// The hours of overlap the filter takes.
pub const OVERLAP_HOURS: std::ops::RangeInclusive<u8> = 1..=24;

vocabulary! {
    /// Result order.
    Sort {
        Relevance => "relevance", "Best match";
        Newest => "newest", "Newest";
        Salary => "salary", "Highest salary";
        Confirmed => "confirmed", "Recently confirmed open";
    }
}

/// The `confirmed` options: confirmed open (or published) within so many days.
pub const CONFIRMED_DAYS: &[u16] = &[7, 14, 30];

/// A job search: text, filters, order and page.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JobFilter {
    /// Free text, cleaned of control characters and capped in length.
    pub q: String,
    pub category: Option<Category>,
    /// Any of these stacks (an empty list means any stack).
    pub stacks: Vec<Stack>,
    pub level: Option<Level>,
    /// US dollars a year that the range must reach.
    pub min_salary: Option<i64>,
    /// Where the applicant lives.
    pub region: Option<Location>,
    pub job_type: Option<EmploymentType>,
    /// Only companies FarCoder verified (`verified=1`).
    pub verified: bool,
    /// The seeker's UTC offset (`tz=+05:30`); with `overlap`, it keeps
    /// postings whose core hours their working day can give (see `day`).
    pub tz: Option<Offset>,
    /// Their local working hours (`hours=9-17`), 09:00–17:00 when not said.
    pub hours: Option<(u8, u8)>,
    /// The hours of overlap they can give (`overlap=4`).
    pub overlap: Option<u8>,
    /// How the company would hire them (`hire=contractor`).
    pub hire: Option<HireMode>,
    /// Only companies that sponsor a visa (`visa=1`).
    pub visa: bool,
    /// Only postings confirmed open (or published) within so many days
    /// (`confirmed=14`).
    pub confirmed: Option<u16>,
    /// `None` means the default: relevance with a text query, newest without.
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: i64,
}

impl JobFilter {
    /// How many filters narrow the results (each stack counts; the words
    /// and the order do not).
    pub fn narrowing_count(&self) -> usize {
        let set = [
            self.category.is_some(),
            self.level.is_some(),
            self.min_salary.is_some(),
            self.region.is_some(),
            self.job_type.is_some(),
            self.verified,
            self.day().is_some(),
            self.hire.is_some(),
            self.visa,
            self.confirmed.is_some(),
        ];
        set.into_iter().filter(|on| *on).count() + self.stacks.len()
    }

    /// Parses a URL query string (without the `?`). Never fails: what cannot be
    /// used is dropped and described in the returned notes.
    pub fn parse(query: &str) -> (JobFilter, Vec<String>) {
        let mut filter = JobFilter { page: 1, ..JobFilter::default() };
        let mut notes = Vec::new();
        let query = query.strip_prefix('?').unwrap_or(query);
        for (key, value) in form_urlencoded::parse(query.as_bytes()).take(MAX_PAIRS) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "q" => filter.q = clean_text(value, &mut notes),
                "category" => set_vocab(&mut filter.category, value, Category::from_slug, "category", &mut notes),
                "level" => set_vocab(&mut filter.level, value, Level::from_slug, "level", &mut notes),
                "type" => set_vocab(&mut filter.job_type, value, EmploymentType::from_slug, "job type", &mut notes),
                "sort" => set_vocab(&mut filter.sort, value, Sort::from_slug, "sort order", &mut notes),
                "region" => set_vocab(&mut filter.region, value, Location::parse, "region", &mut notes),
                "stack" => match Stack::from_slug(value) {
                    Some(stack) if !filter.stacks.contains(&stack) => filter.stacks.push(stack),
                    Some(_) => {}
                    None => notes.push(format!("Ignored the unknown stack “{}”.", shown(value))),
                },
                "min_salary" => match parse_amount(value) {
                    Some(0) => {}
                    Some(n) if n <= MAX_SALARY => filter.min_salary = Some(n),
                    _ => notes.push(format!(
                        "Ignored the minimum salary “{}”: give a yearly amount in US dollars, like 90000.",
                        shown(value)
                    )),
                },
                "verified" => set_flag(&mut filter.verified, "verified", value, &mut notes),
                "visa" => set_flag(&mut filter.visa, "visa", value, &mut notes),
                "confirmed" => match value.parse::<u16>() {
                    Ok(days) if CONFIRMED_DAYS.contains(&days) => filter.confirmed = Some(days),
                    _ => notes.push(format!(
                        "Ignored “{}” as days since a job was confirmed open: choose 7, 14 or 30.",
                        shown(value)
                    )),
                },
                "hire" => set_vocab(&mut filter.hire, value, HireMode::from_slug, "way of hiring", &mut notes),
                "tz" => match Offset::parse(value) {
                    Some(o) => filter.tz = Some(o),
                    None => notes.push(format!(
                        "Ignored the time zone “{}”: give a UTC offset like +05:30 or -3.",
                        shown(value)
                    )),
                },
                "hours" => match WorkDay::parse_hours(value) {
                    Some(h) => filter.hours = Some(h),
                    None => {
                        notes.push(format!("Ignored the working hours “{}”: give local hours like 9-17.", shown(value)))
                    }
                },
                "overlap" => match value.trim_end_matches('h').trim().parse::<u8>() {
                    Ok(h) if OVERLAP_HOURS.contains(&h) => filter.overlap = Some(h),
                    _ => notes.push(format!(
                        "Ignored the overlap “{}”: give the hours you can overlap, like 4.",
                        shown(value)
                    )),
                },
                "page" => match value.parse::<i64>() {
                    Ok(n) if (1..=MAX_PAGE).contains(&n) => filter.page = n,
                    _ => notes.push(format!("Ignored the page number “{}”: showing page 1.", shown(value))),
                },
                _ => {}
            }
        }
        if filter.tz.is_none() && filter.overlap.take().is_some() {
            notes.push(
                "Choose your time zone too: the hours you can give are counted in it. Showing jobs for every time zone."
                    .to_owned(),
            );
        }
        if filter.tz.is_none() && filter.hours.take().is_some() {
            notes.push(
                "Choose your time zone too: your working hours are counted in it. Showing jobs for every time zone."
                    .to_owned(),
            );
        }
        (filter, notes)
    }

    /// The seeker's working day, once their time zone is set: postings
    /// whose core hours lie outside it drop out, and with an overlap, those
    /// that need more of it than that.
    pub fn day(&self) -> Option<WorkDay> {
        let (start, end) = self.hours.unwrap_or(USUAL_DAY);
        self.day_in(self.overlap.unwrap_or_else(|| hours_between(start, end)))
    }

    /// Their working day giving `overlap` hours, once the time zone is set.
    pub fn day_in(&self, overlap: u8) -> Option<WorkDay> {
        let (start, end) = self.hours.unwrap_or(USUAL_DAY);
        self.tz.map(|offset| WorkDay { offset, start, end, overlap })
    }

    /// The order results come in.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(Sort::Relevance) | None if !self.q.is_empty() => Sort::Relevance,
            Some(Sort::Salary) => Sort::Salary,
            Some(Sort::Confirmed) => Sort::Confirmed,
            _ => Sort::Newest,
        }
    }

    /// The canonical query string (without `?`) for this search on `page`;
    /// defaults are left out, so equal searches have equal URLs.
    pub fn to_query(&self, page: i64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(c) = self.category {
            out.append_pair("category", c.slug());
        }
        for s in &self.stacks {
            out.append_pair("stack", s.slug());
        }
        if let Some(l) = self.level {
            out.append_pair("level", l.slug());
        }
        if let Some(m) = self.min_salary {
            out.append_pair("min_salary", &m.to_string());
        }
        if let Some(r) = self.region {
            out.append_pair("region", r.slug());
        }
        if let Some(t) = self.job_type {
            out.append_pair("type", t.slug());
        }
        if self.verified {
            out.append_pair("verified", "1");
        }
        if let Some(tz) = self.tz {
            out.append_pair("tz", &tz.slug());
        }
        if let Some((start, end)) = self.hours.filter(|h| *h != USUAL_DAY) {
            out.append_pair("hours", &format!("{start}-{end}"));
        }
        if let Some(overlap) = self.overlap {
            out.append_pair("overlap", &overlap.to_string());
        }
        if let Some(h) = self.hire {
            out.append_pair("hire", h.slug());
        }
        if self.visa {
            out.append_pair("visa", "1");
        }
        if let Some(days) = self.confirmed {
            out.append_pair("confirmed", &days.to_string());
        }
        if let Some(s) = self.sort {
            out.append_pair("sort", s.slug());
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        out.finish()
    }

    /// Each filter that narrows the results, as a chip says it ("Level:
    /// Senior"), with the search without it (the words, the order and the
    /// other filters kept). The time zone, working hours and overlap are one.
    pub fn chips(&self) -> Vec<(String, JobFilter)> {
        let base = JobFilter { page: 1, ..self.clone() };
        let mut chips: Vec<(String, JobFilter)> = Vec::new();
        for (i, stack) in self.stacks.iter().enumerate() {
            let mut rest = base.clone();
            rest.stacks.remove(i);
            chips.push((format!("Stack: {}", stack.label()), rest));
        }
        let mut chip = |label: String, without: fn(&mut JobFilter)| {
            let mut rest = base.clone();
            without(&mut rest);
            chips.push((label, rest));
        };
        if let Some(c) = self.category {
            chip(format!("Category: {}", c.label()), |f| f.category = None);
        }
        if let Some(l) = self.level {
            chip(format!("Level: {}", l.label()), |f| f.level = None);
        }
        if let Some(m) = self.min_salary {
            chip(format!("At least {} a year", crate::model::usd_thousands(m)), |f| f.min_salary = None);
        }
        if let Some(r) = self.region {
            chip(format!("You live in: {}", r.label()), |f| f.region = None);
        }
        if let Some(t) = self.job_type {
            chip(format!("Type: {}", t.label()), |f| f.job_type = None);
        }
        if self.verified {
            chip("Verified companies".to_owned(), |f| f.verified = false);
        }
        if let Some(day) = self.day() {
            let label = match self.overlap {
                Some(hours) => format!("{}, giving at most {hours} h", day.chip()),
                None => day.chip(),
            };
            chip(label, |f| {
                f.tz = None;
                f.hours = None;
                f.overlap = None;
            });
        }
        if let Some(h) = self.hire {
            chip(format!("Hired as: {}", h.label()), |f| f.hire = None);
        }
        if self.visa {
            chip("Sponsors a visa".to_owned(), |f| f.visa = false);
        }
        if let Some(days) = self.confirmed {
            chip(format!("Confirmed open in the last {days} days"), |f| f.confirmed = None);
        }
        chips
    }

    /// The search with the words and order kept and every filter cleared.
    pub fn cleared(&self) -> JobFilter {
        JobFilter { q: self.q.clone(), sort: self.sort, page: 1, ..JobFilter::default() }
    }

    /// Whether anything narrows the results.
    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.category.is_some()
            || !self.stacks.is_empty()
            || self.level.is_some()
            || self.min_salary.is_some()
            || self.region.is_some()
            || self.job_type.is_some()
            || self.verified
            || self.day().is_some()
            || self.hire.is_some()
            || self.visa
            || self.confirmed.is_some()
    }
}

/// How many results each filter option would give, the other filters kept
/// as they are: keyed by the option's query pair, like `stack=rust`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Facets(pub std::collections::BTreeMap<String, u32>);

impl Facets {
    /// The count beside option `value` of filter `name` (`None` when the
    /// search did not count it).
    pub fn count(&self, name: &str, value: &str) -> Option<u32> {
        self.0.get(&format!("{name}={value}")).copied()
    }

    pub fn set(&mut self, name: &str, value: &str, count: u32) {
        self.0.insert(format!("{name}={value}"), count);
    }
}

/// Another search worth offering when one found nothing: a corrected
/// spelling, or the same words without the filters.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Suggestion {
    /// The query string (without `?`) of the suggested search.
    pub query: String,
    /// What to say about it, such as “Did you mean “kubernetes”?”.
    pub label: String,
    pub total: i64,
}

fn set_vocab<T>(
    slot: &mut Option<T>,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
    notes: &mut Vec<String>,
) {
    match parse(value) {
        Some(v) => *slot = Some(v),
        None => notes.push(format!("Ignored the unknown {what} “{}”.", shown(value))),
    }
}

/// A yes-or-no filter (`name=1`): on, off, or ignored with a note.
fn set_flag(flag: &mut bool, name: &str, value: &str, notes: &mut Vec<String>) {
    match value {
        "1" | "true" => *flag = true,
        "0" | "false" => *flag = false,
        _ => notes.push(format!("Ignored {name}=“{}”: use {name}=1.", shown(value))),
    }
}

/// Collapses whitespace, drops control and invisible formatting characters and
/// caps the length.
fn clean_text(raw: &str, notes: &mut Vec<String>) -> String {
    let mut text = String::with_capacity(raw.len().min(MAX_QUERY_CHARS * 4));
    for word in raw.split(|c: char| c.is_whitespace() || c.is_control()) {
        let word: String = word.chars().filter(|c| !is_invisible(*c)).collect();
        if word.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&word);
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        notes.push(format!("Your search was shortened to its first {MAX_QUERY_CHARS} characters."));
        text = text.chars().take(MAX_QUERY_CHARS).collect::<String>().trim_end().to_owned();
    }
    text
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// "120000", "120,000", "120k".
fn parse_amount(value: &str) -> Option<i64> {
    let value = value.replace([',', '_', ' '], "");
    let (digits, scale) = match value.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1_000),
        None => (value.as_str(), 1),
    };
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().map(|n| n * scale)
}

/// A user's value as a note may quote it: short and printable.
fn shown(value: &str) -> String {
    let mut s: String = value.chars().filter(|c| !c.is_control()).take(40).collect();
    if value.chars().count() > 40 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    #[test]
    fn counts_the_filters_that_narrow_the_results() {
        assert_eq!(JobFilter::parse("q=rust&sort=salary&page=2").0.narrowing_count(), 0);
        let (f, _) = JobFilter::parse("category=backend&stack=rust&stack=go&verified=1&min_salary=90000");
        assert_eq!(f.narrowing_count(), 5);
    }

    #[test]
    fn each_active_filter_is_a_chip_that_removes_only_itself() {
        let (f, _) =
            JobFilter::parse("q=rust&stack=rust&stack=go&level=senior&tz=%2B05:30&overlap=4&sort=salary&page=3");
        let chips: Vec<(String, String)> =
            f.chips().into_iter().map(|(label, rest)| (label, rest.to_query(1))).collect();
        assert_eq!(
            chips,
            [
                (
                    "Stack: Rust".to_owned(),
                    "q=rust&stack=go&level=senior&tz=%2B05%3A30&overlap=4&sort=salary".to_owned()
                ),
                (
                    "Stack: Go".to_owned(),
                    "q=rust&stack=rust&level=senior&tz=%2B05%3A30&overlap=4&sort=salary".to_owned()
                ),
                (
                    "Level: Senior".to_owned(),
                    "q=rust&stack=rust&stack=go&tz=%2B05%3A30&overlap=4&sort=salary".to_owned()
                ),
                (
                    "Fits 09:00–17:00 at UTC+05:30, giving at most 4 h".to_owned(),
                    "q=rust&stack=rust&stack=go&level=senior&sort=salary".to_owned()
                ),
            ]
        );
        assert_eq!(f.chips().len(), f.narrowing_count(), "one chip per narrowing filter");
        assert_eq!(f.cleared().to_query(1), "q=rust&sort=salary", "clearing keeps the words and the order");
    }

    #[test]
    fn a_working_day_comes_from_the_offset_hours_and_overlap() {
        let (f, notes) = JobFilter::parse("tz=%2B05:30&overlap=4&hire=contractor&visa=1");
        assert!(notes.is_empty(), "{notes:?}");
        let day = f.day().unwrap();
        assert_eq!((day.offset.minutes(), day.start, day.end, day.overlap), (330, 9, 17, 4));
        assert_eq!(f.to_query(1), "tz=%2B05%3A30&overlap=4&hire=contractor&visa=1");
        assert_eq!(JobFilter::parse(&f.to_query(1)).0, f);
        assert_eq!(f.narrowing_count(), 3);
        // A URL's unescaped `+` is a space; an offset alone keeps the jobs
        // whose core hours lie in the working day, however long they last.
        let (f, _) = JobFilter::parse("tz=+05:30&hours=22-6");
        let day = f.day().map(|d| (d.offset.minutes(), d.start, d.end, d.overlap));
        assert_eq!(day, Some((330, 22, 6, 8)));
        assert_eq!(f.to_query(1), "tz=%2B05%3A30&hours=22-6");
        assert!(f.is_filtered() && f.narrowing_count() == 1);
        // Working hours or an overlap without a zone are said to be set aside.
        let (f, notes) = JobFilter::parse("hours=9-17&overlap=2");
        assert_eq!((f.day(), f.hours, f.overlap, notes.len()), (None, None, None, 2), "{notes:?}");
        assert!(notes.iter().all(|n| n.starts_with("Choose your time zone too") && !n.contains('=')), "{notes:?}");
        let (f, notes) = JobFilter::parse("confirmed=14&sort=confirmed");
        assert_eq!((f.confirmed, f.effective_sort(), notes.len()), (Some(14), Sort::Confirmed, 0));
        assert_eq!(JobFilter::parse("confirmed=3").1.len(), 1);
        let (f, notes) = JobFilter::parse("overlap=4&tz=Mars");
        assert_eq!((f.day(), f.overlap, notes.len()), (None, None, 2), "{notes:?}");
    }

    #[test]
    fn parses_every_filter() {
        let (f, notes) = JobFilter::parse(
            "q=rust+async&category=backend&stack=rust&stack=go&level=senior&min_salary=120k&region=DE&type=full-time&sort=salary&page=3",
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(f.q, "rust async");
        assert_eq!(f.category, Some(Category::Backend));
        assert_eq!(f.stacks, vec![Stack::Rust, Stack::Go]);
        assert_eq!(f.level, Some(Level::Senior));
        assert_eq!(f.min_salary, Some(120_000));
        assert_eq!(f.region, Some(Location::Country("de")));
        assert_eq!(f.job_type, Some(EmploymentType::FullTime));
        assert_eq!(f.effective_sort(), Sort::Salary);
        assert_eq!(f.page, 3);
    }

    #[test]
    fn round_trips_through_the_canonical_query() {
        let (f, _) = JobFilter::parse("stack=rust&q=tokio&region=europe&page=2");
        assert_eq!(f.to_query(2), "q=tokio&stack=rust&region=europe&page=2");
        assert_eq!(JobFilter::parse(&f.to_query(2)).0, f);
        assert_eq!(f.region, Some(Location::Region(Region::Europe)));
    }

    #[test]
    fn bad_values_are_ignored_with_a_note() {
        let (f, notes) = JobFilter::parse("category=astronaut&stack=cobol&min_salary=lots&page=-4&level=&sort=random");
        assert_eq!(f, JobFilter { page: 1, ..JobFilter::default() });
        assert_eq!(notes.len(), 5, "{notes:?}");
        assert!(notes[0].contains("astronaut"));
        let (f, notes) = JobFilter::parse("page=99999999999999999999999&min_salary=-5");
        assert_eq!((f.page, f.min_salary, notes.len()), (1, None, 2));
    }

    #[test]
    fn text_is_cleaned_and_capped() {
        let (f, _) = JobFilter::parse("q=%00rust%07%0A%E2%80%8Bdev%20%20ops");
        assert_eq!(f.q, "rust dev ops");
        let long = "a".repeat(10_000);
        let (f, notes) = JobFilter::parse(&format!("q={long}"));
        assert_eq!(f.q.len(), 200);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn default_sort_depends_on_the_text_query() {
        assert_eq!(JobFilter::parse("").0.effective_sort(), Sort::Newest);
        assert_eq!(JobFilter::parse("q=go").0.effective_sort(), Sort::Relevance);
        assert_eq!(JobFilter::parse("sort=relevance").0.effective_sort(), Sort::Newest);
    }
}
