//! Search v2: an in-process engine per app server. A tantivy index holds the
//! text of every published posting and a map holds their filter values; both
//! are built from the database at start and follow it through the change
//! log that triggers write (`search_changes`), so a write on any server is
//! found on every other within a poll, and on its own server at once.

mod facts;
mod pay;
mod suggest;
mod text;
mod versions;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use facts::select;
pub use facts::{Facts, Found, Listing, ranked};
pub use pay::Pay;
use suggest::Vocabulary;
pub use text::TextIndex;
pub use versions::MAX_LAG;
use versions::Versions;

use crate::model::{Category, JobFilter, Time};
use crate::server::db::{Db, DbError};
use crate::server::repo::search::{self as rows, IndexRow};

/// A change read this long ago is not read again by the follower, which
/// moves its floor past it: a transaction that commits a change later than
/// this after taking its number is left to the reconciliation.
const REREAD: Duration = Duration::from_secs(10);

/// How far back the reconciliation reads the change log again, for
/// changes whose transactions committed after the floor passed their
/// numbers: any transaction shorter than this is found.
const LATE_WINDOW: crate::model::Span = crate::model::HOUR;

/// How often the reconciliation runs.
const RECONCILE_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index lock poisoned")]
    Poisoned,
    #[error("building the search index stopped: {0}")]
    Stopped(String),
}

impl From<SearchError> for crate::error::AppError {
    fn from(err: SearchError) -> Self {
        tracing::error!(error = %err, "search failed");
        crate::error::AppError::Internal
    }
}

/// The engine, cheap to clone.
#[derive(Clone)]
pub struct SearchEngine(Arc<Inner>);

struct Inner {
    text: TextIndex,
    /// The text index's writer, with what waits for it while it warms.
    text_writer: tokio::sync::Mutex<TextWriter>,
    /// Whether the text index holds every posting yet.
    warmth: tokio::sync::watch::Sender<Warmth>,
    facts: RwLock<HashMap<i64, Facts>>,
    listings: RwLock<HashMap<i64, Listing>>,
    vocabulary: RwLock<Vocabulary>,
    follow: tokio::sync::Mutex<Follow>,
    /// Set when this server wrote: the next search reads the change log first.
    written: AtomicBool,
    /// How far the postings have moved, for what is kept of pages showing them.
    versions: RwLock<Versions>,
    /// The salary figures, kept while no posting (nor the clock) changes them.
    pay: tokio::sync::Mutex<Option<Kept<Arc<Pay>>>>,
    /// When an open posting next expires, per version.
    next_expiry: Mutex<Option<Kept<()>>>,
    /// When the change log was last read, and how stale a search may find it.
    polled: Mutex<Instant>,
    max_staleness: Duration,
}

/// Something derived from every open posting, valid at `version` until the
/// clock reaches `until` (when one of the postings it counted expires).
struct Kept<T> {
    version: u64,
    until: Time,
    value: T,
}

impl<T> Kept<T> {
    fn current(kept: &Option<Kept<T>>, version: u64, now: Time) -> Option<&Kept<T>> {
        kept.as_ref().filter(|k| k.version == version && now < k.until)
    }
}

/// The earliest expiry among the postings open at `now` (`Time::MAX` for none).
fn next_expiry<'a>(all: impl Iterator<Item = &'a Facts>, now: Time) -> Time {
    all.map(|f| f.expires_at).filter(|at| *at > now).min().unwrap_or(Time::MAX)
}

/// The text index's writer: `None` while the index warms, when the
/// postings that change wait in `pending` to be written once it is warm.
struct TextWriter {
    writer: Option<tantivy::IndexWriter>,
    pending: HashSet<i64>,
}

/// How far the text index is: the filters, counts and figures work from the
/// start; words need the text index, which is built after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warmth {
    Warming,
    Ready,
    Failed,
}

/// How many ranges of postings start-up reads side by side.
const START_READS: i64 = 4;

/// Postings read at a time while the text index warms.
const WARM_CHUNK: i64 = 5_000;

