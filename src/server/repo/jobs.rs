//! Jobs: the public search, single postings, lists for the home and company
//! pages, and inserting a posting with its search entries.

use crate::model::{
    Category, CoreHours, Currency, EmploymentType, HireMode, Hiring, JobCard, Level, Location, Posting, PostingStatus,
    Process, SalaryPeriod, SalaryRange, Stack, Time, TimezoneWindow, job_slug,
};

use crate::server::db::{Conn, DbError, Sql, Value};
use crate::server::repo::columns::{Bit, List};

const CARD_COLUMNS: &str = "j.id, j.title, j.category, j.level, j.employment_type, \
    j.salary_min, j.salary_max, j.salary_currency, j.salary_period, j.stacks, j.locations, \
    j.tz_min, j.tz_max, j.core_start, j.core_end, j.core_need, j.hire_modes, j.employee_countries, j.visa_sponsor, \
    j.featured, COALESCE(j.published_at, j.created_at) AS published_at, j.confirmed_at, \
    c.name AS company_name, c.slug AS company_slug, \
    CASE WHEN c.verified_at IS NULL THEN 0 ELSE 1 END AS company_verified, cl.updated_at AS logo_version";

const FROM_JOBS: &str =
    " FROM jobs j JOIN companies c ON c.id = j.company_id LEFT JOIN company_logos cl ON cl.company_id = c.id";

/// A job as a card, straight from the database.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id: i64,
    pub title: String,
    category: Category,
    level: Level,
    employment_type: EmploymentType,
    salary_min: i64,
    salary_max: i64,
    salary_currency: Currency,
    salary_period: SalaryPeriod,
    stacks: List<Stack>,
    locations: List<Location>,
    tz_min: Option<i64>,
    tz_max: Option<i64>,
    core_start: Option<i64>,
    core_end: Option<i64>,
    core_need: Option<i64>,
    hire_modes: List<HireMode>,
    employee_countries: List<Location>,
    visa_sponsor: Bit,
    featured: Bit,
    published_at: Time,
    confirmed_at: Option<Time>,
    pub company_name: String,
    pub company_slug: String,
    company_verified: Bit,
    /// When the company's logo was uploaded, if it has one.
    logo_version: Option<i64>,
}

impl CardRow {
    pub fn into_card(self, now: Time) -> Result<JobCard, DbError> {
        let corrupt = |what: &str, value: &str| DbError::Corrupt(format!("job {}: {what} `{value}`", self.id));
        Ok(JobCard {
            id: self.id,
            slug: job_slug(&self.title, &self.company_slug, self.id),
            logo: self.logo_version.map(|v| crate::model::logo_path(&self.company_slug, v)),
            category: self.category,
            level: self.level,
            job_type: self.employment_type,
            salary: SalaryRange {
                min: self.salary_min,
                max: self.salary_max,
                currency: self.salary_currency,
                period: self.salary_period,
            },
            timezone: match (self.tz_min, self.tz_max) {
                (Some(from), Some(to)) => Some(TimezoneWindow { from: from as i32, to: to as i32 }),
                _ => None,
            },
            core_hours: core_hours(self.core_start, self.core_end, self.core_need)
                .map_err(|why| corrupt("core hours", why))?,
            hiring: Hiring {
                modes: self.hire_modes.0,
                employee_in: self.employee_countries.0,
                visa: self.visa_sponsor.0,
            },
            stacks: self.stacks.0,
            locations: self.locations.0,
            featured: self.featured.0,
            posted: self.published_at.ago(now),
            confirmed: self.confirmed_at.map(|at| format!("Confirmed open {}", at.ago(now))),
            published_at: self.published_at,
            title: self.title,
            company_name: self.company_name,
            company_slug: self.company_slug,
            company_verified: self.company_verified.0,
        })
    }
}

/// Stored core hours, checked again as the form checks them.
pub fn core_hours(start: Option<i64>, end: Option<i64>, need: Option<i64>) -> Result<Option<CoreHours>, &'static str> {
    let hour = |h: i64| u8::try_from(h).map_err(|_| "out of range");
    match (start, end, need) {
        (Some(start), Some(end), Some(need)) => CoreHours::new(hour(start)?, hour(end)?, hour(need)?).map(Some),
        (None, None, None) => Ok(None),
        _ => Err("incomplete"),
    }
}

