//! A deterministic generator of companies and postings: the demo data on an empty
//! database, and `farcoder seed --jobs N --seed S` for benchmarks. The same seed
//! and clock give the same rows; all text is written for FarCoder.

mod logo;
mod rng;
mod text;

pub use rng::Rng;

use crate::model::{
    Category, CoreHours, Currency, DAY, EmploymentType, HOUR, HireMode, Hiring, Level, Location, PostingStatus,
    Process, Region, SalaryPeriod, SalaryRange, Span, Stack, Time, TimezoneWindow, slugify,
};
use crate::server::db::{Db, DbError};
use crate::server::repo::companies::{self, NewCompany};
use crate::server::repo::jobs::{self, NewJob};

/// What a seeding run wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Seeded {
    pub companies: usize,
    pub jobs: usize,
}

/// How many postings a seed writes between checkpoints of SQLite's log.
const CHECKPOINT_EVERY: usize = 2_000;

/// Writes `job_count` postings (and one company per ten, at least 40) from `seed`,
/// dated relative to `now`.
pub async fn seed(db: &Db, job_count: usize, seed: u64, now: Time) -> Result<Seeded, DbError> {
    let mut rng = Rng::new(seed);
    // The answers come from a stream of their own, so the postings the
    // main stream makes stay what they were before postings had them.
    let mut answers = Rng::new(seed.wrapping_add(0x5EED));
    let company_count = (job_count / 10).max(text::COMPANIES.len());
    let mut company_ids = Vec::with_capacity(company_count);
    for i in 0..company_count {
        let company = text::company(i, &mut rng);
        let slug = slugify(&company.name);
        let existing = companies::find_by_slug(db, &slug).await?.map(|c| c.id);
        let id = match existing {
            Some(id) => id,
            None => {
                let id = companies::insert(
                    db,
                    &NewCompany {
                        slug,
                        name: company.name.clone(),
                        website: Some(company.website.clone()),
                        about: company.about,
                        verified_at: company.verified.then_some(now - 90 * DAY),
                        created_at: now - 120 * DAY,
                    },
                )
                .await?;
                // The named demo companies have logos; the many a benchmark
                // adds do not, as most companies on a board have none.
                if i < text::COMPANIES.len() {
                    companies::set_logo(db, id, logo::draw(i), now - 120 * DAY).await?;
                }
                id
            }
        };
        company_ids.push((id, company.name, company.website));
    }
    for done in 1..=job_count {
        let (company_id, company_name, website) = rng.pick(&company_ids).clone();
        let mut job = posting(&mut rng, company_id, company_name, &website, now);
        answer(&mut answers, &mut job);
        jobs::insert(db, &job).await?;
        // The write-ahead log is folded in as it goes, not at the end.
        if done % CHECKPOINT_EVERY == 0 {
            db.checkpoint().await?;
        }
    }
    db.checkpoint().await?;
    Ok(Seeded { companies: company_count, jobs: job_count })
}

