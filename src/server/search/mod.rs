//! Search v2: an in-process engine per app server. A tantivy index holds the
//! text of every published posting and a map holds their filter values; both
//! are built from the database at start and follow it through the change
//! log that triggers write (`search_changes`), so a write on any server is
//! found on every other within a poll, and on its own server at once.

mod facts;
mod suggest;
mod text;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

pub use facts::Found;
use facts::{Facts, select};
use suggest::Vocabulary;
use text::TextIndex;

use crate::model::{Category, JobFilter};
use crate::server::db::{Db, DbError};
use crate::server::repo::search::{self as rows, IndexRow};

/// A change read this long ago is not read again: a transaction that
/// commits a change later than this after taking its number is missed.
const REREAD: Duration = Duration::from_secs(10);

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
    writer: Mutex<tantivy::IndexWriter>,
    facts: RwLock<HashMap<i64, Facts>>,
    vocabulary: RwLock<Vocabulary>,
    follow: tokio::sync::Mutex<Follow>,
    /// Set when this server wrote: the next search reads the change log first.
    written: AtomicBool,
    /// Postings re-read from the change log so far.
    changes: AtomicU64,
    /// When the change log was last read, and how stale a search may find it.
    polled: Mutex<Instant>,
    max_staleness: Duration,
}

/// Where this engine is in the change log.
struct Follow {
    /// Every change up to here is applied (or given up on).
    floor: i64,
    /// Changes after `floor` already applied, with when.
    recent: VecDeque<(i64, Instant)>,
    seen: HashSet<i64>,
}

impl SearchEngine {
    /// Indexes every published posting; searches read the change log first
    /// when it was last read more than `max_staleness` ago.
    pub async fn build(db: &Db, max_staleness: Duration) -> Result<Self, SearchError> {
        let floor = rows::last_change(db).await?;
        let all = rows::all_published(db).await?;
        let engine = tokio::task::spawn_blocking(move || -> Result<SearchEngine, SearchError> {
            let text = TextIndex::new()?;
            let mut writer = text.writer(2)?;
            let mut facts = HashMap::with_capacity(all.len());
            let mut vocabulary = Vocabulary::default();
            for row in &all {
                writer.add_document(text.document(row))?;
                facts.insert(row.id, Facts::of(row));
                vocabulary.learn_posting(row);
            }
            writer.commit()?;
            drop(writer);
            text.reload()?;
            let writer = Mutex::new(text.writer(1)?);
            Ok(SearchEngine(Arc::new(Inner {
                text,
                writer,
                facts: RwLock::new(facts),
                vocabulary: RwLock::new(vocabulary),
                follow: tokio::sync::Mutex::new(Follow { floor, recent: VecDeque::new(), seen: HashSet::new() }),
                written: AtomicBool::new(false),
                changes: AtomicU64::new(0),
                polled: Mutex::new(Instant::now()),
                max_staleness,
            })))
        })
        .await
        .map_err(|e| SearchError::Stopped(e.to_string()))??;
        Ok(engine)
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
        let reread = self.read_changes(db, &mut follow).await;
        if let Ok(mut polled) = self.0.polled.lock() {
            *polled = Instant::now();
        }
        reread
    }