/// A job in full, whatever its status.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DetailRow {
    #[sqlx(flatten)]
    pub card: CardRow,
    pub company_id: i64,
    pub description: String,
    pub apply_url: Option<String>,
    pub status: PostingStatus,
    /// Unlike the card's date, `None` for a job never published.
    #[sqlx(rename = "raw_published_at")]
    pub published_at: Option<Time>,
    pub expires_at: Option<Time>,
    pub updated_at: Time,
    pub company_about: String,
    pub company_website: Option<String>,
    pub filled_at: Option<Time>,
    hiring_steps: String,
    decision_days: Option<i64>,
}

impl DetailRow {
    /// The hiring process the posting promises.
    pub fn process(&self) -> Process {
        Process {
            steps: self.hiring_steps.clone(),
            decision_days: self.decision_days.and_then(|d| u8::try_from(d).ok()),
        }
    }

    /// Published and not yet expired: what the public may see.
    pub fn is_open(&self, now: Time) -> bool {
        is_open(self.status, self.expires_at, now)
    }

    /// Once public, now closed or expired: the page answers 410.
    pub fn is_gone(&self, now: Time) -> bool {
        matches!(self.status, PostingStatus::Closed | PostingStatus::Expired)
            || (self.status == PostingStatus::Published && !self.is_open(now))
    }
}

/// Published and not yet expired: the rule `push_public` writes in SQL.
pub fn is_open(status: PostingStatus, expires_at: Option<Time>, now: Time) -> bool {
    status == PostingStatus::Published && expires_at.is_some_and(|e| e > now)
}

fn push_public(sql: &mut Sql, now: Time) {
    sql.push(" WHERE j.status = ").state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(now);
}

/// A card with what decides whether it is public, checked in Rust rather
/// than in SQL: given that condition, SQLite's planner walks the status
/// index (every open posting) instead of looking up the few rows asked for.
#[derive(sqlx::FromRow)]
struct Listed {
    #[sqlx(flatten)]
    card: CardRow,
    status: PostingStatus,
    expires_at: Option<Time>,
}

/// The public cards among `sql`'s rows (which select `Listed`).
async fn open_cards(mut c: impl Conn, sql: &Sql, now: Time) -> Result<Vec<JobCard>, DbError> {
    let rows: Vec<Listed> = sql.query_as().fetch_all(c.executor()).await?;
    rows.into_iter().filter(|row| is_open(row.status, row.expires_at, now)).map(|row| row.card.into_card(now)).collect()
}

fn select_listed() -> String {
    format!("SELECT {CARD_COLUMNS}, j.status, j.expires_at{FROM_JOBS}")
}

/// The public jobs `ids` as cards, in that order (any no longer public left
/// out): the search engine chooses, the database describes.
pub async fn cards_by_id(mut c: impl Conn, ids: &[i64], now: Time) -> Result<Vec<JobCard>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = c.sql(&select_listed());
    sql.push(" WHERE j.id IN ").bind_list(ids.iter().copied());
    let mut found = open_cards(&mut c, &sql, now).await?;
    found.sort_by_key(|card| ids.iter().position(|id| *id == card.id));
    Ok(found)
}

/// A company's public jobs, newest first.
pub async fn by_company(mut c: impl Conn, company_id: i64, now: Time) -> Result<Vec<JobCard>, DbError> {
    let mut sql = c.sql(&select_listed());
    sql.push(" WHERE j.company_id = ").bind(company_id);
    let mut found = open_cards(&mut c, &sql, now).await?;
    found.sort_by_key(|card| std::cmp::Reverse((card.published_at, card.id)));
    Ok(found)
}

fn select_details() -> String {
    format!(
        "SELECT {CARD_COLUMNS}, j.company_id, j.description, j.apply_url, j.status, j.published_at AS raw_published_at, \
         j.expires_at, j.updated_at, c.about AS company_about, c.website AS company_website, j.filled_at, j.hiring_steps, \
         j.decision_days{FROM_JOBS}"
    )
}

/// The jobs among `ids` that exist, whatever their status.
pub async fn find_many(mut c: impl Conn, ids: &[i64]) -> Result<Vec<DetailRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = c.sql(&select_details());
    sql.push(" WHERE j.id IN ").bind_list(ids.iter().copied());
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// A job by id, whatever its status.
pub async fn find(mut c: impl Conn, id: i64) -> Result<Option<DetailRow>, DbError> {
    let mut sql = c.sql(&select_details());
    sql.push(" WHERE j.id = ").bind(id);
    Ok(sql.query_as().fetch_optional(c.executor()).await?)
}

