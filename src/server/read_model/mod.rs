//! The read model of the open postings, one in each app server's memory: a
//! map of every published posting's filter values and a tantivy index of
//! their text. It is built from the database at start (`build`), follows it
//! through the change log the triggers write (`follow`), so a write on any
//! server is found on every other within a poll and on its own at once, and
//! answers searches, lists, versions and figures (`query`).

mod build;
mod facts;
mod follow;
mod pay;
mod query;
mod suggest;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use facts::select;
pub use facts::{Facts, Found, Listing, ranked};
pub use pay::Pay;
use suggest::Vocabulary;
pub use text::TextIndex;

use crate::model::{Category, JobFilter, Time};
use crate::server::db::{Db, DbError};
use crate::server::repo::read_model::{self as rows, IndexRow};

#[derive(Debug, thiserror::Error)]
pub enum ReadModelError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index lock poisoned")]
    Poisoned,
    #[error("building the search index stopped: {0}")]
    Stopped(String),
}

impl From<ReadModelError> for crate::error::AppError {
    fn from(err: ReadModelError) -> Self {
        tracing::error!(error = %err, "search failed");
        crate::error::AppError::Internal
    }
}

/// The longest a kept page may trail a change of the postings
/// (`FARCODER_LIST_LAG_SECS`): listeners keep that long a memory of changes.
pub const MAX_LAG: Duration = Duration::from_secs(60);

/// A change the read model applied, as its listeners hear of it (the page
/// cache keeps its versions by these).
#[derive(Clone, Debug)]
pub struct Change {
    pub at: Instant,
    pub postings: Vec<Shown>,
}

/// A posting a change touched: its category as the read model showed it
/// before (`None`: not shown), and its category and expiry as shown now
/// (`None`: no longer shown).
#[derive(Clone, Debug)]
pub struct Shown {
    pub id: i64,
    pub before: Option<Option<Category>>,
    pub now: Option<(Option<Category>, Time)>,
}

/// The engine, cheap to clone.
#[derive(Clone)]
pub struct ReadModel(Arc<Inner>);

struct Inner {
    text: TextIndex,
    /// The text index's writer, with what waits for it while it warms.
    text_writer: tokio::sync::Mutex<TextWriter>,
    /// Whether the text index holds every posting yet.
    warmth: tokio::sync::watch::Sender<Warmth>,
    facts: RwLock<HashMap<i64, Facts>>,
    listings: RwLock<HashMap<i64, Listing>>,
    vocabulary: RwLock<Vocabulary>,
    follow: tokio::sync::Mutex<follow::Follow>,
    /// Set when this server wrote: the next search reads the change log first.
    written: AtomicBool,
    /// How many changes to shown postings were applied: what is derived
    /// from them is kept per this number.
    version: AtomicU64,
    /// Who hears of each change (`tell`).
    listeners: Mutex<Vec<crossbeam_channel::Sender<Change>>>,
    /// The salary figures, kept while no posting (nor the clock) changes them.
    pay: tokio::sync::Mutex<Option<Kept<Arc<Pay>>>>,
    /// The postings most like any of a category and level (one more than
    /// asked, so a posting's own can be left out), kept likewise.
    similar: Mutex<HashMap<Likeness, Kept<Vec<i64>>>>,
    /// When the change log was last read, and how stale a search may find it.
    polled: Mutex<Instant>,
    max_staleness: Duration,
}

/// What makes postings alike for `ReadModel::similar`, with how many are asked for.
type Likeness = (Option<Category>, Option<crate::model::Level>, usize);

/// Something derived from every open posting, valid at `version` until the
/// clock reaches `until` (when one of the postings it counted expires).
struct Kept<T> {
    version: u64,
    until: Time,
    value: T,
}

impl<T> Kept<T> {
    fn current(kept: &Option<Kept<T>>, version: u64, now: Time) -> Option<&Kept<T>> {
        kept.as_ref().filter(|k| k.holds(version, now))
    }

    /// Still valid at `version` and `now`.
    fn holds(&self, version: u64, now: Time) -> bool {
        self.version == version && now < self.until
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A SQLite database of its own in a temporary folder (kept while the
    /// folder is), seeded with `jobs` postings, and a read model of it with
    /// its filter values only (the text index not built), reading the change
    /// log before every search.
    pub(super) async fn seeded(jobs: usize) -> (tempfile::TempDir, Db, ReadModel) {
        let dir = tempfile::tempdir().expect("dir");
        let url = format!("sqlite://{}", dir.path().join("read_model.db").display());
        let db = Db::connect(&url, &Default::default()).await.expect("db");
        db.migrate().await.expect("migrate");
        crate::server::seed::seed(&db, jobs, 7, crate::server::now()).await.expect("seed");
        let engine = ReadModel::prepare(&db, Duration::ZERO).await.expect("facts");
        (dir, db, engine)
    }
}