fn posting(rng: &mut Rng, company_id: i64, company_name: String, website: &str, now: Time) -> NewJob {
    let category = *rng.pick(Category::ALL);
    let level = *rng.pick(&[
        Level::Junior,
        Level::Mid,
        Level::Mid,
        Level::Senior,
        Level::Senior,
        Level::Senior,
        Level::Staff,
        Level::Principal,
    ]);
    let job_type = *rng.pick(&[
        EmploymentType::FullTime,
        EmploymentType::FullTime,
        EmploymentType::FullTime,
        EmploymentType::FullTime,
        EmploymentType::FullTime,
        EmploymentType::Contract,
        EmploymentType::PartTime,
        EmploymentType::Internship,
    ]);
    let level = if job_type == EmploymentType::Internship { Level::Junior } else { level };
    let stacks = stacks_for(rng, category);
    let locations = locations(rng);
    let timezone = timezone_for(rng, &locations);
    let salary = salary(rng, level, job_type, &locations);
    let title = text::title(rng, category, level, stacks.first().copied());
    let description = text::description(rng, category, level, &stacks, &company_name, timezone);

    // Most postings are open; a few closed, expired or unpublished ones
    // prove the public never sees them.
    let roll = rng.below(100);
    let (status, published_at, expires_at) = match roll {
        0..=3 => {
            let published = now - rng.range(20, 59) * DAY;
            (PostingStatus::Closed, Some(published), Some(published + 60 * DAY))
        }
        4..=7 => {
            let published = now - rng.range(75, 110) * DAY;
            (PostingStatus::Published, Some(published), Some(published + 60 * DAY))
        }
        8 => (PostingStatus::Draft, None, None),
        9 => (PostingStatus::Review, None, None),
        _ => {
            let published = now - Span::seconds(rng.range(0, (60 * DAY - HOUR).as_secs()));
            (PostingStatus::Published, Some(published), Some(published + 60 * DAY))
        }
    };
    NewJob {
        company_id,
        title,
        category,
        level,
        job_type,
        salary,
        stacks,
        locations,
        timezone,
        core_hours: None,
        hiring: Hiring::default(),
        process: Process::default(),
        description,
        apply_url: Some(format!("{website}/careers")),
        status,
        featured: status == PostingStatus::Published && rng.chance(8),
        published_at,
        expires_at,
        created_at: published_at.unwrap_or(now - rng.range(1, 10) * DAY) - DAY,
    }
}

/// What a seeker asks of the posting: core hours near its time zones, how
/// it hires, its process; and whether it takes applications on FarCoder.
fn answer(rng: &mut Rng, job: &mut NewJob) {
    if let Some(tz) = job.timezone.filter(|_| rng.chance(70)) {
        // Around 10:00 to 14:00 local in the middle of the team's zones.
        let centre = (tz.from + tz.to) / 2;
        let start = (10 - centre).rem_euclid(24) as u8;
        let length = rng.range(3, 6) as u8;
        let need = rng.range(2, i64::from(length)) as u8;
        job.core_hours = CoreHours::new(start, (start + length) % 24, need).ok();
    }
    let countries: Vec<Location> =
        job.locations.iter().copied().filter(|l| matches!(l, Location::Country(_))).collect();
    // Employees only where applicants may live: a country of the posting's
    // first place when it names no country.
    let employee_in = if countries.is_empty() {
        let near = job.locations.first().map(|l| l.countries_in()).unwrap_or_default();
        vec![near.get(rng.below(near.len().max(1))).copied().unwrap_or(Location::Country("us"))]
    } else {
        countries
    };
    job.hiring = match rng.below(10) {
        0..=3 => Hiring { modes: vec![HireMode::Employee], employee_in, visa: false },
        4..=5 => Hiring { modes: vec![HireMode::Employee, HireMode::Contractor], employee_in, visa: false },
        6..=7 => Hiring { modes: vec![HireMode::Eor], ..Hiring::default() },
        _ => Hiring { modes: vec![HireMode::Contractor], ..Hiring::default() },
    };
    job.hiring.visa = job.hiring.has(HireMode::Employee) && rng.chance(20);
    // A posting open to places it could not employ people in also hires
    // contractors there.
    if job.hiring.contradiction(&job.locations).is_some() {
        job.hiring.modes.push(HireMode::Contractor);
    }
    let steps = rng.pick(&[
        "Intro call with the hiring manager, paid take-home of 3 h, two interviews with the team",
        "Intro call, a pairing session on real code, a conversation with a founder",
        "Short written questions, one technical interview, one team interview",
        "Intro call, system design conversation, references",
    ]);
    job.process = Process { steps: (*steps).to_owned(), decision_days: Some(rng.range(5, 21) as u8) };
    // A share take applications on FarCoder, so a visitor can try applying.
    if rng.chance(30) {
        job.apply_url = None;
    }
}