/// Every open posting in full, oldest first.
pub async fn open_details(mut c: impl Conn, now: Time) -> Result<Vec<DetailRow>, DbError> {
    let mut sql = c.sql(&select_details());
    push_public(&mut sql, now);
    sql.push(" ORDER BY j.id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// What moderators look at, least recently changed first: postings waiting
/// for review, and open ones with an open report or a dead apply link.
pub async fn for_review(mut c: impl Conn, now: Time) -> Result<Vec<DetailRow>, DbError> {
    let mut sql = c.sql(&select_details());
    sql.push(" WHERE j.status = ").state(PostingStatus::Review.slug());
    sql.push(" OR (j.status = ").state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(now);
    sql.push(
        " AND (EXISTS (SELECT 1 FROM reports r WHERE r.job_id = j.id AND r.resolved_at IS NULL) \
         OR EXISTS (SELECT 1 FROM job_flags f WHERE f.job_id = j.id AND f.kind = 'dead-link'))) \
         ORDER BY j.updated_at, j.id",
    );
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// A posting to store, already validated.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub company_id: i64,
    pub title: String,
    pub category: Category,
    pub level: Level,
    pub job_type: EmploymentType,
    pub salary: SalaryRange,
    pub stacks: Vec<Stack>,
    pub locations: Vec<Location>,
    pub timezone: Option<TimezoneWindow>,
    pub core_hours: Option<CoreHours>,
    pub hiring: Hiring,
    pub process: Process,
    pub description: String,
    pub apply_url: Option<String>,
    pub status: PostingStatus,
    pub featured: bool,
    pub published_at: Option<Time>,
    pub expires_at: Option<Time>,
    pub created_at: Time,
}

/// Stores a job (the search engine reads it from the change log).
pub async fn insert(mut c: impl Conn, job: &NewJob) -> Result<i64, DbError> {
    let (usd_min, usd_max) = job.salary.usd_per_year();
    let mut sql = c.sql(
        "INSERT INTO jobs (company_id, title, category, level, employment_type, salary_min, salary_max, \
         salary_currency, salary_period, salary_usd_min, salary_usd_max, stacks, locations, tz_min, tz_max, \
         core_start, core_end, core_need, hire_modes, employee_countries, visa_sponsor, hiring_steps, decision_days, \
         description, apply_url, status, featured, published_at, expires_at, announced_at, created_at, updated_at) \
         VALUES (",
    );
    sql.bind(job.company_id).push(", ").bind(job.title.as_str()).push(", ").bind(job.category.slug());
    sql.push(", ").bind(job.level.slug()).push(", ").bind(job.job_type.slug());
    sql.push(", ").bind(job.salary.min).push(", ").bind(job.salary.max);
    sql.push(", ").bind(job.salary.currency.slug()).push(", ").bind(job.salary.period.slug());
    sql.push(", ").bind(usd_min).push(", ").bind(usd_max);
    sql.push(", ").bind(List::text(&job.stacks));
    sql.push(", ").bind(List::text(&job.locations));
    sql.push(", ").bind_opt(job.timezone.map(|t| i64::from(t.from)));
    sql.push(", ").bind_opt(job.timezone.map(|t| i64::from(t.to)));
    push_answers(&mut sql, false, job.core_hours, &job.hiring, &job.process);
    sql.push(", ").bind(job.description.as_str());
    sql.push(", ").bind_opt(job.apply_url.as_deref());
    sql.push(", ").bind(job.status.slug()).push(", ").bind(i64::from(job.featured));
    sql.push(", ").bind_opt(job.published_at);
    sql.push(", ").bind_opt(job.expires_at);
    // Stored as published (demo data, tools): never announced as new.
    sql.push(", ").bind_opt(job.published_at.filter(|_| job.status == PostingStatus::Published));
    sql.push(", ").bind(job.created_at).push(", ").bind(job.created_at).push(") RETURNING id");
    let (id,): (i64,) = sql.query_as().fetch_one(c.executor()).await?;
    Ok(id)
}

/// The answers' values: as `, value` in an insert's list (`update`
/// false), or as `, column = value` in an update.
fn push_answers(sql: &mut Sql, update: bool, core: Option<CoreHours>, hiring: &Hiring, process: &Process) {
    let hour = |f: fn(&CoreHours) -> u8| core.as_ref().map(|c| i64::from(f(c)));
    let values: [(&str, Option<Value>); 8] = [
        ("core_start", hour(|c| c.start).map(Value::Int)),
        ("core_end", hour(|c| c.end).map(Value::Int)),
        ("core_need", hour(|c| c.need).map(Value::Int)),
        ("hire_modes", Some(Value::Text(List::text(&hiring.modes)))),
        ("employee_countries", Some(Value::Text(List::text(&hiring.employee_in)))),
        ("visa_sponsor", Some(Value::Int(i64::from(hiring.visa)))),
        ("hiring_steps", Some(Value::Text(process.steps.clone()))),
        ("decision_days", process.decision_days.map(|d| Value::Int(i64::from(d)))),
    ];
    for (column, value) in values {
        sql.push(", ");
        if update {
            sql.push(column).push(" = ");
        }
        sql.bind_opt(value);
    }
}

/// Replaces what an employer wrote in a job while its status is one of
/// `while_in`; `false` when the job had moved on meanwhile (a moderator
/// approved it, say), and nothing changed.
pub async fn update_content(
    mut c: impl Conn,
    id: i64,
    posting: &Posting,
    while_in: &[PostingStatus],
    now: Time,
) -> Result<bool, DbError> {
    let (usd_min, usd_max) = posting.salary.usd_per_year();
    let mut sql = c.sql("UPDATE jobs SET title = ");
    sql.bind(posting.title.as_str()).push(", category = ").bind(posting.category.slug());
    sql.push(", level = ").bind(posting.level.slug()).push(", employment_type = ").bind(posting.job_type.slug());
    sql.push(", salary_min = ").bind(posting.salary.min).push(", salary_max = ").bind(posting.salary.max);
    sql.push(", salary_currency = ").bind(posting.salary.currency.slug());
    sql.push(", salary_period = ").bind(posting.salary.period.slug());
    sql.push(", salary_usd_min = ").bind(usd_min).push(", salary_usd_max = ").bind(usd_max);
    sql.push(", stacks = ").bind(List::text(&posting.stacks));
    sql.push(", locations = ").bind(List::text(&posting.locations));
    sql.push(", tz_min = ").bind_opt(posting.timezone.map(|t| i64::from(t.from)));
    sql.push(", tz_max = ").bind_opt(posting.timezone.map(|t| i64::from(t.to)));
    push_answers(&mut sql, true, posting.core_hours, &posting.hiring, &posting.process);
    sql.push(", description = ").bind(posting.description.as_str());
    sql.push(", apply_url = ").bind_opt(posting.apply_url.as_deref());
    sql.push(", updated_at = ").bind(now).push(" WHERE id = ").bind(id);
    sql.push(" AND status IN ").bind_list(while_in.iter().map(|s| s.slug()));
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// What a move along the life cycle sets besides the status; `None` keeps
/// what the job had.
#[derive(Clone, Copy, Debug, Default)]
pub struct Move<'a> {
    /// When it was published: the same date on a renewal, another when it
    /// is published anew.
    pub published_at: Option<Time>,
    pub expires_at: Option<Time>,
    /// A moderator's reason, for its employer; any other move clears it.
    pub note: Option<&'a str>,
}

/// Moves job `id` to `to` only while its status is one of `from` from
/// which `PostingStatus::can_move_to` allows it; `false` when it had moved
/// on meanwhile (a moderator unpublished it, say) or the move is not one
/// of the life cycle's, and nothing changed. Every change of a posting's
/// status goes through here.
pub async fn transition(
    mut c: impl Conn,
    id: i64,
    from: &[PostingStatus],
    to: PostingStatus,
    set: Move<'_>,
    now: Time,
) -> Result<bool, DbError> {
    let allowed: Vec<&str> = from.iter().filter(|f| f.can_move_to(to)).map(|f| f.slug()).collect();
    debug_assert_eq!(allowed.len(), from.len(), "{from:?} → {to:?} leaves the life cycle");
    if allowed.is_empty() {
        return Ok(false);
    }
    let mut sql = c.sql("UPDATE jobs SET status = ");
    sql.bind(to.slug()).push(", moderation_note = ").bind_opt(set.note);
    sql.push(", published_at = COALESCE(").bind_opt(set.published_at).push(", published_at)");
    sql.push(", expires_at = COALESCE(").bind_opt(set.expires_at).push(", expires_at)");
    if let Some(at) = set.published_at.filter(|_| to == PostingStatus::Published) {
        // Published anew (another date than it had), "still hiring?" is
        // asked from `at` on; a renewal keeps its date, and what the team
        // confirmed.
        sql.push(", confirmed_at = CASE WHEN published_at = ").bind(at).push(" THEN confirmed_at END");
        sql.push(", confirm_asked_at = CASE WHEN published_at = ").bind(at).push(" THEN confirm_asked_at END");
    }
    sql.push(", updated_at = ").bind(now).push(" WHERE id = ").bind(id).push(" AND status IN ").bind_list(allowed);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// The open postings (still open at `open_at`) that take applications on
/// FarCoder, newest first: company id, company name and job id.
pub async fn taking_applications(mut c: impl Conn, open_at: Time) -> Result<Vec<(i64, String, i64)>, DbError> {
    let mut sql = c.sql(
        "SELECT j.company_id, c.name, j.id FROM jobs j JOIN companies c ON c.id = j.company_id \
         WHERE j.apply_url IS NULL AND j.status = ",
    );
    sql.state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(open_at);
    sql.push(" ORDER BY j.published_at DESC, j.id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// How many jobs exist in any status.
pub async fn count_all(mut c: impl Conn) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs").fetch_one(c.executor()).await?;
    Ok(n)
}

/// A company's postings in every status, for its dashboard.
#[derive(Debug, sqlx::FromRow)]
pub struct OwnJobRow {
    pub id: i64,
    pub title: String,
    pub status: PostingStatus,
    pub published_at: Option<Time>,
    pub expires_at: Option<Time>,
    pub company_slug: String,
    /// A moderator's reason for rejecting, sending back or unpublishing.
    pub moderation_note: Option<String>,
    /// When the team last said it is still hiring, and when it was asked.
    pub confirmed_at: Option<Time>,
    pub confirm_asked_at: Option<Time>,
    /// 1 when applications go to the company's own page, not FarCoder's
    /// form; 0 otherwise.
    pub external_apply: i64,
}

pub async fn of_company(mut c: impl Conn, company_id: i64) -> Result<Vec<OwnJobRow>, DbError> {
    let mut sql = c.sql(
        "SELECT j.id, j.title, j.status, j.published_at, j.expires_at, c.slug AS company_slug, j.moderation_note, \
         j.confirmed_at, j.confirm_asked_at, (CASE WHEN j.apply_url IS NULL THEN 0 ELSE 1 END) AS external_apply \
         FROM jobs j JOIN companies c ON c.id = j.company_id WHERE j.company_id = ",
    );
    sql.bind(company_id).push(" ORDER BY j.created_at DESC, j.id DESC");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Puts job `id`, still unanswered since `asked_before`, back in review
/// with `note`; `false` when it was answered or moved meanwhile.
pub async fn unconfirmed_to_review(
    mut c: impl Conn,
    id: i64,
    asked_before: Time,
    note: &str,
    now: Time,
) -> Result<bool, DbError> {
    const _: () = assert!(PostingStatus::Published.can_move_to(PostingStatus::Review));
    let mut sql = c.sql("UPDATE jobs SET status = ");
    sql.state(PostingStatus::Review.slug()).push(", confirm_asked_at = NULL, moderation_note = ").bind(note);
    sql.push(", updated_at = ")
        .bind(now)
        .push(" WHERE id = ")
        .bind(id)
        .push(" AND status = ")
        .state(PostingStatus::Published.slug());
    sql.push(" AND confirm_asked_at <= ").bind(asked_before).push(" AND expires_at > ").bind(now);
    Ok(sql.query().execute(c.executor()).await?.rows_affected() == 1)
}

/// A posting the task just expired.
#[derive(Debug, sqlx::FromRow)]
pub struct ExpiredRow {
    pub id: i64,
    pub title: String,
    pub company_id: i64,
}

/// Moves every published posting whose time is up to `expired`, in one
/// statement: each is returned to exactly one caller.
pub async fn expire_due(mut c: impl Conn, now: Time) -> Result<Vec<ExpiredRow>, DbError> {
    const _: () = assert!(PostingStatus::Published.can_move_to(PostingStatus::Expired));
    let mut sql = c.sql("UPDATE jobs SET status = ");
    sql.state(PostingStatus::Expired.slug()).push(", updated_at = ").bind(now);
    sql.push(" WHERE status = ").state(PostingStatus::Published.slug()).push(" AND expires_at <= ").bind(now);
    sql.push(" RETURNING id, title, company_id");
    Ok(sql.query_as().fetch_all(c.executor()).await?)
}

/// Closes every posting of `company_id` that is not closed yet (the company
/// is closing); how many.
pub async fn close_all_of(mut c: impl Conn, company_id: i64, now: Time) -> Result<u64, DbError> {
    let closed = PostingStatus::Closed;
    let from: Vec<&'static str> = PostingStatus::closable().iter().map(|s| s.slug()).collect();
    let mut sql = c.sql("UPDATE jobs SET status = ");
    sql.state(closed.slug()).push(", updated_at = ").bind(now);
    sql.push(" WHERE company_id = ").bind(company_id).push(" AND status IN ").states(&from);
    Ok(sql.query().execute(c.executor()).await?.rows_affected())
}
