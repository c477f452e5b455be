//! Posting statistics: views and apply clicks, counted on the server once per
//! visitor a day, without bots. A visitor is a digest of the day, the address
//! and the browser's user agent; neither is stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::model::{CHART_DAYS, JobEvent, JobStats, Time};
use crate::server::auth::secret::Secret;

use crate::error::AppError;
use crate::server::db::Db;
use crate::server::repo::job_events;

/// Who counts as one visitor today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visitor(String);

impl Visitor {
    /// The visitor behind a request, or `None` for a crawler, a script or a
    /// client that names no browser.
    /// The digest is keyed with the server's secret: without it, no one can
    /// tell which address and browser a stored digest stands for.
    pub fn of(agent: &str, ip: &str, secret: &Secret, now: Time) -> Option<Visitor> {
        if is_bot(agent) {
            return None;
        }
        Some(Visitor(secret.digest("visitor", &[&now.day().to_string(), ip, agent])))
    }
}

/// Crawlers, link previews and HTTP libraries, by user agent.
pub fn is_bot(agent: &str) -> bool {
    const MARKERS: [&str; 14] = [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "preview",
        "facebookexternalhit",
        "curl",
        "wget",
        "python",
        "go-http-client",
        "java/",
        "libwww",
        "httpclient",
        "headless",
    ];
    let agent = agent.to_ascii_lowercase();
    !agent.starts_with("mozilla/") || MARKERS.iter().any(|m| agent.contains(m))
}

/// Views noted while job pages are served (rendered or from memory) and
/// written in batches by a background round (`flush`), so no request waits
/// on a write to count one.
#[derive(Clone, Default)]
pub struct Views(Arc<Mutex<Vec<(i64, i64, String)>>>);

/// The most views waiting for a write: past it a view goes uncounted, so a
/// flood costs no more memory than this.
const MAX_WAITING: usize = 100_000;

impl Views {
    /// Notes a view of job `job_id` by `visitor`, to be written soon.
    pub fn note(&self, job_id: i64, visitor: &Visitor, now: Time) {
        let mut waiting = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if waiting.len() < MAX_WAITING {
            waiting.push((job_id, now.day(), visitor.0.clone()));
        }
    }

    /// Writes every view waiting, in one transaction; how many it wrote.
    /// A failed write keeps them for the next round.
    pub async fn flush(&self, db: &Db) -> Result<usize, AppError> {
        let batch = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        if batch.is_empty() {
            return Ok(0);
        }
        if let Err(err) = job_events::record_many(db, JobEvent::View, &batch).await {
            let mut waiting = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let room = MAX_WAITING.saturating_sub(waiting.len());
            waiting.extend(batch.into_iter().take(room));
            return Err(err.into());
        }
        Ok(batch.len())
    }
}

/// Counts `event` on job `job_id` for `visitor`; repeats the same day are not counted.
pub async fn record(db: &Db, job_id: i64, event: JobEvent, visitor: &Visitor, now: Time) -> Result<(), AppError> {
    Ok(job_events::record(db, job_id, event, now.day(), &visitor.0).await?)
}

/// Where the apply button of the job `slug` leads, counting the click: the
/// company's application page, or the job page when it takes applications
/// itself.
pub async fn apply_target(db: &Db, slug: &str, visitor: Option<&Visitor>, now: Time) -> Result<String, AppError> {
    let row = crate::server::postings::public::open_job(db, slug, now).await?;
    if let Some(visitor) = visitor {
        record(db, row.card.id, JobEvent::ApplyClick, visitor, now).await?;
    }
    Ok(row.apply_url.clone().unwrap_or_else(|| format!("/jobs/{slug}")))
}

/// Every posting of a company with its totals and its views over the last
/// `CHART_DAYS` days.
pub async fn of_company(db: &Db, company_id: i64, now: Time) -> Result<HashMap<i64, JobStats>, AppError> {
    let today = now.day();
    let mut stats: HashMap<i64, JobStats> = HashMap::new();
    for count in job_events::daily_counts(db, company_id).await? {
        let job = stats.entry(count.job_id).or_insert_with(JobStats::empty);
        match count.kind {
            JobEvent::View => {
                job.views += count.visitors;
                let age = today - count.day;
                if (0..CHART_DAYS as i64).contains(&age) {
                    job.daily_views[CHART_DAYS - 1 - age as usize] += count.visitors;
                }
            }
            JobEvent::ApplyClick => job.apply_clicks += count.visitors,
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Secret {
        Secret::from_setting(&"k".repeat(32)).expect("secret")
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    #[test]
    fn bots_and_scripts_are_not_visitors() {
        for agent in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
            "curl/8.5.0",
            "python-requests/2.32",
            "",
        ] {
            assert_eq!(Visitor::of(agent, "10.0.0.1", &key(), Time::EPOCH), None, "{agent}");
        }
        assert!(Visitor::of(FIREFOX, "10.0.0.1", &key(), Time::EPOCH).is_some());
    }

    #[test]
    fn one_visitor_a_day() {
        use crate::model::{DAY, Span};
        let today = Visitor::of(FIREFOX, "10.0.0.1", &key(), Time::EPOCH + 5 * DAY + Span::seconds(10));
        assert_eq!(today, Visitor::of(FIREFOX, "10.0.0.1", &key(), Time::EPOCH + 5 * DAY + Span::seconds(80_000)));
        assert_ne!(today, Visitor::of(FIREFOX, "10.0.0.1", &key(), Time::EPOCH + 6 * DAY));
        assert_ne!(today, Visitor::of(FIREFOX, "10.0.0.2", &key(), Time::EPOCH + 5 * DAY));
    }
}
