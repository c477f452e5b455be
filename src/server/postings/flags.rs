//! Automatic flags on a submitted posting: a likely duplicate, scam signals
//! and an implausible salary. Each rule is plain, its reason says what it
//! saw, and a moderator decides; a flag never refuses a posting by itself.

use std::collections::HashSet;

use crate::error::AppError;
use crate::model::{FREE_MAIL, FlagKind, JobCard, Level, SalaryRange, Span, Time, usd_thousands, website_domain};
use crate::server::db::{Conn, Db};
use crate::server::repo::flags as rows;
use crate::server::repo::jobs::DetailRow;

/// How far back a new posting is compared with the company's closed ones.
const RECENT: Span = Span::days(60);

/// Two postings of one company are likely the same when their titles'
/// character trigrams and their descriptions' word 3-shingles overlap at
/// least this much (Jaccard similarity, 0 to 1). With a few dozen postings
/// per company the exact measure is cheap, so no MinHash estimate is needed.
pub const TITLE_THRESHOLD: f64 = 0.6;
pub const DESCRIPTION_THRESHOLD: f64 = 0.8;

/// Application tracking systems companies legitimately send applicants to.
const APPLY_HOSTS: &[&str] = &[
    "greenhouse.io",
    "lever.co",
    "workable.com",
    "ashbyhq.com",
    "smartrecruiters.com",
    "recruitee.com",
    "personio.de",
    "personio.com",
    "bamboohr.com",
    "teamtailor.com",
    "breezy.hr",
    "jobvite.com",
    "myworkdayjobs.com",
    "pinpointhq.com",
    "homerun.co",
    "join.com",
    "wellfound.com",
];

/// Asking applicants for money.
const FEE_PHRASES: &[&str] = &[
    "application fee",
    "registration fee",
    "training fee",
    "processing fee",
    "onboarding fee",
    "placement fee",
    "starter kit",
    "refundable deposit",
    "security deposit",
    "pay for your equipment",
    "pay for your own equipment",
    "buy your equipment",
];

/// Paying or being paid the way fraud is.
const PAYMENT_PHRASES: &[&str] = &[
    "gift card",
    "gift cards",
    "western union",
    "moneygram",
    "cash app",
    "wire the money",
    "send money",
    "deposit the check",
    "deposit a check",
    "deposit the cheque",
    "paid in crypto",
    "paid in bitcoin",
    "paid in usdt",
    "payment in crypto",
    "payment in bitcoin",
    "crypto wallet",
    "bitcoin wallet",
    "usdt",
];

/// Chat apps that fraudulent "interviews" move to.
const CHAT_APPS: &[&str] = &["telegram", "whatsapp", "wickr", "wechat", "kik", "hangouts", "skype"];
const CONTACT_WORDS: &[&str] =
    &["interview", "interviews", "interviewed", "contact", "message", "text", "chat", "reach", "dm", "add"];
/// How close (in words) a chat app must be to a contact word.
const CHAT_WINDOW: usize = 5;

/// The plausible yearly range in US dollars, by level.
pub fn salary_band(level: Level) -> (i64, i64) {
    match level {
        Level::Junior => (8_000, 180_000),
        Level::Mid => (15_000, 260_000),
        Level::Senior => (25_000, 380_000),
        Level::Staff => (40_000, 500_000),
        Level::Principal => (50_000, 600_000),
    }
}

/// What the rules look at in a posting.
pub struct Submission<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub apply_url: Option<&'a str>,
    pub salary: SalaryRange,
    pub level: Level,
    pub company_website: Option<&'a str>,
    pub company_verified: bool,
}

impl<'a> Submission<'a> {
    /// A stored posting's card and text, with its company's website and badge.
    fn of(
        card: &'a JobCard,
        description: &'a str,
        apply_url: Option<&'a str>,
        company_website: Option<&'a str>,
        company_verified: bool,
    ) -> Self {
        Submission {
            title: &card.title,
            description,
            apply_url,
            salary: card.salary,
            level: card.level,
            company_website,
            company_verified,
        }
    }
}

/// A live or recent posting of the same company.
pub struct Earlier {
    pub id: i64,
    pub title: String,
    pub description: String,
}

/// One raised flag.
#[derive(Clone, Debug, PartialEq)]
pub struct Raised {
    pub kind: FlagKind,
    pub reason: String,
}

fn raised(kind: FlagKind, reason: String) -> Raised {
    Raised { kind, reason }
}

/// Every flag `posting` raises, compared with the company's `earlier` postings.
pub fn check(posting: &Submission, earlier: &[Earlier]) -> Vec<Raised> {
    let mut flags = Vec::new();
    flags.extend(duplicate_of(posting, earlier));
    flags.extend(scam_signals(posting));
    flags.extend(salary_out_of_range(posting));
    flags
}

