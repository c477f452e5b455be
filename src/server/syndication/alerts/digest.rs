//! Building the digests that are due. The work is bounded by the new
//! postings, not by the board: the postings published since the oldest due
//! alert's last digest (a day's or a week's, a few thousand at most) get a
//! text index of their own, in memory, and each alert is matched against
//! only those, by the same filters and ranking as `/jobs`. Alerts with the
//! same words share one text search. Each batch is matched outside any
//! transaction, then claimed in a short one: the digests of the alerts
//! still due enter the outbox and their `since` moves on together, so a
//! digest is neither lost nor sent twice, and writers never wait on the
//! matching.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::model::{DAY, DIGEST_SIZE, JobCard, JobFilter, Span, Time, describe_search};
use crate::server::db::{Db, DbError};
use crate::server::read_model::{Facts, ReadModel, ReadModelError, TextIndex, ranked};
use crate::server::repo::alerts::{self as rows, AlertRow};
use crate::server::repo::{jobs, outbox, read_model as index_rows};
use crate::server::syndication::alerts::Links;
use crate::server::syndication::xml::escape;

/// Alerts read and written per transaction.
const BATCH: i64 = 1_000;
/// A digest holds what was published up to this long before it is built:
/// a posting published in the same second on another server (whose clock
/// may run a little apart, and whose change this server's index may not
/// have read yet) goes into the next one instead of being missed.
pub const SETTLE: Span = Span::seconds(10);
/// A digest never reaches further back than this (an alert paused for
/// months gets this week's postings, not the season's).
const FURTHEST_BACK: Span = Span::days(8);

#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Search(#[from] ReadModelError),
    #[error("text index of the new postings: {0}")]
    Text(#[from] tantivy::TantivyError),
}

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Run {
    /// Alerts that were due.
    pub alerts: usize,
    /// Digests written to the outbox (alerts with nothing new get none).
    pub digests: usize,
    /// The new postings they were matched against.
    pub new_postings: usize,
    pub took: Duration,
}

/// The postings published in the window, with their facts, cards and a
/// text index of their own.
struct NewPostings {
    facts: Vec<(i64, Facts)>,
    cards: HashMap<i64, JobCard>,
    text: TextIndex,
    /// Text hits by words, shared by the alerts with the same words.
    hits: HashMap<String, Option<Vec<(i64, f32)>>>,
}

impl NewPostings {
    /// Those published after `since` up to `cutoff`.
    async fn between(
        db: &Db,
        search: &ReadModel,
        since: Time,
        cutoff: Time,
        now: Time,
    ) -> Result<NewPostings, DigestError> {
        let mut facts = search.published_since(db, since, now).await?;
        facts.retain(|(_, f)| f.published_at <= cutoff);
        let ids: Vec<i64> = facts.iter().map(|(id, _)| *id).collect();
        let text = TextIndex::new()?;
        let mut cards = HashMap::with_capacity(ids.len());
        {
            let mut writer = text.writer(1)?;
            for chunk in ids.chunks(500) {
                for row in index_rows::published_among(db, chunk).await? {
                    text.put(&writer, row.id, Some(&row))?;
                }
                cards.extend(jobs::cards_by_id(db, chunk, now).await?.into_iter().map(|c| (c.id, c)));
            }
            writer.commit()?;
        }
        text.reload()?;
        Ok(NewPostings { facts, cards, text, hits: HashMap::new() })
    }

    /// The postings new to `alert` matching its search, best first (at most
    /// `DIGEST_SIZE`), and how many in all.
    fn matching(&mut self, filter: &JobFilter, since: Time, now: Time) -> Result<(i64, Vec<i64>), DigestError> {
        let hits = match self.hits.get(&filter.q) {
            Some(hits) => hits,
            None => {
                let found = self.text.search(&filter.q)?;
                self.hits.entry(filter.q.clone()).or_insert(found)
            }
        };
        let new = |f: &Facts| f.published_at > since;
        Ok(match hits {
            None => {
                ranked(self.facts.iter().filter(|(_, f)| new(f)).map(|(id, f)| (*id, 0.0, f)), filter, DIGEST_SIZE, now)
            }
            Some(hits) => {
                // `facts` is in id order.
                let facts = &self.facts;
                let lookup = |id: i64| facts.binary_search_by_key(&id, |(i, _)| *i).ok().map(|at| &facts[at].1);
                ranked(
                    hits.iter().filter_map(|(id, score)| lookup(*id).filter(|f| new(f)).map(|f| (*id, *score, f))),
                    filter,
                    DIGEST_SIZE,
                    now,
                )
            }
        })
    }
}

