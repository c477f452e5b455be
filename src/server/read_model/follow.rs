//! Following the database: the change log the triggers write is read
//! after every write here and every poll, and reconciled once a minute
//! against changes that committed late.

use super::*;

/// A change read this long ago is not read again by the follower, which
/// moves its floor past it: a transaction that commits a change later than
/// this after taking its number is left to the reconciliation.
const REREAD: Duration = Duration::from_secs(10);

/// How long a number the floor passed unseen is looked up again: a
/// transaction that commits a change under it within this long is found.
const LATE_WINDOW: crate::model::Span = crate::model::HOUR;

/// How often the reconciliation runs.
const RECONCILE_EVERY: Duration = Duration::from_secs(60);

/// Where this engine is in the change log.
pub(super) struct Follow {
    /// Every change up to here is applied, or its number is a gap.
    floor: i64,
    /// Changes after `floor` already applied, with when.
    recent: VecDeque<(i64, Instant)>,
    seen: HashSet<i64>,
    /// Numbers at or below `floor` no change was seen under when the floor
    /// passed them, with when: changes not committed yet then (or numbers
    /// no change will use). The reconciliation looks them up.
    gaps: BTreeMap<i64, Instant>,
    /// When the reconciliation last ran.
    reconciled: Instant,
    /// How long a change stays after `floor`: `REREAD` (shorter in tests).
    reread: Duration,
}

impl Follow {
    /// Where a read model built at `floor` stands: every change committed
    /// by then is in what it read; of the last `LATE_WINDOW`'s numbers up to
    /// the floor, those not among `committed` are gaps (a transaction still
    /// open at start).
    pub(super) fn new(floor: i64, committed: Vec<i64>) -> Follow {
        let now = Instant::now();
        let lowest = committed.first().copied().unwrap_or(floor);
        let committed: HashSet<i64> = committed.into_iter().collect();
        let gaps = (lowest..=floor).filter(|seq| !committed.contains(seq)).map(|seq| (seq, now)).collect();
        Follow { floor, recent: VecDeque::new(), seen: HashSet::new(), gaps, reconciled: now, reread: REREAD }
    }

    /// The changes of the last `LATE_WINDOW` up to `floor`, as committed now,
    /// in order.
    pub(super) async fn committed_by(db: &Db, floor: i64) -> Result<Vec<i64>, ReadModelError> {
        let since = crate::server::now() - LATE_WINDOW;
        let mut seqs = Vec::new();
        loop {
            let logged = rows::logged_since(db, since, seqs.last().copied().unwrap_or(0), floor).await?;
            let full = logged.len() >= 10_000;
            seqs.extend(logged.into_iter().map(|(seq, _)| seq));
            if !full {
                return Ok(seqs);
            }
        }
    }

    /// Moves the floor up to `to`, noting as gaps the numbers it passes that
    /// no change was seen under (`applied` were, and those still recent).
    fn raise_floor(&mut self, to: i64, applied: &HashSet<i64>, at: Instant) {
        for seq in self.floor + 1..=to {
            if !applied.contains(&seq) && !self.seen.contains(&seq) {
                self.gaps.insert(seq, at);
            }
        }
        self.floor = self.floor.max(to);
    }
}

impl ReadModel {
    /// This server changed something: searches catch up before answering.
    pub fn written(&self) {
        self.0.written.store(true, Ordering::Release);
    }

    /// Reads the change log and re-indexes the postings it names; returns
    /// how many it re-read.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, ReadModelError> {
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

    /// Looks up the gaps below the floor again: a change found under one
    /// now (its transaction committed after the floor passed its number, or
    /// was open at start) is applied; gaps older than `LATE_WINDOW` are
    /// given up. Returns how many postings it re-read.
    pub(super) async fn reconcile(&self, db: &Db, follow: &mut Follow) -> Result<usize, ReadModelError> {
        let started = Instant::now();
        follow.reconciled = started;
        let oldest = started.checked_sub(LATE_WINDOW.to_std()).unwrap_or(started);
        follow.gaps.retain(|_, noted| *noted >= oldest);
        if follow.gaps.is_empty() {
            return Ok(0);
        }
        let numbers: Vec<i64> = follow.gaps.keys().copied().collect();
        let late = rows::changes_numbered(db, &numbers).await?;
        if late.is_empty() {
            return Ok(0);
        }
        let mut ids: Vec<i64> = late.iter().map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        tracing::info!(changes = late.len(), postings = ids.len(), "applied changes committed late");
        let found = rows::published_among(db, &ids).await?;
        self.apply(&ids, found).await?;
        for (seq, _) in &late {
            follow.gaps.remove(seq);
        }
        Ok(ids.len())
    }