/// Where this engine is in the change log.
struct Follow {
    /// Every change up to here is applied, or left to the reconciliation.
    floor: i64,
    /// Changes after `floor` already applied, with when.
    recent: VecDeque<(i64, Instant)>,
    seen: HashSet<i64>,
    /// Changes at or below `floor` applied within `LATE_WINDOW`, with when.
    past: VecDeque<(i64, Instant)>,
    past_seen: HashSet<i64>,
    /// When the reconciliation last ran.
    reconciled: Instant,
    /// How long a change stays after `floor`: `REREAD` (shorter in tests).
    reread: Duration,
}

impl Follow {
    fn new(floor: i64) -> Follow {
        Follow {
            floor,
            recent: VecDeque::new(),
            seen: HashSet::new(),
            past: VecDeque::new(),
            past_seen: HashSet::new(),
            reconciled: Instant::now(),
            reread: REREAD,
        }
    }

    /// Notes changes applied at or below the floor.
    fn settle(&mut self, seqs: impl IntoIterator<Item = i64>, at: Instant) {
        for seq in seqs {
            if self.past_seen.insert(seq) {
                self.past.push_back((seq, at));
            }
        }
    }

    /// Whether change `seq` was applied within the window.
    fn has_read(&self, seq: i64) -> bool {
        self.seen.contains(&seq) || self.past_seen.contains(&seq)
    }

    /// Forgets what left the window.
    fn forget_before(&mut self, oldest: Instant) {
        while let Some(&(seq, at)) = self.past.front() {
            if at >= oldest {
                break;
            }
            self.past.pop_front();
            self.past_seen.remove(&seq);
        }
    }
}

impl SearchEngine {
    /// Holds every published posting's filter values (ready to search at
    /// once, but for words), then builds the text index beside the
    /// requests; searches read the change log first when it was last read
    /// more than `max_staleness` ago.
    pub async fn build(db: &Db, max_staleness: Duration) -> Result<Self, SearchError> {
        let engine = SearchEngine::prepare(db, max_staleness).await?;
        engine.warm(db.clone());
        Ok(engine)
    }

    /// The engine with every posting's filter values and an empty text index.
    async fn prepare(db: &Db, max_staleness: Duration) -> Result<Self, SearchError> {
        let floor = rows::last_change(db).await?;
        // Ranges of ids read side by side (SQLite's driver spends more on
        // each row than the database does), each turned into facts as it
        // arrives.
        let (low, high) = rows::id_range(db).await?;
        let step = ((high - low) / START_READS).max(1) + 1;
        let mut reads = tokio::task::JoinSet::new();
        for from in (low..=high).step_by(step as usize) {
            let db = db.clone();
            reads.spawn(async move {
                let rows = rows::published_facts_between(&db, from, from + step).await?;
                tokio::task::spawn_blocking(move || {
                    let facts: Vec<(i64, Facts, Listing)> =
                        rows.iter().map(|row| (row.id, Facts::of(row), Listing::of(row))).collect();
                    let mut vocabulary = Vocabulary::default();
                    rows.iter().for_each(|row| vocabulary.learn_posting(row));
                    (facts, vocabulary)
                })
                .await
                .map_err(|e| SearchError::Stopped(e.to_string()))
            });
        }
        let mut parts = Vec::new();
        while let Some(part) = reads.join_next().await {
            parts.push(part.map_err(|e| SearchError::Stopped(e.to_string()))??);
        }
        let engine = tokio::task::spawn_blocking(move || -> Result<SearchEngine, SearchError> {
            let count = parts.iter().map(|(facts, _)| facts.len()).sum();
            let mut facts = HashMap::with_capacity(count);
            let mut listings = HashMap::with_capacity(count);
            let mut vocabulary = Vocabulary::default();
            for (part, words) in parts {
                for (id, of, listing) in part {
                    facts.insert(id, of);
                    listings.insert(id, listing);
                }
                vocabulary.merge(words);
            }
            Ok(SearchEngine(Arc::new(Inner {
                text: TextIndex::new()?,
                text_writer: tokio::sync::Mutex::new(TextWriter { writer: None, pending: HashSet::new() }),
                warmth: tokio::sync::watch::Sender::new(Warmth::Warming),
                facts: RwLock::new(facts),
                listings: RwLock::new(listings),
                vocabulary: RwLock::new(vocabulary),
                follow: tokio::sync::Mutex::new(Follow::new(floor)),
                written: AtomicBool::new(false),
                versions: RwLock::default(),
                pay: tokio::sync::Mutex::new(None),
                next_expiry: Mutex::new(None),
                polled: Mutex::new(Instant::now()),
                max_staleness,
            })))
        })
        .await
        .map_err(|e| SearchError::Stopped(e.to_string()))??;
        Ok(engine)
    }