    async fn read_changes(&self, db: &Db, follow: &mut Follow) -> Result<usize, SearchError> {
        let mut reread = 0;
        loop {
            let changes = rows::changes_after(db, follow.floor).await?;
            let full = changes.len() >= 10_000;
            let fresh: Vec<(i64, i64)> = changes.into_iter().filter(|(seq, _)| !follow.seen.contains(seq)).collect();
            let now = Instant::now();
            while let Some(&(seq, at)) = follow.recent.front() {
                if now.duration_since(at) < REREAD {
                    break;
                }
                follow.recent.pop_front();
                follow.seen.remove(&seq);
                follow.floor = follow.floor.max(seq);
            }
            if fresh.is_empty() {
                return Ok(reread);
            }
            let mut ids: Vec<i64> = fresh.iter().map(|(_, id)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            let found = rows::published_among(db, &ids).await?;
            self.apply(&ids, found)?;
            reread += ids.len();
            if full {
                // A bulk load: move on at once rather than re-read it.
                follow.floor = fresh.iter().map(|(seq, _)| *seq).max().unwrap_or(follow.floor);
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
    fn apply(&self, ids: &[i64], found: Vec<IndexRow>) -> Result<(), SearchError> {
        let by_id: HashMap<i64, &IndexRow> = found.iter().map(|r| (r.id, r)).collect();
        {
            let mut writer = self.0.writer.lock().map_err(|_| SearchError::Poisoned)?;
            for id in ids {
                self.0.text.put(&writer, *id, by_id.get(id).copied())?;
            }
            writer.commit()?;
        }
        self.0.text.reload()?;
        let mut facts = self.0.facts.write().map_err(|_| SearchError::Poisoned)?;
        let mut vocabulary = self.0.vocabulary.write().map_err(|_| SearchError::Poisoned)?;
        for id in ids {
            match by_id.get(id) {
                Some(row) => {
                    facts.insert(*id, Facts::of(row));
                    vocabulary.learn_posting(row);
                }
                None => {
                    facts.remove(id);
                }
            }
        }
        // Only now: a page rendered from the old postings must not be kept
        // as current.
        self.0.changes.fetch_add(ids.len() as u64, Ordering::AcqRel);
        Ok(())
    }

    /// Polls the change log every `period` until the process ends.
    pub fn follow(&self, db: Db, period: Duration) {
        let engine = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(err) = engine.catch_up(&db).await {
                    tracing::warn!(error = %err, "search index could not read the change log");
                }
            }
        });
    }

    /// One page of open postings matching `filter`, their total and the
    /// facet counts.
    pub async fn search(&self, db: &Db, filter: &JobFilter, now: i64) -> Result<Found, SearchError> {
        self.fresh(db).await?;
        let hits = self.0.text.search(&filter.q)?;
        let facts = self.facts()?;
        Ok(match hits {
            None => select(facts.iter().map(|(id, f)| (*id, 0.0, f)), filter, now),
            Some(hits) => select(hits.iter().filter_map(|(id, s)| facts.get(id).map(|f| (*id, *s, f))), filter, now),
        })
    }

    /// Reads the change log first if this server wrote since, or if it was
    /// read longer ago than allowed.
    async fn fresh(&self, db: &Db) -> Result<(), SearchError> {
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

    fn facts(&self) -> Result<std::sync::RwLockReadGuard<'_, HashMap<i64, Facts>>, SearchError> {
        self.0.facts.read().map_err(|_| SearchError::Poisoned)
    }

    /// The ids of the newest open postings (only featured ones if asked).
    pub async fn newest(&self, db: &Db, limit: usize, featured_only: bool, now: i64) -> Result<Vec<i64>, SearchError> {
        self.fresh(db).await?;
        Ok(facts::newest(self.facts()?.iter().map(|(id, f)| (*id, f)), limit, featured_only, now))
    }

    /// The ids of open postings like `id`: its category, its level first.
    pub async fn similar(&self, db: &Db, id: i64, limit: usize, now: i64) -> Result<Vec<i64>, SearchError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        Ok(match facts.get(&id) {
            Some(of) => facts::similar(facts.iter().map(|(id, f)| (*id, f)), id, of, limit, now),
            None => Vec::new(),
        })
    }

    /// Open postings per category (those with none left out).
    pub async fn per_category(&self, db: &Db, now: i64) -> Result<Vec<(Category, i64)>, SearchError> {
        self.fresh(db).await?;
        Ok(facts::per_category(self.facts()?.values(), now))
    }

    /// `q` spelled as the postings spell it, if that differs.
    pub fn correct(&self, q: &str) -> Option<String> {
        self.0.vocabulary.read().ok()?.correct(q)
    }

    /// How many postings the change log has made it re-read, all told:
    /// when this moves, pages showing postings may be out of date.
    pub fn changes(&self) -> u64 {
        self.0.changes.load(Ordering::Acquire)
    }

    /// How many postings the index holds (open or past their date).
    pub fn len(&self) -> usize {
        self.0.facts.read().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