    pub(super) async fn read_changes(&self, db: &Db, follow: &mut Follow) -> Result<usize, ReadModelError> {
        let mut reread = 0;
        loop {
            let changes = rows::changes_after(db, follow.floor).await?;
            let full = changes.len() >= 10_000;
            let fresh: Vec<(i64, i64)> = changes.into_iter().filter(|(seq, _)| !follow.seen.contains(seq)).collect();
            let now = Instant::now();
            let mut passed = HashSet::new();
            while let Some(&(seq, at)) = follow.recent.front() {
                if now.duration_since(at) < follow.reread {
                    break;
                }
                follow.recent.pop_front();
                follow.seen.remove(&seq);
                passed.insert(seq);
            }
            if let Some(&top) = passed.iter().max() {
                follow.raise_floor(top, &passed, now);
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
                let applied: HashSet<i64> = fresh.iter().map(|(seq, _)| *seq).collect();
                let top = applied.iter().max().copied().unwrap_or(follow.floor);
                follow.raise_floor(top, &applied, now);
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
    pub(super) async fn apply(&self, ids: &[i64], found: Vec<IndexRow>) -> Result<(), ReadModelError> {
        {
            let mut text_writer = self.0.text_writer.lock().await;
            let TextWriter { writer, pending } = &mut *text_writer;
            match writer {
                Some(writer) => self.write_text(writer, ids, &found)?,
                None => pending.extend(ids),
            }
        }
        let by_id: HashMap<i64, &IndexRow> = found.iter().map(|r| (r.id, r)).collect();
        let mut facts = self.0.facts.write().map_err(|_| ReadModelError::Poisoned)?;
        let mut vocabulary = self.0.vocabulary.write().map_err(|_| ReadModelError::Poisoned)?;
        let mut listings = self.0.listings.write().map_err(|_| ReadModelError::Poisoned)?;
        let mut changed = Vec::new();
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
            let now = facts.get(id).map(|f| (f.category(), f.expires_at));
            changed.push(Shown { id: *id, before: old.as_ref().map(Facts::category), now });
        }
        // Only now, and only if a shown posting changed: a page rendered
        // from the old postings must not be kept as current. Told while the
        // postings are still held, so a listener joining meanwhile (`tell`)
        // hears of each change once, after its first look.
        if !changed.is_empty() {
            self.0.version.fetch_add(1, Ordering::AcqRel);
            let change = Change { at: Instant::now(), postings: changed };
            if let Ok(mut listeners) = self.0.listeners.lock() {
                listeners.retain(|to| to.send(change.clone()).is_ok());
            }
        }
        Ok(())
    }

    /// Reads the change log first if this server wrote since, or if it was
    /// read longer ago than allowed.
    pub async fn fresh(&self, db: &Db) -> Result<(), ReadModelError> {
        if self.is_stale() || self.0.written.load(Ordering::Acquire) {
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
    pub async fn within_staleness(&self, db: &Db) -> Result<(), ReadModelError> {
        if self.is_stale() {
            self.catch_up(db).await?;
        }
        Ok(())
    }

    /// Whether the change log was last read longer ago than allowed.
    fn is_stale(&self) -> bool {
        self.0.polled.lock().map_or(true, |at| at.elapsed() >= self.0.max_staleness)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_committed_after_the_floor_passed_it_is_reconciled() {
        let (_dir, db, engine) = super::super::tests::seeded(20).await;
        engine.0.follow.lock().await.reread = Duration::ZERO;
        let first = engine.reconcile(&db, &mut *engine.0.follow.lock().await).await.expect("reconcile");
        assert_eq!(first, 0, "what was committed at start is in what the engine read");
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