    /// Builds the text index in the background.
    fn warm(&self, db: Db) {
        let engine = self.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let warmth = match engine.build_text(&db).await {
                Ok(()) => {
                    let took_ms = started.elapsed().as_millis() as u64;
                    tracing::info!(took_ms, "search text index built");
                    Warmth::Ready
                }
                Err(err) => {
                    tracing::error!(error = %err, "search text index could not be built: searches with words fail");
                    Warmth::Failed
                }
            };
            engine.0.warmth.send_replace(warmth);
        });
    }

    /// Writes every published posting into the text index, a chunk at a
    /// time, then the postings that changed meanwhile, and hands the writer
    /// over to the change log.
    async fn build_text(&self, db: &Db) -> Result<(), SearchError> {
        let engine = self.clone();
        let reader = db.clone();
        let runtime = tokio::runtime::Handle::current();
        let writer = tokio::task::spawn_blocking(move || -> Result<tantivy::IndexWriter, SearchError> {
            let text = &engine.0.text;
            let mut writer = text.writer(2)?;
            let mut after = 0;
            loop {
                let chunk = runtime.block_on(rows::published_after(&reader, after, WARM_CHUNK))?;
                let Some(last) = chunk.last().map(|r| r.id) else { break };
                for row in &chunk {
                    writer.add_document(text.document(row))?;
                }
                after = last;
            }
            writer.commit()?;
            drop(writer);
            text.reload()?;
            Ok(text.writer(1)?)
        })
        .await
        .map_err(|e| SearchError::Stopped(e.to_string()))??;
        let mut writer = writer;
        let mut text_writer = self.0.text_writer.lock().await;
        let pending: Vec<i64> = text_writer.pending.drain().collect();
        let found = rows::published_among(db, &pending).await?;
        self.write_text(&mut writer, &pending, &found)?;
        text_writer.writer = Some(writer);
        Ok(())
    }

    /// Puts `found` (those of `ids` still published) in the text index and
    /// drops the others.
    fn write_text(
        &self,
        writer: &mut tantivy::IndexWriter,
        ids: &[i64],
        found: &[IndexRow],
    ) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let by_id: HashMap<i64, &IndexRow> = found.iter().map(|r| (r.id, r)).collect();
        for id in ids {
            self.0.text.put(writer, *id, by_id.get(id).copied())?;
        }
        writer.commit()?;
        self.0.text.reload()?;
        Ok(())
    }

    /// Waits for the text index to hold every posting.
    pub async fn warmed(&self) -> Result<(), SearchError> {
        let mut warmth = self.0.warmth.subscribe();
        match warmth.wait_for(|w| *w != Warmth::Warming).await.map(|w| *w) {
            Ok(Warmth::Ready) => Ok(()),
            _ => Err(SearchError::Stopped("the text index could not be built".to_owned())),
        }
    }

    /// How far the text index is.
    pub fn warmth(&self) -> Warmth {
        *self.0.warmth.borrow()
    }

    /// This server changed something: searches catch up before answering.
    pub fn written(&self) {
        self.0.written.store(true, Ordering::Release);
    }

    /// Reads the change log and re-indexes the postings it names; returns
    /// how many it re-read.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, SearchError> {
        let mut follow = self.0.follow.lock().await;
        // A write that ends after this point marks the engine again.
        self.0.written.store(false, Ordering::Release);
        let mut reread = self.read_changes(db, &mut follow).await?;
        if follow.reconciled.elapsed() >= RECONCILE_EVERY {
            reread += self.reconcile(db, &mut follow).await?;
        }
        if let Ok(mut polled) = self.0.polled.lock() {
            *polled = Instant::now();
        }
        Ok(reread)
    }

    /// Reads the change log's last `LATE_WINDOW` again for changes at or
    /// below the floor that were never applied (their transactions committed
    /// after the floor had passed their numbers, or were open at start) and
    /// applies them; returns how many postings it re-read.
    async fn reconcile(&self, db: &Db, follow: &mut Follow) -> Result<usize, SearchError> {
        let started = Instant::now();
        let since = crate::server::now() - LATE_WINDOW;
        let mut late = Vec::new();
        let mut after = 0;
        loop {
            let logged = rows::logged_since(db, since, after, follow.floor).await?;
            let full = logged.len() >= 10_000;
            after = logged.last().map_or(after, |(seq, _)| *seq);
            late.extend(logged.into_iter().filter(|(seq, _)| !follow.has_read(*seq)));
            if !full {
                break;
            }
        }
        follow.reconciled = started;
        follow.forget_before(started.checked_sub(LATE_WINDOW.to_std()).unwrap_or(started));
        if late.is_empty() {
            return Ok(0);
        }
        let mut ids: Vec<i64> = late.iter().map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        tracing::info!(changes = late.len(), postings = ids.len(), "applied changes committed late");
        let found = rows::published_among(db, &ids).await?;
        self.apply(&ids, found).await?;
        follow.settle(late.into_iter().map(|(seq, _)| seq), started);
        Ok(ids.len())
    }

    async fn read_changes(&self, db: &Db, follow: &mut Follow) -> Result<usize, SearchError> {
        let mut reread = 0;
        loop {
            let changes = rows::changes_after(db, follow.floor).await?;
            let full = changes.len() >= 10_000;
            let fresh: Vec<(i64, i64)> = changes.into_iter().filter(|(seq, _)| !follow.seen.contains(seq)).collect();
            let now = Instant::now();
            while let Some(&(seq, at)) = follow.recent.front() {
                if now.duration_since(at) < follow.reread {
                    break;
                }
                follow.recent.pop_front();
                follow.seen.remove(&seq);
                follow.floor = follow.floor.max(seq);
                follow.settle([seq], at);
            }
            if fresh.is_empty() {
                return Ok(reread);
            }
            let mut ids: Vec<i64> = fresh.iter().map(|(_, id)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            let found = rows::published_among(db, &ids).await?;
            self.apply(&ids, found).await?;
            reread += ids.len();
            if full {
                // A bulk load: move on at once rather than re-read it.
                follow.floor = fresh.iter().map(|(seq, _)| *seq).max().unwrap_or(follow.floor);
                follow.settle(fresh.iter().map(|(seq, _)| *seq), now);
                continue;
            }
            for (seq, _) in fresh {
                follow.recent.push_back((seq, now));
                follow.seen.insert(seq);
            }
            return Ok(reread);
        }
    }

    /// Replaces the postings `ids` with `found` (those still published).
    async fn apply(&self, ids: &[i64], found: Vec<IndexRow>) -> Result<(), SearchError> {
        {
            let mut text_writer = self.0.text_writer.lock().await;
            let TextWriter { writer, pending } = &mut *text_writer;
            match writer {
                Some(writer) => self.write_text(writer, ids, &found)?,
                None => pending.extend(ids),
            }
        }
        let by_id: HashMap<i64, &IndexRow> = found.iter().map(|r| (r.id, r)).collect();
        let mut facts = self.0.facts.write().map_err(|_| SearchError::Poisoned)?;
        let mut vocabulary = self.0.vocabulary.write().map_err(|_| SearchError::Poisoned)?;
        let mut listings = self.0.listings.write().map_err(|_| SearchError::Poisoned)?;
        let mut versions = self.0.versions.write().map_err(|_| SearchError::Poisoned)?;
        let (mut changed, mut categories) = (Vec::new(), Vec::new());
        for id in ids {
            let row = by_id.get(id);
            let old = match row {
                Some(row) => {
                    vocabulary.learn_posting(row);
                    listings.insert(*id, Listing::of(row));
                    facts.insert(*id, Facts::of(row))
                }
                None => {
                    listings.remove(id);
                    facts.remove(id)
                }
            };
            if old.is_none() && row.is_none() {
                // Neither shown before nor now (a draft edited, say).
                continue;
            }
            changed.push(*id);
            categories
                .extend([old.as_ref().map(Facts::category), facts.get(id).map(Facts::category)].into_iter().flatten());
        }
        // Only now, and only if a shown posting changed: a page rendered
        // from the old postings must not be kept as current.
        if !changed.is_empty() {
            versions.bump(&changed, &categories, Instant::now());
        }
        Ok(())
    }

    /// After catching up: the postings matching the words of `q` with their
    /// scores (`None` when it has none), once the text index is warm.
    async fn text_hits(&self, db: &Db, q: &str) -> Result<Option<Vec<(i64, f32)>>, SearchError> {
        self.fresh(db).await?;
        if !q.trim().is_empty() {
            self.warmed().await?;
        }
        Ok(self.0.text.search(q)?)
    }

    /// One page of open postings matching `filter`, their total and the
    /// facet counts.
    pub async fn search(&self, db: &Db, filter: &JobFilter, now: Time) -> Result<Found, SearchError> {
        let hits = self.text_hits(db, &filter.q).await?;
        let facts = self.facts()?;
        Ok(match hits {
            None => select(facts.iter().map(|(id, f)| (*id, 0.0, f)), filter, now),
            Some(hits) => select(hits.iter().filter_map(|(id, s)| facts.get(id).map(|f| (*id, *s, f))), filter, now),
        })
    }

    /// Reads the change log first if this server wrote since, or if it was
    /// read longer ago than allowed.
    pub async fn fresh(&self, db: &Db) -> Result<(), SearchError> {
        let stale = self.0.polled.lock().map_or(true, |at| at.elapsed() >= self.0.max_staleness);
        if stale || self.0.written.load(Ordering::Acquire) {
            self.catch_up(db).await?;
        } else {
            // A catch-up under way (the follower's) may hold this server's
            // own last write: wait for it.
            drop(self.0.follow.lock().await);
        }
        Ok(())
    }

    /// Reads the change log first only when it was last read longer ago
    /// than allowed: for a reader that waits for no write of this server's
    /// own (a kept page; a write's own response catches up itself).
    pub async fn within_staleness(&self, db: &Db) -> Result<(), SearchError> {
        let stale = self.0.polled.lock().map_or(true, |at| at.elapsed() >= self.0.max_staleness);
        if stale {
            self.catch_up(db).await?;
        }
        Ok(())
    }

    fn facts(&self) -> Result<std::sync::RwLockReadGuard<'_, HashMap<i64, Facts>>, SearchError> {
        self.0.facts.read().map_err(|_| SearchError::Poisoned)
    }

    /// The ids of the newest open postings (only featured ones if asked).
    pub async fn newest(&self, db: &Db, limit: usize, featured_only: bool, now: Time) -> Result<Vec<i64>, SearchError> {
        self.fresh(db).await?;
        Ok(facts::newest(self.facts()?.iter().map(|(id, f)| (*id, f)), limit, featured_only, now))
    }

    /// The ids of open postings like `id`: its category, its level first.
    pub async fn similar(&self, db: &Db, id: i64, limit: usize, now: Time) -> Result<Vec<i64>, SearchError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        Ok(match facts.get(&id) {
            Some(of) => facts::similar(facts.iter().map(|(id, f)| (*id, f)), id, of, limit, now),
            None => Vec::new(),
        })
    }

    /// Open postings per category (those with none left out).
    pub async fn per_category(&self, db: &Db, now: Time) -> Result<Vec<(Category, i64)>, SearchError> {
        self.fresh(db).await?;
        Ok(facts::per_category(self.facts()?.values(), now))
    }

    /// `q` spelled as the postings spell it, if that differs.
    pub fn correct(&self, q: &str) -> Option<String> {
        self.0.vocabulary.read().ok()?.correct(q)
    }

    /// How long ago the index last read the change log.
    pub fn age(&self) -> Duration {
        self.0.polled.lock().map_or(Duration::MAX, |at| at.elapsed())
    }

    /// The number of the index's last change to a shown posting: when it
    /// moves, a page showing postings may be out of date.
    pub fn version(&self) -> u64 {
        self.0.versions.read().map_or(u64::MAX, |v| v.all())
    }

    /// For posting `id`'s own page: the number of its last change, that of
    /// the last change in its category (among which it finds similar
    /// postings), and when it expires; `None` when it is not published.
    pub fn job_version(&self, id: i64) -> Option<(u64, u64, Time)> {
        let facts = self.facts().ok()?;
        let of = facts.get(&id)?;
        let versions = self.0.versions.read().ok()?;
        Some((versions.job(id), versions.category(of.category()), of.expires_at))
    }

    /// The version of every posting (`of_job` given: of that posting's
    /// category) as it stood `lag` ago (at most `MAX_LAG`).
    pub fn settled(&self, of_job: Option<i64>, lag: std::time::Duration) -> u64 {
        let category = match of_job {
            None => None,
            Some(id) => match self.facts() {
                Ok(facts) => Some(facts.get(&id).and_then(Facts::category)),
                Err(_) => return u64::MAX,
            },
        };
        self.0.versions.read().map_or(u64::MAX, |v| v.settled(category, lag, Instant::now()))
    }

    /// When the next open posting expires (so lists showing it change):
    /// computed once per version.
    pub fn lists_until(&self, now: Time) -> Time {
        let version = self.version();
        let Ok(mut kept) = self.0.next_expiry.lock() else { return now };
        if let Some(k) = Kept::current(&kept, version, now) {
            return k.until;
        }
        let until = match self.facts() {
            Ok(facts) => next_expiry(facts.values(), now),
            Err(_) => return now,
        };
        *kept = Some(Kept { version, until, value: () });
        until
    }

    /// The salary figures of the open postings, computed once per version
    /// (and again when one they counted expires).
    pub async fn pay(&self, db: &Db, now: Time) -> Result<Arc<Pay>, SearchError> {
        self.fresh(db).await?;
        let mut kept = self.0.pay.lock().await;
        let version = self.version();
        if let Some(k) = Kept::current(&kept, version, now) {
            return Ok(k.value.clone());
        }
        let facts = self.facts()?;
        let pay = Arc::new(Pay::of(facts.values().filter(|f| f.is_open(now))));
        let until = next_expiry(facts.values(), now);
        *kept = Some(Kept { version, until, value: pay.clone() });
        Ok(pay)
    }

    /// The ids of open postings matching `filter` (its sort and page aside),
    /// newest first, after the `(published_at, id)` cursor `after`.
    pub async fn newest_matching(
        &self,
        db: &Db,
        filter: &JobFilter,
        after: Option<(Time, i64)>,
        limit: usize,
        now: Time,
    ) -> Result<Vec<i64>, SearchError> {
        let hits = self.text_hits(db, &filter.q).await?;
        let facts = self.facts()?;
        Ok(match hits {
            None => facts::newest_matching(facts.iter().map(|(id, f)| (*id, f)), filter, after, limit, now),
            Some(hits) => facts::newest_matching(
                hits.iter().filter_map(|(id, _)| facts.get(id).map(|f| (*id, f))),
                filter,
                after,
                limit,
                now,
            ),
        })
    }

    /// The open postings published after `since`, in id order, with their facts.
    pub async fn published_since(&self, db: &Db, since: Time, now: Time) -> Result<Vec<(i64, Facts)>, SearchError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        let mut new: Vec<(i64, Facts)> = facts
            .iter()
            .filter(|(_, f)| f.published_at > since && f.is_open(now))
            .map(|(id, f)| (*id, f.clone()))
            .collect();
        new.sort_unstable_by_key(|(id, _)| *id);
        Ok(new)
    }

    /// Calls `f` with every open posting, by id, with its listing.
    pub async fn with_open<R>(
        &self,
        db: &Db,
        now: Time,
        f: impl FnOnce(&[(&Facts, &Listing)]) -> R,
    ) -> Result<R, SearchError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        let listings = self.0.listings.read().map_err(|_| SearchError::Poisoned)?;
        let mut open: Vec<(i64, &Facts, &Listing)> = facts
            .iter()
            .filter(|(_, f)| f.is_open(now))
            .filter_map(|(id, f)| listings.get(id).map(|l| (*id, f, l)))
            .collect();
        open.sort_unstable_by_key(|(id, ..)| *id);
        let open: Vec<(&Facts, &Listing)> = open.into_iter().map(|(_, f, l)| (f, l)).collect();
        Ok(f(&open))
    }

    /// How many postings the index holds (open or past their date).
    pub fn len(&self) -> usize {
        self.0.facts.read().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_while_the_text_index_warms_reaches_it() {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("warm.db").display());
        let db = Db::connect(&url, &Default::default()).await.expect("db");
        db.migrate().await.expect("migrate");
        crate::server::seed::seed(&db, 50, 7, crate::server::now()).await.expect("seed");
        let engine = SearchEngine::prepare(&db, Duration::ZERO).await.expect("facts");
        let now = crate::server::now();
        let every = engine.search(&db, &JobFilter::parse("").0, now).await.expect("filters work at once").total;
        assert!(every > 0);
        assert_eq!(engine.warmth(), Warmth::Warming);

        let sql = "UPDATE jobs SET title = 'Quasar Whisperer' WHERE id = (SELECT MIN(id) FROM jobs WHERE status = 'published')";
        sqlx::query(sql).execute(&db.pool).await.expect("update");
        engine.catch_up(&db).await.expect("catch up");
        assert_eq!(engine.0.text_writer.lock().await.pending.len(), 1, "waiting for the text index");

        engine.warm(db.clone());
        let found = engine.search(&db, &JobFilter::parse("q=quasar+whisperer").0, now).await.expect("search");
        assert_eq!((found.total, engine.warmth()), (1, Warmth::Ready), "the search waited, and found the change");
    }

    #[tokio::test]
    async fn a_change_committed_after_the_floor_passed_it_is_reconciled() {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("late.db").display());
        let db = Db::connect(&url, &Default::default()).await.expect("db");
        db.migrate().await.expect("migrate");
        crate::server::seed::seed(&db, 20, 7, crate::server::now()).await.expect("seed");
        let engine = SearchEngine::prepare(&db, Duration::ZERO).await.expect("facts");
        engine.0.follow.lock().await.reread = Duration::ZERO;
        // The first pass re-reads what the seed logged (before the engine
        // started, so it may have been open then).
        engine.reconcile(&db, &mut *engine.0.follow.lock().await).await.expect("the seed's changes");
        let run = async |sql: &str| sqlx::query(sql).execute(&db.pool).await.expect(sql);
        let published = "(SELECT id FROM jobs WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET ";
        // A number taken by a transaction that has not committed yet…
        run("INSERT INTO search_changes (job_id) VALUES (0)").await;
        let (gap,): (i64,) =
            sqlx::query_as("SELECT MAX(seq) FROM search_changes").fetch_one(&db.pool).await.expect("seq");
        run(&format!("DELETE FROM search_changes WHERE seq = {gap}")).await;
        // …while a later one commits, and the follower moves past both.
        run(&format!("UPDATE jobs SET title = 'Quasar Early Bird' WHERE id = {published}0)")).await;
        engine.catch_up(&db).await.expect("read");
        engine.catch_up(&db).await.expect("move the floor");
        assert!(engine.0.follow.lock().await.floor > gap);
        // The first transaction commits its change under its old number.
        run(&format!("UPDATE jobs SET title = 'Quasar Latecomer' WHERE id = {published}1)")).await;
        run(&format!("UPDATE search_changes SET seq = {gap} WHERE seq = (SELECT MAX(seq) FROM search_changes)")).await;
        let slug_of = async |offset: i64| {
            let (id,): (i64,) = sqlx::query_as(&format!("SELECT id FROM jobs WHERE id = {published}{offset})"))
                .fetch_one(&db.pool)
                .await
                .expect("id");
            engine.0.listings.read().expect("listings").get(&id).map(|l| l.slug.to_string()).unwrap_or_default()
        };
        engine.catch_up(&db).await.expect("read");
        assert!(slug_of(0).await.starts_with("quasar-early-bird"));
        assert!(!slug_of(1).await.starts_with("quasar-latecomer"), "the follower alone passes over it");
        let mut follow = engine.0.follow.lock().await;
        assert_eq!(engine.reconcile(&db, &mut follow).await.expect("reconcile"), 1);
        assert_eq!(engine.reconcile(&db, &mut follow).await.expect("again"), 0, "applied once");
        drop(follow);
        assert!(slug_of(1).await.starts_with("quasar-latecomer"), "the reconciliation applied it");
    }
}