/// Checks the submitted `job` and stores what it raised in place of its
/// earlier submission-time flags, on `c` inside the submission's
/// transaction.
pub async fn raise(
    mut c: impl Conn,
    job: DetailRow,
    company_website: Option<&str>,
    company_verified: bool,
    now: Time,
) -> Result<Vec<Raised>, AppError> {
    let (id, company_id, description, apply_url) = (job.card.id, job.company_id, job.description, job.apply_url);
    let card = job.card.into_card(now)?;
    let earlier: Vec<Earlier> = rows::earlier_postings(&mut c, company_id, id, now - RECENT)
        .await?
        .into_iter()
        .map(|r| Earlier { id: r.id, title: r.title, description: r.description })
        .collect();
    let submission = Submission::of(&card, &description, apply_url.as_deref(), company_website, company_verified);
    let raised = check(&submission, &earlier);
    let kinds = [FlagKind::Duplicate.slug(), FlagKind::Scam.slug(), FlagKind::Salary.slug()];
    let stored: Vec<(&str, &str)> = raised.iter().map(|r| (r.kind.slug(), r.reason.as_str())).collect();
    rows::replace(&mut c, id, &kinds, &stored, now).await?;
    Ok(raised)
}

/// What an edit of job `job_id` (its company's other recent postings
/// compared, not the job itself) raises, stored nowhere: the edit keeps it.
pub async fn check_edit(
    db: &Db,
    company_id: i64,
    job_id: i64,
    posting: &crate::model::Posting,
    company_website: Option<&str>,
    company_verified: bool,
    now: Time,
) -> Result<Vec<Raised>, AppError> {
    let earlier: Vec<Earlier> = rows::earlier_postings(db, company_id, job_id, now - RECENT)
        .await?
        .into_iter()
        .map(|r| Earlier { id: r.id, title: r.title, description: r.description })
        .collect();
    let submission = Submission {
        title: &posting.title,
        description: &posting.description,
        apply_url: posting.apply_url.as_deref(),
        salary: posting.salary,
        level: posting.level,
        company_website,
        company_verified,
    };
    Ok(check(&submission, &earlier))
}

/// How many of the open postings each rule flags.
#[derive(Debug, Default, PartialEq)]
pub struct Survey {
    pub postings: usize,
    pub duplicate: usize,
    pub scam: usize,
    pub salary: usize,
    /// The title and description similarity of the two postings of one
    /// company that come nearest to being flagged as duplicates (the pair
    /// whose smaller share of its threshold is largest): how far an honest
    /// data set stays from the thresholds.
    pub closest: (f64, f64),
    /// The ids of that pair.
    pub closest_ids: (i64, i64),
}

impl Survey {
    /// One line per rule, with its share of the postings.
    pub fn lines(&self) -> Vec<String> {
        let share = |n: usize| if self.postings == 0 { 0.0 } else { n as f64 * 100.0 / self.postings as f64 };
        [("duplicate", self.duplicate), ("scam", self.scam), ("salary", self.salary)]
            .into_iter()
            .map(|(rule, n)| format!("{rule:<9} {n:>6} of {} open postings ({:.2}%)", self.postings, share(n)))
            .chain((self.closest_ids != (0, 0)).then(|| {
                format!(
                    "nearest duplicate, #{} and #{}: titles {:.0}% alike (threshold {:.0}%), descriptions {:.0}% (threshold {:.0}%)",
                    self.closest_ids.0,
                    self.closest_ids.1,
                    self.closest.0 * 100.0,
                    TITLE_THRESHOLD * 100.0,
                    self.closest.1 * 100.0,
                    DESCRIPTION_THRESHOLD * 100.0
                )
            }))
            .collect()
    }
}