/// Builds every digest due at `now`.
pub async fn build_due(db: &Db, search: &ReadModel, links: Links<'_>, now: Time) -> Result<Run, DigestError> {
    let started = Instant::now();
    let mut run = Run::default();
    let Some(oldest) = rows::oldest_due_since(db, now).await? else {
        return Ok(run);
    };
    let cutoff = now - SETTLE;
    let window = oldest.max(now - FURTHEST_BACK);
    let mut new = NewPostings::between(db, search, window, cutoff, now).await?;
    run.new_postings = new.facts.len();
    loop {
        // Matched outside any transaction, so writers never wait on it;
        // then a short one claims what is still due and queues its digests.
        let due = rows::due(db, now, BATCH).await?;
        if due.is_empty() {
            break;
        }
        let mut digests = Vec::new();
        for alert in &due {
            let filter = JobFilter::parse(&alert.query).0;
            let (total, ids) = new.matching(&filter, alert.since.max(window), now)?;
            let cards: Vec<&JobCard> = ids.iter().filter_map(|id| new.cards.get(id)).collect();
            if !cards.is_empty() {
                digests.push((alert, compose(links, alert, &filter, total, &cards)));
            }
        }
        let read: Vec<&AlertRow> = due.iter().collect();
        let mut tx = db.begin_write().await?;
        let claimed: HashSet<i64> = rows::claim_due(&mut tx, &read, cutoff, now).await?.into_iter().collect();
        let mails: Vec<outbox::Outgoing<'_>> = digests
            .iter()
            .filter(|(alert, _)| claimed.contains(&alert.id))
            .map(|(alert, digest)| outbox::Outgoing {
                recipient: &alert.email,
                subject: &digest.subject,
                body: &digest.text,
                html: Some(&digest.html),
                unsubscribe_url: Some(&digest.unsubscribe),
                application_id: None,
            })
            .collect();
        outbox::enqueue_many(&mut tx, &mails, now).await?;
        tx.commit().await?;
        run.digests += mails.len();
        run.alerts += claimed.len();
    }
    run.took = started.elapsed();
    Ok(run)
}

struct Digest {
    subject: String,
    text: String,
    html: String,
    unsubscribe: String,
}

fn compose(links: Links<'_>, alert: &AlertRow, filter: &JobFilter, total: i64, cards: &[&JobCard]) -> Digest {
    let description = describe_search(filter);
    let count = if total == 1 { "1 new remote job".to_owned() } else { format!("{total} new remote jobs") };
    let subject = format!("{count}: {description}");
    let search = links.url(&format!("/jobs?{}", alert.query));
    let manage = links.url(&links.manage_path(alert.subscriber_id, &alert.link_key));
    let unsubscribe = links.url(&links.unsubscribe_path(alert));
    let mut text = format!("{count} on FarCoder matching {description}:\n\n");
    let mut html = format!(
        "<!doctype html><html><body><p>{} on FarCoder matching <strong>{}</strong>:</p><ul>",
        escape(&count),
        escape(&description)
    );
    for card in cards {
        let url = links.url(&card.path());
        let salary = card.salary.display();
        text += &format!("{} at {}, {salary}, {}\n{url}\n\n", card.title, card.company_name, card.where_label());
        html += &format!(
            "<li><a href=\"{}\">{}</a> at {}, {}, {}</li>",
            escape(&url),
            escape(&card.title),
            escape(&card.company_name),
            escape(&salary),
            escape(&card.where_label())
        );
    }
    html += "</ul>";
    let rest = total - cards.len() as i64;
    if rest > 0 {
        text += &format!("And {rest} more: {search}\n\n");
        html += &format!("<p><a href=\"{}\">And {rest} more</a></p>", escape(&search));
    } else {
        text += &format!("The whole search: {search}\n\n");
        html += &format!("<p><a href=\"{}\">The whole search</a></p>", escape(&search));
    }
    text += &format!("See, pause or change your alerts: {manage}\nUnsubscribe from this alert: {unsubscribe}\n");
    html += &format!(
        "<p><a href=\"{}\">See, pause or change your alerts</a> · <a href=\"{}\">Unsubscribe from this alert</a></p></body></html>",
        escape(&manage),
        escape(&unsubscribe)
    );
    Digest { subject, text, html, unsubscribe }
}

/// What the background builder needs, shared by its rounds.
pub struct Builder {
    pub db: Db,
    pub search: ReadModel,
    pub secret: crate::server::auth::secret::Secret,
    pub base: String,
    pub digests: prometheus_client::metrics::counter::Counter,
}

/// One round of the background builder (`tasks`): every due digest, then
/// unconfirmed alerts past their time are forgotten.
pub async fn round(builder: &Builder) -> crate::server::tasks::Next {
    let Builder { db, search, secret, base, digests } = builder;
    let now = crate::server::now();
    let links = Links { secret, base };
    match build_due(db, search, links, now).await {
        Ok(run) => {
            digests.inc_by(run.digests as u64);
            if run.digests > 0 {
                tracing::info!(
                    alerts = run.alerts,
                    digests = run.digests,
                    new_postings = run.new_postings,
                    took_ms = run.took.as_millis() as u64,
                    "alert digests built"
                );
            }
        }
        Err(err) => tracing::error!(error = %err, "alert digests failed; will retry"),
    }
    if let Err(err) =
        rows::forget_unconfirmed(db, now - crate::server::syndication::alerts::UNCONFIRMED_DAYS * DAY).await
    {
        tracing::warn!(error = %err, "could not forget unconfirmed alerts");
    }
    crate::server::tasks::Next::Wait
}
