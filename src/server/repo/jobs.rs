//! Jobs: the public search, single postings, lists for the home and company
//! pages, and inserting a posting with its search entries.

use crate::model::{
    Category, CoreHours, Currency, EmploymentType, HireMode, Hiring, JobCard, Level, Location, Posting, PostingStatus,
    Process, SalaryPeriod, SalaryRange, Stack, Time, TimezoneWindow, job_slug,
};
use sqlx::AnyConnection;

use crate::server::db::{Backend, Db, DbError, Sql, Value};

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
    category: String,
    level: String,
    employment_type: String,
    salary_min: i64,
    salary_max: i64,
    salary_currency: String,
    salary_period: String,
    stacks: String,
    locations: String,
    tz_min: Option<i64>,
    tz_max: Option<i64>,
    core_start: Option<i64>,
    core_end: Option<i64>,
    core_need: Option<i64>,
    hire_modes: String,
    employee_countries: String,
    visa_sponsor: i64,
    featured: i64,
    published_at: Time,
    confirmed_at: Option<Time>,
    pub company_name: String,
    pub company_slug: String,
    company_verified: i64,
    /// When the company's logo was uploaded, if it has one.
    logo_version: Option<i64>,
}

impl CardRow {
    pub fn into_card(self, now: Time) -> Result<JobCard, DbError> {
        let corrupt = |what: &str, value: &str| DbError::Corrupt(format!("job {}: {what} `{value}`", self.id));
        let parse_list = |raw: &str| raw.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
        let stacks = parse_list(&self.stacks)
            .iter()
            .map(|s| Stack::from_slug(s).ok_or_else(|| corrupt("stack", s)))
            .collect::<Result<Vec<_>, _>>()?;
        let locations = parse_list(&self.locations)
            .iter()
            .map(|s| Location::parse(s).ok_or_else(|| corrupt("location", s)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(JobCard {
            id: self.id,
            slug: job_slug(&self.title, &self.company_slug, self.id),
            logo: self.logo_version.map(|v| crate::model::logo_path(&self.company_slug, v)),
            category: Category::from_slug(&self.category).ok_or_else(|| corrupt("category", &self.category))?,
            level: Level::from_slug(&self.level).ok_or_else(|| corrupt("level", &self.level))?,
            job_type: EmploymentType::from_slug(&self.employment_type)
                .ok_or_else(|| corrupt("type", &self.employment_type))?,
            salary: SalaryRange {
                min: self.salary_min,
                max: self.salary_max,
                currency: Currency::from_slug(&self.salary_currency)
                    .ok_or_else(|| corrupt("currency", &self.salary_currency))?,
                period: SalaryPeriod::from_slug(&self.salary_period)
                    .ok_or_else(|| corrupt("period", &self.salary_period))?,
            },
            timezone: match (self.tz_min, self.tz_max) {
                (Some(from), Some(to)) => Some(TimezoneWindow { from: from as i32, to: to as i32 }),
                _ => None,
            },
            core_hours: core_hours(self.core_start, self.core_end, self.core_need)
                .map_err(|why| corrupt("core hours", why))?,
            hiring: Hiring {
                modes: parse_list(&self.hire_modes)
                    .iter()
                    .map(|s| HireMode::from_slug(s).ok_or_else(|| corrupt("hire mode", s)))
                    .collect::<Result<Vec<_>, _>>()?,
                employee_in: parse_list(&self.employee_countries)
                    .iter()
                    .map(|s| Location::parse(s).ok_or_else(|| corrupt("country", s)))
                    .collect::<Result<Vec<_>, _>>()?,
                visa: self.visa_sponsor != 0,
            },
            stacks,
            locations,
            featured: self.featured != 0,
            posted: self.published_at.ago(now),
            confirmed: self.confirmed_at.map(|at| format!("Confirmed open {}", at.ago(now))),
            published_at: self.published_at,
            title: self.title,
            company_name: self.company_name,
            company_slug: self.company_slug,
            company_verified: self.company_verified != 0,
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
async fn open_cards(db: &Db, sql: &Sql, now: Time) -> Result<Vec<JobCard>, DbError> {
    let rows: Vec<Listed> = sql.query_as().fetch_all(&db.pool).await?;
    rows.into_iter().filter(|row| is_open(row.status, row.expires_at, now)).map(|row| row.card.into_card(now)).collect()
}

fn select_listed() -> String {
    format!("SELECT {CARD_COLUMNS}, j.status, j.expires_at{FROM_JOBS}")
}

/// The public jobs `ids` as cards, in that order (any no longer public left
/// out): the search engine chooses, the database describes.
pub async fn cards_by_id(db: &Db, ids: &[i64], now: Time) -> Result<Vec<JobCard>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.backend, &select_listed());
    sql.push(" WHERE j.id IN ").bind_list(ids.iter().copied());
    let mut found = open_cards(db, &sql, now).await?;
    found.sort_by_key(|card| ids.iter().position(|id| *id == card.id));
    Ok(found)
}

/// A company's public jobs, newest first.
pub async fn by_company(db: &Db, company_id: i64, now: Time) -> Result<Vec<JobCard>, DbError> {
    let mut sql = Sql::new(db.backend, &select_listed());
    sql.push(" WHERE j.company_id = ").bind(company_id);
    let mut found = open_cards(db, &sql, now).await?;
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

/// A job by id, whatever its status.
pub async fn find(db: &Db, id: i64) -> Result<Option<DetailRow>, DbError> {
    let mut conn = db.pool.acquire().await?;
    find_on(&mut conn, db.backend, id).await
}

/// The jobs among `ids` that exist, whatever their status.
pub async fn find_many(db: &Db, ids: &[i64]) -> Result<Vec<DetailRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(db.backend, &select_details());
    sql.push(" WHERE j.id IN ").bind_list(ids.iter().copied());
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// `find` on `conn`, inside the transaction that acts on what it reads.
pub async fn find_on(conn: &mut AnyConnection, backend: Backend, id: i64) -> Result<Option<DetailRow>, DbError> {
    let mut sql = Sql::new(backend, &select_details());
    sql.push(" WHERE j.id = ").bind(id);
    Ok(sql.query_as().fetch_optional(conn).await?)
}

/// Every open posting in full, oldest first.
pub async fn open_details(db: &Db, now: Time) -> Result<Vec<DetailRow>, DbError> {
    let mut sql = Sql::new(db.backend, &select_details());
    push_public(&mut sql, now);
    sql.push(" ORDER BY j.id");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// What moderators look at, least recently changed first: postings waiting
/// for review, and open ones with an open report or a dead apply link.
pub async fn for_review(db: &Db, now: Time) -> Result<Vec<DetailRow>, DbError> {
    let mut sql = Sql::new(db.backend, &select_details());
    sql.push(" WHERE j.status = ").state(PostingStatus::Review.slug());
    sql.push(" OR (j.status = ").state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(now);
    sql.push(
        " AND (EXISTS (SELECT 1 FROM reports r WHERE r.job_id = j.id AND r.resolved_at IS NULL) \
         OR EXISTS (SELECT 1 FROM job_flags f WHERE f.job_id = j.id AND f.kind = 'dead-link'))) \
         ORDER BY j.updated_at, j.id",
    );
    Ok(sql.query_as().fetch_all(&db.pool).await?)
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
pub async fn insert(db: &Db, job: &NewJob) -> Result<i64, DbError> {
    let (usd_min, usd_max) = job.salary.usd_per_year();
    let join = |slugs: Vec<&str>| slugs.join(",");
    let mut sql = Sql::new(
        db.backend,
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
    sql.push(", ").bind(join(job.stacks.iter().map(|s| s.slug()).collect()));
    sql.push(", ").bind(join(job.locations.iter().map(|l| l.slug()).collect()));
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
    let (id,): (i64,) = sql.query_as().fetch_one(&db.pool).await?;
    Ok(id)
}

/// The answers' values: as `, value` in an insert's list (`update`
/// false), or as `, column = value` in an update.
fn push_answers(sql: &mut Sql, update: bool, core: Option<CoreHours>, hiring: &Hiring, process: &Process) {
    let join = |slugs: Vec<&str>| slugs.join(",");
    let hour = |f: fn(&CoreHours) -> u8| core.as_ref().map(|c| i64::from(f(c)));
    let values: [(&str, Option<Value>); 8] = [
        ("core_start", hour(|c| c.start).map(Value::Int)),
        ("core_end", hour(|c| c.end).map(Value::Int)),
        ("core_need", hour(|c| c.need).map(Value::Int)),
        ("hire_modes", Some(Value::Text(join(hiring.modes.iter().map(|m| m.slug()).collect())))),
        ("employee_countries", Some(Value::Text(join(hiring.employee_in.iter().map(|l| l.slug()).collect())))),
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

/// What a content update expects of the job, and what it makes of it.
#[derive(Clone, Copy, Debug)]
pub struct Guard<'a> {
    /// The statuses the job must still have: a job that moved on meanwhile
    /// (a moderator approved it, say) is left alone.
    pub while_in: &'a [PostingStatus],
    /// The status it gets, if another.
    pub becomes: Option<PostingStatus>,
}

/// Replaces what an employer wrote in a job while `guard` holds; `false`
/// when the job had moved on.
pub async fn update_content(db: &Db, id: i64, posting: &Posting, guard: Guard<'_>, now: Time) -> Result<bool, DbError> {
    let mut conn = db.pool.acquire().await?;
    update_content_in(&mut conn, db.backend, id, posting, guard, now).await
}

/// `update_content` inside the caller's transaction.
pub async fn update_content_in(
    tx: &mut sqlx::AnyConnection,
    backend: crate::server::db::Backend,
    id: i64,
    posting: &Posting,
    guard: Guard<'_>,
    now: Time,
) -> Result<bool, DbError> {
    let (usd_min, usd_max) = posting.salary.usd_per_year();
    let join = |slugs: Vec<&str>| slugs.join(",");
    let mut sql = Sql::new(backend, "UPDATE jobs SET title = ");
    sql.bind(posting.title.as_str()).push(", category = ").bind(posting.category.slug());
    sql.push(", level = ").bind(posting.level.slug()).push(", employment_type = ").bind(posting.job_type.slug());
    sql.push(", salary_min = ").bind(posting.salary.min).push(", salary_max = ").bind(posting.salary.max);
    sql.push(", salary_currency = ").bind(posting.salary.currency.slug());
    sql.push(", salary_period = ").bind(posting.salary.period.slug());
    sql.push(", salary_usd_min = ").bind(usd_min).push(", salary_usd_max = ").bind(usd_max);
    sql.push(", stacks = ").bind(join(posting.stacks.iter().map(|s| s.slug()).collect()));
    sql.push(", locations = ").bind(join(posting.locations.iter().map(|l| l.slug()).collect()));
    sql.push(", tz_min = ").bind_opt(posting.timezone.map(|t| i64::from(t.from)));
    sql.push(", tz_max = ").bind_opt(posting.timezone.map(|t| i64::from(t.to)));
    push_answers(&mut sql, true, posting.core_hours, &posting.hiring, &posting.process);
    sql.push(", description = ").bind(posting.description.as_str());
    sql.push(", apply_url = ").bind_opt(posting.apply_url.as_deref());
    if let Some(status) = guard.becomes {
        sql.push(", status = ").bind(status.slug());
    }
    sql.push(", updated_at = ").bind(now).push(" WHERE id = ").bind(id);
    sql.push(" AND status IN ").bind_list(guard.while_in.iter().map(|s| s.slug()));
    Ok(sql.query().execute(&mut *tx).await?.rows_affected() == 1)
}

/// Moves a job along its life cycle, whatever its status (set-up for tests
/// and tools; services move a job with `move_on`, from the status they read).
pub async fn set_lifecycle(
    db: &Db,
    id: i64,
    status: PostingStatus,
    published_at: Option<Time>,
    expires_at: Option<Time>,
    now: Time,
) -> Result<(), DbError> {
    let mut conn = db.pool.acquire().await?;
    move_on(&mut conn, db.backend, id, PostingStatus::ALL, status, published_at, expires_at, now).await?;
    Ok(())
}

/// The columns an update publishing a job at `at` also sets: published
/// anew (another date than it had), "still hiring?" is asked from `at` on;
/// a renewal keeps its date, and what the team confirmed.
pub fn push_published_on(sql: &mut Sql, at: Time) {
    sql.push(", confirmed_at = CASE WHEN published_at = ").bind(at).push(" THEN confirmed_at END");
    sql.push(", confirm_asked_at = CASE WHEN published_at = ").bind(at).push(" THEN confirm_asked_at END");
}

/// Moves job `id` along its life cycle only while its status is one of
/// `from`, on `conn`; `false` when it moved on meanwhile (a moderator
/// unpublished it, say), and nothing changed.
#[allow(clippy::too_many_arguments)]
pub async fn move_on(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
    from: &[PostingStatus],
    to: PostingStatus,
    published_at: Option<Time>,
    expires_at: Option<Time>,
    now: Time,
) -> Result<bool, DbError> {
    let mut sql = Sql::new(backend, "UPDATE jobs SET status = ");
    sql.bind(to.slug()).push(", published_at = ").bind_opt(published_at);
    sql.push(", expires_at = ").bind_opt(expires_at).push(", updated_at = ").bind(now);
    if let Some(at) = published_at.filter(|_| to == PostingStatus::Published) {
        push_published_on(&mut sql, at);
    }
    sql.push(" WHERE id = ").bind(id).push(" AND status IN ").bind_list(from.iter().map(|s| s.slug()));
    Ok(sql.query().execute(conn).await?.rows_affected() == 1)
}

/// The open postings (still open at `open_at`) that take applications on
/// FarCoder, newest first: company id, company name and job id.
pub async fn taking_applications(db: &Db, open_at: Time) -> Result<Vec<(i64, String, i64)>, DbError> {
    let mut sql = Sql::new(
        db.backend,
        "SELECT j.company_id, c.name, j.id FROM jobs j JOIN companies c ON c.id = j.company_id \
         WHERE j.apply_url IS NULL AND j.status = ",
    );
    sql.state(PostingStatus::Published.slug()).push(" AND j.expires_at > ").bind(open_at);
    sql.push(" ORDER BY j.published_at DESC, j.id DESC");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// How many jobs exist in any status.
pub async fn count_all(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs").fetch_one(&db.pool).await?;
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

pub async fn of_company(db: &Db, company_id: i64) -> Result<Vec<OwnJobRow>, DbError> {
    let mut sql = Sql::new(
        db.backend,
        "SELECT j.id, j.title, j.status, j.published_at, j.expires_at, c.slug AS company_slug, j.moderation_note, \
         j.confirmed_at, j.confirm_asked_at, (CASE WHEN j.apply_url IS NULL THEN 0 ELSE 1 END) AS external_apply \
         FROM jobs j JOIN companies c ON c.id = j.company_id WHERE j.company_id = ",
    );
    sql.bind(company_id).push(" ORDER BY j.created_at DESC, j.id DESC");
    Ok(sql.query_as().fetch_all(&db.pool).await?)
}

/// Closes every posting of `company_id` that is not closed yet (the company
/// is closing); how many.
pub async fn close_all_of_on(
    conn: &mut AnyConnection,
    backend: Backend,
    company_id: i64,
    now: Time,
) -> Result<u64, DbError> {
    let closed = PostingStatus::Closed.slug();
    let mut sql = Sql::new(backend, "UPDATE jobs SET status = ");
    sql.state(closed).push(", updated_at = ").bind(now);
    sql.push(" WHERE company_id = ").bind(company_id).push(" AND status <> ").state(closed);
    Ok(sql.query().execute(&mut *conn).await?.rows_affected())
}