/// Runs the submission rules over every open posting, each compared with
/// its company's earlier open ones, as if they were submitted today: on an
/// honest data set such as the demo data, every flag is a false positive.
/// Stores nothing.
pub async fn survey(db: &Db, now: Time) -> Result<Survey, AppError> {
    let rows = crate::server::repo::jobs::open_details(db, now).await?;
    let mut survey = Survey { postings: rows.len(), ..Survey::default() };
    let mut earlier: std::collections::HashMap<i64, Vec<Earlier>> = std::collections::HashMap::new();
    for row in rows {
        let (id, company_id, website) = (row.card.id, row.company_id, row.company_website);
        let (description, apply_url) = (row.description, row.apply_url);
        let card = row.card.into_card(now)?;
        let submission =
            Submission::of(&card, &description, apply_url.as_deref(), website.as_deref(), card.company_verified);
        let company = earlier.entry(company_id).or_default();
        let nearness = |(t, d): (f64, f64)| (t / TITLE_THRESHOLD).min(d / DESCRIPTION_THRESHOLD);
        for other in company.iter() {
            let pair =
                (title_similarity(&card.title, &other.title), description_similarity(&description, &other.description));
            if nearness(pair) > nearness(survey.closest) {
                (survey.closest, survey.closest_ids) = (pair, (other.id, id));
            }
        }
        let kinds: HashSet<FlagKind> = check(&submission, company).into_iter().map(|r| r.kind).collect();
        survey.duplicate += usize::from(kinds.contains(&FlagKind::Duplicate));
        survey.scam += usize::from(kinds.contains(&FlagKind::Scam));
        survey.salary += usize::from(kinds.contains(&FlagKind::Salary));
        company.push(Earlier { id, title: card.title, description });
    }
    Ok(survey)
}

/// Lowercased words: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Character trigrams of the title's words joined by single spaces.
fn trigrams(title: &str) -> HashSet<String> {
    let padded: Vec<char> = format!("  {} ", words(title).join(" ")).chars().collect();
    padded.windows(3).map(|w| w.iter().collect()).collect()
}

/// Word 3-shingles (fewer words give one shingle of them all).
fn shingles(text: &str) -> HashSet<String> {
    let words = words(text);
    if words.len() < 3 {
        return HashSet::from([words.join(" ")]);
    }
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// How alike two titles are, 0 to 1.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    jaccard(&trigrams(a), &trigrams(b))
}

/// How alike two descriptions are, 0 to 1.
pub fn description_similarity(a: &str, b: &str) -> f64 {
    jaccard(&shingles(a), &shingles(b))
}

fn duplicate_of(posting: &Submission, earlier: &[Earlier]) -> Option<Raised> {
    let mine = (trigrams(posting.title), shingles(posting.description));
    earlier
        .iter()
        .map(|e| {
            let title = jaccard(&mine.0, &trigrams(&e.title));
            let description = jaccard(&mine.1, &shingles(&e.description));
            (e, title, description)
        })
        .filter(|(_, title, description)| *title >= TITLE_THRESHOLD && *description >= DESCRIPTION_THRESHOLD)
        .max_by(|a, b| (a.1 + a.2).total_cmp(&(b.1 + b.2)))
        .map(|(e, title, description)| {
            raised(
                FlagKind::Duplicate,
                format!(
                    "Likely a duplicate of posting #{} “{}”: titles {:.0}% and descriptions {:.0}% alike.",
                    e.id,
                    e.title,
                    title * 100.0,
                    description * 100.0
                ),
            )
        })
}

/// The first of `phrases` that occurs in `text` as whole words.
fn first_phrase<'p>(text: &str, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| text.contains(&format!(" {p} ")))
}

fn scam_signals(posting: &Submission) -> Vec<Raised> {
    let words = words(&format!("{}\n{}", posting.title, posting.description));
    let text = format!(" {} ", words.join(" "));
    let mut flags = Vec::new();
    if let Some(phrase) = first_phrase(&text, FEE_PHRASES) {
        flags.push(raised(FlagKind::Scam, format!("Asks applicants for money: “{phrase}”.")));
    }
    if let Some(phrase) = first_phrase(&text, PAYMENT_PHRASES) {
        flags.push(raised(FlagKind::Scam, format!("Payment language often seen in fraud: “{phrase}”.")));
    }
    let chat = words.iter().enumerate().find_map(|(i, w)| {
        let app = CHAT_APPS.iter().find(|a| **a == w)?;
        let near = &words[i.saturating_sub(CHAT_WINDOW)..(i + CHAT_WINDOW + 1).min(words.len())];
        near.iter().any(|n| CONTACT_WORDS.contains(&n.as_str())).then_some(*app)
    });
    if let Some(app) = chat {
        flags.push(raised(FlagKind::Scam, format!("Moves contact or interviews to a chat app: “{app}”.")));
    }
    if !posting.company_verified {
        let addresses = format!("{} {}", posting.description, posting.apply_url.unwrap_or_default());
        if let Some(domain) = free_mail_in(&addresses) {
            flags.push(raised(
                FlagKind::Scam,
                format!("An unverified company gives a free-mail address for contact (@{domain})."),
            ));
        }
    }
    if let Some(host) = foreign_apply_host(posting) {
        flags.push(raised(
            FlagKind::Scam,
            format!(
                "The apply link goes to {host}, not the company’s own domain or a known applicant tracking system."
            ),
        ));
    }
    flags
}