fn stacks_for(rng: &mut Rng, category: Category) -> Vec<Stack> {
    let pool = text::stacks_of(category);
    let count = rng.range(2, 4) as usize;
    let mut stacks = Vec::with_capacity(count);
    while stacks.len() < count.min(pool.len()) {
        let s = *rng.pick(pool);
        if !stacks.contains(&s) {
            stacks.push(s);
        }
    }
    stacks
}

fn locations(rng: &mut Rng) -> Vec<Location> {
    let choice = rng.below(100);
    match choice {
        0..=34 => vec![Location::WORLDWIDE],
        35..=49 => vec![Location::Region(Region::Europe)],
        50..=59 => vec![Location::Region(Region::Americas)],
        60..=66 => vec![Location::Region(Region::Emea)],
        67..=73 => vec![Location::Region(Region::Apac)],
        74..=79 => vec![Location::Region(Region::Americas), Location::Region(Region::Europe)],
        _ => {
            let all: Vec<Location> = Location::countries().collect();
            let mut picked = vec![*rng.pick(&all)];
            if rng.chance(50) {
                let second = *rng.pick(&all);
                if !picked.contains(&second) {
                    picked.push(second);
                }
            }
            picked
        }
    }
}

/// A team's overlap window, near the people it hires.
fn timezone_for(rng: &mut Rng, locations: &[Location]) -> Option<TimezoneWindow> {
    let centre = match locations.first()?.accepted_by().get(1).copied() {
        Some("americas") => -5,
        Some("europe") | Some("emea") => 1,
        Some("apac") => 8,
        Some(code) => match Location::parse(code).map(|l| l.accepted_by()) {
            Some(regions) if regions.contains(&"americas") => -5,
            Some(regions) if regions.contains(&"apac") => 8,
            _ => 1,
        },
        None => {
            if rng.chance(60) {
                return None;
            }
            0
        }
    };
    let width = rng.range(2, 4) as i32;
    Some(TimezoneWindow { from: (centre - width) * 60, to: (centre + width) * 60 })
}

fn salary(rng: &mut Rng, level: Level, job_type: EmploymentType, locations: &[Location]) -> SalaryRange {
    let (low, high) = match level {
        Level::Junior => (55_000, 80_000),
        Level::Mid => (80_000, 125_000),
        Level::Senior => (115_000, 175_000),
        Level::Staff => (155_000, 220_000),
        Level::Principal => (185_000, 270_000),
    };
    let min_usd = rng.range(low, high - 15_000);
    let max_usd = (min_usd + rng.range(10_000, 40_000)).min(high + 20_000);
    let europe = locations.iter().any(|l| l.accepted_by().contains(&"europe") && *l != Location::WORLDWIDE);
    let currency = match (europe, locations.first()) {
        (_, Some(Location::Country("gb"))) => Currency::Gbp,
        (_, Some(Location::Country("ca"))) => Currency::Cad,
        (_, Some(Location::Country("au"))) => Currency::Aud,
        (_, Some(Location::Country("in"))) => Currency::Inr,
        (true, _) => Currency::Eur,
        _ => Currency::Usd,
    };
    let period = match job_type {
        EmploymentType::Contract if rng.chance(70) => SalaryPeriod::Hour,
        EmploymentType::PartTime | EmploymentType::Internship => SalaryPeriod::Month,
        _ => SalaryPeriod::Year,
    };
    let per_unit = currency.usd_rate() * period.per_year();
    let round_to = match period {
        SalaryPeriod::Year => 1_000.0,
        SalaryPeriod::Month => 100.0,
        SalaryPeriod::Hour => 1.0,
    };
    let convert = |usd: i64| ((usd as f64 / per_unit / round_to).round() * round_to) as i64;
    let min = convert(min_usd).max(1);
    SalaryRange { min, max: convert(max_usd).max(min), currency, period }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_stream_for_a_seed_never_changes() {
        let mut rng = Rng::new(42);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64() % 1000).collect();
        let mut again = Rng::new(42);
        let second: Vec<u64> = (0..3).map(|_| again.next_u64() % 1000).collect();
        assert_eq!(first, second);
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }
}