/// The free-mail domain of the first such e-mail address in `text`.
fn free_mail_in(text: &str) -> Option<&'static str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':'))
        .filter_map(|token| token.split_once('@').map(|(_, domain)| domain))
        .map(|domain| domain.trim_end_matches(['.', '!', '?']).to_ascii_lowercase())
        .find_map(|domain| FREE_MAIL.iter().copied().find(|free| *free == domain))
}

/// Whether `host` is `domain` or one of its subdomains.
fn within(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(&format!(".{domain}"))
}

/// Where an apply link leads, in a moderator's words: its host, and
/// whether that is the company's own site or an application tracking system.
pub fn apply_link_verdict(apply_url: &str, company_website: Option<&str>) -> String {
    let Some(host) = website_domain(apply_url) else { return "not a web address".to_owned() };
    let company = company_website.and_then(website_domain);
    if company.as_deref().is_some_and(|company| within(&host, company) || within(company, &host)) {
        format!("{host}: the company’s own site")
    } else if let Some(ats) = APPLY_HOSTS.iter().find(|ats| within(&host, ats)) {
        format!("{host}: an application tracking system ({ats})")
    } else {
        match company {
            Some(company) => format!("{host}: neither the company’s site ({company}) nor a known tracking system"),
            None => format!("{host}: the company gives no website to compare it with"),
        }
    }
}

fn foreign_apply_host(posting: &Submission) -> Option<String> {
    let host = website_domain(posting.apply_url?)?;
    let company = website_domain(posting.company_website?)?;
    let own = within(&host, &company) || within(&company, &host);
    (!own && !APPLY_HOSTS.iter().any(|ats| within(&host, ats))).then_some(host)
}

fn salary_out_of_range(posting: &Submission) -> Option<Raised> {
    let (min, max) = posting.salary.usd_per_year();
    let (low, high) = salary_band(posting.level);
    (min < low || max > high).then(|| {
        raised(
            FlagKind::Salary,
            format!(
                "{} is {}–{} a year, outside the ${}k–${}k expected of a {} role.",
                posting.salary.display(),
                usd_thousands(min),
                usd_thousands(max),
                low / 1_000,
                high / 1_000,
                posting.level.label().to_lowercase()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, SalaryPeriod};

    const DESCRIPTION: &str = "We build the payments ledger that thousands of small shops rely on. \
        You will design Rust services, review code with a small team, and own features from the first \
        sketch to production. We meet once a year in Lisbon and otherwise work asynchronously.";

    fn submission<'a>(title: &'a str, description: &'a str) -> Submission<'a> {
        Submission {
            title,
            description,
            apply_url: Some("https://jobs.ledgerly.example/apply/42"),
            salary: SalaryRange { min: 120_000, max: 150_000, currency: Currency::Usd, period: SalaryPeriod::Year },
            level: Level::Senior,
            company_website: Some("https://www.ledgerly.example"),
            company_verified: false,
        }
    }

    fn earlier(title: &str, description: &str) -> Earlier {
        Earlier { id: 7, title: title.into(), description: description.into() }
    }

    fn kinds(flags: &[Raised]) -> Vec<FlagKind> {
        flags.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_clean_posting_raises_nothing() {
        let flags = check(&submission("Senior Rust Engineer", DESCRIPTION), &[]);
        assert_eq!(flags, vec![]);
    }

    #[test]
    fn a_near_copy_of_an_earlier_posting_is_a_duplicate() {
        let reworded = DESCRIPTION.replace("in Lisbon", "in Porto");
        let flags =
            check(&submission("Senior Rust Engineer (EU)", &reworded), &[earlier("Senior Rust Engineer", DESCRIPTION)]);
        assert_eq!(kinds(&flags), vec![FlagKind::Duplicate]);
        assert!(flags[0].reason.contains("#7"), "{}", flags[0].reason);
    }

    #[test]
    fn the_thresholds_are_pinned() {
        // The same title and one changed word in a 50-word description: alike
        // enough. Another role sharing the company's boilerplate: not.
        let reworded = DESCRIPTION.replace("Lisbon", "Porto");
        assert!(description_similarity(DESCRIPTION, &reworded) >= DESCRIPTION_THRESHOLD);
        assert!(title_similarity("Senior Rust Engineer", "Senior Rust Engineer (EU)") >= TITLE_THRESHOLD);
        assert!(title_similarity("Senior Rust Engineer", "Product Designer") < TITLE_THRESHOLD);
        let other = format!("{DESCRIPTION} You will also shape our design system and our mobile apps with us.");
        let flags = check(&submission("Product Designer", &other), &[earlier("Senior Rust Engineer", DESCRIPTION)]);
        assert_eq!(flags, vec![], "same company text, another role");
        let half = DESCRIPTION.split_at(DESCRIPTION.len() / 2).0;
        assert!(description_similarity(DESCRIPTION, half) < DESCRIPTION_THRESHOLD);
    }

    #[test]
    fn fees_payment_language_and_chat_interviews_are_scam_signals() {
        for (text, seen) in [
            ("There is a small application fee of $50 to cover background checks.", "application fee"),
            ("Your salary is paid in USDT every week.", "usdt"),
            ("We send you gift cards for the equipment.", "gift card"),
            ("Interviews happen on Telegram with our hiring manager.", "telegram"),
            ("Add our recruiter on WhatsApp to start.", "whatsapp"),
        ] {
            let description = format!("{DESCRIPTION} {text}");
            let flags = check(&submission("Senior Rust Engineer", &description), &[]);
            assert_eq!(kinds(&flags), vec![FlagKind::Scam], "{text}");
            assert!(flags[0].reason.contains(seen), "{text}: {}", flags[0].reason);
        }
    }

    #[test]
    fn the_same_words_in_honest_contexts_are_not_signals() {
        for text in [
            "We cover every fee for conferences and pay for your home office.",
            "You will build our Telegram bot platform, used by two million people.",
            "We integrate with WhatsApp Business and Skype for our support tools.",
            "Experience with crypto libraries such as ring or RustCrypto helps.",
        ] {
            let description = format!("{DESCRIPTION} {text}");
            assert_eq!(check(&submission("Senior Rust Engineer", &description), &[]), vec![], "{text}");
        }
    }

    #[test]
    fn free_mail_contact_counts_only_for_unverified_companies() {
        let description = format!("{DESCRIPTION} Send your CV to jobs.ledgerly@gmail.com.");
        let mut posting = submission("Senior Rust Engineer", &description);
        assert_eq!(kinds(&check(&posting, &[])), vec![FlagKind::Scam]);
        posting.company_verified = true;
        assert_eq!(check(&posting, &[]), vec![]);
        let own = format!("{DESCRIPTION} Questions? Write to hiring@ledgerly.example.");
        assert_eq!(check(&submission("Senior Rust Engineer", &own), &[]), vec![]);
    }

    #[test]
    fn a_moderator_reads_where_an_apply_link_leads() {
        let site = Some("https://ledgerly.example");
        assert!(apply_link_verdict("https://jobs.ledgerly.example/1", site).contains("the company’s own site"));
        assert!(apply_link_verdict("https://boards.greenhouse.io/ledgerly", site).contains("(greenhouse.io)"));
        assert!(apply_link_verdict("https://forms.evil.example/x", site).contains("neither the company’s site"));
        assert!(apply_link_verdict("mailto:x@y", site).contains("not a web address"));
    }

    #[test]
    fn an_apply_link_elsewhere_than_the_company_or_an_ats_is_a_signal() {
        let mut posting = submission("Senior Rust Engineer", DESCRIPTION);
        posting.apply_url = Some("https://ledgerly-careers.example/form");
        let flags = check(&posting, &[]);
        assert_eq!(kinds(&flags), vec![FlagKind::Scam]);
        assert!(flags[0].reason.contains("ledgerly-careers.example"));
        posting.apply_url = Some("https://boards.greenhouse.io/ledgerly/jobs/1");
        assert_eq!(check(&posting, &[]), vec![], "a known applicant tracking system");
        posting.apply_url = Some("https://ledgerly.example/careers");
        assert_eq!(check(&posting, &[]), vec![], "the website's own domain");
    }

    #[test]
    fn salaries_outside_the_band_for_the_level_are_flagged() {
        let mut posting = submission("Senior Rust Engineer", DESCRIPTION);
        posting.salary =
            SalaryRange { min: 900_000, max: 1_200_000, currency: Currency::Usd, period: SalaryPeriod::Year };
        let flags = check(&posting, &[]);
        assert_eq!(kinds(&flags), vec![FlagKind::Salary]);
        assert!(flags[0].reason.contains("$25k–$380k"), "{}", flags[0].reason);
        posting.salary = SalaryRange { min: 5, max: 8, currency: Currency::Usd, period: SalaryPeriod::Hour };
        assert_eq!(kinds(&check(&posting, &[])), vec![FlagKind::Salary], "$10k–$17k a year is too low for a senior");
        posting.salary = SalaryRange { min: 60, max: 90, currency: Currency::Eur, period: SalaryPeriod::Hour };
        assert_eq!(check(&posting, &[]), vec![]);
    }
}
